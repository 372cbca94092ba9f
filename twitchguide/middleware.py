"""Requests refused before any view sees them."""

from django.http import HttpResponseNotAllowed

ALLOWED_METHODS = ("GET", "HEAD", "POST")


class AllowedMethodsMiddleware:
    """Only GET, HEAD and POST reach the site: anything else (PUT, TRACE, OPTIONS, …) is a 405.

    No page needs another method, and without this a TRACE or OPTIONS request is answered with
    the whole page. Views that take fewer methods say so themselves (``require_safe``,
    ``require_http_methods``). Comes right after the header middleware, so the 405 has them.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ALLOWED_METHODS:
            return HttpResponseNotAllowed(ALLOWED_METHODS)
        return self.get_response(request)
