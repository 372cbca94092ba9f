"""Requests refused before any view sees them."""

import re
from urllib.parse import unquote_to_bytes

from django.http import Http404, HttpResponseNotAllowed

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


# C0 control characters (NUL among them) and DEL: no address on this site has one.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _unreadable_query(query: str) -> bool:
    raw = unquote_to_bytes(query)
    try:
        return bool(_CONTROL.search(raw.decode()))
    except UnicodeDecodeError:
        return True


class UnreadableUrlMiddleware:
    """A URL with a NUL, another control character or bytes that are not UTF-8, in its path or its
    query string, is a 404 (logged once, as "Not Found"), before any view or database sees it.

    No page of ours has such an address; passed on, a NUL in a token reached PostgreSQL, which
    refuses it with an error: a 503 and a traceback for every such request. Django writes bytes
    that are not UTF-8 in a path back as ``%XX``, and no path of ours has a ``%`` either.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if "%" in path or _CONTROL.search(path) or _unreadable_query(request.META.get("QUERY_STRING", "")):
            raise Http404("No page has this address")
        return self.get_response(request)
