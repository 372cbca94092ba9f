"""``manage.py readability``: the reading age of every patient-facing text, hardest first."""

from django.conf import settings
from django.core.management.base import BaseCommand

from triage import readability
from triage.advice import article_text
from triage.management.commands.load_advice_content import shipped_articles
from triage.models import AdviceArticle


class Command(BaseCommand):
    help = "Print the reading age of every built-in text and advice article (the fixture's, or the site's)."

    def add_arguments(self, parser):
        parser.add_argument("--database", action="store_true", help="Measure the published articles in the database.")

    def handle(self, *args, database=False, **options):
        articles = (
            AdviceArticle.objects.filter(published=True)
            if database
            else [AdviceArticle(**{k: v for k, v in fields.items()}) for fields in shipped_articles()]
        )
        rows = [(text, settings.READABILITY_MAX_BUILTIN) for text in readability.builtin_texts()]
        rows += [(article_text(article), settings.READABILITY_MAX_ARTICLE) for article in articles]
        self.stdout.write("| text | kind | reading age | limit | reading ease | SMOG | longest sentence |")
        self.stdout.write("|---|---|---|---|---|---|---|")
        for text, limit in rows:
            r = readability.measure(text)
            flag = " **over**" if r.above(limit) else ""
            self.stdout.write(
                f"| {text.name} | {text.kind} | {r.reading_age}{flag} | {limit} | {r.reading_ease} | {r.smog} "
                f"| {r.longest_sentence} |"
            )
