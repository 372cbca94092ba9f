"""TwitchGuide's URLs, plus the peer wizard at ``/peer/`` (``bench/peer/settings.py``)."""

from django.urls import path

from twitchguide.urls import handler400, handler403  # noqa: F401 - the root URL conf's error views
from twitchguide.urls import urlpatterns as twitchguide_urlpatterns

from .views import PeerQuestionnaire

peer = PeerQuestionnaire.as_view(url_name="peer-step", done_step_name="done")

# After TwitchGuide's own patterns, so that resolving its URLs costs exactly what it does alone.
urlpatterns = [
    *twitchguide_urlpatterns,
    path("peer/", peer, name="peer"),
    path("peer/<str:step>/", peer, name="peer-step"),
]
