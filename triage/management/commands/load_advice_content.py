import json
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from triage.models import AdviceArticle

FIXTURE = "advice_articles"
FIXTURE_PATH = Path(__file__).resolve().parents[2] / "fixtures" / f"{FIXTURE}.json"
REASON = "Loaded from triage/fixtures/advice_articles.json"


class Command(BaseCommand):
    help = (
        "Load the initial advice articles if there are none yet. Editors' changes are never "
        "overwritten unless you pass --force, which replaces every article in the fixture."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Reload the fixture even if articles exist, overwriting articles with the same slug.",
        )

    def handle(self, *args, force=False, **options):
        if AdviceArticle.objects.exists() and not force:
            self.stdout.write("Advice articles already exist: left as they are (use --force to reload).")
            return
        with transaction.atomic():
            existing = set(AdviceArticle.objects.values_list("pk", flat=True))
            call_command("loaddata", FIXTURE, app_label="triage", verbosity=options["verbosity"], stdout=self.stdout)
            # loaddata saves raw, which django-simple-history does not record: record each loaded
            # version here, so that the history starts with it and editors can always revert to it.
            slugs = [entry["fields"]["slug"] for entry in json.loads(FIXTURE_PATH.read_text(encoding="utf-8"))]
            articles = list(AdviceArticle.objects.filter(slug__in=slugs))
            history = AdviceArticle.history
            history.bulk_history_create([a for a in articles if a.pk not in existing], default_change_reason=REASON)
            history.bulk_history_create(
                [a for a in articles if a.pk in existing], update=True, default_change_reason=f"{REASON} (--force)"
            )
