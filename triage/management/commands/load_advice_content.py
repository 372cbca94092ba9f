"""``manage.py load_advice_content``: the shipped advice articles, without ever undoing an editor's work.

On every start (``make run``, ``make serve``) this:

* loads the whole fixture into an empty database;
* adds any shipped article this database has never had (a new topic; one that was deleted here,
  which its history shows, stays deleted);
* replaces an article that is still exactly an earlier shipped version (no editor has touched it)
  with the current one, so that corrections reach every site; an article an editor has changed is
  left alone and named, so that the editor can compare it with the fixture.

``--force`` replaces every article in the fixture, editors' changes included.
"""

import hashlib
import json
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction

from triage.models import AdviceArticle

FIXTURE_PATH = Path(__file__).resolve().parents[2] / "fixtures" / "advice_articles.json"
REASON = "Loaded from triage/fixtures/advice_articles.json"
CONTENT_FIELDS = ("title", "summary", "body", "findings", "sources")

# Fingerprints of earlier shipped versions (``fingerprint``), by slug: an article that still matches
# one was never edited, so the current shipped version may replace it.
SUPERSEDED: dict[str, set[str]] = {
    "about-sleep-starts": {"912301100c9640f8"},
    "stress": {"e9651fee96e94736"},
    "caffeine-and-stimulants": {"bf10b3023bdea11c"},
    "alcohol": {"f129d28820eca0fa"},
    "evening-exercise": {"8a866f9c0e7f2872"},
    "sleep-routine": {"2c3dd002d1c166fb"},
    "magnesium-from-food": {"e8affade31e2a583"},
    "magnesium-supplements": {"19f6b21b1acc47d3"},
    "medicines": {"595abdcc99ac8085", "0d22439dd2ba01d6"},
    "restless-legs": {"94f1637037f38782"},
    "movements-during-sleep": {"07b65fa9df8d237b", "c7348b355038ca90"},
    "twitching-in-the-day": {"9faee69d72f92fd9"},
    "possible-seizures": {"5f35a02a6a000620"},
    "stroke-signs": {"4998107dcdecc176"},
    "head-injury": {"282ca8369553a233"},
    "what-the-doctor-will-do": {"0c6822f197baabd6"},
    "serotonin-syndrome": {"063891a548d577a7"},
}
# The second fingerprints of medicines and movements-during-sleep, and serotonin-syndrome's, are the versions
# shipped before their plain-English rewording (docs/content-style.md).


def fingerprint(fields: dict) -> str:
    """A short hash of what an article says and whom it is shown to."""
    content = [fields["title"], fields["summary"], fields["body"], sorted(fields["findings"]), fields["sources"]]
    return hashlib.sha256(json.dumps(content, ensure_ascii=False).encode()).hexdigest()[:16]


def shipped_articles() -> list[dict]:
    return [entry["fields"] for entry in json.loads(FIXTURE_PATH.read_text(encoding="utf-8"))]


class Command(BaseCommand):
    help = (
        "Load the shipped advice articles: all of them into an empty database; afterwards only new "
        "articles and corrections to articles no editor has changed. --force replaces them all."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace every article in the fixture, overwriting editors' changes to them.",
        )

    @transaction.atomic
    def handle(self, *args, force=False, **options):
        existing = {article.slug: article for article in AdviceArticle.objects.all()}
        deleted_here = set(AdviceArticle.history.values_list("slug", flat=True)) - set(existing)
        added, updated, kept = [], [], []
        for fields in shipped_articles():
            article = existing.get(fields["slug"])
            if article is None:
                if force or fields["slug"] not in deleted_here:
                    added.append(AdviceArticle(**fields))
            elif force or fingerprint(_content(article)) in SUPERSEDED.get(article.slug, set()):
                if fingerprint(_content(article)) != fingerprint(fields):
                    for name, value in fields.items():
                        setattr(article, name, value)
                    updated.append(article)
            elif fingerprint(_content(article)) != fingerprint(fields):
                kept.append(article.slug)
        AdviceArticle.objects.bulk_create(added)
        AdviceArticle.objects.bulk_update(
            updated, [*CONTENT_FIELDS, "order", "published", "last_reviewed", "next_review"]
        )
        # bulk writes are not recorded by django-simple-history: record each version here, so that the
        # history has it and editors can always revert to it.
        history = AdviceArticle.history
        history.bulk_history_create(
            list(AdviceArticle.objects.filter(slug__in=[a.slug for a in added])), default_change_reason=REASON
        )
        why = "(--force)" if force else "(a newer shipped version)"
        history.bulk_history_create(updated, update=True, default_change_reason=f"{REASON} {why}")
        if options["verbosity"]:
            self.stdout.write(f"Advice articles: {len(added)} added, {len(updated)} updated to the shipped version.")
            if kept:
                self.stdout.write(
                    "Changed by editors, left as they are (compare with the fixture, or use --force): "
                    + ", ".join(kept)
                )


def _content(article: AdviceArticle) -> dict:
    return {name: getattr(article, name) for name in CONTENT_FIELDS}
