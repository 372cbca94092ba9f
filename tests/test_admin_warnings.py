"""At a glance: articles overdue for review, unpublished or chosen by no finding; findings with no advice."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.html import escape

from tests.conftest import article_data
from triage.clinical.assessment import Finding
from triage.clinical.findings import FINDING_DESCRIPTIONS
from triage.content import advice
from triage.models import AdviceArticle

CHANGELIST = "/admin/triage/advicearticle/"


def warnings_box(client) -> str:
    page = client.get(CHANGELIST).content.decode()
    match = re.search(r'<section class="module content-warnings".*?</section>', page, re.S)
    return match.group(0) if match else ""


def test_the_shipped_content_needs_no_attention(editor_client, advice_content):
    assert warnings_box(editor_client) == ""


def test_overdue_articles_are_listed(editor_client, advice_content):
    AdviceArticle.objects.filter(slug="alcohol").update(next_review=timezone.localdate() - timedelta(days=1))
    AdviceArticle.objects.filter(slug="stress").update(next_review=timezone.localdate())  # due today: not overdue
    box = warnings_box(editor_client)
    assert "Overdue for review" in box
    assert "Alcohol" in box
    assert "Stress and sleep starts" not in box


def test_overdue_filter(editor_client, advice_content):
    AdviceArticle.objects.filter(slug="alcohol").update(next_review=timezone.localdate() - timedelta(days=1))
    page = editor_client.get(CHANGELIST, {"review": "overdue"}).content.decode()
    assert "1 advice article" in page and "Overdue" in page


def test_unpublished_articles_are_listed(editor_client, advice_content):
    article = AdviceArticle.objects.get(slug="evening-exercise")
    editor_client.post(f"{CHANGELIST}{article.pk}/change/", article_data(article, published=False))
    box = warnings_box(editor_client)
    assert "Unpublished" in box and article.title in box
    # The only article for this finding: patients with it would now see no advice.
    assert f'data-finding="{Finding.EVENING_EXERCISE.value}"' in box
    assert FINDING_DESCRIPTIONS[Finding.EVENING_EXERCISE] in box


def test_articles_chosen_by_no_finding_are_listed(editor_client, advice_content):
    article = AdviceArticle.objects.get(slug="medicines")
    editor_client.post(f"{CHANGELIST}{article.pk}/change/", article_data(article, findings=[]))
    box = warnings_box(editor_client)
    assert "Chosen by no finding" in box and article.title in box
    assert f'data-finding="{Finding.MEDICINE_CHANGE.value}"' in box


def test_urgent_findings_without_an_article_say_the_built_in_text_covers_them(editor_client, advice_content):
    article = AdviceArticle.objects.get(slug="head-injury")
    editor_client.post(f"{CHANGELIST}{article.pk}/change/", article_data(article, published=False))
    box = warnings_box(editor_client)
    assert "patients see only the built-in text" in box
    assert f'data-finding="{Finding.HEAD_INJURY.value}"' in box


def test_with_no_articles_every_finding_is_flagged(editor_client, db):
    warnings = advice.content_warnings()
    assert set(warnings.uncovered) | set(warnings.fallback_only) == set(Finding)
    assert set(warnings.fallback_only) == set(advice.FALLBACK_TEXT)
    box = warnings_box(editor_client)
    assert box.count("data-finding=") == len(Finding)
    for description in FINDING_DESCRIPTIONS.values():
        assert escape(description) in box


@pytest.mark.parametrize("finding", [Finding.STRESS, Finding.NEEDS_DOCTOR])
def test_finding_filter_uses_plain_words(editor_client, advice_content, finding):
    page = editor_client.get(CHANGELIST, {"finding": finding.value}).content.decode()
    assert escape(FINDING_DESCRIPTIONS[finding]) in page
    expected = [a.title for a in AdviceArticle.objects.all() if finding.value in a.findings]
    assert f"{len(expected)} advice article" in page


def test_the_warnings_are_for_editors_only(staff_client, client, advice_content):
    assert staff_client.get(CHANGELIST).status_code == 403
    assert client.get(CHANGELIST).status_code == 302
