"""The editor's admin without traps (issue 22): Save with no change makes no version, lines end as typed,
content loading goes by the text (so a revert to shipped text takes shipped updates again), no "None"
in the history, findings in plain words (grouped and sorted on the edit page), Preview at the top, and
"Sign in" throughout the sign-in page."""

import re

import pytest
from django.core.management import call_command

from tests.conftest import article_data
from triage.clinical.assessment import Finding
from triage.clinical.findings import FINDING_DESCRIPTIONS
from triage.management.commands import load_advice_content as command
from triage.models import AdviceArticle

CHANGELIST = "/admin/triage/advicearticle/"


@pytest.fixture
def article(advice_content):
    return AdviceArticle.objects.get(slug="sleep-routine")


def change_url(article):
    return f"{CHANGELIST}{article.pk}/change/"


def as_a_browser_sends_it(data: dict) -> dict:
    """A browser sends every textarea's lines ending in CRLF (HTML's form encoding), and the hidden
    initial value Django adds for a field whose default is worked out (the last review: today)."""
    sent = {
        name: value.replace("\n", "\r\n") if name in ("summary", "body", "sources") else value
        for name, value in data.items()
    }
    return {**sent, "initial-last_reviewed": data["last_reviewed"]}


def save(client, article, **changes):
    article.refresh_from_db()
    response = client.post(change_url(article), as_a_browser_sends_it(article_data(article, **changes)), follow=True)
    assert response.redirect_chain, response.content.decode()[-2000:]
    article.refresh_from_db()
    return response


def test_the_article_has_several_lines(article):
    assert "\n" in article.body and "\n" in article.sources  # else the tests below prove nothing


def test_saving_without_a_change_makes_no_new_version(editor_client, article):
    versions = article.history.count()
    response = save(editor_client, article)
    assert article.history.count() == versions
    assert "Nothing was changed, so no new version was saved." in response.content.decode()
    assert "was changed successfully" not in response.content.decode()


def test_a_real_change_still_makes_one_version(editor_client, article):
    versions = article.history.count()
    response = save(editor_client, article, title="Sleep routine and sleep starts")
    assert article.history.count() == versions + 1
    assert "was changed successfully" in response.content.decode()


def test_lines_end_as_typed_and_the_history_shows_only_what_changed(editor_client, article):
    body, sources = article.body, article.sources
    save(editor_client, article, title="A new title")
    assert "\r" not in article.body + article.sources + article.summary
    assert (article.body, article.sources) == (body, sources)
    page = editor_client.get(f"{CHANGELIST}{article.pk}/history/").content.decode()
    assert re.findall(r'<table class="side-by-side" data-field="(\w+)"', page) == ["title"]


def test_an_article_saved_untouched_still_takes_shipped_corrections(editor_client, article, monkeypatch):
    save(editor_client, article)
    corrected = correct_the_shipped_text(monkeypatch, article.slug)
    call_command("load_advice_content", verbosity=0)
    article.refresh_from_db()
    assert article.body == corrected


def test_an_article_reverted_to_the_shipped_text_takes_shipped_corrections_again(editor_client, article, monkeypatch):
    shipped = article.history.earliest()
    save(editor_client, article, body=article.body + "\n\nAn editor's own line.")
    call_command("load_advice_content", verbosity=0)  # an editor's text: left alone
    article.refresh_from_db()
    assert "An editor's own line." in article.body

    revert_url = f"{CHANGELIST}{article.pk}/history/{shipped.history_id}/"
    response = editor_client.post(revert_url, as_a_browser_sends_it(article_data(shipped.instance)))
    assert response.status_code == 302
    corrected = correct_the_shipped_text(monkeypatch, article.slug)
    call_command("load_advice_content", verbosity=0)
    article.refresh_from_db()
    assert article.body == corrected
    assert article.history.first().history_change_reason.endswith("(a newer shipped version)")


def correct_the_shipped_text(monkeypatch, slug) -> str:
    """The next release ships a corrected body for ``slug``; returns it."""
    articles = command.shipped_articles()
    fields = next(fields for fields in articles if fields["slug"] == slug)
    fields["body"] += "\n\nA correction in the next release."
    monkeypatch.setattr(command, "shipped_articles", lambda: articles)
    return fields["body"]


def test_an_empty_change_reason_is_shown_as_nothing(editor_client, article):
    save(editor_client, article, title="A new title")
    assert article.history.first().history_change_reason is None
    page = editor_client.get(f"{CHANGELIST}{article.pk}/history/").content.decode()
    assert not re.search(r"<td>\s*None\s*</td>", page)


# --- findings in plain words ------------------------------------------------------------------


def test_the_article_list_names_findings_in_plain_words(editor_client, article):
    page = editor_client.get(CHANGELIST).content.decode()
    assert "<li>Too little sleep, or going to bed at very different times</li>" in page
    assert "Irregular sleep" not in page and "Head injury a and e" not in page


def test_the_assessment_page_names_findings_in_plain_words(superuser_client, db):
    from tests.conftest import make_assessments

    make_assessments(1, findings=["head_injury_a_and_e"])
    page = superuser_client.get("/admin/triage/assessment/").content.decode()
    assert "Head injury in the last 3 months with a sign that means going to A&amp;E now" in page
    assert "Head injury a and e" not in page


def test_the_list_filter_names_findings_in_plain_words_sorted(editor_client, article):
    page = editor_client.get(CHANGELIST).content.decode()
    names = re.findall(r'<a href="\?finding=\w+"[^>]*>([^<]+)</a>', page)
    assert len(names) == len(Finding)
    assert names == sorted(names, key=str.casefold)


def test_the_edit_page_groups_findings_by_urgency_and_sorts_each_group(editor_client, article):
    page = editor_client.get(change_url(article)).content.decode()
    findings = page.split('<div id="id_findings">')[1].split('<div class="help"')[0]
    groups = re.findall(r"<div><label>([^<]+)</label>(.*?)(?=<div><label>|$)", findings, re.S)
    assert [name for name, _ in groups][:4] == [
        "Emergency: call 999 or go to A&amp;E now",
        "See a doctor today",
        "See a GP",
        "Self-care: triggers, and who needs which advice",
    ]
    seen = []
    for _, options in groups:
        labels = [label.strip() for label in re.findall(r'name="findings" value="\w+"[^>]*>([^<]+)</label>', options)]
        assert labels == sorted(labels, key=str.casefold)
        seen += labels
    assert len(seen) == len(Finding)


def test_every_finding_description_is_in_one_group():
    from triage.clinical.findings import FINDING_GROUPS

    grouped = [code for _, members in FINDING_GROUPS for code, _ in members]
    assert sorted(grouped) == sorted(f.value for f in Finding)
    assert {label for _, members in FINDING_GROUPS for _, label in members} == set(FINDING_DESCRIPTIONS.values())


# --- the edit page and the sign-in page ---------------------------------------------------------


def test_preview_is_at_the_top_of_the_edit_page_after_save(editor_client, article):
    page = editor_client.get(change_url(article)).content.decode()
    form = page.split('id="advicearticle_form"')[1]
    preview = form.index('name="_preview"')
    assert preview < form.index('name="title"')  # before the first field
    assert form.index('name="_save"') < preview  # Enter in a box presses the first button: Save
    assert form.count('name="_preview"') == 2  # and at the bottom


def test_the_sign_in_page_says_sign_in_on_its_title_heading_and_button(client, db):
    page = client.get("/admin/login/").content.decode()
    assert re.search(r"<title>Sign in \|", page)
    assert 'value="Sign in"' in page
    assert "Log in" not in page
