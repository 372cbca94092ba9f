"""Whole runs for typical people: the advice each one reads matches what they said."""

import re

import pytest

from tests.conftest import TYPICAL, persona
from triage.assessment import Level
from triage.models import Assessment

pytestmark = pytest.mark.django_db


def visible_text(response) -> str:
    html = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#x27;", "'").replace("&quot;", '"')


def section_titles(response) -> list[str]:
    return re.findall(r'<h3 id="[\w-]+-title" class="h5">(.*?)</h3>', response.content.decode())


def test_typical_harmless_case(patient, advice_content):
    page = patient.complete(TYPICAL)
    text = visible_text(page)
    assert Assessment.objects.get().level == Level.SELF_CARE
    assert "Self-care You can look after this yourself" in text
    assert "sounds like sleep starts" in text
    assert section_titles(page) == ["Sleep starts: what they are"]
    assert "Shown because you said: “While I'm falling asleep”" in text
    assert "Get help sooner if" in text
    assert "This is because you said" not in text  # no reasons for self-care


def test_stressed_coffee_drinker(patient, advice_content):
    page = patient.complete(persona(triggers=["stress", "caffeine"], frequency="most_nights"))
    text = visible_text(page)
    assert Assessment.objects.get().level == Level.SELF_CARE
    titles = section_titles(page)
    assert titles[0] == "Sleep starts: what they are"
    assert any("Stress" in t for t in titles)
    assert any("Caffeine" in t or "caffeine" in t for t in titles)
    assert "Shown because you said: “Stress, worry or emotional strain”" in text
    assert "Shown because you said: “Coffee, tea, cola or energy drinks after mid-afternoon”" in text


def test_pregnant_woman_with_cramps(patient, advice_content):
    page = patient.complete(persona(sex="female", pregnancy="pregnant", magnesium=["cramps"]))
    text = visible_text(page)
    assessment = Assessment.objects.get()
    assert assessment.level == Level.SELF_CARE
    assert {"pregnant", "magnesium_need"} <= set(assessment.findings)
    titles = section_titles(page)
    assert any("magnesium" in t.lower() and "food" in t.lower() for t in titles)
    assert any("supplement" in t.lower() for t in titles)
    assert "midwife" in text
    assert "“I'm pregnant”" in text and "“Cramps in my calves at night”" in text
    assert "Pregnant or breastfeeding I'm pregnant" in text  # on the doctor summary


def test_possible_seizure(patient, advice_content):
    page = patient.complete(persona(warning_signs=["seizure_signs"]))
    text = visible_text(page)
    assert Assessment.objects.get().level == Level.TODAY
    assert "Urgent See a doctor today" in text
    assert (
        "This is because you said: Episodes where I lose awareness, bite my tongue, wet myself, or am confused" in text
    )
    titles = section_titles(page)
    assert any("seizure" in t.lower() for t in titles)
    assert any("doctor" in t.lower() for t in titles)  # what the doctor will do


def test_restless_legs(patient, advice_content):
    page = patient.complete(persona(warning_signs=["restless_legs"], triggers=["caffeine"]))
    text = visible_text(page)
    assert Assessment.objects.get().level == Level.GP
    assert "Routine See your GP" in text
    assert "This is because you said: An urge to move my legs in the evening" in text
    assert any("restless legs" in t.lower() for t in section_titles(page))


def test_stroke_signs_now(patient, advice_content):
    page = patient.complete(persona(warning_signs=["stroke_now", "weakness"]))
    text = visible_text(page)
    assert Assessment.objects.get().level == Level.EMERGENCY
    assert "Emergency Call 999 now" in text
    reasons = text.split("This is because you said:")[1]
    assert reasons.index("Right now: my face is drooping") < reasons.index("Weakness in my arms or legs")
    assert any("stroke" in t.lower() for t in section_titles(page))


def test_under_16(patient):
    patient.start()
    response = patient.post_step("age", "under_16")
    page = visible_text(patient.client.get(response.url))
    assert "This check is for people aged 16 and over" in page
    assert "Call 999 now if your child" in page
    assert Assessment.objects.count() == 0


def test_emergency_text_shows_even_when_editors_unpublish_the_article(patient, advice_content):
    from triage.models import AdviceArticle

    AdviceArticle.objects.filter(findings__icontains="stroke_signs").update(published=False, body="")
    page = patient.complete(persona(warning_signs=["stroke_now"]))
    text = visible_text(page)
    assert "Call 999 now" in text
    assert "Signs of a stroke" in text  # the built-in fallback section
    assert "Every minute counts" in text


def test_same_day_text_shows_even_with_no_content_at_all(patient):
    page = patient.complete(persona(warning_signs=["head_injury"]))
    text = visible_text(page)
    assert "See a doctor today" in text
    assert "Jerks after a head injury" in text


def test_folded_advice_still_works_without_javascript(patient, advice_content):
    html = patient.complete(persona(triggers=["stress", "caffeine"])).content.decode()
    assert html.count('<details class="advice-more">') == 2  # stress, caffeine; sleep starts is open
    assert '<summary>Read the advice<span class="visually-hidden">: Stress and sleep starts</span></summary>' in html
