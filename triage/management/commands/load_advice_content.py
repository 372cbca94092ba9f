from django.core.management import call_command
from django.core.management.base import BaseCommand

from triage.models import AdviceArticle

FIXTURE = "advice_articles"


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
        call_command("loaddata", FIXTURE, app_label="triage", verbosity=options["verbosity"], stdout=self.stdout)
