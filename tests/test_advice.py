"""Choosing and rendering advice content, and the shipped content itself."""

import json
from pathlib import Path

import pytest
from django.core.management import call_command

from triage.clinical.assessment import Finding, Level
from triage.content.advice import FALLBACK_TEXT, render_markdown, select_sections
from triage.models import AdviceArticle

FIXTURE = Path(__file__).resolve().parent.parent / "triage" / "fixtures" / "advice_articles.json"


def article(**fields) -> AdviceArticle:
    defaults = {"slug": "a", "title": "A", "summary": "", "body": "Body", "findings": [], "published": True}
    return AdviceArticle(**{**defaults, **fields})


# --- rendering --------------------------------------------------------------------------


def test_markdown_is_rendered():
    html = render_markdown("### Heading\n\n- one\n- **two**\n\n[NHS](https://www.nhs.uk/)")
    assert "<h3>Heading</h3>" in html
    assert "<li><strong>two</strong></li>" in html
    assert '<a href="https://www.nhs.uk/" rel="noopener noreferrer">NHS</a>' in html


def test_headings_move_down_under_the_article_title():
    assert str(render_markdown("### Tips", heading_shift=1)) == "<h4>Tips</h4>"
    assert str(render_markdown("###### Deep", heading_shift=1)) == "<h6>Deep</h6>"


@pytest.mark.parametrize(
    "source, forbidden",
    [
        ("<script>alert(1)</script>", "<script"),
        ('<img src="x" onerror="alert(1)">', "onerror"),
        ("[click](javascript:alert(1))", "javascript:"),
        ('<a href="data:text/html,<script>">x</a>', "data:"),
        ('<p style="color:red">x</p>', "style="),
        ('<iframe src="https://example.com"></iframe>', "<iframe"),
    ],
)
def test_markdown_never_lets_active_content_through(source, forbidden):
    assert forbidden not in render_markdown(source)


# --- selection --------------------------------------------------------------------------


def test_articles_are_chosen_by_finding_in_editor_order_with_reasons():
    articles = [
        article(slug="stress", title="Stress", findings=["stress"], order=20),
        article(slug="about", title="About", findings=["sleep_starts"], order=10),
        article(slug="alcohol", title="Alcohol", findings=["alcohol"], order=30),
    ]
    articles.sort(key=lambda a: a.order)
    findings = {
        Finding.SLEEP_STARTS: (("timing", "falling_asleep"),),
        Finding.STRESS: (("triggers", "stress"),),
    }
    sections = select_sections(findings, articles)
    assert [s.slug for s in sections] == ["stress", "about"]  # the person's own advice before the general
    assert sections[0].because == ("Stress, worry or emotional strain",)


def test_unpublished_articles_are_not_shown():
    sections = select_sections({Finding.STRESS: ()}, [article(findings=["stress"], published=False)])
    assert sections == []


def test_an_article_for_several_findings_shows_once_with_every_reason():
    findings = {Finding.CAFFEINE: (("triggers", "caffeine"),), Finding.NICOTINE: (("triggers", "nicotine"),)}
    sections = select_sections(findings, [article(findings=["caffeine", "nicotine"])])
    assert len(sections) == 1
    assert sections[0].because == (
        "Coffee, tea, cola or energy drinks after mid-afternoon",
        "Smoking, vaping or other nicotine",
    )


@pytest.mark.parametrize("finding", list(FALLBACK_TEXT))
def test_urgent_findings_have_built_in_text_when_no_article_covers_them(finding):
    sections = select_sections({finding: ()}, [])
    assert [s.title for s in sections] == [FALLBACK_TEXT[finding][0]]
    assert "{emergency_number}" not in sections[0].body


def test_built_in_text_gives_way_to_a_published_article():
    sections = select_sections({Finding.STROKE_SIGNS: ()}, [article(slug="stroke", findings=["stroke_signs"])])
    assert [s.slug for s in sections] == ["stroke"]


def test_source_lines_become_links():
    a = article(sources="NHS | https://www.nhs.uk/\nA book without a link\n\n")
    assert a.source_links() == [("NHS", "https://www.nhs.uk/"), ("A book without a link", "")]


# --- the shipped content ----------------------------------------------------------------


def test_fixture_loads_on_first_start(db):
    call_command("load_advice_content", verbosity=0)
    assert AdviceArticle.objects.filter(published=True).count() == len(json.loads(FIXTURE.read_text()))


def test_every_finding_selects_a_published_article(db):
    call_command("load_advice_content", verbosity=0)
    covered = {code for findings in AdviceArticle.objects.values_list("findings", flat=True) for code in findings}
    assert covered == {f.value for f in Finding}


def test_every_article_in_the_fixture_is_valid(db):
    call_command("load_advice_content", verbosity=0)
    for item in AdviceArticle.objects.all():
        item.full_clean()
        assert item.source_links(), f"{item.slug} cites no source"
        assert all(url.startswith("https://") for _, url in item.source_links())


def test_starting_again_never_overwrites_an_editors_change(db):
    call_command("load_advice_content", verbosity=0)
    AdviceArticle.objects.filter(slug="stress").update(title="Edited by an editor")
    AdviceArticle.objects.filter(slug="alcohol").delete()
    call_command("load_advice_content", verbosity=0)
    assert AdviceArticle.objects.get(slug="stress").title == "Edited by an editor"
    assert not AdviceArticle.objects.filter(slug="alcohol").exists()


def test_force_reloads_the_fixture_on_purpose(db):
    call_command("load_advice_content", verbosity=0)
    AdviceArticle.objects.filter(slug="stress").update(title="Edited by an editor")
    call_command("load_advice_content", force=True, verbosity=0)
    assert AdviceArticle.objects.get(slug="stress").title != "Edited by an editor"
    assert AdviceArticle.objects.filter(slug="stress").count() == 1


def test_advice_about_what_needs_a_doctor_comes_first_and_in_full_the_rest_is_folded():
    articles = [
        article(slug="about", findings=["sleep_starts"], order=10),
        article(slug="stress", findings=["stress"], order=20),
        article(slug="legs", findings=["restless_legs"], order=100),
        article(slug="seizures", findings=["possible_seizure"], order=130),
    ]
    found = {Finding.SLEEP_STARTS: (), Finding.STRESS: (), Finding.RESTLESS_LEGS: (), Finding.POSSIBLE_SEIZURE: ()}
    sections = select_sections(found, articles)
    assert [(s.slug, s.expanded) for s in sections] == [
        ("legs", True),
        ("seizures", True),
        ("stress", True),
        ("about", False),
    ]


def test_a_page_that_sends_a_person_to_a_doctor_today_or_sooner_shows_only_the_urgent_advice():
    articles = [
        article(slug="about", findings=["sleep_starts"], order=10),
        article(slug="stress", findings=["stress"], order=20),
        article(slug="seizures", findings=["possible_seizure"], order=130),
        article(slug="doctor", findings=["needs_doctor"], order=140),
    ]
    found = {Finding.SLEEP_STARTS: (), Finding.STRESS: (), Finding.POSSIBLE_SEIZURE: (), Finding.NEEDS_DOCTOR: ()}
    assert [s.slug for s in select_sections(found, articles, level=Level.TODAY)] == ["seizures"]
    assert [s.slug for s in select_sections(found, articles, level=Level.GP)] == [
        "seizures",
        "stress",
        "about",
        "doctor",
    ]


def test_advice_unsafe_for_a_risk_group_never_reaches_it_whatever_an_editor_targets():
    articles = [
        article(slug="magnesium", findings=["magnesium_need", "breastfeeding"], order=10),
        article(slug="alcohol", findings=["alcohol", "stress"], order=20),
    ]
    kidney = {Finding.KIDNEY_DISEASE: (), Finding.BREASTFEEDING: ()}
    assert [s.slug for s in select_sections(kidney, articles)] == []
    assert [s.slug for s in select_sections({Finding.BREASTFEEDING: ()}, articles)] == ["magnesium"]
    pregnant = {Finding.PREGNANT: (), Finding.STRESS: ()}
    assert [s.slug for s in select_sections(pregnant, articles)] == []


def test_the_persons_own_advice_is_open_and_general_advice_folded_even_when_it_is_all_there_is():
    articles = [article(slug="about", findings=["sleep_starts"]), article(slug="stress", findings=["stress"])]
    sections = select_sections({Finding.SLEEP_STARTS: (), Finding.STRESS: ()}, articles)
    assert [(s.slug, s.expanded) for s in sections] == [("stress", True), ("about", False)]
    only_general = select_sections({Finding.SLEEP_STARTS: ()}, articles)
    assert [(s.slug, s.expanded) for s in only_general] == [("about", False)]  # the card already says it
