from django.contrib import admin
from django.urls import include, path

from triage.security import rate_limited, sign_in_limits
from triage.staff.admin_views import view_on_site

from . import health, robots

admin.site.site_header = "TwitchGuide content"
admin.site.site_title = "TwitchGuide admin"
admin.site.index_title = "Advice content and statistics"

urlpatterns = [
    # Before the admin's own "view on site" redirect, which would turn an assessment id into its secret link.
    path("admin/r/<path:content_type_id>/<path:object_id>/", admin.site.admin_view(view_on_site)),
    # Sign-in POSTs have their own limit per address, so one address cannot spray passwords
    # across many usernames (axes locks per username+address), and patients never share it.
    path("admin/login/", rate_limited(admin.site.login, limits=sign_in_limits)),
    path("admin/", admin.site.urls),
    path("robots.txt", robots.robots_txt, name="robots"),
    path("healthz/", health.ready, name="healthz"),
    path("healthz/live/", health.live, name="healthz-live"),
    path("", include("triage.urls")),
]

handler400 = "triage.questionnaire.views.bad_request"
handler403 = "triage.questionnaire.views.permission_denied"
handler500 = "triage.faults.server_error"
