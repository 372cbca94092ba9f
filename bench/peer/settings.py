"""TwitchGuide's settings with the peer wizard added (``make bench`` and ``make profile``).

Everything else is TwitchGuide's own: middleware, templates, database, session engine.
"""

from twitchguide.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "formtools", "bench.peer"]  # noqa: F405
ROOT_URLCONF = "bench.peer.urls"
