"""Every article's history: who changed what and when, side by side, and revert."""

import re

import pytest
from django.core.management import call_command

from tests.conftest import article_data
from triage.models import AdviceArticle

CHANGELIST = "/admin/triage/advicearticle/"


@pytest.fixture
def article(advice_content):
    return AdviceArticle.objects.get(slug="alcohol")


def history_url(article):
    return f"{CHANGELIST}{article.pk}/history/"


def edit(client, article, **changes):
    article.refresh_from_db()
    response = client.post(f"{CHANGELIST}{article.pk}/change/", article_data(article, **changes))
    assert response.status_code == 302, response.content.decode()
    article.refresh_from_db()


def test_loading_the_content_starts_each_history(advice_content):
    for article in AdviceArticle.objects.all():
        first = article.history.earliest()
        assert first.history_type == "+"
        assert "fixture" in first.history_change_reason


def test_history_shows_who_changed_what_side_by_side(editor_client, editor, article):
    old_title = article.title
    edit(editor_client, article, title="Alcohol and your sleep", body=article.body + "\n\nA new closing line.")
    edit(editor_client, article, findings=["alcohol", "caffeine"])

    versions = list(article.history.all())
    assert len(versions) == 3
    assert versions[0].history_user == editor and versions[1].history_user == editor

    response = editor_client.get(history_url(article))
    assert response.status_code == 200
    page = response.content.decode()
    assert re.search(r"<td>\s*ed\s*</td>", page)  # who, as plain text: editors cannot open user accounts
    assert "/admin/auth/user/" not in page
    assert page.count('class="side-by-side"') == 3  # title and body, then findings
    title_table = re.search(r'<table class="side-by-side" data-field="title">.*?</table>', page, re.S).group(0)
    assert f"<del>{old_title}</del>" in title_table
    assert "<ins>Alcohol and your sleep</ins>" in title_table
    body_table = re.search(r'<table class="side-by-side" data-field="body">.*?</table>', page, re.S).group(0)
    assert "<ins>A new closing line.</ins>" in body_table
    assert "unchanged lines" in body_table  # long unchanged runs are folded
    findings_table = re.search(r'<table class="side-by-side" data-field="findings">.*?</table>', page, re.S).group(0)
    assert "<ins>Coffee, tea, cola or energy drinks after mid-afternoon</ins>" in findings_table


def test_editor_reverts_to_an_earlier_version(editor_client, editor, article, patient):
    original = article.title
    edit(editor_client, article, title="A mistaken title", published=False)
    first = article.history.earliest()

    form_url = f"{CHANGELIST}{article.pk}/history/{first.history_id}/"
    page = editor_client.get(form_url)
    assert page.status_code == 200
    assert 'value="Revert"' in page.content.decode()

    response = editor_client.post(form_url, article_data(first.instance))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == original and article.published
    latest = article.history.latest()
    assert latest.history_user == editor
    assert latest.history_change_reason == "Reverted to an earlier version"
    assert article.history.count() == 3


def test_list_edits_are_recorded_too(editor_client, editor, article):
    form = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-0-id": str(article.pk),
        "form-0-order": "7",
        "form-0-published": "on",
        "_save": "Save",
    }
    response = editor_client.post(CHANGELIST + "?q=Alcohol", form)
    assert response.status_code == 302
    assert article.history.latest().order == 7
    assert article.history.latest().history_user == editor


def test_reloading_with_force_is_recorded(article):
    AdviceArticle.objects.filter(pk=article.pk).update(body="An editor's words.")
    call_command("load_advice_content", force=True, verbosity=0)
    assert article.history.latest().history_change_reason.endswith("(--force)")
    versions = article.history.count()
    call_command("load_advice_content", force=True, verbosity=0)  # nothing to change: no new version
    assert article.history.count() == versions


def test_staff_who_are_not_editors_cannot_see_or_revert_history(staff_client, article):
    first = article.history.earliest()
    assert staff_client.get(history_url(article)).status_code == 403
    form_url = f"{CHANGELIST}{article.pk}/history/{first.history_id}/"
    assert staff_client.get(form_url).status_code == 403
    assert staff_client.post(form_url, article_data(first.instance, title="Hacked")).status_code == 403
    article.refresh_from_db()
    assert article.title != "Hacked"


def test_anonymous_visitors_cannot_see_history(client, article):
    response = client.get(history_url(article))
    assert response.status_code == 302 and response.url.startswith("/admin/login/")
