"""The rules as a whole: the reviewed table, their sources, and safety properties over many answers."""

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.assessment.expected import (
    ABOVE_SELF_CARE,
    MULTI_CHOICE,
    QUESTION_ENUMS,
    TYPICAL,
    answers,
    assert_consistent,
    check,
)
from triage.clinical.assessment import FINDING_LEVEL, RULES, Answers, Finding, Level, assess


def test_finding_levels_are_the_reviewed_ones():
    assert FINDING_LEVEL == ABOVE_SELF_CARE
    assert Finding.NEEDS_DOCTOR not in FINDING_LEVEL


KNOWN_SOURCES = (
    "NHS",
    "NICE",
    "NIH ODS",
    "ICSD-3-TR",
    "Cochrane",
    "Epilepsy Society",
    "Stroke Association",
    "patient.info",
    "Sleep Foundation",
    "Cleveland Clinic",
    "Source leaflet",
    "clinical-facts.md",
    "BNF",
    "MHRA",
    "DVLA",
    "Kidney Care UK",
    "UK Chief Medical Officers",
)


def test_every_rule_says_when_it_applies_and_names_its_source():
    for rule in RULES:
        assert len(rule.when.split()) >= 3, rule.finding
        assert any(name in rule.source for name in KNOWN_SOURCES), rule.finding
        assert rule.finding is not Finding.NEEDS_DOCTOR


def test_every_finding_but_needs_doctor_comes_from_a_rule():
    assert {rule.finding for rule in RULES} == set(Finding) - {Finding.NEEDS_DOCTOR}


def test_a_finding_has_one_level_whichever_rule_makes_it():
    for rule in RULES:
        assert rule.level == FINDING_LEVEL.get(rule.finding, Level.SELF_CARE), rule.finding


def test_red_flags_are_the_rules_that_need_a_doctor_today_or_sooner():
    assert {r.finding for r in RULES if r.red_flag} == {
        f for f, level in ABOVE_SELF_CARE.items() if level >= Level.TODAY
    }


def test_rules_a_source_leaves_open_say_they_took_the_safer_choice():
    # Where no source gives a level, the rule says so rather than inventing one.
    unsourced = {r.finding for r in RULES if "No source gives a level" in r.source}
    assert unsourced == {
        Finding.INJURIOUS_JERKS,
        Finding.EPILEPSY,
        Finding.TWITCHING_IN_SLEEP,
        Finding.LITHIUM_JERKS,
    }
    for rule in RULES:
        if "No source gives a level" in rule.source:
            assert "safer choice" in rule.source


def test_question_enums_cover_every_answer():
    assert set(QUESTION_ENUMS) == {f.name for f in dataclasses.fields(Answers)}


def test_empty_answers_are_self_care_and_not_called_sleep_starts():
    result = assess(Answers())
    assert result.level is Level.SELF_CARE
    assert result.findings == {}
    assert not result.fits_sleep_starts


def test_from_mapping_reads_lists_lone_codes_and_ignores_unknown_questions():
    mapped = Answers.from_mapping(
        {"age": ["16_24", "25_44"], "timing": "awake", "emergency": ["none", ""], "sex": "male", "warning_signs": ["x"]}
    )
    assert mapped.age == "25_44"
    assert mapped.timing == {"awake"}
    assert mapped.emergency == {"none"}
    assert mapped == Answers(age="25_44", timing=frozenset({"awake"}), emergency=frozenset({"none"}))


def test_assess_accepts_enum_members_as_codes():
    from triage.clinical.assessment import Emergency, Trigger

    as_strings = assess(answers(emergency={"stroke_now"}, triggers={"stress"}))
    as_enums = assess(answers(emergency={Emergency.STROKE_NOW}, triggers={Trigger.STRESS}))
    assert as_strings == as_enums


# --- safety properties ----------------------------------------------------------------------------

BASES = {
    "typical": {},
    "awake flickers": {"timing": {"awake"}, "character": {"flicker"}, "awake_duration": "under_2_weeks"},
    "older, recent head injury": {"age": "65_plus", "same_day": {"head_injury"}, "head_injury": {"none"}},
    "pregnant": {"pregnancy": {"pregnant_20_plus"}},
    "kidney disease": {"health": {"kidney_disease"}},
    "restless legs urge": {"with_it": {"urge_to_move"}, "restless_legs": {"eased_by_moving"}},
}
NOTHING = {"none", "not_sure", "neither", "prefer_not_to_say"}
GIVES_WAY_TO = {Finding.MAGNESIUM_NEED: Finding.KIDNEY_DISEASE, Finding.ALCOHOL: Finding.ALCOHOL_IN_PREGNANCY}
"""Self-care findings that a risk group replaces: no magnesium advice with kidney disease, no units in pregnancy."""


def _one_more_ticked():
    for base_name, base in BASES.items():
        for question in sorted(MULTI_CHOICE):
            for code in QUESTION_ENUMS[question]:
                if code in NOTHING:
                    continue
                yield pytest.param(base, question, code, id=f"{base_name}:{question}={code}")


@pytest.mark.parametrize(("base", "question", "code"), list(_one_more_ticked()))
def test_ticking_one_more_option_never_lowers_the_level(base, question, code):
    before = check(**base)
    ticked = set(answers(**base).chosen(question)) - NOTHING
    after = check(**{**base, question: ticked | {code}})
    assert after.level >= before.level
    # Advice that no longer fits the person gives way to the advice that does (never a change of level).
    gave_way = {finding for finding, instead in GIVES_WAY_TO.items() if instead in after.findings}
    assert set(before.findings) - {Finding.SLEEP_STARTS} - gave_way <= set(after.findings) | {Finding.NEEDS_DOCTOR}


def _answer_strategy():
    parts = {}
    for name, enum in QUESTION_ENUMS.items():
        codes = [member.value for member in enum]
        if name in MULTI_CHOICE:
            parts[name] = st.frozensets(st.sampled_from(codes), max_size=4)
        else:
            parts[name] = st.one_of(st.none(), st.sampled_from(codes))
    return st.fixed_dictionaries(parts).map(lambda values: Answers(**values))


@settings(max_examples=400, deadline=None)
@given(_answer_strategy())
def test_every_result_is_consistent_for_any_answers(given_answers):
    assert_consistent(assess(given_answers), given_answers)


@settings(max_examples=300, deadline=None)
@given(_answer_strategy())
def test_an_emergency_answer_is_always_an_emergency(given_answers):
    emergency = given_answers.emergency - {"none", "head_injury"}
    if emergency:
        assert assess(given_answers).level is Level.EMERGENCY


def test_the_typical_persona_is_the_one_the_tests_share():
    from tests.personas import TYPICAL as SHARED

    shared = Answers.from_mapping(SHARED)
    assert assess(shared).level is Level.SELF_CARE
    assert set(TYPICAL) <= set(SHARED)


@settings(max_examples=300, deadline=None)
@given(_answer_strategy())
def test_an_emergency_comes_only_from_age_and_the_screening_questions(given_answers):
    # The questionnaire's branching reads only these to know whether an emergency has ended it.
    from triage.questionnaire.questions import SCREEN, screened

    mapping = {f.name: getattr(given_answers, f.name) for f in dataclasses.fields(Answers)}
    whole = assess(given_answers)
    screen = screened({name: _as_given(mapping[name]) for name in SCREEN})
    assert (whole.level == Level.EMERGENCY) == (screen.level == Level.EMERGENCY)
    assert whole.call_999 == screen.call_999


def _as_given(value):
    return sorted(value) if isinstance(value, frozenset) else value


# --- the building blocks of a rule ----------------------------------------------------------------


def test_said_gives_the_answers_given_and_nothing_else():
    from triage.clinical.assessment import said

    given = answers(timing={"falling_asleep", "awake"}, strength="mild")
    assert said("timing", "awake", "after_waking")(given) == (("timing", "awake"),)
    assert said("strength", "mild")(given) == (("strength", "mild"),)
    assert said("strength", "injury")(given) == ()
    assert said("age", "65_plus")(Answers()) == ()


def test_all_of_needs_every_part_and_gives_all_their_answers():
    from triage.clinical.assessment import all_of, said

    given = answers(timing={"awake"}, character={"jerk"})
    both = all_of(said("timing", "awake"), said("character", "jerk", "not_sure"))
    assert both(given) == (("timing", "awake"), ("character", "jerk"))
    assert all_of(said("timing", "awake"), said("character", "flicker"))(given) == ()


def test_any_of_gives_the_answers_of_every_part_that_is_met():
    from triage.clinical.assessment import any_of, said

    given = answers(health={"diabetes"}, medication={"diuretic"})
    either = any_of(said("health", "diabetes"), said("medication", "diuretic"), said("age", "65_plus"))
    assert either(given) == (("health", "diabetes"), ("medication", "diuretic"))
    assert any_of(said("age", "65_plus"))(given) == ()


def test_chosen_reads_a_single_answer_as_a_set():
    assert answers(strength="mild").chosen("strength") == {"mild"}
    assert Answers().chosen("strength") == frozenset()
    assert answers(timing={"awake"}).chosen("timing") == {"awake"}


def test_a_finding_given_two_levels_by_two_rules_is_refused(monkeypatch):
    from triage.clinical import assessment
    from triage.clinical.assessment import Rule, said

    assert assessment._levels_by_finding() == ABOVE_SELF_CARE
    clash = Rule(Finding.TIA, Level.GP, "the same finding at another level", "NHS", said("same_day", "stroke_gone"))
    monkeypatch.setattr(assessment, "RULES", (*assessment.RULES, clash))
    with pytest.raises(ValueError, match="tia has two levels"):
        assessment._levels_by_finding()
