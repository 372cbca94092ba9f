"""Production static files storage: whitenoise's hashed, compressed files, with URLs remembered.

Every page links four static files, and ``{% static %}`` asks the storage for each URL on every
render: a manifest lookup, a hash check and a URL join, about a tenth of a question page's time
(docs/performance.md). The manifest cannot change while a process runs (``collectstatic`` runs
before the server starts), so each name's URL is worked out once per process.
"""

from whitenoise.middleware import WhiteNoiseMiddleware
from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls: dict[str, str] = {}

    def url(self, name, force=False):
        if force:
            return super().url(name, force=True)
        try:
            return self._urls[name]
        except KeyError:
            url = self._urls[name] = super().url(name)
            return url


class StaticFilesMiddleware(WhiteNoiseMiddleware):
    """whitenoise's middleware, except that the manifest is never served.

    ``staticfiles.json`` lists every static file, the admin's included: a map of the software
    for anyone probing the site, and no page needs it (URLs are worked out on the server).
    """

    def is_manifest(self, url: str) -> bool:
        return url == f"{self.static_prefix}{StaticStorage.manifest_name}"

    def add_file_to_dictionary(self, url, path, stat_cache=None):
        if not self.is_manifest(url):
            super().add_file_to_dictionary(url, path, stat_cache=stat_cache)

    def find_file(self, url):
        return None if self.is_manifest(url) else super().find_file(url)
