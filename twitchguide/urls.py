from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "TwitchGuide content"
admin.site.site_title = "TwitchGuide admin"
admin.site.index_title = "Advice content and statistics"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("triage.urls")),
]

handler400 = "triage.views.bad_request"
handler403 = "triage.views.permission_denied"
