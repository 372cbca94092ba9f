"""Exhaustive unit tests for the clinical core in ``triage/assessment.py``.

Pure Python: no database, no Django test client. The expected findings and levels are written
out here on purpose (not read from the module's own tables), so that a change to a clinical
rule in ``assessment.py`` makes a test fail and has to be made on purpose in both places.
"""

from __future__ import annotations

import dataclasses
import itertools

import pytest

from triage.assessment import (
    FINDING_LEVEL,
    AgeBand,
    Answers,
    DaytimeImpact,
    Duration,
    Finding,
    Frequency,
    Level,
    MagnesiumFactor,
    MedicineChange,
    Muscle,
    Pregnancy,
    Reason,
    Sensation,
    Sex,
    SleepImpact,
    Timing,
    TriageResult,
    Trigger,
    WarningSign,
    assess,
    find,
)

# --- the expected clinical rules, written out independently of the module ---------------------

# A person with typical, harmless sleep starts: the base that every test changes.
TYPICAL = {
    "age": "25_44",
    "sex": "male",
    "timing": {"falling_asleep"},
    "muscles": {"legs"},
    "frequency": "some_nights",
    "duration": "2_weeks_to_3_months",
    "sleep_impact": "none",
    "daytime_impact": "none",
    "sensations": {"falling"},
    "warning_signs": {"none"},
    "triggers": {"none"},
    "magnesium": {"none"},
    "medicines": "no",
}

MULTI_CHOICE = {"timing", "muscles", "sensations", "warning_signs", "triggers", "magnesium"}

# Which enum holds the valid codes of each question.
QUESTION_ENUMS = {
    "age": AgeBand,
    "sex": Sex,
    "timing": Timing,
    "muscles": Muscle,
    "frequency": Frequency,
    "duration": Duration,
    "sleep_impact": SleepImpact,
    "daytime_impact": DaytimeImpact,
    "sensations": Sensation,
    "warning_signs": WarningSign,
    "triggers": Trigger,
    "pregnancy": Pregnancy,
    "magnesium": MagnesiumFactor,
    "medicines": MedicineChange,
}

# Each warning sign on its own: the finding it gives and how urgent that is.
SIGN_EXPECTED: dict[str, tuple[Finding, Level]] = {
    "stroke_now": (Finding.STROKE_SIGNS, Level.EMERGENCY),
    "seizure_signs": (Finding.POSSIBLE_SEIZURE, Level.TODAY),
    "head_injury": (Finding.HEAD_INJURY, Level.TODAY),
    "weakness": (Finding.WEAKNESS_OR_WASTING, Level.GP),
    "wasting": (Finding.WEAKNESS_OR_WASTING, Level.GP),
    "spreading": (Finding.SPREADING_TWITCHING, Level.GP),
    "numbness": (Finding.SENSORY_SYMPTOMS, Level.GP),
    "morning_jerks": (Finding.MORNING_JERKS, Level.GP),
    "restless_legs": (Finding.RESTLESS_LEGS, Level.GP),
    "partner_sees_kicks": (Finding.LIMB_MOVEMENTS, Level.GP),
    "breathing_pauses": (Finding.BREATHING_PAUSES, Level.GP),
}
SIGNS = [sign for sign in WarningSign if sign is not WarningSign.NONE]
NERVE_SIGNS = ["weakness", "wasting", "spreading"]

TRIGGER_EXPECTED: dict[str, Finding] = {
    "stress": Finding.STRESS,
    "caffeine": Finding.CAFFEINE,
    "nicotine": Finding.NICOTINE,
    "alcohol": Finding.ALCOHOL,
    "evening_exercise": Finding.EVENING_EXERCISE,
    "short_sleep": Finding.IRREGULAR_SLEEP,
    "shift_work": Finding.SHIFT_WORK,
}
TRIGGER_FINDINGS = set(TRIGGER_EXPECTED.values())

MAGNESIUM_NEED_FACTORS = ["cramps", "hard_training", "low_magnesium_diet", "long_term_medicines"]

# Findings that raise the level above self-care. Every other finding is self-care.
ABOVE_SELF_CARE: dict[Finding, Level] = {
    Finding.STROKE_SIGNS: Level.EMERGENCY,
    Finding.POSSIBLE_SEIZURE: Level.TODAY,
    Finding.HEAD_INJURY: Level.TODAY,
    Finding.POSSIBLE_NERVE_DISEASE: Level.GP,
    Finding.WEAKNESS_OR_WASTING: Level.GP,
    Finding.SPREADING_TWITCHING: Level.GP,
    Finding.SENSORY_SYMPTOMS: Level.GP,
    Finding.MORNING_JERKS: Level.GP,
    Finding.RESTLESS_LEGS: Level.GP,
    Finding.LIMB_MOVEMENTS: Level.GP,
    Finding.BREATHING_PAUSES: Level.GP,
    Finding.SLEEP_PROBLEM: Level.GP,
    Finding.LASTING_EYELID_TWITCHING: Level.GP,
    Finding.MEDICINE_CHANGE: Level.GP,
}


def answers(**changes) -> Answers:
    """The typical harmless case with some answers changed; a lone string is fine for a multi-choice."""
    values = {**TYPICAL, **changes}
    for name in MULTI_CHOICE:
        value = values.get(name)
        values[name] = frozenset({value} if isinstance(value, str) else value or ())
    return Answers(**values)


def expected_level(signs) -> Level:
    return max((SIGN_EXPECTED[sign][1] for sign in signs), default=Level.SELF_CARE)


def reason_for(result: TriageResult, finding: Finding) -> Reason:
    matching = [reason for reason in result.reasons if reason.finding == finding]
    assert len(matching) == 1, f"expected exactly one reason for {finding}, got {result.reasons}"
    return matching[0]


def assert_consistent(result: TriageResult, given: Answers) -> None:
    """Invariants that hold for every result: checked on every case the tests build."""
    # The level is the most urgent finding, self-care when nothing is urgent.
    urgent = {f: ABOVE_SELF_CARE[f] for f in result.findings if f in ABOVE_SELF_CARE}
    assert result.level == max(urgent.values(), default=Level.SELF_CARE)
    # One reason per urgent finding, with that finding's level, and nothing else.
    assert [r.finding for r in result.reasons].count(Finding.NEEDS_DOCTOR) == 0
    assert {r.finding: r.level for r in result.reasons} == urgent
    assert len(result.reasons) == len(urgent)
    assert all(r.level > Level.SELF_CARE for r in result.reasons)
    assert all(r.evidence == result.findings[r.finding] for r in result.reasons)
    # Most urgent first.
    levels = [r.level for r in result.reasons]
    assert levels == sorted(levels, reverse=True)
    # A doctor is needed exactly when the level is GP or higher.
    assert (Finding.NEEDS_DOCTOR in result.findings) == (result.level >= Level.GP)
    # Sleep starts are always there.
    assert Finding.SLEEP_STARTS in result.findings
    # Evidence: ("question", "code") pairs, a real question, a real code, and what the person said.
    fields = {f.name for f in dataclasses.fields(Answers)}
    all_evidence = [e for ev in result.findings.values() for e in ev] + [e for r in result.reasons for e in r.evidence]
    for pair in all_evidence:
        assert isinstance(pair, tuple) and len(pair) == 2, pair
        question, code = pair
        assert question in fields, pair
        assert code in {member.value for member in QUESTION_ENUMS[question]}, pair
        said = getattr(given, question)
        assert (code in said) if question in MULTI_CHOICE else (code == said), pair
    # find() and assess() agree on everything but NEEDS_DOCTOR.
    assert {f: e for f, e in result.findings.items() if f != Finding.NEEDS_DOCTOR} == find(given)


def check(**changes) -> TriageResult:
    given = answers(**changes)
    result = assess(given)
    assert_consistent(result, given)
    return result


# --- the tables the module uses are the ones reviewed here ---------------------------------


def test_level_order_most_urgent_highest():
    assert Level.EMERGENCY > Level.TODAY > Level.GP > Level.SELF_CARE
    assert max(Level) is Level.EMERGENCY


def test_finding_levels_are_the_reviewed_ones():
    assert FINDING_LEVEL == ABOVE_SELF_CARE
    assert Finding.NEEDS_DOCTOR not in FINDING_LEVEL


def test_every_warning_sign_has_an_expected_outcome():
    assert set(SIGN_EXPECTED) == {sign.value for sign in SIGNS}


def test_every_trigger_has_an_expected_outcome():
    assert set(TRIGGER_EXPECTED) == {t.value for t in Trigger} - {"none", "not_sure"}


def test_question_enums_cover_every_answer():
    assert set(QUESTION_ENUMS) == {f.name for f in dataclasses.fields(Answers)}
    assert {name for name, f in Answers.__dataclass_fields__.items() if f.default == frozenset()} == MULTI_CHOICE


# --- the typical, harmless case ---------------------------------------------------------------


def test_typical_case_is_self_care_with_no_reasons():
    result = check()
    assert result.level is Level.SELF_CARE
    assert result.reasons == ()
    assert result.findings == {Finding.SLEEP_STARTS: (("timing", "falling_asleep"),)}


def test_empty_answers_are_self_care_with_sleep_starts():
    result = assess(Answers())
    assert_consistent(result, Answers())
    assert result.level is Level.SELF_CARE
    assert result.reasons == ()
    assert result.findings == {Finding.SLEEP_STARTS: ()}


@pytest.mark.parametrize("timing", [set(), {"not_sure"}, {"awake"}, {"during_sleep"}], ids=repr)
def test_sleep_starts_present_without_falling_asleep_but_without_evidence(timing):
    result = check(timing=timing)
    assert result.findings[Finding.SLEEP_STARTS] == ()


@pytest.mark.parametrize(
    "timing",
    [set(combo) for n in range(len(Timing) + 1) for combo in itertools.combinations([t.value for t in Timing], n)],
    ids=lambda t: "+".join(sorted(t)) or "empty",
)
def test_sleep_starts_always_present_for_every_timing(timing):
    result = check(timing=timing)
    expected = (("timing", "falling_asleep"),) if "falling_asleep" in timing else ()
    assert result.findings[Finding.SLEEP_STARTS] == expected


def test_assess_is_deterministic_and_accepts_enum_members_as_codes():
    as_strings = assess(answers(warning_signs={"stroke_now", "numbness"}, triggers={"stress"}))
    as_enums = assess(answers(warning_signs={WarningSign.STROKE_NOW, WarningSign.NUMBNESS}, triggers={Trigger.STRESS}))
    assert as_strings == as_enums
    assert as_strings == assess(answers(warning_signs={"stroke_now", "numbness"}, triggers={"stress"}))


# --- every warning sign alone -------------------------------------------------------------------


@pytest.mark.parametrize("sign", SIGNS, ids=str)
def test_warning_sign_alone(sign):
    finding, level = SIGN_EXPECTED[sign]
    result = check(warning_signs={sign})
    assert result.level is level
    assert result.findings[finding] == (("warning_signs", sign),)
    assert result.reasons == (Reason(finding, level, (("warning_signs", sign),)),)
    assert ("warning_signs", sign) in result.findings[Finding.NEEDS_DOCTOR]


@pytest.mark.parametrize("sign", SIGNS, ids=str)
def test_warning_sign_still_counts_when_none_is_also_ticked(sign):
    # The form stops "none" being ticked with another sign; the rules must not rely on that.
    result = check(warning_signs={sign, "none"})
    assert result.level is SIGN_EXPECTED[sign][1]


@pytest.mark.parametrize("signs", [set(), {"none"}], ids=repr)
def test_no_warning_signs_is_self_care(signs):
    result = check(warning_signs=signs)
    assert result.level is Level.SELF_CARE
    assert not set(result.findings) & {finding for finding, _ in SIGN_EXPECTED.values()}


def test_weakness_and_wasting_share_one_finding_with_both_as_evidence():
    result = check(warning_signs={"weakness", "wasting"})
    assert set(result.findings[Finding.WEAKNESS_OR_WASTING]) == {
        ("warning_signs", "weakness"),
        ("warning_signs", "wasting"),
    }
    assert len(result.findings[Finding.WEAKNESS_OR_WASTING]) == 2
    assert result.level is Level.GP


# --- triggers -------------------------------------------------------------------------------------


@pytest.mark.parametrize("trigger", list(TRIGGER_EXPECTED), ids=str)
def test_trigger_alone_gives_its_finding_and_stays_self_care(trigger):
    result = check(triggers={trigger})
    finding = TRIGGER_EXPECTED[trigger]
    assert result.findings[finding] == (("triggers", trigger),)
    assert set(result.findings) & TRIGGER_FINDINGS == {finding}
    assert result.level is Level.SELF_CARE
    assert result.reasons == ()


@pytest.mark.parametrize("triggers", [{"none"}, {"not_sure"}, set()], ids=repr)
def test_no_trigger_gives_no_trigger_finding(triggers):
    result = check(triggers=triggers)
    assert not set(result.findings) & TRIGGER_FINDINGS
    assert result.level is Level.SELF_CARE


def test_all_triggers_together_give_all_findings_and_stay_self_care():
    result = check(triggers=set(TRIGGER_EXPECTED))
    assert set(result.findings) & TRIGGER_FINDINGS == TRIGGER_FINDINGS
    assert result.level is Level.SELF_CARE
    assert result.reasons == ()


# --- magnesium, pregnancy and kidney disease --------------------------------------------------


@pytest.mark.parametrize("factor", MAGNESIUM_NEED_FACTORS, ids=str)
def test_magnesium_factor_alone_gives_magnesium_need(factor):
    result = check(magnesium={factor})
    assert result.findings[Finding.MAGNESIUM_NEED] == (("magnesium", factor),)
    assert Finding.KIDNEY_DISEASE not in result.findings
    assert result.level is Level.SELF_CARE
    assert result.reasons == ()


def test_kidney_disease_alone_is_not_a_magnesium_need():
    result = check(magnesium={"kidney_disease"})
    assert result.findings[Finding.KIDNEY_DISEASE] == (("magnesium", "kidney_disease"),)
    assert Finding.MAGNESIUM_NEED not in result.findings
    assert result.level is Level.SELF_CARE
    assert result.reasons == ()


def test_kidney_disease_is_kept_alongside_a_magnesium_need():
    # The advice needs both, so it can warn against supplements with kidney disease.
    result = check(magnesium={"kidney_disease", "cramps"})
    assert result.findings[Finding.KIDNEY_DISEASE] == (("magnesium", "kidney_disease"),)
    assert result.findings[Finding.MAGNESIUM_NEED] == (("magnesium", "cramps"),)


def test_all_magnesium_factors_are_evidence_of_one_need():
    result = check(magnesium=set(MAGNESIUM_NEED_FACTORS))
    assert set(result.findings[Finding.MAGNESIUM_NEED]) == {("magnesium", f) for f in MAGNESIUM_NEED_FACTORS}
    assert len(result.findings[Finding.MAGNESIUM_NEED]) == len(MAGNESIUM_NEED_FACTORS)


@pytest.mark.parametrize("magnesium", [{"none"}, set()], ids=repr)
def test_no_magnesium_factor_gives_no_magnesium_finding(magnesium):
    result = check(magnesium=magnesium)
    assert not {Finding.MAGNESIUM_NEED, Finding.KIDNEY_DISEASE} & set(result.findings)


@pytest.mark.parametrize(
    ("pregnancy", "finding"),
    [("pregnant", Finding.PREGNANT), ("breastfeeding", Finding.BREASTFEEDING)],
)
def test_pregnant_or_breastfeeding_gives_own_finding_and_magnesium_need(pregnancy, finding):
    result = check(sex="female", pregnancy=pregnancy)
    assert result.findings[finding] == (("pregnancy", pregnancy),)
    assert result.findings[Finding.MAGNESIUM_NEED] == (("pregnancy", pregnancy),)
    other = ({Finding.PREGNANT, Finding.BREASTFEEDING} - {finding}).pop()
    assert other not in result.findings
    assert result.level is Level.SELF_CARE
    assert result.reasons == ()


def test_pregnancy_and_a_magnesium_factor_both_are_evidence_of_the_need():
    result = check(sex="female", pregnancy="pregnant", magnesium={"cramps"})
    assert set(result.findings[Finding.MAGNESIUM_NEED]) == {("pregnancy", "pregnant"), ("magnesium", "cramps")}


@pytest.mark.parametrize("pregnancy", ["neither", "prefer_not_to_say", None])
def test_not_pregnant_or_not_saying_gives_no_pregnancy_finding(pregnancy):
    result = check(sex="female", pregnancy=pregnancy)
    assert not {Finding.PREGNANT, Finding.BREASTFEEDING, Finding.MAGNESIUM_NEED} & set(result.findings)


def test_every_magnesium_and_pregnancy_answer_together_stays_self_care():
    for pregnancy in Pregnancy:
        for n in range(len(MagnesiumFactor) + 1):
            for factors in itertools.combinations(list(MagnesiumFactor), n):
                result = check(sex="female", pregnancy=pregnancy, magnesium=set(factors))
                assert result.level is Level.SELF_CARE, (pregnancy, factors)
                assert result.reasons == ()


# --- timing and muscles --------------------------------------------------------------------------


def test_twitching_during_sleep_is_self_care():
    result = check(timing={"during_sleep"})
    assert result.findings[Finding.TWITCHING_IN_SLEEP] == (("timing", "during_sleep"),)
    assert Finding.DAYTIME_TWITCHING not in result.findings
    assert result.level is Level.SELF_CARE


def test_twitching_while_awake_is_self_care():
    result = check(timing={"awake"})
    assert result.findings[Finding.DAYTIME_TWITCHING] == (("timing", "awake"),)
    assert Finding.TWITCHING_IN_SLEEP not in result.findings
    assert Finding.POSSIBLE_NERVE_DISEASE not in result.findings
    assert result.level is Level.SELF_CARE


@pytest.mark.parametrize("duration", ["under_2_weeks", "not_sure"])
def test_new_eyelid_twitching_while_awake_is_self_care(duration):
    result = check(timing={"awake"}, muscles={"face_eyelid"}, duration=duration)
    assert result.findings[Finding.EYELID_TWITCHING] == (("timing", "awake"), ("muscles", "face_eyelid"))
    assert Finding.LASTING_EYELID_TWITCHING not in result.findings
    assert result.level is Level.SELF_CARE
    assert result.reasons == ()


@pytest.mark.parametrize("duration", ["2_weeks_to_3_months", "over_3_months"])
def test_eyelid_twitching_while_awake_for_weeks_is_gp(duration):
    result = check(timing={"awake"}, muscles={"face_eyelid"}, duration=duration)
    assert result.findings[Finding.LASTING_EYELID_TWITCHING] == (
        ("timing", "awake"),
        ("muscles", "face_eyelid"),
        ("duration", duration),
    )
    assert result.level is Level.GP


@pytest.mark.parametrize("duration", ["2_weeks_to_3_months", "over_3_months"])
def test_lasting_face_twitching_only_at_sleep_onset_is_self_care(duration):
    result = check(timing={"falling_asleep"}, muscles={"face_eyelid"}, duration=duration)
    assert Finding.LASTING_EYELID_TWITCHING not in result.findings
    assert result.level is Level.SELF_CARE


@pytest.mark.parametrize("timing", [{"falling_asleep"}, {"during_sleep"}, {"not_sure"}, set()], ids=repr)
def test_face_or_eyelid_without_awake_is_not_eyelid_twitching(timing):
    result = check(timing=timing, muscles={"face_eyelid"})
    assert Finding.EYELID_TWITCHING not in result.findings


@pytest.mark.parametrize("muscles", [{"legs"}, {"arms", "trunk"}, {"whole_body"}, {"not_sure"}, set()], ids=repr)
def test_awake_without_face_or_eyelid_is_not_eyelid_twitching(muscles):
    result = check(timing={"awake"}, muscles=muscles)
    assert Finding.EYELID_TWITCHING not in result.findings


@pytest.mark.parametrize("sign", NERVE_SIGNS, ids=str)
def test_awake_with_a_nerve_sign_is_possible_nerve_disease_at_gp(sign):
    result = check(timing={"awake"}, warning_signs={sign})
    assert result.findings[Finding.POSSIBLE_NERVE_DISEASE] == (("timing", "awake"), ("warning_signs", sign))
    assert reason_for(result, Finding.POSSIBLE_NERVE_DISEASE).level is Level.GP
    own = SIGN_EXPECTED[sign][0]
    assert reason_for(result, own).level is Level.GP
    assert result.level is Level.GP


def test_awake_with_all_nerve_signs_names_them_all():
    result = check(timing={"awake", "falling_asleep"}, warning_signs=set(NERVE_SIGNS))
    evidence = result.findings[Finding.POSSIBLE_NERVE_DISEASE]
    assert evidence[0] == ("timing", "awake")
    assert set(evidence[1:]) == {("warning_signs", s) for s in NERVE_SIGNS}
    assert len(evidence) == 4
    assert result.level is Level.GP


@pytest.mark.parametrize("sign", NERVE_SIGNS, ids=str)
@pytest.mark.parametrize("timing", [{"falling_asleep"}, {"during_sleep"}, {"not_sure"}, set()], ids=repr)
def test_nerve_sign_without_awake_is_not_nerve_disease_but_still_gp(sign, timing):
    result = check(timing=timing, warning_signs={sign})
    assert Finding.POSSIBLE_NERVE_DISEASE not in result.findings
    own = SIGN_EXPECTED[sign][0]
    assert result.findings[own] == (("warning_signs", sign),)
    assert result.level is Level.GP


@pytest.mark.parametrize("sign", [s for s in SIGNS if s.value not in NERVE_SIGNS], ids=str)
def test_awake_with_another_warning_sign_is_not_nerve_disease(sign):
    result = check(timing={"awake"}, warning_signs={sign})
    assert Finding.POSSIBLE_NERVE_DISEASE not in result.findings
    assert result.level is SIGN_EXPECTED[sign][1]


# --- sleep problem -----------------------------------------------------------------------------


def test_bad_sleep_most_nights_for_over_3_months_is_a_sleep_problem_at_gp():
    result = check(sleep_impact="most_nights", duration="over_3_months")
    assert result.findings[Finding.SLEEP_PROBLEM] == (("sleep_impact", "most_nights"), ("duration", "over_3_months"))
    assert result.level is Level.GP
    assert result.reasons == (
        Reason(Finding.SLEEP_PROBLEM, Level.GP, (("sleep_impact", "most_nights"), ("duration", "over_3_months"))),
    )


@pytest.mark.parametrize("duration", [d.value for d in Duration if d is not Duration.OVER_3_MONTHS] + [None])
def test_bad_sleep_most_nights_for_a_shorter_or_unknown_time_is_not_a_sleep_problem(duration):
    result = check(sleep_impact="most_nights", duration=duration)
    assert Finding.SLEEP_PROBLEM not in result.findings
    assert result.level is Level.SELF_CARE


@pytest.mark.parametrize("sleep_impact", [s.value for s in SleepImpact if s is not SleepImpact.MOST_NIGHTS] + [None])
def test_over_3_months_without_bad_sleep_most_nights_is_not_a_sleep_problem(sleep_impact):
    result = check(sleep_impact=sleep_impact, duration="over_3_months")
    assert Finding.SLEEP_PROBLEM not in result.findings
    assert result.level is Level.SELF_CARE


def test_daytime_sleepiness_affecting_daily_life_alone_is_a_sleep_problem_at_gp():
    result = check(daytime_impact="affects_daily_life")
    assert result.findings[Finding.SLEEP_PROBLEM] == (("daytime_impact", "affects_daily_life"),)
    assert result.level is Level.GP


@pytest.mark.parametrize("daytime_impact", ["tired", "none", None])
def test_tired_or_no_daytime_impact_is_not_a_sleep_problem(daytime_impact):
    result = check(daytime_impact=daytime_impact)
    assert Finding.SLEEP_PROBLEM not in result.findings
    assert result.level is Level.SELF_CARE


def test_both_sleep_problem_routes_give_one_reason_with_all_evidence():
    result = check(sleep_impact="most_nights", duration="over_3_months", daytime_impact="affects_daily_life")
    assert result.findings[Finding.SLEEP_PROBLEM] == (
        ("sleep_impact", "most_nights"),
        ("duration", "over_3_months"),
        ("daytime_impact", "affects_daily_life"),
    )
    assert [r.finding for r in result.reasons] == [Finding.SLEEP_PROBLEM]


def test_every_sleep_answer_combination():
    for impact, duration, daytime in itertools.product([*SleepImpact, None], [*Duration, None], [*DaytimeImpact, None]):
        result = check(sleep_impact=impact, duration=duration, daytime_impact=daytime)
        expected = (impact == "most_nights" and duration == "over_3_months") or daytime == "affects_daily_life"
        assert (Finding.SLEEP_PROBLEM in result.findings) == expected, (impact, duration, daytime)
        assert result.level is (Level.GP if expected else Level.SELF_CARE)


# --- medicines -------------------------------------------------------------------------------------


def test_recent_medicine_change_is_gp():
    result = check(medicines="yes")
    assert result.findings[Finding.MEDICINE_CHANGE] == (("medicines", "yes"),)
    assert result.level is Level.GP
    assert result.reasons == (Reason(Finding.MEDICINE_CHANGE, Level.GP, (("medicines", "yes"),)),)


@pytest.mark.parametrize("medicines", ["no", "not_sure", None])
def test_no_or_unsure_medicine_change_gives_nothing(medicines):
    result = check(medicines=medicines)
    assert Finding.MEDICINE_CHANGE not in result.findings
    assert result.level is Level.SELF_CARE


# --- needs a doctor -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"triggers": {"stress", "caffeine"}},
        {"timing": {"awake"}, "muscles": {"face_eyelid"}},
        {"medicines": "yes"},
        {"daytime_impact": "affects_daily_life"},
        {"warning_signs": {"restless_legs"}},
        {"warning_signs": {"head_injury"}},
        {"warning_signs": {"seizure_signs"}},
        {"warning_signs": {"stroke_now"}},
    ],
    ids=repr,
)
def test_needs_doctor_exactly_when_gp_or_above(changes):
    result = check(**changes)
    assert (Finding.NEEDS_DOCTOR in result.findings) is (result.level >= Level.GP)


def test_needs_doctor_evidence_is_the_evidence_of_every_reason():
    result = check(timing={"awake"}, warning_signs={"weakness", "head_injury"}, medicines="yes")
    assert set(result.findings[Finding.NEEDS_DOCTOR]) == {e for r in result.reasons for e in r.evidence}
    assert Finding.NEEDS_DOCTOR not in {r.finding for r in result.reasons}


def test_self_care_findings_never_become_reasons():
    result = check(
        sex="female",
        pregnancy="pregnant",
        timing={"falling_asleep", "during_sleep", "awake"},
        muscles={"face_eyelid"},
        duration="under_2_weeks",
        triggers=set(TRIGGER_EXPECTED),
        magnesium={f.value for f in MagnesiumFactor if f is not MagnesiumFactor.NONE},
    )
    self_care = {
        Finding.SLEEP_STARTS,
        Finding.TWITCHING_IN_SLEEP,
        Finding.DAYTIME_TWITCHING,
        Finding.EYELID_TWITCHING,
        Finding.PREGNANT,
        Finding.MAGNESIUM_NEED,
        Finding.KIDNEY_DISEASE,
        *TRIGGER_FINDINGS,
    }
    assert set(result.findings) == self_care
    assert result.level is Level.SELF_CARE
    assert result.reasons == ()


# --- combinations: the highest level wins ---------------------------------------------------------


@pytest.mark.parametrize("pair", list(itertools.combinations(SIGNS, 2)), ids=lambda p: "+".join(p))
def test_every_pair_of_warning_signs_highest_wins(pair):
    result = check(warning_signs=set(pair))
    assert result.level is expected_level(pair)
    assert result.reasons[0].level is expected_level(pair)
    assert {r.finding for r in result.reasons} == {SIGN_EXPECTED[s][0] for s in pair}


REPRESENTATIVE = ["stroke_now", "seizure_signs", "head_injury", "restless_legs", "numbness"]


@pytest.mark.parametrize(
    "signs",
    [set(c) for n in range(len(REPRESENTATIVE) + 1) for c in itertools.combinations(REPRESENTATIVE, n)],
    ids=lambda s: "+".join(sorted(s)) or "no_signs",
)
@pytest.mark.parametrize("triggers", [{"none"}, {"stress", "caffeine", "short_sleep"}], ids=["no_triggers", "triggers"])
def test_representative_subsets_highest_wins_most_urgent_first(signs, triggers):
    result = check(warning_signs=signs or {"none"}, triggers=triggers)
    assert result.level is expected_level(signs)
    assert {r.finding for r in result.reasons} == {SIGN_EXPECTED[s][0] for s in signs}
    assert [r.level for r in result.reasons] == sorted((SIGN_EXPECTED[s][1] for s in signs), reverse=True)
    if "stroke_now" in signs:
        assert result.reasons[0].finding is Finding.STROKE_SIGNS
    # Triggers never change the level or the reasons.
    without_triggers = assess(answers(warning_signs=signs or {"none"}))
    assert result.level is without_triggers.level
    assert result.reasons == without_triggers.reasons


def test_emergency_with_everything_else_ticked_is_still_emergency_stroke_first():
    result = check(
        sex="female",
        pregnancy="pregnant",
        timing={t.value for t in Timing},
        muscles={m.value for m in Muscle},
        frequency="most_nights",
        duration="over_3_months",
        sleep_impact="most_nights",
        daytime_impact="affects_daily_life",
        sensations={s.value for s in Sensation},
        warning_signs={s.value for s in WarningSign},
        triggers={t.value for t in Trigger},
        magnesium={m.value for m in MagnesiumFactor},
        medicines="yes",
    )
    assert result.level is Level.EMERGENCY
    assert result.reasons[0].finding is Finding.STROKE_SIGNS
    assert result.reasons[0].evidence == (("warning_signs", "stroke_now"),)
    assert {r.finding for r in result.reasons} == set(ABOVE_SELF_CARE)
    assert [r.level for r in result.reasons[:3]] == [Level.EMERGENCY, Level.TODAY, Level.TODAY]


@pytest.mark.parametrize(
    ("changes", "level", "first"),
    [
        ({"warning_signs": {"head_injury"}, "medicines": "yes"}, Level.TODAY, Finding.HEAD_INJURY),
        ({"warning_signs": {"seizure_signs"}, "daytime_impact": "affects_daily_life"}, Level.TODAY, None),
        ({"warning_signs": {"stroke_now"}, "timing": {"awake"}}, Level.EMERGENCY, Finding.STROKE_SIGNS),
        ({"medicines": "yes", "daytime_impact": "affects_daily_life"}, Level.GP, None),
    ],
    ids=["head_injury+medicine", "seizure+sleep", "stroke+awake", "medicine+sleep"],
)
def test_warning_signs_and_other_gp_rules_combine(changes, level, first):
    result = check(**changes)
    assert result.level is level
    if first is not None:
        assert result.reasons[0].finding is first
    assert result.reasons[0].level is level


# --- property-style: every subset of warning signs --------------------------------------------------


@pytest.mark.parametrize("timing", [{"falling_asleep"}, {"falling_asleep", "awake"}], ids=["asleep", "awake"])
def test_every_subset_of_warning_signs(timing):
    count = 0
    for n in range(len(SIGNS) + 1):
        for combo in itertools.combinations(SIGNS, n):
            given = answers(timing=timing, warning_signs=set(combo) or {"none"})
            result = assess(given)
            assert_consistent(result, given)
            assert result.level is expected_level(combo), combo
            for sign in combo:
                finding, level = SIGN_EXPECTED[sign]
                assert ("warning_signs", sign) in result.findings[finding], combo
                assert reason_for(result, finding).level is level, combo
            for finding in result.findings:
                if finding in FINDING_LEVEL:
                    assert reason_for(result, finding).level is FINDING_LEVEL[finding], combo
            nerve = "awake" in timing and bool(set(combo) & set(NERVE_SIGNS))
            assert (Finding.POSSIBLE_NERVE_DISEASE in result.findings) is nerve, combo
            count += 1
    assert count == 2 ** len(SIGNS) == 2048


# --- Answers.from_mapping ------------------------------------------------------------------------------


def test_from_mapping_builds_lists_and_strings():
    data = {name: sorted(value) if name in MULTI_CHOICE else value for name, value in TYPICAL.items()}
    built = Answers.from_mapping(data)
    assert built == answers()
    assert built.timing == frozenset({"falling_asleep"})
    assert isinstance(built.timing, frozenset)
    assert built.age == "25_44"
    assert built.medicines == "no"


def test_from_mapping_accepts_tuples_sets_and_several_codes():
    built = Answers.from_mapping({"warning_signs": ("stroke_now", "numbness"), "triggers": {"stress"}})
    assert built.warning_signs == frozenset({"stroke_now", "numbness"})
    assert built.triggers == frozenset({"stress"})


def test_from_mapping_missing_keys_are_not_asked():
    built = Answers.from_mapping({"age": "25_44"})
    assert built == Answers(age="25_44")
    assert built.pregnancy is None
    assert built.warning_signs == frozenset()
    assert Answers.from_mapping({}) == Answers()


def test_from_mapping_empty_values_are_not_asked():
    built = Answers.from_mapping({"sex": "", "pregnancy": None, "timing": [], "magnesium": None})
    assert built == Answers()


def test_from_mapping_ignores_unknown_keys():
    built = Answers.from_mapping({"csrfmiddlewaretoken": "x", "name": "Bob", "age": "16_24", "timing": ["awake"]})
    assert built == Answers(age="16_24", timing=frozenset({"awake"}))
    assert not hasattr(built, "name")


def test_from_mapping_round_trips_and_is_hashable():
    original = answers(sex="female", pregnancy="breastfeeding", warning_signs={"weakness", "spreading"})
    assert Answers.from_mapping(dataclasses.asdict(original)) == original
    assert hash(Answers.from_mapping(dataclasses.asdict(original))) == hash(original)


def test_from_mapping_feeds_assess():
    result = assess(Answers.from_mapping({**TYPICAL, "warning_signs": ["stroke_now"], "medicines": "yes"}))
    assert result.level is Level.EMERGENCY
    assert Finding.MEDICINE_CHANGE in result.findings


def test_answers_are_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        answers().age = "65_plus"  # type: ignore[misc]


def test_from_mapping_single_code_for_a_multi_choice_question():
    built = Answers.from_mapping({"warning_signs": "stroke_now"})
    assert built.warning_signs == frozenset({"stroke_now"})
    assert assess(built).level is Level.EMERGENCY


def test_from_mapping_list_for_a_single_choice_question_takes_the_last_code():
    built = Answers.from_mapping({"medicines": ["no", "yes"]})
    assert built.medicines == "yes"
    assert Finding.MEDICINE_CHANGE in assess(built).findings
