"""The clinical expectations, written out here independently of ``triage/clinical/assessment.py``.

The expected findings and levels are typed out on purpose (not read from the module's own
tables), so that a change to a clinical rule makes a test fail and has to be made on purpose in
both places. ``check()`` builds answers from a typical harmless case and checks the invariants
that hold for every result.
"""

from __future__ import annotations

import dataclasses
import itertools

from triage.clinical.assessment import (
    PREGNANT_BEFORE_WEEKS_WERE_ASKED,
    AgeBand,
    Answers,
    AwakeDuration,
    Character,
    Course,
    Duration,
    Emergency,
    Family,
    Finding,
    Frequency,
    HeadInjury,
    Health,
    Level,
    Medication,
    MedicineSigns,
    Muscle,
    NightMovements,
    Onset,
    Pregnancy,
    PregnancySigns,
    RestlessLegs,
    SameDay,
    Sleep,
    Spreading,
    Strength,
    Timing,
    TriageResult,
    Trigger,
    WithIt,
    assess,
    findings_for,
)

E, T, G, S = Level.EMERGENCY, Level.TODAY, Level.GP, Level.SELF_CARE

# A person with typical, harmless sleep starts: the base that every test changes.
TYPICAL = {
    "age": "25_44",
    "emergency": {"none"},
    "same_day": {"none"},
    "pregnancy": {"neither"},
    "medicine_signs": {"none"},
    "timing": {"falling_asleep"},
    "muscles": {"legs"},
    "strength": "wakes",
    "frequency": "some_nights",
    "duration": "2_weeks_to_3_months",
    "onset": "gradual",
    "course": "comes_and_goes",
    "with_it": {"falling_flash_bang"},
    "sleep": {"none"},
    "health": {"none"},
    "medication": {"none"},
    "triggers": {"none"},
}

# Which enum holds the valid codes of each question.
QUESTION_ENUMS = {
    "age": AgeBand,
    "emergency": Emergency,
    "same_day": SameDay,
    "spreading": Spreading,
    "head_injury": HeadInjury,
    "pregnancy": Pregnancy,
    "pregnancy_signs": PregnancySigns,
    "medicine_signs": MedicineSigns,
    "timing": Timing,
    "muscles": Muscle,
    "character": Character,
    "awake_duration": AwakeDuration,
    "night_movements": NightMovements,
    "strength": Strength,
    "frequency": Frequency,
    "duration": Duration,
    "onset": Onset,
    "course": Course,
    "with_it": WithIt,
    "restless_legs": RestlessLegs,
    "sleep": Sleep,
    "health": Health,
    "medication": Medication,
    "family": Family,
    "triggers": Trigger,
}
MULTI_CHOICE = {name for name, f in Answers.__dataclass_fields__.items() if f.default == frozenset()}

# Emergency screen: each option on its own.
EMERGENCY_EXPECTED: dict[str, Finding | None] = {
    "stroke_now": Finding.STROKE_SIGNS,
    "fit_now": Finding.SEIZURE_EMERGENCY,
    "first_fit_now": Finding.SEIZURE_EMERGENCY,
    "not_recovered": Finding.SEIZURE_EMERGENCY,
    "sudden_confusion": Finding.SUDDEN_CONFUSION,
    "fever_signs": Finding.MENINGITIS_SIGNS,
}
CALL_999 = {
    Finding.STROKE_SIGNS,
    Finding.SEIZURE_EMERGENCY,
    Finding.SUDDEN_CONFUSION,
    Finding.MENINGITIS_SIGNS,
    Finding.RAPID_WEAKNESS,
    Finding.NEUROLEPTIC_MALIGNANT_SYNDROME,
    Finding.ECLAMPSIA,
    Finding.HEAD_INJURY_EMERGENCY,
}

# After a recent head injury: which follow-up answer means 999, which means A&E.
HEAD_INJURY_999 = {"fit_since", "new_nerve_signs"}
HEAD_INJURY_A_AND_E = {
    "knocked_out",
    "vomiting",
    "headache",
    "confusion",
    "blood_thinners",
    "alcohol_or_drugs",
    "brain_surgery",
    "jerks_since",
}

# Same-day screen: each option on its own ("head_injury": the follow-up questions decide).
SAME_DAY_EXPECTED: dict[str, Finding] = {
    "stroke_gone": Finding.TIA,
    "first_fit_over": Finding.FIRST_FIT,
    "seizure_signs": Finding.POSSIBLE_SEIZURE,
    "spreading_weakness": Finding.SPREADING_WEAKNESS,
    "old_head_injury": Finding.HEAD_INJURY,
}

# Medicines and alcohol screen: each option on its own.
MEDICINE_SIGNS_EXPECTED: dict[str, tuple[Finding, Level]] = {
    "serotonin": (Finding.SEROTONIN_SYNDROME, Level.TODAY),
    "nms": (Finding.NEUROLEPTIC_MALIGNANT_SYNDROME, Level.EMERGENCY),
    "lithium": (Finding.LITHIUM_TOXICITY, Level.TODAY),
    "hypo": (Finding.SEVERE_NIGHT_HYPOS, Level.TODAY),
    "withdrawal": (Finding.WITHDRAWAL, Level.TODAY),
}

# Findings that raise the level above self-care, and how far. Every other finding is self-care.
ABOVE_SELF_CARE: dict[Finding, Level] = {
    Finding.STROKE_SIGNS: E,
    Finding.SEIZURE_EMERGENCY: E,
    Finding.SUDDEN_CONFUSION: E,
    Finding.MENINGITIS_SIGNS: E,
    Finding.RAPID_WEAKNESS: E,
    Finding.NEUROLEPTIC_MALIGNANT_SYNDROME: E,
    Finding.ECLAMPSIA: E,
    Finding.HEAD_INJURY_EMERGENCY: E,
    Finding.HEAD_INJURY_A_AND_E: E,
    Finding.TIA: T,
    Finding.FIRST_FIT: T,
    Finding.POSSIBLE_SEIZURE: T,
    Finding.SPREADING_WEAKNESS: T,
    Finding.HEAD_INJURY: T,
    Finding.PRE_ECLAMPSIA: T,
    Finding.SEROTONIN_SYNDROME: T,
    Finding.LITHIUM_TOXICITY: T,
    Finding.SEVERE_NIGHT_HYPOS: T,
    Finding.MEDICINE_BUILD_UP: T,
    Finding.WITHDRAWAL: T,
    Finding.JERKS_WHILE_AWAKE: G,
    Finding.MORNING_JERKS: G,
    Finding.SLEEP_EPILEPSY: G,
    Finding.KIDNEY_OR_LIVER_JERKS: G,
    Finding.NERVE_CONDITION_JERKS: G,
    Finding.LITHIUM_JERKS: G,
    Finding.POSSIBLE_LOW_MAGNESIUM: G,
    Finding.HEAVY_DRINKING: G,
    Finding.PROPRIOSPINAL_MYOCLONUS: G,
    Finding.ACTING_OUT_DREAMS: G,
    Finding.WEAKNESS_OR_WASTING: G,
    Finding.SPREADING_TWITCHING: G,
    Finding.SENSORY_SYMPTOMS: G,
    Finding.SPEECH_OR_SWALLOWING: G,
    Finding.POSSIBLE_NERVE_DISEASE: G,
    Finding.RESTLESS_LEGS: G,
    Finding.LIMB_MOVEMENTS: G,
    Finding.BREATHING_PAUSES: G,
    Finding.SLEEP_PROBLEM: G,
    Finding.DAYTIME_SLEEPINESS: G,
    Finding.LASTING_DAYTIME_TWITCHING: G,
    Finding.TWITCHING_IN_SEVERAL_PLACES: G,
    Finding.TWITCHING_IN_SLEEP: G,
    Finding.MEDICINE_CHANGE: G,
    Finding.INJURIOUS_JERKS: G,
    Finding.EPILEPSY: G,
    Finding.POSSIBLE_NIGHT_HYPOS: G,
}

TRIGGER_EXPECTED: dict[str, Finding] = {
    "stress": Finding.STRESS,
    "caffeine": Finding.CAFFEINE,
    "nicotine": Finding.NICOTINE,
    "alcohol": Finding.ALCOHOL,
    "recreational_drugs": Finding.RECREATIONAL_DRUGS,
    "evening_exercise": Finding.EVENING_EXERCISE,
    "short_sleep": Finding.IRREGULAR_SLEEP,
    "shift_work": Finding.SHIFT_WORK,
}


BASES_FOR_COMBINATIONS: list[dict] = [
    {},
    {"age": "65_plus", "same_day": {"head_injury"}, "head_injury": {"none"}},
    {"pregnancy": {"pregnant_20_plus"}, "same_day": {"seizure_signs"}},
    {"timing": {"awake", "during_sleep"}, "character": {"jerk"}, "with_it": {"urge_to_move"}},
    {"health": {"kidney_disease"}, "medication": {"lithium", "nerve_medicine"}, "duration": "over_3_months"},
]
"""Starting points that make the follow-ups asked and the conditional rules reachable."""


def answers(**changes) -> Answers:
    """The typical harmless case with some answers changed; a lone string is fine for a multi-choice."""
    values = {**TYPICAL, **changes}
    for name in MULTI_CHOICE:
        value = values.get(name)
        values[name] = frozenset({value} if isinstance(value, str) else value or ())
    return Answers(**values)


def assert_consistent(result: TriageResult, given: Answers) -> None:
    """Invariants that hold for every result: checked on every case the tests build."""
    # The level is the most urgent finding, self-care when nothing is urgent.
    urgent = {f: ABOVE_SELF_CARE[f] for f in result.findings if f in ABOVE_SELF_CARE}
    assert result.level == max(urgent.values(), default=S)
    # One reason per urgent finding, with that finding's level, and nothing else, most urgent first.
    assert {r.finding: r.level for r in result.reasons} == urgent
    assert len(result.reasons) == len(urgent)
    assert all(r.evidence == result.findings[r.finding] for r in result.reasons)
    levels = [r.level for r in result.reasons]
    assert levels == sorted(levels, reverse=True)
    # A doctor is needed exactly when the level is GP or higher.
    assert (Finding.NEEDS_DOCTOR in result.findings) == (result.level >= G)
    # An emergency is an ambulance exactly when a 999 finding is among the reasons.
    assert result.call_999 == bool(CALL_999 & set(result.findings))
    # "Fits sleep starts" only at sleep onset, with nothing that needs a doctor.
    assert result.fits_sleep_starts == (result.level == S and given.timing == {"falling_asleep"})
    # Evidence: ("question", "code") pairs, a real question, a real code, and what the person said.
    fields = {f.name for f in dataclasses.fields(Answers)}
    for evidence in result.findings.values():
        assert evidence, "every finding names the answers behind it"
        for question, code in evidence:
            assert question in fields
            assert code in {member.value for member in QUESTION_ENUMS[question]} | {PREGNANT_BEFORE_WEEKS_WERE_ASKED}
            said = getattr(given, question)
            assert (code in said) if question in MULTI_CHOICE else (code == said)
    # findings_for() and assess() agree on everything but NEEDS_DOCTOR.
    assert {f: e for f, e in result.findings.items() if f != Finding.NEEDS_DOCTOR} == findings_for(given)


def check(**changes) -> TriageResult:
    given = answers(**changes)
    result = assess(given)
    assert_consistent(result, given)
    return result


def every_set_of(options, smallest: int = 1) -> list[set]:
    """Every set of ``options`` with at least ``smallest`` of them, to test every combination ticked."""
    options = list(options)
    return [set(combo) for n in range(smallest, len(options) + 1) for combo in itertools.combinations(options, n)]


def set_id(ticked: set) -> str:
    return "+".join(sorted(ticked)) or "none"
