"""Medical words explained: one page for the words we cannot avoid, linked from where they appear."""

import re

import pytest

from tests.conftest import persona
from triage.clinical.assessment import Finding
from triage.content import glossary
from triage.content.advice import section_for, select_sections
from triage.content.glossary import TERMS, link_terms
from triage.models import AdviceArticle

URL = "/medical-words/"


def glossary_links(html: str) -> list[str]:
    return re.findall(r'<a class="glossary-link" href="/medical-words/#([\w-]+)">', html)


def test_it_lists_every_word_with_its_plain_meaning_and_an_anchor(client, db):
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<title>Medical words explained – TwitchGuide</title>" in page
    for term in TERMS:
        assert f'id="{term.slug}"' in page
        assert f"<dt>{term.word}</dt>" in page.replace("&#x27;", "'")
    assert "<script" not in page


def test_the_words_named_in_the_issue_are_in_the_glossary():
    words = {term.word for term in TERMS}
    assert {"Myoclonus", "Fasciculation", "Polysomnography"} <= words


def test_every_page_links_to_it_from_the_footer(client, db):
    for path in ("/", "/privacy/", "/under-16/", URL):
        page = client.get(path).content.decode()
        assert f'<a class="nhsuk-footer__list-item-link" href="{URL}">Medical words explained</a>' in page, path


def test_the_first_use_of_each_word_is_linked_and_later_ones_are_not():
    html = "<p>A fit (seizure) is sudden. Seizures stop. An EEG may help.</p><p>Another EEG.</p>"
    linked = link_terms(html, URL)
    assert glossary_links(linked) == ["seizure", "eeg"]
    assert 'A fit (<a class="glossary-link" href="/medical-words/#seizure">seizure</a>) is sudden.' in linked


def test_words_in_headings_and_links_are_not_linked_again():
    html = '<h4>Seizures</h4><p><a href="https://example.org/">EEG leaflet</a> and an EEG.</p>'
    linked = link_terms(html, URL)
    assert "<h4>Seizures</h4>" in linked
    assert '<a href="https://example.org/">EEG leaflet</a> and an <a class="glossary-link"' in linked


def test_linking_never_unescapes_what_an_editor_typed():
    html = "<p>&lt;script&gt; myoclonus &amp; more</p>"
    assert link_terms(html, URL) == (
        '<p>&lt;script&gt; <a class="glossary-link" href="/medical-words/#myoclonus">myoclonus</a> &amp; more</p>'
    )


def test_advice_articles_link_their_medical_words(advice_content):
    article = AdviceArticle.objects.get(slug="what-the-doctor-will-do")
    section = section_for(article)
    assert {"neurologist", "eeg", "emg", "nerve-conduction-study"} <= set(glossary_links(section.body))


def test_a_word_linked_in_the_summary_is_not_linked_again_in_the_body(db):
    article = AdviceArticle(slug="s", title="T", summary="It can be serotonin syndrome.", body="Serotonin syndrome.")
    section = section_for(article)
    assert glossary_links(section.summary) == ["serotonin-syndrome"]
    assert glossary_links(section.body) == []


def test_built_in_advice_links_its_medical_words(db):
    sections = select_sections({Finding.SEROTONIN_SYNDROME: ()}, articles=[])
    assert "serotonin-syndrome" in glossary_links(sections[0].body)


@pytest.mark.parametrize(
    "answers, slug",
    [
        (
            persona(with_it=["urge_to_move"], restless_legs=["eased_by_moving", "worse_in_evening"]),
            "restless-legs-syndrome",
        ),
        (persona(sleep=["breathing_pauses"]), "sleep-apnoea"),
    ],
)
def test_what_is_most_likely_going_on_links_its_medical_words(patient, advice_content, answers, slug):
    page = patient.complete(answers).content.decode()
    likely = re.search(r'<section class="no-print" aria-labelledby="likely-heading">.*?</section>', page, re.S)
    assert slug in glossary_links(likely.group(0))


def test_the_start_and_under_16_pages_link_their_medical_words(client, db):
    assert f'<a href="{URL}#hypnic-jerk">hypnic jerks</a>' in client.get("/").content.decode()
    assert f'<a href="{URL}#infantile-spasms">infantile spasms</a>' in client.get("/under-16/").content.decode()


def test_every_link_points_at_an_entry_that_exists(client, advice_content, patient):
    entries = set(re.findall(r'id="([\w-]+)"', client.get(URL).content.decode()))
    pages = [client.get(path).content.decode() for path in ("/", "/under-16/", "/about-sleep-starts/")]
    pages.append(
        patient.complete(
            persona(with_it=["urge_to_move"], restless_legs=["eased_by_moving", "worse_in_evening"])
        ).content.decode()
    )
    targets = {target for page in pages for target in re.findall(r'href="/medical-words/#([\w-]+)"', page)}
    assert targets and targets <= entries


def test_terms_have_unique_anchors():
    slugs = [term.slug for term in glossary.TERMS]
    assert len(slugs) == len(set(slugs))
