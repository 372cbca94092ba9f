from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class AdminConfig(DjangoAdminConfig):
    """Django's admin, whose site asks staff for a second factor (twitchguide/staff.py)."""

    default_site = "twitchguide.staff.AdminSite"
