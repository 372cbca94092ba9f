"""Editors preview saved and unsaved articles exactly as a patient sees them."""

import re

import pytest

from tests.conftest import article_data, persona
from triage.models import AdviceArticle

CHANGELIST = "/admin/triage/advicearticle/"


@pytest.fixture
def article(advice_content):
    return AdviceArticle.objects.get(slug="caffeine-and-stimulants")


def section_html(page: str, slug: str) -> str:
    """The article element for ``slug``, without what differs by design: its "Shown because"
    line, and the "Read the advice" fold around the body (a preview always shows it open)."""
    match = re.search(rf'<article class="advice-section" id="{slug}".*?</article>', page, re.S)
    assert match, f"no section {slug}"
    html = re.sub(r'<p class="because[^"]*">.*?</p>', "", match.group(0), flags=re.S)
    html = re.sub(
        r'<details class="nhsuk-details advice-more"><summary.*?</summary>\s*'
        r'<div class="nhsuk-details__text advice-body">(.*?)</div>\s*</details>',
        r'<div class="advice-body">\1</div>',
        html,
        flags=re.S,
    )
    return re.sub(r">\s+<", "><", html)


def test_preview_renders_the_section_exactly_as_the_result_page(editor_client, article, patient):
    preview = editor_client.get(f"{CHANGELIST}{article.pk}/preview/")
    assert preview.status_code == 200
    assert preview["X-Robots-Tag"] == "noindex, nofollow"
    result = patient.complete(persona(triggers=["caffeine"]))
    assert section_html(preview.content.decode(), article.slug) == section_html(result.content.decode(), article.slug)


def test_preview_of_an_unpublished_article(editor_client, article):
    article.published = False
    article.body = "### Draft heading\n\nNot yet for patients."
    article.save()
    page = editor_client.get(f"{CHANGELIST}{article.pk}/preview/").content.decode()
    assert "<h4>Draft heading</h4>" in page
    assert "not published" in page


def test_preview_of_unsaved_edits_saves_nothing(editor_client, article):
    data = article_data(article, title="Unsaved title", body="**Unsaved** body", published=False)
    response = editor_client.post(f"{CHANGELIST}{article.pk}/preview/", data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Unsaved title" in page and "<strong>Unsaved</strong> body" in page
    assert "nothing has been saved" in page
    article.refresh_from_db()
    assert article.title != "Unsaved title"
    assert article.history.count() == 1


def test_preview_of_a_new_article_before_it_exists(editor_client, db):
    data = article_data(title="Brand new", slug="brand-new", body="Hello *there*")
    response = editor_client.post(f"{CHANGELIST}preview/", data)
    assert response.status_code == 200
    assert "<em>there</em>" in response.content.decode()
    assert not AdviceArticle.objects.exists()


def test_the_change_form_has_a_preview_button(editor_client, article):
    page = editor_client.get(f"{CHANGELIST}{article.pk}/change/").content.decode()
    assert f'formaction="{CHANGELIST}{article.pk}/preview/"' in page
    assert 'formtarget="_blank"' in page
    add_page = editor_client.get(f"{CHANGELIST}add/").content.decode()
    assert f'formaction="{CHANGELIST}preview/"' in add_page


def test_preview_of_a_missing_article_is_not_found(editor_client, db):
    assert editor_client.get(f"{CHANGELIST}9999/preview/").status_code == 404


def test_preview_needs_a_post_or_an_article(editor_client, db):
    assert editor_client.get(f"{CHANGELIST}preview/").status_code == 404


def test_staff_who_are_not_editors_cannot_preview(staff_client, article):
    assert staff_client.get(f"{CHANGELIST}{article.pk}/preview/").status_code == 403
    assert staff_client.post(f"{CHANGELIST}{article.pk}/preview/", article_data(article)).status_code == 403
    assert staff_client.post(f"{CHANGELIST}preview/", article_data()).status_code == 403


def test_anonymous_visitors_cannot_preview(client, article):
    response = client.get(f"{CHANGELIST}{article.pk}/preview/")
    assert response.status_code == 302 and response.url.startswith("/admin/login/")
    response = client.post(f"{CHANGELIST}preview/", article_data())
    assert response.status_code == 302 and response.url.startswith("/admin/login/")
