from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class AdminConfig(DjangoAdminConfig):
    """Django's admin, whose site asks staff for a second factor and never shows one (twitchguide/staff.py)."""

    default_site = "twitchguide.staff.AdminSite"

    def ready(self):
        super().ready()  # finds every app's admin.py, django-otp's device pages among them
        from django.contrib import admin

        from .staff import register_device_admins

        register_device_admins(admin.site)
