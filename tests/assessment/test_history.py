"""The history: what the twitching is like, what comes with it, sleep, health and medicines."""

import pytest

from tests.assessment.expected import G, S, check, every_set_of, set_id
from triage.clinical.assessment import Finding, RestlessLegs

# --- when it happens and what it is like --------------------------------------------------------


def test_typical_sleep_starts_are_self_care_and_fit_sleep_starts():
    result = check()
    assert result.level is S
    assert result.reasons == ()
    assert result.fits_sleep_starts
    assert result.findings == {Finding.SLEEP_STARTS: (("timing", "falling_asleep"),)}


@pytest.mark.parametrize("character", [{"jerk"}, {"not_sure"}, {"jerk", "flicker"}, {"jerk", "eyelid"}])
def test_jerks_that_move_a_limb_while_awake_are_not_sleep_starts(character):
    result = check(timing={"falling_asleep", "awake"}, character=character)
    assert result.level is G
    assert ("timing", "awake") in result.findings[Finding.JERKS_WHILE_AWAKE]
    assert not result.fits_sleep_starts


def test_jerks_only_while_awake_with_no_warning_sign_go_to_a_gp():
    # The case that was sent to self-care with "Your answers fit sleep starts".
    result = check(timing={"awake"}, character={"jerk"}, with_it={"none"})
    assert result.level is G
    assert not result.fits_sleep_starts
    assert Finding.SLEEP_STARTS not in result.findings


@pytest.mark.parametrize("character", [{"flicker"}, {"eyelid"}])
def test_new_flickers_or_eyelid_twitching_while_awake_are_self_care_but_not_sleep_starts(character):
    result = check(timing={"falling_asleep", "awake"}, character=character, awake_duration="under_2_weeks")
    assert result.level is S
    assert result.findings[Finding.DAYTIME_TWITCHING] == (("timing", "awake"),)
    assert not result.fits_sleep_starts
    assert (Finding.EYELID_TWITCHING in result.findings) == ("eyelid" in character)


@pytest.mark.parametrize("awake_duration", ["2_weeks_or_more", "not_sure"])
@pytest.mark.parametrize("character", [{"flicker"}, {"eyelid"}])
def test_flickers_or_eyelid_twitching_while_awake_for_2_weeks_or_more_go_to_a_gp(character, awake_duration):
    result = check(timing={"awake"}, character=character, awake_duration=awake_duration)
    assert result.level is G
    assert ("awake_duration", awake_duration) in result.findings[Finding.LASTING_DAYTIME_TWITCHING]


def test_months_of_sleep_starts_with_a_few_days_of_eyelid_twitching_stay_self_care():
    # How long the jerks have gone on is not how long the eyelid has twitched.
    result = check(
        timing={"falling_asleep", "awake"},
        character={"eyelid"},
        duration="over_3_months",
        awake_duration="under_2_weeks",
    )
    assert result.level is S


def test_twitching_while_awake_in_more_than_one_place_goes_to_a_gp():
    result = check(timing={"awake"}, character={"flicker", "eyelid"}, awake_duration="under_2_weeks")
    assert result.level is G
    assert Finding.TWITCHING_IN_SEVERAL_PLACES in result.findings


@pytest.mark.parametrize("character", [{"flicker"}, {"jerk"}, {"eyelid"}])
def test_what_it_is_like_while_awake_counts_only_when_it_happens_while_awake(character):
    result = check(timing={"falling_asleep"}, character=character, awake_duration="2_weeks_or_more")
    assert result.level is S


def test_jerks_soon_after_waking_go_to_a_gp():
    result = check(age="16_24", timing={"falling_asleep", "after_waking"})
    assert result.level is G
    assert result.findings[Finding.MORNING_JERKS] == (("timing", "after_waking"),)


def test_jerks_later_in_sleep_are_not_sleep_starts_and_go_to_a_gp():
    result = check(timing={"falling_asleep", "during_sleep"})
    assert result.level is G
    assert result.findings[Finding.TWITCHING_IN_SLEEP] == (("timing", "during_sleep"),)
    assert not result.fits_sleep_starts


@pytest.mark.parametrize("strength", ["mild", "wakes", "not_sure"])
def test_jerks_that_do_not_hurt_anyone_stay_self_care(strength):
    assert check(strength=strength).level is S


def test_jerks_that_hurt_the_person_or_a_partner_go_to_a_gp():
    result = check(strength="injury")
    assert result.level is G
    assert result.findings[Finding.INJURIOUS_JERKS] == (("strength", "injury"),)


@pytest.mark.parametrize("question", ["frequency", "onset"])
def test_how_often_and_how_it_started_are_for_the_doctor_only(question):
    from tests.assessment.expected import QUESTION_ENUMS

    for code in QUESTION_ENUMS[question]:
        assert check(**{question: code}).findings == check().findings, (question, code)


# --- what comes with it ------------------------------------------------------------------------

WITH_IT_EXPECTED = {
    "weakness": Finding.WEAKNESS_OR_WASTING,
    "wasting": Finding.WEAKNESS_OR_WASTING,
    "spreading": Finding.SPREADING_TWITCHING,
    "speech_or_swallowing": Finding.SPEECH_OR_SWALLOWING,
    "numbness": Finding.SENSORY_SYMPTOMS,
}


@pytest.mark.parametrize("sign", list(WITH_IT_EXPECTED), ids=str)
def test_each_nerve_sign_goes_to_a_gp(sign):
    result = check(with_it={sign})
    assert result.level is G
    assert result.findings[WITH_IT_EXPECTED[sign]] == (("with_it", sign),)
    assert Finding.POSSIBLE_NERVE_DISEASE not in result.findings


@pytest.mark.parametrize("sign", ["weakness", "wasting", "spreading", "speech_or_swallowing"], ids=str)
def test_twitching_while_awake_with_a_motor_sign_is_a_possible_nerve_disease(sign):
    result = check(timing={"awake"}, character={"flicker"}, awake_duration="under_2_weeks", with_it={sign})
    assert result.level is G
    assert set(result.findings[Finding.POSSIBLE_NERVE_DISEASE]) == {("timing", "awake"), ("with_it", sign)}


def test_numbness_with_twitching_while_awake_is_not_called_a_nerve_disease():
    result = check(timing={"awake"}, character={"flicker"}, awake_duration="under_2_weeks", with_it={"numbness"})
    assert Finding.POSSIBLE_NERVE_DISEASE not in result.findings
    assert result.level is G


@pytest.mark.parametrize("with_it", [{"falling_flash_bang"}, {"none"}, set()])
def test_a_falling_feeling_flash_or_bang_is_part_of_sleep_starts(with_it):
    result = check(with_it=with_it)
    assert result.level is S
    assert result.fits_sleep_starts


# --- restless legs: every combination of the criteria -------------------------------------------

CRITERIA = [c for c in RestlessLegs if c is not RestlessLegs.NONE]


@pytest.mark.parametrize(
    "ticked",
    every_set_of(CRITERIA, smallest=0),
    ids=set_id,
)
def test_restless_legs_need_the_urge_eased_by_moving_and_worse_in_the_evening(ticked):
    result = check(with_it={"urge_to_move"}, restless_legs=ticked)
    meets = {"eased_by_moving", "worse_in_evening"} <= ticked
    assert (Finding.RESTLESS_LEGS in result.findings) is meets
    assert result.level is (G if meets else S)


def test_restless_legs_criteria_without_the_urge_are_not_restless_legs():
    result = check(with_it={"none"}, restless_legs={"eased_by_moving", "worse_in_evening"})
    assert Finding.RESTLESS_LEGS not in result.findings


# --- sleep -------------------------------------------------------------------------------------

SLEEP_EXPECTED = {
    "breathing_pauses": (Finding.BREATHING_PAUSES, G),
    "kicks": (Finding.LIMB_MOVEMENTS, G),
    "poor_sleep": (Finding.SLEEP_PROBLEM, G),
    "sleepy_day": (Finding.DAYTIME_SLEEPINESS, G),
    "dozed_driving": (Finding.DAYTIME_SLEEPINESS, G),
    "snoring": (Finding.SNORING, S),
}


@pytest.mark.parametrize("answer", list(SLEEP_EXPECTED), ids=str)
def test_each_sleep_answer(answer):
    finding, level = SLEEP_EXPECTED[answer]
    result = check(sleep={answer})
    assert result.level is level
    assert result.findings[finding] == (("sleep", answer),)


def test_loud_snoring_with_pauses_goes_to_a_gp():
    result = check(sleep={"snoring", "breathing_pauses"})
    assert result.level is G
    assert {Finding.SNORING, Finding.BREATHING_PAUSES} <= set(result.findings)


# --- health and medicines ----------------------------------------------------------------------


def test_known_epilepsy_goes_to_a_gp_or_the_epilepsy_team():
    result = check(health={"epilepsy"})
    assert result.level is G
    assert result.findings[Finding.EPILEPSY] == (("health", "epilepsy"),)


def test_insulin_or_a_diabetes_tablet_with_night_sweats_goes_to_a_gp_for_night_time_hypos():
    result = check(health={"diabetes"}, medication={"diabetes_medicine"}, sleep={"night_sweats"})
    assert result.level is G
    assert result.findings[Finding.POSSIBLE_NIGHT_HYPOS] == (
        ("medication", "diabetes_medicine"),
        ("sleep", "night_sweats"),
    )


def test_insulin_or_a_diabetes_tablet_alone_gives_advice_on_night_time_hypos():
    result = check(health={"diabetes"}, medication={"diabetes_medicine"})
    assert result.level is S
    assert result.findings[Finding.DIABETES_MEDICINE] == (("medication", "diabetes_medicine"),)


def test_night_sweats_without_a_diabetes_medicine_are_for_the_doctor_only():
    assert check(sleep={"night_sweats"}).findings == check().findings


@pytest.mark.parametrize("duration", ["under_2_weeks", "2_weeks_to_3_months", "not_sure"])
def test_jerks_that_began_since_a_medicine_change_go_to_a_gp(duration):
    result = check(medication={"changed"}, duration=duration)
    assert result.level is G
    assert result.findings[Finding.MEDICINE_CHANGE] == (("medication", "changed"), ("duration", duration))


def test_jerks_that_began_before_a_medicine_change_and_are_not_worse_stay_self_care():
    for course in ["better", "same", "comes_and_goes", "not_sure"]:
        assert check(medication={"changed"}, duration="over_3_months", course=course).level is S, course


def test_jerks_getting_worse_since_a_medicine_change_go_to_a_gp():
    result = check(medication={"changed"}, duration="over_3_months", course="worse")
    assert result.level is G
    assert ("course", "worse") in result.findings[Finding.MEDICINE_CHANGE]


@pytest.mark.parametrize(
    "medicine", ["antidepressant", "strong_painkiller", "nerve_medicine", "antipsychotic", "antihistamine"]
)
def test_a_medicine_that_can_cause_jerks_gives_advice_but_stays_self_care(medicine):
    result = check(medication={medicine})
    assert result.level is S
    assert result.findings[Finding.JERK_CAUSING_MEDICINE] == (("medication", medicine),)


@pytest.mark.parametrize("medicine", ["sleeping_tablets", "other", "diuretic", "acid_reducer", "none"])
def test_other_medicines_are_not_counted_as_causing_jerks(medicine):
    assert Finding.JERK_CAUSING_MEDICINE not in check(medication={medicine}).findings


@pytest.mark.parametrize(
    "condition", ["kidney_disease", "liver_disease", "diabetes", "bowel_disease", "nerve_condition"]
)
def test_a_long_term_condition_with_long_standing_jerks_stays_self_care(condition):
    assert check(health={condition}, duration="over_3_months", course="comes_and_goes").level is S


def test_family_history_is_for_the_doctor_only():
    for family in [{"epilepsy"}, {"restless_legs"}, {"epilepsy", "restless_legs"}, {"none"}, {"not_sure"}]:
        assert check(family=family).findings == check().findings
