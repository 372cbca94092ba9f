"""Health checks for load balancers and orchestrators.

``/healthz/`` answers 200 "ok" only when this app server's database takes a write, so a load
balancer stops sending patients to a server that would fail them: a database that answers reads
but cannot write (a full disk, a read-only file or replica) fails every answer a patient sends.
The write is one count in the rate-limit table (the database's, even when the rate limits are
counted in Redis), for the health check's own key, removed with the other old counts by the daily
purge. ``/healthz/live/`` touches
nothing but Django itself: it says the process is alive (restart it if not), and it is the
"minimal Django view" that ``make bench`` compares every patient page with.
Neither reads the session or sets a cookie.
"""

import time
from datetime import UTC, datetime

from django.db import DatabaseError
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from triage.models import RateLimitCount, add_one

HEALTH_CHECK_KEY = "health-check"
"""The rate-limit counter the health check writes: not a hash, so it never matches a client's."""
HEALTH_CHECK_WINDOW = 3600


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
        hour = int(time.time() // HEALTH_CHECK_WINDOW)
        expires_at = datetime.fromtimestamp((hour + 1) * HEALTH_CHECK_WINDOW, tz=UTC)
        add_one(RateLimitCount, {"expires_at": expires_at}, client=HEALTH_CHECK_KEY, window=hour)
    except DatabaseError:
        return _plain("database unavailable", status=503)
    return _plain("ok")
