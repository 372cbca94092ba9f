"""``manage.py load_advice_content``: the shipped advice articles, without ever undoing an editor's work.

On every start (``make run``, ``make serve``) this:

* loads the whole fixture into an empty database;
* adds any shipped article this database has never had (a new topic; one that was deleted here,
  which its history shows, stays deleted);
* replaces an article that says exactly what a shipped version said (no editor has touched it, or
  an editor reverted it to shipped text) with the current one, so that corrections reach every
  site; an article whose text an editor has changed is left alone and named, so that the editor
  can compare it with the fixture.

What counts is the text, never whether an editor pressed Save: the shipped versions are those this
site loaded (its history, by their change reason) and the earlier releases' fingerprints below.

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
    "about-sleep-starts": {"912301100c9640f8", "c52ebf77b6368b1f"},
    "alcohol": {"a9e5412d68b8f458", "f129d28820eca0fa"},
    "caffeine-and-stimulants": {"291ec82e1e3c62c4", "bf10b3023bdea11c"},
    "evening-exercise": {"8a866f9c0e7f2872", "d89a4f3f69baab93"},
    "fits-in-pregnancy": {"9aed6df95934a83b"},
    "head-injury": {"282ca8369553a233", "e18eeabdab178ead"},
    "jerks-while-awake": {"9d11b593f763fe90"},
    "magnesium-from-food": {"e13278226b7314c7", "e8affade31e2a583"},
    "magnesium-supplements": {"19f6b21b1acc47d3", "6f6761b978ab9029"},
    "medicines": {"0d22439dd2ba01d6", "51dfe943cd7786f4", "595abdcc99ac8085"},
    "movements-during-sleep": {"07b65fa9df8d237b", "c7348b355038ca90", "ddb1a857cf6edb08"},
    "night-hypos": {"3b040a58f54199aa"},
    "possible-seizures": {"1a75dc5083e2c539", "5f35a02a6a000620"},
    "restless-legs": {"58353dbafb56fdb1", "94f1637037f38782"},
    "seizure-emergency": {"e2107ad5367c6dad"},
    "serotonin-syndrome": {"063891a548d577a7", "5a2217a8ae484499"},
    "sleep-routine": {"2c3dd002d1c166fb", "f92d93202dde3eb7"},
    "snoring-and-sleep-apnoea": {"e734c389fd3e0e86"},
    "stress": {"e9651fee96e94736"},
    "stroke-signs": {"4998107dcdecc176", "aee33c1d42640938"},
    "tia": {"9f97be9b3805f7e8"},
    "twitching-in-the-day": {"64ed9c4c2cff3948", "9faee69d72f92fd9"},
    "weakness-and-twitching": {"9d74cd674de06b0c"},
    "what-the-doctor-will-do": {"0c6822f197baabd6"},
    "withdrawal": {"c180f2faed0f66fd"},
}
# Among them: the versions shipped before the plain-English rewording (docs/content-style.md), and every
# version shipped on 2 December 2026, before the advice was fitted to risk groups (issue 18;
# tests/fixtures/advice_articles_2026-12-02.json is that release).


def fingerprint(fields: dict) -> str:
    """A short hash of what an article says and whom it is shown to (line endings aside: a browser
    sends CRLF, and the admin once stored it that way)."""

    def text(name):
        return (fields[name] or "").replace("\r\n", "\n")

    content = [text("title"), text("summary"), text("body"), sorted(fields["findings"] or ()), text("sources")]
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
        shipped_here = _shipped_here()
        added, updated, kept = [], [], []
        for fields in shipped_articles():
            article = existing.get(fields["slug"])
            shipped = SUPERSEDED.get(fields["slug"], set()) | shipped_here.get(fields["slug"], set())
            if article is None:
                if force or fields["slug"] not in deleted_here:
                    added.append(AdviceArticle(**fields))
            elif force or fingerprint(_content(article)) in shipped:
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


def _shipped_here() -> dict[str, set[str]]:
    """The fingerprint of every version this site loaded from the fixture, by slug."""
    shipped: dict[str, set[str]] = {}
    loaded = AdviceArticle.history.filter(history_change_reason__startswith=REASON)
    for version in loaded.only("slug", *CONTENT_FIELDS).iterator():
        shipped.setdefault(version.slug, set()).add(fingerprint(_content(version)))
    return shipped
