"""Django finds an app's admin here; TwitchGuide's staff pages live in ``triage/staff/``."""

from triage.staff import admin  # noqa: F401 - registers the models with the admin site
