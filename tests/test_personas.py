"""Whole runs for typical people: the advice each one reads matches what they said."""

import re

import pytest

from tests.conftest import TYPICAL, persona
from triage.clinical.assessment import Level
from triage.models import Assessment

pytestmark = pytest.mark.django_db


def visible_text(response) -> str:
    html = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#x27;", "'").replace("&quot;", '"')


def section_titles(response) -> list[str]:
    return re.findall(r'<h3 id="[\w-]+-title" class="nhsuk-heading-s">(.*?)</h3>', response.content.decode())


def section_ids(response) -> list[str]:
    return re.findall(r'<article class="advice-section" id="([\w-]+)"', response.content.decode())


def test_typical_harmless_case(patient, advice_content):
    page = patient.complete(TYPICAL)
    text = visible_text(page)
    assert Assessment.objects.get().level == Level.SELF_CARE
    assert "Self-care: You can look after this yourself" in text
    assert "Your answers fit sleep starts" in text
    assert "sounds like sleep starts" in text
    assert section_titles(page) == ["Sleep starts: what they are"]
    assert "Shown because you said: “As I'm falling asleep”" in text
    assert "Get help sooner if" in text
    assert "This is because you said" not in text  # no reasons for self-care


def test_stressed_coffee_drinker(patient, advice_content):
    page = patient.complete(persona(triggers=["stress", "caffeine"], frequency="most_nights"))
    text = visible_text(page)
    assert Assessment.objects.get().level == Level.SELF_CARE
    # The person's own advice first and open; the general article after it, folded.
    assert section_ids(page) == ["stress", "caffeine-and-stimulants", "about-sleep-starts"]
    assert "Shown because you said: “Stress, worry or emotional strain”" in text
    assert "Shown because you said: “Coffee, tea, cola or energy drinks after mid-afternoon”" in text


def test_pregnant_woman_gets_pregnancy_advice_and_is_told_to_ask_her_midwife(patient, advice_content):
    answers = persona(
        pregnancy=["pregnant_20_plus"], pregnancy_signs=["none"], health=["low_magnesium_diet"], triggers=["alcohol"]
    )
    page = patient.complete(answers)
    text = visible_text(page)
    assessment = Assessment.objects.get()
    assert assessment.level == Level.SELF_CARE
    assert {"pregnant", "magnesium_need", "alcohol_in_pregnancy"} <= set(assessment.findings)
    assert {"pregnancy", "alcohol-in-pregnancy", "magnesium-from-food"} <= set(section_ids(page))
    assert "alcohol" not in section_ids(page)  # the article with a units limit
    assert "14 units" not in text
    assert "200 mg" in text and "midwife" in text
    assert "“I'm pregnant: 20 weeks or more”" in text
    assert "Pregnancy I'm pregnant: 20 weeks or more" in text  # on the doctor summary
    assert "call your maternity unit or midwife now" in text  # the pre-eclampsia signs to watch for


def test_breastfeeding_alone_is_no_magnesium_need(patient, advice_content):
    page = patient.complete(persona(pregnancy=["breastfeeding"]))
    assert "magnesium_need" not in Assessment.objects.get().findings
    assert "magnesium-from-food" not in section_ids(page)
    assert "breastfeeding" in section_ids(page)  # ask a midwife before any supplement


def test_a_person_on_dialysis_is_never_told_to_eat_magnesium_rich_foods_or_take_magnesium(patient, advice_content):
    answers = persona(
        age="65_plus", health=["kidney_disease", "low_magnesium_diet", "diabetes"], duration="over_3_months"
    )
    page = patient.complete(answers)
    text = visible_text(page)
    assert "kidney-disease" in section_ids(page)
    assert not {"magnesium-from-food", "magnesium-supplements"} & set(section_ids(page))
    for food in ("bananas", "beans", "potatoes in their skins", "pumpkin seeds"):
        assert f"Eat more {food}" not in text and f"eat more {food}" not in text
    assert "kidney team" in text


def test_possible_seizure(patient, advice_content):
    page = patient.complete(persona(same_day=["seizure_signs"]))
    text = visible_text(page)
    assert Assessment.objects.get().level == Level.TODAY
    assert "Urgent advice: See a doctor today" in text
    assert "This is because you said Times when you lost awareness, bit your tongue" in text
    assert "Call 999 if a fit lasts more than 5 minutes, or one follows another." in text
    assert section_ids(page) == ["possible-seizures"]  # a same-day page: only what serves the outcome
    assert "Do not drive until a doctor has checked you" in text
    assert "Your answers fit sleep starts" not in text


def test_a_tia_that_has_passed_is_same_day_not_routine(patient, advice_content):
    page = patient.complete(persona(age="65_plus", same_day=["stroke_gone"]))
    text = visible_text(page)
    assert Assessment.objects.get().level == Level.TODAY
    assert "See a doctor today" in text and "It is not an emergency" not in text
    assert "TIA (mini-stroke)" in text
    assert section_ids(page)[0] == "tia"
    assert "the signs of a stroke come back, even for a few minutes: call 999 at once" in text


def test_jerks_while_awake_are_not_called_sleep_starts(patient, advice_content):
    page = patient.complete(persona(timing=["awake"], character=["jerk"], awake_duration="2_weeks_or_more"))
    text = visible_text(page)
    assert Assessment.objects.get().level == Level.GP
    assert "Your answers fit sleep starts" not in text
    assert "are not sleep starts" in text
    assert "the jerks happen while you are awake" not in text  # already told us: not a "sooner if"
    assert "jerks-while-awake" in section_ids(page)


def test_restless_legs(patient, advice_content):
    page = patient.complete(
        persona(with_it=["urge_to_move"], restless_legs=["eased_by_moving", "worse_in_evening"], triggers=["caffeine"])
    )
    text = visible_text(page)
    assert Assessment.objects.get().level == Level.GP
    assert "Non-urgent advice: See your GP" in text
    assert "This is because you said An urge to move my legs when I sit or lie still" in text
    assert "restless-legs" in section_ids(page)


def test_stroke_signs_now(patient, advice_content):
    page = patient.complete(persona(emergency=["stroke_now"]))
    text = visible_text(page)
    assert Assessment.objects.get().level == Level.EMERGENCY
    assert "Immediate action required: Call 999 now" in text
    assert "This is because you said Signs of a stroke, even if they have gone" in text
    assert section_ids(page) == ["stroke-signs"]  # no lifestyle advice on an emergency page
    assert 'href="tel:999"' in page.content.decode()
    assert "Summary for the ambulance crew" in text
    assert text.index("Summary for the ambulance crew") < text.index("Signs of a stroke: call 999 now")


def test_under_16(patient):
    patient.start()
    response = patient.post_step("age", "under_16")
    page = visible_text(patient.client.get(response.url))
    assert "This check is for people aged 16 and over" in page
    assert "Call 999 now if your child" in page
    assert "clusters of jerks or stiffening" in page
    assert Assessment.objects.count() == 0


def test_emergency_text_shows_even_when_editors_unpublish_the_article(patient, advice_content):
    from triage.models import AdviceArticle

    AdviceArticle.objects.filter(findings__icontains="stroke_signs").update(published=False, body="")
    page = patient.complete(persona(emergency=["stroke_now"]))
    text = visible_text(page)
    assert "Call 999 now" in text
    assert "Signs of a stroke" in text  # the built-in fallback section
    assert "Every minute counts" in text


@pytest.mark.parametrize(
    ("answers", "words"),
    [
        (persona(same_day=["old_head_injury"]), "Jerks after a head injury"),
        (persona(same_day=["stroke_gone"]), "Signs of a stroke that have gone"),
        (persona(medicine_signs=["serotonin"]), "A possible reaction to a medicine"),
        (persona(medicine_signs=["withdrawal"]), "Stopping alcohol or sleeping tablets"),
        (persona(medicine_signs=["lithium"]), "Too much lithium"),
        (persona(medicine_signs=["hypo"]), "Very low blood sugar at night"),
        (persona(pregnancy=["gave_birth"], pregnancy_signs=["severe_headache"]), "Signs of pre-eclampsia"),
        (persona(same_day=["spreading_weakness"], spreading=["none"]), "Weakness or numbness that is spreading"),
        (persona(same_day=["first_fit_over"]), "A first fit"),
    ],
)
def test_same_day_text_shows_even_with_no_content_at_all(patient, answers, words):
    text = visible_text(patient.complete(answers))
    assert "See a doctor today" in text
    assert words in text


def test_folded_advice_still_works_without_javascript(patient, advice_content):
    html = patient.complete(persona(triggers=["stress", "caffeine"])).content.decode()
    assert (
        html.count('<details class="nhsuk-details advice-more">') == 1
    )  # the general article; the person's own are open
    assert (
        'Read the advice<span class="nhsuk-u-visually-hidden">: Sleep starts: what they are</span></span></summary>'
        in html
    )
