"""What the outcome says: the care card, what it may be, and "get help sooner if" (built-in words)."""

import pytest

from tests.assessment.expected import ABOVE_SELF_CARE, check
from triage.assessment import Finding, Level
from triage.outcome import (
    EXPLANATIONS,
    FALLBACK_TEXT,
    GET_HELP_SOONER,
    STEPS,
    care_card,
    fill,
    get_help_sooner,
    likely,
    steps,
)

RED_FLAGS = [finding for finding, level in ABOVE_SELF_CARE.items() if level >= Level.TODAY]


def test_an_emergency_that_needs_an_ambulance_says_call_999():
    card = care_card(check(emergency={"stroke_now"}))
    assert fill(card.heading) == "Call 999 now"
    assert "Do not drive yourself" in card.action


def test_a_head_injury_without_an_ambulance_sign_says_go_to_a_and_e():
    card = care_card(check(age="65_plus", emergency={"head_injury"}, head_injury={"none"}))
    assert card.heading == "Go to A&E now"
    assert "do not drive yourself" in card.action


def test_fits_sleep_starts_only_when_the_answers_do():
    assert "Your answers fit sleep starts" in care_card(check()).action
    awake = check(timing={"falling_asleep", "awake"}, character={"flicker"}, awake_duration="under_2_weeks")
    assert awake.level is Level.SELF_CARE
    assert "fit sleep starts" not in care_card(awake).action
    assert "sounds like sleep starts" not in " ".join(likely(awake))
    assert "Small twitches while you are awake are common, and most are harmless" in " ".join(likely(awake))


def test_the_gp_card_is_never_an_emergency_and_gives_a_time():
    card = care_card(check(with_it={"numbness"}))
    assert card.heading == "See your GP" and "in the next 2 weeks" in card.action


@pytest.mark.parametrize("finding", [f for f, level in ABOVE_SELF_CARE.items() if level >= Level.GP], ids=str)
def test_everything_that_needs_a_doctor_says_what_it_may_be(finding):
    assert EXPLANATIONS[finding]


def test_what_it_may_be_lists_the_most_urgent_first():
    result = check(same_day={"stroke_gone"}, with_it={"numbness"})
    lines = likely(result)
    assert lines[0] == EXPLANATIONS[Finding.TIA]
    assert EXPLANATIONS[Finding.SENSORY_SYMPTOMS] in lines
    assert lines[-1] == "The jerks as you fall asleep sound like sleep starts, which are harmless."


@pytest.mark.parametrize("finding", RED_FLAGS, ids=str)
def test_every_red_flag_has_built_in_words_that_no_editor_can_remove(finding):
    title, text = FALLBACK_TEXT[finding]
    assert title and text


def test_the_steps_give_the_urgent_instructions_most_urgent_first():
    result = check(emergency={"head_injury"}, head_injury={"blood_thinners"}, same_day={"first_fit_over"})
    assert steps(result) == [fill(STEPS[Finding.HEAD_INJURY_A_AND_E]), fill(STEPS[Finding.FIRST_FIT])]
    assert "tell the DVLA" in steps(result)[1]


def test_everyone_with_nothing_to_report_gets_every_line():
    assert get_help_sooner({}) == [fill(line.text) for line in GET_HELP_SOONER]


def _described():
    for line in GET_HELP_SOONER:
        for finding, instead in line.instead:
            yield pytest.param(line, finding, instead, id=f"{finding}")


@pytest.mark.parametrize(("line", "finding", "instead"), list(_described()))
def test_get_help_sooner_never_lists_what_the_person_already_told_us(line, finding, instead):
    shown = get_help_sooner({finding: ()})
    assert fill(line.text) not in shown
    if instead is None:
        assert len(shown) == len(GET_HELP_SOONER) - 1
    else:
        assert fill(instead) in shown


def test_a_tia_is_told_to_call_999_if_the_signs_come_back():
    shown = get_help_sooner(check(same_day={"stroke_gone"}).findings)
    assert "the signs of a stroke come back, even for a few minutes: call 999 at once" in shown


def test_the_emergency_number_comes_from_the_settings(settings):
    settings.EMERGENCY_NUMBER = "112"
    assert fill(care_card(check(emergency={"fit_now"})).heading) == "Call 112 now"
    assert any("call 112" in line for line in get_help_sooner({}))
