from django.middleware.csrf import CsrfViewMiddleware


class CsrfViewMiddlewareAllowingNullOrigin(CsrfViewMiddleware):
    """Django's CSRF protection, working with ``Referrer-Policy: no-referrer``.

    Under that policy browsers send ``Origin: null`` (and no Referer) on a same-origin form
    POST, which Django would refuse. Fetch Metadata (``Sec-Fetch-Site``) still says where the
    request came from, so a ``null`` origin is taken as our own only when the browser reports
    ``same-origin``. The CSRF token is checked as always.
    """

    def process_view(self, request, callback, callback_args, callback_kwargs):
        if request.META.get("HTTP_ORIGIN") == "null" and request.META.get("HTTP_SEC_FETCH_SITE") == "same-origin":
            request.META["HTTP_ORIGIN"] = f"{request.scheme}://{request.get_host()}"
        return super().process_view(request, callback, callback_args, callback_kwargs)
