class NullOriginFromFetchMetadataMiddleware:
    """Lets Django's CSRF protection work with ``Referrer-Policy: no-referrer``.

    Under that policy browsers send ``Origin: null`` (and no Referer) on a same-origin form
    POST, which ``CsrfViewMiddleware`` would refuse. Fetch Metadata (``Sec-Fetch-Site``)
    still says where the request came from, so a ``null`` origin is taken as our own only
    when the browser reports ``same-origin``. Must come before ``CsrfViewMiddleware``, which
    then checks the origin and the CSRF token as always.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.META.get("HTTP_ORIGIN") == "null" and request.META.get("HTTP_SEC_FETCH_SITE") == "same-origin":
            request.META["HTTP_ORIGIN"] = f"{request.scheme}://{request.get_host()}"
        return self.get_response(request)
