"""Production static files storage: whitenoise's hashed, compressed files, with URLs remembered.

Every page links four static files, and ``{% static %}`` asks the storage for each URL on every
render: a manifest lookup, a hash check and a URL join, about a tenth of a question page's time
(docs/performance.md). The manifest cannot change while a process runs (``collectstatic`` runs
before the server starts), so each name's URL is worked out once per process.
"""

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
