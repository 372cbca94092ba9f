"""What the outcome says: the care card, what it may be, and "get help sooner if" (built-in words)."""

import pytest

from tests.assessment.expected import ABOVE_SELF_CARE, check
from triage.clinical.assessment import Finding, Level
from triage.clinical.outcome import (
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
    card = care_card(check(age="65_plus", same_day={"head_injury"}, head_injury={"none"}))
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
    result = check(with_it={"numbness"}, health={"kidney_disease"}, duration="under_2_weeks")
    lines = likely(result)
    assert lines[0] == EXPLANATIONS[Finding.SENSORY_SYMPTOMS]
    assert EXPLANATIONS[Finding.KIDNEY_OR_LIVER_JERKS] in lines
    assert lines[-1] == "The jerks as you fall asleep sound like sleep starts, which are harmless."


def test_a_page_that_sends_a_person_to_a_doctor_today_never_calls_the_jerks_harmless():
    lines = likely(check(same_day={"stroke_gone"}, with_it={"numbness"}))
    assert lines[0] == EXPLANATIONS[Finding.TIA]
    assert not any("harmless" in line for line in lines)


@pytest.mark.parametrize("finding", RED_FLAGS, ids=str)
def test_every_red_flag_has_built_in_words_that_no_editor_can_remove(finding):
    title, text = FALLBACK_TEXT[finding]
    assert title and text


def test_the_steps_give_the_urgent_instructions_most_urgent_first():
    result = check(same_day={"head_injury", "first_fit_over"}, head_injury={"blood_thinners"})
    assert steps(result) == [fill(STEPS[Finding.HEAD_INJURY_A_AND_E]), fill(STEPS[Finding.FIRST_FIT])]
    assert "tell the DVLA" in steps(result)[1]


FOR_EVERYONE = [line for line in GET_HELP_SOONER if not line.only_for]


def test_everyone_with_nothing_to_report_gets_every_line_for_everyone_and_no_risk_group_line():
    assert get_help_sooner({}) == [fill(line.text) for line in FOR_EVERYONE]


@pytest.mark.parametrize("line", [line for line in GET_HELP_SOONER if line.only_for], ids=lambda line: line.text[:30])
def test_a_risk_group_line_is_shown_only_to_that_group(line):
    (finding, *_) = sorted(line.only_for)
    assert fill(line.text) in get_help_sooner({finding: ()})
    assert fill(line.text) not in get_help_sooner({})


def _described():
    for line in GET_HELP_SOONER:
        for finding, instead in line.instead:
            yield pytest.param(line, finding, instead, id=f"{finding}")


@pytest.mark.parametrize(("line", "finding", "instead"), list(_described()))
def test_get_help_sooner_never_lists_what_the_person_already_told_us(line, finding, instead):
    findings = {finding: (), **dict.fromkeys(line.only_for, ())}
    shown = get_help_sooner(findings)
    assert fill(line.text) not in shown
    if instead is not None:
        assert fill(instead.text) in shown


@pytest.mark.parametrize("level", [Level.GP, Level.TODAY], ids=str)
def test_get_help_sooner_never_sends_a_person_lower_than_their_outcome(level):
    shown = get_help_sooner({}, level)
    sooner = [fill(line.text) for line in FOR_EVERYONE if line.line.level > level]
    assert shown == sooner
    assert not any(line.endswith("see your GP") for line in shown)


def test_an_emergency_page_has_no_get_help_sooner_list():
    result = check(emergency={"stroke_now"})
    assert get_help_sooner(result.findings, result.level) == []


def test_a_tia_is_told_to_call_999_if_the_signs_come_back():
    shown = get_help_sooner(check(same_day={"stroke_gone"}).findings)
    assert "the signs of a stroke come back, even for a few minutes: call 999 at once" in shown


def test_the_emergency_number_comes_from_the_settings(settings):
    settings.EMERGENCY_NUMBER = "112"
    assert fill(care_card(check(emergency={"fit_now"})).heading) == "Call 112 now"
    assert any("call 112" in line for line in get_help_sooner({}))


def test_a_fit_that_needs_an_ambulance_gives_first_aid_while_waiting():
    (first_aid,) = steps(check(emergency={"fit_now"}))
    assert "cushion their head" in first_aid and "turn them on their side" in first_aid


def test_withdrawal_is_told_not_to_stop_suddenly_and_when_to_call_999():
    (step,) = steps(check(medicine_signs={"withdrawal"}))
    assert "Do not stop suddenly on your own" in step and "call 999 if you have a fit" in step.lower()


def test_heavy_drinking_is_told_not_to_stop_suddenly_first():
    (step,) = steps(check(health={"heavy_drinking"}))
    assert step.startswith("Do not stop drinking suddenly on your own")


def test_daytime_sleepiness_is_told_not_to_drive_while_sleepy():
    (step,) = steps(check(sleep={"dozed_driving"}))
    assert step.startswith("Do not drive if you feel sleepy") and "DVLA" in step


@pytest.mark.parametrize("answers", [{"same_day": {"first_fit_over"}}, {"same_day": {"seizure_signs"}}], ids=str)
def test_a_possible_seizure_is_told_not_to_drive_until_a_doctor_has_checked(answers):
    assert any("Do not drive until a doctor has checked you" in step for step in steps(check(**answers)))
