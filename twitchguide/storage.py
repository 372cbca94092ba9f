"""Static files: whitenoise's middleware, except that the manifest is never served.

Production stores them with whitenoise's ``CompressedManifestStaticFilesStorage`` (settings.py):
hashed, compressed, served with a far-future "immutable" cache header.
"""

from whitenoise.middleware import WhiteNoiseMiddleware
from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesMiddleware(WhiteNoiseMiddleware):
    """whitenoise's middleware, except that the manifest is never served.

    ``staticfiles.json`` lists every static file, the admin's included: a map of the software
    for anyone probing the site, and no page needs it (URLs are worked out on the server).
    """

    def is_manifest(self, url: str) -> bool:
        return url == f"{self.static_prefix}{CompressedManifestStaticFilesStorage.manifest_name}"

    def add_file_to_dictionary(self, url, path, stat_cache=None):
        if not self.is_manifest(url):
            super().add_file_to_dictionary(url, path, stat_cache=stat_cache)

    def find_file(self, url):
        return None if self.is_manifest(url) else super().find_file(url)
