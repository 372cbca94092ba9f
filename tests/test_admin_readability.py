"""Editors see how easy an article is to read while they write: on the edit page, in the preview, in the list."""

import re

import pytest
from django.utils.html import escape

from tests.conftest import article_data
from triage.content import advice, readability
from triage.models import AdviceArticle

CHANGELIST = "/admin/triage/advicearticle/"

HARD_BODY = (
    "Polysomnographic investigation characteristically demonstrates that pharmacological interventions "
    "necessitate individualised consideration of comorbidities and contraindications.\n\n"
    "Electrophysiological abnormalities, particularly fasciculation potentials, occasionally accompany "
    "generalised neuromuscular excitability syndromes.\n\n"
    "Consult your practitioner."
)


def panel(page: str) -> str:
    match = re.search(r'<section class="readability[^"]*".*?</section>', page, re.S)
    assert match, "no readability panel on the page"
    return match.group(0)


def warnings_box(client) -> str:
    page = client.get(CHANGELIST).content.decode()
    match = re.search(r'<section class="module content-warnings".*?</section>', page, re.S)
    return match.group(0) if match else ""


@pytest.fixture
def article(advice_content):
    return AdviceArticle.objects.get(slug="jerks-while-awake")


def test_it_shows_the_reading_age_and_the_three_longest_sentences_on_the_edit_page(editor_client, article):
    box = panel(editor_client.get(f"{CHANGELIST}{article.pk}/change/").content.decode())
    result = readability.measure(advice.article_text(article))
    assert f"Reading age <strong>{result.reading_age}</strong>" in box
    assert "within the target of 12 or under" in box
    longest = re.findall(r"<li>“(.*?)” \(\d+ words\)</li>", box)
    assert longest == [escape(sentence) for sentence in result.longest(3)]
    assert len(longest) == 3


def test_it_names_medical_words_without_a_plain_explanation_on_the_edit_page(editor_client, article):
    article.body = "Doctors may say you have myoclonus.\n\nYou may have an EEG. This test records your brain waves."
    article.save()
    box = panel(editor_client.get(f"{CHANGELIST}{article.pk}/change/").content.decode())
    assert 'data-term="myoclonus"' in box
    assert 'data-term="eeg"' not in box  # explained in the next sentence


def test_an_article_with_every_medical_word_explained_says_so(editor_client, article):
    box = panel(editor_client.get(f"{CHANGELIST}{article.pk}/change/").content.decode())
    assert "data-term=" not in box
    assert "Every medical word from our list is explained" in box


def test_an_article_above_the_target_is_marked_on_the_edit_page(editor_client, article):
    article.body = HARD_BODY
    article.save()
    box = panel(editor_client.get(f"{CHANGELIST}{article.pk}/change/").content.decode())
    assert 'class="readability readability--over"' in box
    assert "<strong>above the target</strong> of 12 or under" in box
    assert 'data-term="fasciculation"' in box


def test_after_a_failed_save_it_measures_what_was_typed(editor_client, article):
    data = article_data(article, body=HARD_BODY, last_reviewed="2026-11-01", next_review="2026-01-01")
    response = editor_client.post(f"{CHANGELIST}{article.pk}/change/", data)
    assert response.status_code == 200  # the review dates are refused, nothing is saved
    box = panel(response.content.decode())
    assert "Polysomnographic investigation" in box
    assert "above the target" in box


def test_the_add_page_has_no_panel_before_there_is_an_article(editor_client, db):
    page = editor_client.get(f"{CHANGELIST}add/").content.decode()
    assert 'class="readability' not in page


def test_the_preview_shows_the_reading_age_longest_sentences_and_unexplained_words(editor_client, article):
    data = article_data(article, body=HARD_BODY)
    page = editor_client.post(f"{CHANGELIST}{article.pk}/preview/", data).content.decode()
    box = panel(page)
    unsaved = AdviceArticle(title=article.title, summary=article.summary, body=HARD_BODY)
    result = readability.measure(advice.article_text(unsaved))
    assert "For editors: how easy this is to read" in box
    assert f"Reading age <strong>{result.reading_age}</strong>" in box
    assert result.reading_age > 12 and "above the target" in box
    assert re.findall(r"<li>“(.*?)” \(\d+ words?\)</li>", box) == [escape(s) for s in result.longest(3)]
    assert 'data-term="fasciculation"' in box and 'data-term="polysomnography"' in box


def test_the_preview_of_a_saved_article_shows_its_reading_age(editor_client, article):
    page = editor_client.get(f"{CHANGELIST}{article.pk}/preview/").content.decode()
    result = readability.measure(advice.article_text(article))
    assert f"Reading age <strong>{result.reading_age}</strong>" in panel(page)


def test_needs_your_attention_lists_published_articles_above_the_target(editor_client, article):
    editor_client.post(f"{CHANGELIST}{article.pk}/change/", article_data(article, body=HARD_BODY))
    box = warnings_box(editor_client)
    result = readability.measure(advice.article_text(AdviceArticle.objects.get(pk=article.pk)))
    assert "harder to read than the target (reading age 12 or under)" in box
    entries = re.findall(r'<li data-article="jerks-while-awake">.*?</li>', box, re.S)
    entry = next(e for e in entries if "reading age" in e)
    assert f"reading age {result.reading_age}" in entry
    assert escape(result.longest_sentence) in entry
    # The new body also dropped the care card's instruction, which the box names too.
    assert any("Book an appointment with your GP in the next 2 weeks" in e for e in entries)
    assert box.count("data-article=") == 2


def test_an_unpublished_hard_article_is_not_listed_as_hard_to_read(editor_client, article):
    data = article_data(article, body=HARD_BODY, published=False)
    editor_client.post(f"{CHANGELIST}{article.pk}/change/", data)
    box = warnings_box(editor_client)
    assert "Unpublished" in box
    assert "harder to read than the target" not in box


def test_the_warnings_list_the_hardest_article_first(advice_content):
    articles = [
        AdviceArticle(slug="a", title="A", body=HARD_BODY, published=True),
        AdviceArticle(
            slug="b", title="B", body=HARD_BODY + "\n\nNecessitating comprehensive reconsideration.", published=True
        ),
        AdviceArticle(slug="c", title="C", body="See your GP.", published=True),
    ]
    hard = advice.hard_to_read(articles)
    assert [article.slug for article, _ in hard] == ["b", "a"]
    assert hard[0][1].reading_age >= hard[1][1].reading_age
