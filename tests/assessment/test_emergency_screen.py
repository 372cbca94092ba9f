"""Red flags first: the emergency screen and the head-injury questions (pure unit tests)."""

import pytest

from tests.assessment.expected import (
    CALL_999,
    EMERGENCY_EXPECTED,
    HEAD_INJURY_999,
    HEAD_INJURY_A_AND_E,
    E,
    S,
    check,
    every_set_of,
    set_id,
)
from triage.clinical.assessment import AgeBand, Emergency, Finding

OPTIONS = [option for option in Emergency if option is not Emergency.NONE]


@pytest.mark.parametrize("option", [o for o, f in EMERGENCY_EXPECTED.items() if f], ids=str)
def test_each_emergency_sign_alone_is_an_emergency_that_needs_an_ambulance(option):
    result = check(emergency={option})
    finding = EMERGENCY_EXPECTED[option]
    assert result.level is E
    assert result.findings[finding] == (("emergency", option),)
    assert result.reasons[0].finding == finding
    assert result.call_999


@pytest.mark.parametrize("option", [o for o, f in EMERGENCY_EXPECTED.items() if f], ids=str)
def test_an_emergency_sign_counts_even_with_none_of_these_ticked(option):
    # The form refuses "None of these" with another option; the rules must not rely on that.
    assert check(emergency={option, "none"}).level is E


@pytest.mark.parametrize(
    "ticked",
    every_set_of(OPTIONS),
    ids=set_id,
)
def test_every_combination_of_emergency_signs_is_an_emergency_that_needs_an_ambulance(ticked):
    result = check(emergency=ticked)
    assert result.level is E
    assert result.call_999


@pytest.mark.parametrize("ticked", [{"none"}, set()])
def test_no_emergency_sign_gives_no_emergency(ticked):
    result = check(emergency=ticked)
    assert result.level is S
    assert not set(result.findings) & CALL_999


# --- a head injury in the last 3 months -------------------------------------------------------


@pytest.mark.parametrize("sign", sorted(HEAD_INJURY_999), ids=str)
def test_a_fit_or_new_nerve_signs_after_a_head_injury_need_an_ambulance(sign):
    result = check(same_day={"head_injury"}, head_injury={sign})
    assert result.level is E
    assert result.findings[Finding.HEAD_INJURY_EMERGENCY] == (("same_day", "head_injury"), ("head_injury", sign))
    assert result.call_999
    # A fit since the injury is also a fit that needs an ambulance, so the advice on fits shows too.
    assert (Finding.SEIZURE_EMERGENCY in result.findings) == (sign == "fit_since")


@pytest.mark.parametrize("sign", sorted(HEAD_INJURY_A_AND_E), ids=str)
def test_each_a_and_e_criterion_after_a_head_injury_means_a_and_e_now(sign):
    result = check(same_day={"head_injury"}, head_injury={sign})
    assert result.level is E
    assert result.findings[Finding.HEAD_INJURY_A_AND_E] == (("same_day", "head_injury"), ("head_injury", sign))
    assert not result.call_999


def test_the_older_person_on_warfarin_with_jerks_since_a_fall_goes_to_a_and_e():
    result = check(age="65_plus", same_day={"head_injury"}, head_injury={"blood_thinners", "jerks_since"})
    assert result.level is E
    assert set(result.findings[Finding.HEAD_INJURY_A_AND_E]) == {
        ("same_day", "head_injury"),
        ("head_injury", "blood_thinners"),
        ("head_injury", "jerks_since"),
        ("age", "65_plus"),
    }


def test_a_head_injury_at_65_or_over_means_a_and_e_even_with_no_other_sign():
    result = check(age="65_plus", same_day={"head_injury"}, head_injury={"none"})
    assert result.level is E
    assert (("age", "65_plus")) in result.findings[Finding.HEAD_INJURY_A_AND_E]
    assert not result.call_999


def test_a_head_injury_at_65_or_over_waits_for_the_head_injury_questions_so_a_999_sign_is_asked():
    # Before the follow-up is answered, age alone does not end the questionnaire: the next page may need 999.
    assert check(age="65_plus", same_day={"head_injury"}, head_injury=set()).level is S


@pytest.mark.parametrize("age", [a for a in AgeBand if a not in {AgeBand.AGE_65_PLUS, AgeBand.UNDER_16}], ids=str)
def test_a_recent_head_injury_with_no_sign_under_65_gives_advice_only(age):
    result = check(age=age, same_day={"head_injury"}, head_injury={"none"})
    assert result.level is S
    assert result.findings[Finding.RECENT_HEAD_INJURY] == (("same_day", "head_injury"),)
    assert Finding.HEAD_INJURY_A_AND_E not in result.findings


@pytest.mark.parametrize("sign", sorted(HEAD_INJURY_999 | HEAD_INJURY_A_AND_E), ids=str)
def test_head_injury_answers_count_only_after_a_recent_head_injury(sign):
    # The follow-up is only asked after a head injury; a stray answer alone decides nothing.
    result = check(same_day={"none"}, head_injury={sign})
    assert result.level is S


def test_the_999_sign_wins_over_a_and_e_when_both_are_given():
    result = check(same_day={"head_injury"}, head_injury={"vomiting", "fit_since"})
    assert {Finding.HEAD_INJURY_EMERGENCY, Finding.HEAD_INJURY_A_AND_E} <= set(result.findings)
    assert result.call_999


# --- a fit in pregnancy or after a birth ---------------------------------------------------------


@pytest.mark.parametrize("pregnancy", ["pregnant_under_20", "pregnant_20_plus", "gave_birth"])
@pytest.mark.parametrize("fit", ["first_fit_over", "seizure_signs"])
def test_a_fit_that_is_over_in_pregnancy_or_after_a_birth_is_an_emergency(pregnancy, fit):
    result = check(same_day={fit}, pregnancy={pregnancy})
    assert result.level is E
    assert set(result.findings[Finding.ECLAMPSIA]) == {("same_day", fit), ("pregnancy", pregnancy)}
    assert result.call_999


@pytest.mark.parametrize("pregnancy", ["breastfeeding", "neither", "prefer_not_to_say"])
def test_a_fit_that_is_over_without_pregnancy_or_a_recent_birth_is_same_day(pregnancy):
    result = check(same_day={"first_fit_over"}, pregnancy={pregnancy})
    assert Finding.ECLAMPSIA not in result.findings
    assert result.level is not E


def test_pregnancy_without_any_fit_is_not_an_emergency():
    assert check(pregnancy={"pregnant_20_plus"}, same_day={"spreading_weakness", "stroke_gone"}).level is not E
