"""The same-day screen: signs that need a doctor today (pure unit tests)."""

import pytest

from tests.assessment.expected import SAME_DAY_EXPECTED, E, S, T, check, every_set_of, set_id
from triage.clinical.assessment import Finding


@pytest.mark.parametrize("option", list(SAME_DAY_EXPECTED), ids=str)
def test_each_same_day_sign_alone_means_a_doctor_today(option):
    result = check(same_day={option})
    finding = SAME_DAY_EXPECTED[option]
    assert result.level is T
    assert result.findings[finding] == (("same_day", option),)
    assert result.reasons[0].finding == finding


@pytest.mark.parametrize(
    "ticked",
    every_set_of(SAME_DAY_EXPECTED),
    ids=set_id,
)
def test_every_combination_of_same_day_signs_is_a_doctor_today(ticked):
    result = check(same_day=ticked)
    assert result.level is T
    assert {SAME_DAY_EXPECTED[option] for option in ticked} <= set(result.findings)


def test_a_tia_that_has_passed_is_never_routine():
    # The 70-year-old whose face drooped and arm went weak yesterday for 20 minutes.
    result = check(age="65_plus", same_day={"stroke_gone"}, with_it={"weakness"})
    assert result.level is T
    assert result.reasons[0].finding == Finding.TIA


def test_an_emergency_sign_wins_over_a_same_day_sign():
    result = check(emergency={"stroke_now"}, same_day={"stroke_gone"})
    assert result.level is E
    assert result.reasons[0].finding == Finding.STROKE_SIGNS


@pytest.mark.parametrize("ticked", [{"none"}, set()])
def test_no_same_day_sign_is_self_care(ticked):
    assert check(same_day=ticked).level is S
