from django.apps import AppConfig


class TriageConfig(AppConfig):
    name = "triage"
    verbose_name = "TwitchGuide"

    def ready(self):
        from triage import security  # noqa: F401  (connects the sign-in log receivers
