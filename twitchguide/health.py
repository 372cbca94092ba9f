"""Health checks for load balancers and orchestrators.

``/healthz/`` answers 200 "ok" only when this app server can reach its database, so a load
balancer stops sending patients to a server that would fail them. ``/healthz/live/`` touches
nothing but Django itself: it says the process is alive (restart it if not), and it is the
"minimal Django view" that ``make bench`` compares every patient page with.
Neither reads the session or sets a cookie.
"""

from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


def _plain(text: str, status: int = 200) -> HttpResponse:
    return HttpResponse(text, content_type="text/plain; charset=utf-8", status=status)


@never_cache
@require_safe
def live(request):
    return _plain("ok")


@never_cache
@require_safe
def ready(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return _plain("database unavailable", status=503)
    return _plain("ok")
