"""``manage.py readability``: the reading age of every patient-facing text, as a Markdown table."""

from django.conf import settings
from django.core.management.base import BaseCommand

from triage.content import readability
from triage.content.advice import article_text
from triage.management.commands.load_advice_content import shipped_articles
from triage.models import AdviceArticle


class Command(BaseCommand):
    help = "Print the reading age of every built-in text and advice article (the shipped ones, or the site's)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--database", action="store_true", help="Measure the site's published articles, not the shipped ones."
        )

    def handle(self, *args, database=False, **options):
        if database:
            articles = AdviceArticle.objects.filter(published=True).order_by("order", "pk")
        else:
            articles = [AdviceArticle(**fields) for fields in shipped_articles()]
        rows = [(text, settings.READABILITY_MAX_BUILTIN) for text in readability.builtin_texts()]
        rows += [(article_text(article), settings.READABILITY_MAX_ARTICLE) for article in articles]
        self.stdout.write("| text | kind | reading age | limit | reading ease | SMOG | longest sentence |")
        self.stdout.write("|---|---|---|---|---|---|---|")
        for text, limit in rows:
            result = readability.measure(text)
            over = " **over**" if result.above(limit) else ""
            self.stdout.write(
                f"| {text.name} | {text.kind} | {result.reading_age}{over} | {limit} | {result.reading_ease} "
                f"| {result.smog} | {result.longest_sentence} |"
            )
