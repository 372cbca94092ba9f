from django.contrib import admin
from django.urls import include, path

from . import health

admin.site.site_header = "TwitchGuide content"
admin.site.site_title = "TwitchGuide admin"
admin.site.index_title = "Advice content and statistics"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz/", health.ready, name="healthz"),
    path("healthz/live/", health.live, name="healthz-live"),
    path("", include("triage.urls")),
]
