"""The clinical core: a person's answers -> findings -> triage level with reasons.

Pure Python on purpose (no Django): this is the part a clinician reviews, and it is
tested exhaustively without a database. The codes below are the stored values of the
answers; the words a patient reads for each code live in ``questions.py``.

Rules (highest level wins):

* emergency -- stroke signs right now;
* today     -- a possible seizure, or twitching that began after a head injury;
* GP        -- twitching while awake with weakness, wasting or spreading; weakness or
               wasting; spreading twitching; numbness, tingling or pain; jerks soon after
               waking; restless legs; kicks or breathing pauses seen by a bed partner;
               badly disturbed sleep for over 3 months or daytime sleepiness that affects
               daily life; eyelid or face twitching while awake that has lasted weeks;
               a recent change of medicine;
* self-care -- everything else.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum, StrEnum


class AgeBand(StrEnum):
    UNDER_16 = "under_16"
    AGE_16_24 = "16_24"
    AGE_25_44 = "25_44"
    AGE_45_64 = "45_64"
    AGE_65_PLUS = "65_plus"


class Sex(StrEnum):
    FEMALE = "female"
    MALE = "male"
    PREFER_NOT_TO_SAY = "prefer_not_to_say"


class Timing(StrEnum):
    FALLING_ASLEEP = "falling_asleep"
    DURING_SLEEP = "during_sleep"
    AWAKE = "awake"
    NOT_SURE = "not_sure"


class Muscle(StrEnum):
    LEGS = "legs"
    ARMS = "arms"
    WHOLE_BODY = "whole_body"
    FACE_EYELID = "face_eyelid"
    TRUNK = "trunk"
    NOT_SURE = "not_sure"


class Frequency(StrEnum):
    LESS_THAN_WEEKLY = "less_than_weekly"
    SOME_NIGHTS = "some_nights"
    MOST_NIGHTS = "most_nights"
    NOT_SURE = "not_sure"


class Duration(StrEnum):
    UNDER_2_WEEKS = "under_2_weeks"
    UNDER_3_MONTHS = "2_weeks_to_3_months"
    OVER_3_MONTHS = "over_3_months"
    NOT_SURE = "not_sure"


class SleepImpact(StrEnum):
    NONE = "none"
    SOMETIMES = "sometimes"
    MOST_NIGHTS = "most_nights"


class DaytimeImpact(StrEnum):
    NONE = "none"
    TIRED = "tired"
    AFFECTS_DAILY_LIFE = "affects_daily_life"


class Sensation(StrEnum):
    FALLING = "falling"
    FLASH = "flash"
    SOUND = "sound"
    NONE = "none"


class WarningSign(StrEnum):
    WEAKNESS = "weakness"
    WASTING = "wasting"
    SPREADING = "spreading"
    NUMBNESS = "numbness"
    MORNING_JERKS = "morning_jerks"
    SEIZURE_SIGNS = "seizure_signs"
    RESTLESS_LEGS = "restless_legs"
    PARTNER_SEES_KICKS = "partner_sees_kicks"
    BREATHING_PAUSES = "breathing_pauses"
    HEAD_INJURY = "head_injury"
    STROKE_NOW = "stroke_now"
    NONE = "none"


class Trigger(StrEnum):
    STRESS = "stress"
    CAFFEINE = "caffeine"
    NICOTINE = "nicotine"
    ALCOHOL = "alcohol"
    EVENING_EXERCISE = "evening_exercise"
    SHORT_SLEEP = "short_sleep"
    SHIFT_WORK = "shift_work"
    NONE = "none"
    NOT_SURE = "not_sure"


class Pregnancy(StrEnum):
    PREGNANT = "pregnant"
    BREASTFEEDING = "breastfeeding"
    NEITHER = "neither"
    PREFER_NOT_TO_SAY = "prefer_not_to_say"


class MagnesiumFactor(StrEnum):
    CRAMPS = "cramps"
    HARD_TRAINING = "hard_training"
    LOW_MAGNESIUM_DIET = "low_magnesium_diet"
    LONG_TERM_MEDICINES = "long_term_medicines"
    KIDNEY_DISEASE = "kidney_disease"
    NONE = "none"


class MedicineChange(StrEnum):
    YES = "yes"
    NO = "no"
    NOT_SURE = "not_sure"


class Level(IntEnum):
    """How soon to get help. Ordered, so that ``max()`` picks the most urgent."""

    SELF_CARE = 1
    GP = 2
    TODAY = 3
    EMERGENCY = 4


class Finding(StrEnum):
    """The fixed vocabulary that connects the clinical logic to the advice content."""

    SLEEP_STARTS = "sleep_starts"
    STRESS = "stress"
    CAFFEINE = "caffeine"
    NICOTINE = "nicotine"
    ALCOHOL = "alcohol"
    EVENING_EXERCISE = "evening_exercise"
    IRREGULAR_SLEEP = "irregular_sleep"
    SHIFT_WORK = "shift_work"
    MAGNESIUM_NEED = "magnesium_need"
    PREGNANT = "pregnant"
    BREASTFEEDING = "breastfeeding"
    KIDNEY_DISEASE = "kidney_disease"
    MEDICINE_CHANGE = "medicine_change"
    TWITCHING_IN_SLEEP = "twitching_in_sleep"
    DAYTIME_TWITCHING = "daytime_twitching"
    EYELID_TWITCHING = "eyelid_twitching"
    LASTING_EYELID_TWITCHING = "lasting_eyelid_twitching"
    RESTLESS_LEGS = "restless_legs"
    LIMB_MOVEMENTS = "limb_movements"
    BREATHING_PAUSES = "breathing_pauses"
    SLEEP_PROBLEM = "sleep_problem"
    WEAKNESS_OR_WASTING = "weakness_or_wasting"
    SPREADING_TWITCHING = "spreading_twitching"
    SENSORY_SYMPTOMS = "sensory_symptoms"
    POSSIBLE_NERVE_DISEASE = "possible_nerve_disease"
    MORNING_JERKS = "morning_jerks"
    POSSIBLE_SEIZURE = "possible_seizure"
    HEAD_INJURY = "head_injury"
    STROKE_SIGNS = "stroke_signs"
    NEEDS_DOCTOR = "needs_doctor"


# How urgent each finding is on its own. Findings not listed are self-care.
FINDING_LEVEL: dict[Finding, Level] = {
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

# Findings that follow from a single ticked warning sign.
WARNING_SIGN_FINDINGS: dict[WarningSign, Finding] = {
    WarningSign.WEAKNESS: Finding.WEAKNESS_OR_WASTING,
    WarningSign.WASTING: Finding.WEAKNESS_OR_WASTING,
    WarningSign.SPREADING: Finding.SPREADING_TWITCHING,
    WarningSign.NUMBNESS: Finding.SENSORY_SYMPTOMS,
    WarningSign.MORNING_JERKS: Finding.MORNING_JERKS,
    WarningSign.SEIZURE_SIGNS: Finding.POSSIBLE_SEIZURE,
    WarningSign.RESTLESS_LEGS: Finding.RESTLESS_LEGS,
    WarningSign.PARTNER_SEES_KICKS: Finding.LIMB_MOVEMENTS,
    WarningSign.BREATHING_PAUSES: Finding.BREATHING_PAUSES,
    WarningSign.HEAD_INJURY: Finding.HEAD_INJURY,
    WarningSign.STROKE_NOW: Finding.STROKE_SIGNS,
}

TRIGGER_FINDINGS: dict[Trigger, Finding] = {
    Trigger.STRESS: Finding.STRESS,
    Trigger.CAFFEINE: Finding.CAFFEINE,
    Trigger.NICOTINE: Finding.NICOTINE,
    Trigger.ALCOHOL: Finding.ALCOHOL,
    Trigger.EVENING_EXERCISE: Finding.EVENING_EXERCISE,
    Trigger.SHORT_SLEEP: Finding.IRREGULAR_SLEEP,
    Trigger.SHIFT_WORK: Finding.SHIFT_WORK,
}

# Magnesium need: a higher need, a lower intake or medicines that lower it.
MAGNESIUM_NEED_FACTORS = frozenset(
    {
        MagnesiumFactor.CRAMPS,
        MagnesiumFactor.HARD_TRAINING,
        MagnesiumFactor.LOW_MAGNESIUM_DIET,
        MagnesiumFactor.LONG_TERM_MEDICINES,
    }
)
NERVE_WARNING_SIGNS = frozenset({WarningSign.WEAKNESS, WarningSign.WASTING, WarningSign.SPREADING})
LASTING_WEEKS = frozenset({Duration.UNDER_3_MONTHS, Duration.OVER_3_MONTHS})


@dataclass(frozen=True)
class Answers:
    """One person's answers, as codes. A question not asked is ``None`` or empty."""

    age: str | None = None
    sex: str | None = None
    timing: frozenset[str] = frozenset()
    muscles: frozenset[str] = frozenset()
    frequency: str | None = None
    duration: str | None = None
    sleep_impact: str | None = None
    daytime_impact: str | None = None
    sensations: frozenset[str] = frozenset()
    warning_signs: frozenset[str] = frozenset()
    triggers: frozenset[str] = frozenset()
    pregnancy: str | None = None
    magnesium: frozenset[str] = frozenset()
    medicines: str | None = None

    @classmethod
    def from_mapping(cls, data: dict[str, object]) -> Answers:
        """Build from ``{question: code or list of codes}``; unknown keys are ignored.

        A lone code for a multi-choice question counts as that one code, and a list for a
        single-choice question counts as its last item (as an HTML form would send it).
        """
        values = {}
        for name, spec in cls.__dataclass_fields__.items():
            value = data.get(name)
            codes = [code for code in ([value] if isinstance(value, str) else list(value or ())) if code]
            if spec.default == frozenset():
                values[name] = frozenset(codes)
            else:
                values[name] = codes[-1] if codes else None
        return cls(**values)


Evidence = tuple[tuple[str, str], ...]
"""The answers behind a finding, as ``(question, code)`` pairs: "because you said ..."."""


@dataclass(frozen=True)
class Reason:
    finding: Finding
    level: Level
    evidence: Evidence


@dataclass(frozen=True)
class TriageResult:
    level: Level
    findings: dict[Finding, Evidence] = field(default_factory=dict)
    reasons: tuple[Reason, ...] = ()
    """Why the level is above self-care, most urgent first; empty for self-care."""


def _unique(evidence: Evidence) -> Evidence:
    return tuple(dict.fromkeys(evidence))


def find(answers: Answers) -> dict[Finding, Evidence]:
    """Every finding the answers support, each with the answers that support it."""
    found: dict[Finding, Evidence] = {}

    def add(finding: Finding, *evidence: tuple[str, str]) -> None:
        found[finding] = _unique(found.get(finding, ()) + evidence)

    add(Finding.SLEEP_STARTS, *(("timing", t) for t in sorted(answers.timing & {Timing.FALLING_ASLEEP})))

    if Timing.DURING_SLEEP in answers.timing:
        add(Finding.TWITCHING_IN_SLEEP, ("timing", Timing.DURING_SLEEP))
    if Timing.AWAKE in answers.timing:
        add(Finding.DAYTIME_TWITCHING, ("timing", Timing.AWAKE))
        if Muscle.FACE_EYELID in answers.muscles:
            add(Finding.EYELID_TWITCHING, ("timing", Timing.AWAKE), ("muscles", Muscle.FACE_EYELID))
            if answers.duration in LASTING_WEEKS:
                add(
                    Finding.LASTING_EYELID_TWITCHING,
                    ("timing", Timing.AWAKE),
                    ("muscles", Muscle.FACE_EYELID),
                    ("duration", answers.duration),
                )
        nerve_signs = sorted(answers.warning_signs & NERVE_WARNING_SIGNS)
        if nerve_signs:
            add(
                Finding.POSSIBLE_NERVE_DISEASE,
                ("timing", Timing.AWAKE),
                *(("warning_signs", s) for s in nerve_signs),
            )

    for sign, finding in WARNING_SIGN_FINDINGS.items():
        if sign in answers.warning_signs:
            add(finding, ("warning_signs", sign))

    if answers.sleep_impact == SleepImpact.MOST_NIGHTS and answers.duration == Duration.OVER_3_MONTHS:
        add(
            Finding.SLEEP_PROBLEM,
            ("sleep_impact", SleepImpact.MOST_NIGHTS),
            ("duration", Duration.OVER_3_MONTHS),
        )
    if answers.daytime_impact == DaytimeImpact.AFFECTS_DAILY_LIFE:
        add(Finding.SLEEP_PROBLEM, ("daytime_impact", DaytimeImpact.AFFECTS_DAILY_LIFE))

    for trigger, finding in TRIGGER_FINDINGS.items():
        if trigger in answers.triggers:
            add(finding, ("triggers", trigger))

    if answers.pregnancy == Pregnancy.PREGNANT:
        add(Finding.PREGNANT, ("pregnancy", Pregnancy.PREGNANT))
        add(Finding.MAGNESIUM_NEED, ("pregnancy", Pregnancy.PREGNANT))
    if answers.pregnancy == Pregnancy.BREASTFEEDING:
        add(Finding.BREASTFEEDING, ("pregnancy", Pregnancy.BREASTFEEDING))
        add(Finding.MAGNESIUM_NEED, ("pregnancy", Pregnancy.BREASTFEEDING))
    for factor in sorted(answers.magnesium & MAGNESIUM_NEED_FACTORS):
        add(Finding.MAGNESIUM_NEED, ("magnesium", factor))
    if MagnesiumFactor.KIDNEY_DISEASE in answers.magnesium:
        add(Finding.KIDNEY_DISEASE, ("magnesium", MagnesiumFactor.KIDNEY_DISEASE))

    if answers.medicines == MedicineChange.YES:
        add(Finding.MEDICINE_CHANGE, ("medicines", MedicineChange.YES))

    return found


def assess(answers: Answers) -> TriageResult:
    """The triage level, the findings and the reasons for the level."""
    found = find(answers)
    reasons = tuple(
        sorted(
            (
                Reason(finding, FINDING_LEVEL[finding], evidence)
                for finding, evidence in found.items()
                if finding in FINDING_LEVEL
            ),
            key=lambda reason: -reason.level,
        )
    )
    level = max((reason.level for reason in reasons), default=Level.SELF_CARE)
    if level >= Level.GP:
        found[Finding.NEEDS_DOCTOR] = _unique(tuple(e for reason in reasons for e in reason.evidence))
    return TriageResult(level=level, findings=found, reasons=reasons)
