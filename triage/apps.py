from django.apps import AppConfig
from django.core.management import call_command
from django.db.models.signals import post_migrate


def create_cache_table(sender, using="default", **kwargs):
    """The shared cache lives in a database table; ``migrate`` makes sure it exists."""
    call_command("createcachetable", database=using, verbosity=0)


class TriageConfig(AppConfig):
    name = "triage"
    verbose_name = "TwitchGuide"

    def ready(self):
        from . import security  # noqa: F401  (connects the sign-in log receivers)

        post_migrate.connect(create_cache_table, sender=self)
