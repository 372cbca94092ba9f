"""/robots.txt: search engines may index the information pages, never a questionnaire, an
advice page or the admin (those pages also say ``noindex`` themselves)."""

from django.http import HttpResponse
from django.views.decorators.http import require_safe

ROBOTS_TXT = """\
User-agent: *
Disallow: /questions/
Disallow: /advice/
Disallow: /admin/
Allow: /
"""


@require_safe
def robots_txt(request):
    return HttpResponse(ROBOTS_TXT, content_type="text/plain; charset=utf-8")
