"""The clinical core: a person's answers -> findings -> triage level with reasons.

Pure Python on purpose (no Django): this is the part a clinician reviews, and it is tested
exhaustively without a database. The codes below are the stored values of the answers; the
words a patient reads for each code live in ``questions.py``.

Every rule is one entry of ``RULES``: the finding it makes, how urgent that is, the condition in
plain words, the source it rests on, and the condition itself as data (``said``, ``all_of``,
``any_of``, ``not_``), which runs here, prints for clinicians (``make clinical-rules`` writes
``docs/clinical-rules.md``) and hashes into ``RULES_VERSION``, stored with every assessment. The
most urgent finding sets the level. Where the sources leave a choice, the rule takes the safer level
and its source line says so ("safer choice").
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum

# --- answer codes, one enum per question ----------------------------------------------------


class AgeBand(StrEnum):
    UNDER_16 = "under_16"
    AGE_16_24 = "16_24"
    AGE_25_44 = "25_44"
    AGE_45_64 = "45_64"
    AGE_65_PLUS = "65_plus"


class Emergency(StrEnum):
    """Right now, or in the last few hours."""

    STROKE_NOW = "stroke_now"
    FIT_NOW = "fit_now"
    FIRST_FIT_NOW = "first_fit_now"
    NOT_RECOVERED = "not_recovered"
    SUDDEN_CONFUSION = "sudden_confusion"
    FEVER_SIGNS = "fever_signs"
    NONE = "none"


class SameDay(StrEnum):
    """In the last few weeks or months."""

    STROKE_GONE = "stroke_gone"
    FIRST_FIT_OVER = "first_fit_over"
    SEIZURE_SIGNS = "seizure_signs"
    SPREADING_WEAKNESS = "spreading_weakness"
    HEAD_INJURY = "head_injury"
    OLD_HEAD_INJURY = "old_head_injury"
    NONE = "none"


class Spreading(StrEnum):
    """About weakness or numbness that is spreading."""

    BREATHING = "breathing"
    SWALLOWING_OR_SPEECH = "swallowing_or_speech"
    FAST = "fast"
    NONE = "none"


class HeadInjury(StrEnum):
    FIT_SINCE = "fit_since"
    NEW_NERVE_SIGNS = "new_nerve_signs"
    KNOCKED_OUT = "knocked_out"
    VOMITING = "vomiting"
    HEADACHE = "headache"
    CONFUSION = "confusion"
    BLOOD_THINNERS = "blood_thinners"
    ALCOHOL_OR_DRUGS = "alcohol_or_drugs"
    BRAIN_SURGERY = "brain_surgery"
    JERKS_SINCE = "jerks_since"
    NONE = "none"


class Pregnancy(StrEnum):
    PREGNANT_UNDER_20_WEEKS = "pregnant_under_20"
    PREGNANT_20_WEEKS_PLUS = "pregnant_20_plus"
    GAVE_BIRTH = "gave_birth"
    BREASTFEEDING = "breastfeeding"
    NEITHER = "neither"
    PREFER_NOT_TO_SAY = "prefer_not_to_say"


PREGNANT_BEFORE_WEEKS_WERE_ASKED = "pregnant"
"""Questionnaire version 2 asked "I'm pregnant" without the weeks: still read as pregnant."""


class PregnancySigns(StrEnum):
    """From 20 weeks of pregnancy until 6 weeks after the birth: signs of pre-eclampsia."""

    SEVERE_HEADACHE = "severe_headache"
    VISION = "vision"
    RIB_PAIN = "rib_pain"
    VOMITING = "vomiting"
    SWELLING = "swelling"
    NONE = "none"


class MedicineSigns(StrEnum):
    """Medicines and alcohol, in the last few weeks."""

    SEROTONIN = "serotonin"
    NMS = "nms"
    LITHIUM = "lithium"
    HYPO = "hypo"
    WITHDRAWAL = "withdrawal"
    NONE = "none"


class Timing(StrEnum):
    FALLING_ASLEEP = "falling_asleep"
    DURING_SLEEP = "during_sleep"
    AFTER_WAKING = "after_waking"
    AWAKE = "awake"


class Muscle(StrEnum):
    LEGS = "legs"
    ARMS = "arms"
    WHOLE_BODY = "whole_body"
    FACE_EYELID = "face_eyelid"
    TRUNK = "trunk"
    NOT_SURE = "not_sure"


class Character(StrEnum):
    FLICKER = "flicker"
    EYELID = "eyelid"
    JERK = "jerk"
    NOT_SURE = "not_sure"


class AwakeDuration(StrEnum):
    UNDER_2_WEEKS = "under_2_weeks"
    TWO_WEEKS_OR_MORE = "2_weeks_or_more"
    NOT_SURE = "not_sure"


class NightMovements(StrEnum):
    """What the movements later in sleep look like."""

    SINGLE_JERKS = "single_jerks"
    ATTACKS = "attacks"
    ACTING_OUT_DREAMS = "acting_out_dreams"
    NOT_SURE = "not_sure"


class Strength(StrEnum):
    MILD = "mild"
    WAKES = "wakes"
    INJURY = "injury"
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


class Onset(StrEnum):
    SUDDEN = "sudden"
    GRADUAL = "gradual"
    LONG_STANDING = "long_standing"
    NOT_SURE = "not_sure"


class Course(StrEnum):
    BETTER = "better"
    SAME = "same"
    COMES_AND_GOES = "comes_and_goes"
    WORSE = "worse"
    NOT_SURE = "not_sure"


class WithIt(StrEnum):
    FALLING_FLASH_BANG = "falling_flash_bang"
    WEAKNESS = "weakness"
    WASTING = "wasting"
    SPREADING = "spreading"
    SPEECH_OR_SWALLOWING = "speech_or_swallowing"
    NUMBNESS = "numbness"
    DROWSY = "drowsy"
    URGE_TO_MOVE = "urge_to_move"
    NONE = "none"


class RestlessLegs(StrEnum):
    EASED_BY_MOVING = "eased_by_moving"
    WORSE_IN_EVENING = "worse_in_evening"
    UNPLEASANT_FEELING = "unpleasant_feeling"
    NONE = "none"


class Sleep(StrEnum):
    SNORING = "snoring"
    BREATHING_PAUSES = "breathing_pauses"
    KICKS = "kicks"
    POOR_SLEEP = "poor_sleep"
    SLEEPY_DAY = "sleepy_day"
    DOZED_DRIVING = "dozed_driving"
    NIGHT_SWEATS = "night_sweats"
    NONE = "none"


class Health(StrEnum):
    KIDNEY_DISEASE = "kidney_disease"
    LIVER_DISEASE = "liver_disease"
    DIABETES = "diabetes"
    BOWEL_DISEASE = "bowel_disease"
    EPILEPSY = "epilepsy"
    NERVE_CONDITION = "nerve_condition"
    LOW_MAGNESIUM_DIET = "low_magnesium_diet"
    HARD_TRAINING = "hard_training"
    HEAVY_DRINKING = "heavy_drinking"
    NONE = "none"


class Medication(StrEnum):
    ANTIDEPRESSANT = "antidepressant"
    STRONG_PAINKILLER = "strong_painkiller"
    NERVE_MEDICINE = "nerve_medicine"
    LITHIUM = "lithium"
    ANTIPSYCHOTIC = "antipsychotic"
    SLEEPING_TABLETS = "sleeping_tablets"
    ANTIHISTAMINE = "antihistamine"
    DIURETIC = "diuretic"
    ACID_REDUCER = "acid_reducer"
    DIABETES_MEDICINE = "diabetes_medicine"
    OTHER = "other"
    CHANGED = "changed"
    NONE = "none"


class Family(StrEnum):
    EPILEPSY = "epilepsy"
    RESTLESS_LEGS = "restless_legs"
    NONE = "none"
    NOT_SURE = "not_sure"


class Trigger(StrEnum):
    STRESS = "stress"
    CAFFEINE = "caffeine"
    NICOTINE = "nicotine"
    ALCOHOL = "alcohol"
    RECREATIONAL_DRUGS = "recreational_drugs"
    EVENING_EXERCISE = "evening_exercise"
    SHORT_SLEEP = "short_sleep"
    SHIFT_WORK = "shift_work"
    NONE = "none"
    NOT_SURE = "not_sure"


# --- levels and findings ---------------------------------------------------------------------


class Level(IntEnum):
    """How soon to get help. Ordered, so that ``max()`` picks the most urgent."""

    SELF_CARE = 1
    GP = 2
    TODAY = 3
    EMERGENCY = 4


class Finding(StrEnum):
    """The fixed vocabulary that connects the clinical logic to the advice content."""

    # Emergency: call 999, or go to A&E now.
    STROKE_SIGNS = "stroke_signs"
    SEIZURE_EMERGENCY = "seizure_emergency"
    SUDDEN_CONFUSION = "sudden_confusion"
    MENINGITIS_SIGNS = "meningitis_signs"
    RAPID_WEAKNESS = "rapid_weakness"
    NEUROLEPTIC_MALIGNANT_SYNDROME = "neuroleptic_malignant_syndrome"
    ECLAMPSIA = "eclampsia"
    HEAD_INJURY_EMERGENCY = "head_injury_emergency"
    HEAD_INJURY_A_AND_E = "head_injury_a_and_e"
    # A doctor today.
    TIA = "tia"
    FIRST_FIT = "first_fit"
    POSSIBLE_SEIZURE = "possible_seizure"
    SPREADING_WEAKNESS = "spreading_weakness"
    HEAD_INJURY = "head_injury"
    PRE_ECLAMPSIA = "pre_eclampsia"
    SEROTONIN_SYNDROME = "serotonin_syndrome"
    LITHIUM_TOXICITY = "lithium_toxicity"
    SEVERE_NIGHT_HYPOS = "severe_night_hypos"
    MEDICINE_BUILD_UP = "medicine_build_up"
    WITHDRAWAL = "withdrawal"
    # See a GP.
    JERKS_WHILE_AWAKE = "jerks_while_awake"
    MORNING_JERKS = "morning_jerks"
    SLEEP_EPILEPSY = "sleep_epilepsy"
    WEAKNESS_OR_WASTING = "weakness_or_wasting"
    SPREADING_TWITCHING = "spreading_twitching"
    SENSORY_SYMPTOMS = "sensory_symptoms"
    SPEECH_OR_SWALLOWING = "speech_or_swallowing"
    POSSIBLE_NERVE_DISEASE = "possible_nerve_disease"
    KIDNEY_OR_LIVER_JERKS = "kidney_or_liver_jerks"
    NERVE_CONDITION_JERKS = "nerve_condition_jerks"
    LITHIUM_JERKS = "lithium_jerks"
    POSSIBLE_LOW_MAGNESIUM = "possible_low_magnesium"
    HEAVY_DRINKING = "heavy_drinking"
    RESTLESS_LEGS = "restless_legs"
    LIMB_MOVEMENTS = "limb_movements"
    PROPRIOSPINAL_MYOCLONUS = "propriospinal_myoclonus"
    ACTING_OUT_DREAMS = "acting_out_dreams"
    BREATHING_PAUSES = "breathing_pauses"
    SLEEP_PROBLEM = "sleep_problem"
    DAYTIME_SLEEPINESS = "daytime_sleepiness"
    LASTING_DAYTIME_TWITCHING = "lasting_daytime_twitching"
    TWITCHING_IN_SEVERAL_PLACES = "twitching_in_several_places"
    TWITCHING_IN_SLEEP = "twitching_in_sleep"
    MEDICINE_CHANGE = "medicine_change"
    INJURIOUS_JERKS = "injurious_jerks"
    EPILEPSY = "epilepsy"
    POSSIBLE_NIGHT_HYPOS = "possible_night_hypos"
    # Self-care, with advice.
    SLEEP_STARTS = "sleep_starts"
    DAYTIME_TWITCHING = "daytime_twitching"
    EYELID_TWITCHING = "eyelid_twitching"
    RECENT_HEAD_INJURY = "recent_head_injury"
    SNORING = "snoring"
    JERK_CAUSING_MEDICINE = "jerk_causing_medicine"
    DIABETES_MEDICINE = "diabetes_medicine"
    STRESS = "stress"
    CAFFEINE = "caffeine"
    NICOTINE = "nicotine"
    ALCOHOL = "alcohol"
    ALCOHOL_IN_PREGNANCY = "alcohol_in_pregnancy"
    RECREATIONAL_DRUGS = "recreational_drugs"
    EVENING_EXERCISE = "evening_exercise"
    IRREGULAR_SLEEP = "irregular_sleep"
    SHIFT_WORK = "shift_work"
    MAGNESIUM_NEED = "magnesium_need"
    PREGNANT = "pregnant"
    BREASTFEEDING = "breastfeeding"
    KIDNEY_DISEASE = "kidney_disease"
    # Whenever the level is GP or more urgent.
    NEEDS_DOCTOR = "needs_doctor"


CALL_999 = frozenset(
    {
        Finding.STROKE_SIGNS,
        Finding.SEIZURE_EMERGENCY,
        Finding.SUDDEN_CONFUSION,
        Finding.MENINGITIS_SIGNS,
        Finding.RAPID_WEAKNESS,
        Finding.NEUROLEPTIC_MALIGNANT_SYNDROME,
        Finding.ECLAMPSIA,
        Finding.HEAD_INJURY_EMERGENCY,
    }
)
"""Emergency findings that need an ambulance; the other emergency finding means going to A&E now."""


# --- one person's answers --------------------------------------------------------------------


@dataclass(frozen=True)
class Answers:
    """One person's answers, as codes. A question not asked is ``None`` or empty."""

    age: str | None = None
    emergency: frozenset[str] = frozenset()
    same_day: frozenset[str] = frozenset()
    spreading: frozenset[str] = frozenset()
    head_injury: frozenset[str] = frozenset()
    pregnancy: frozenset[str] = frozenset()
    pregnancy_signs: frozenset[str] = frozenset()
    medicine_signs: frozenset[str] = frozenset()
    timing: frozenset[str] = frozenset()
    character: frozenset[str] = frozenset()
    awake_duration: str | None = None
    night_movements: frozenset[str] = frozenset()
    muscles: frozenset[str] = frozenset()
    strength: str | None = None
    frequency: str | None = None
    duration: str | None = None
    onset: str | None = None
    course: str | None = None
    with_it: frozenset[str] = frozenset()
    restless_legs: frozenset[str] = frozenset()
    sleep: frozenset[str] = frozenset()
    health: frozenset[str] = frozenset()
    medication: frozenset[str] = frozenset()
    family: frozenset[str] = frozenset()
    triggers: frozenset[str] = frozenset()

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

    def chosen(self, question: str) -> frozenset[str]:
        """The codes given for ``question``, as a set whether it is single or multiple choice."""
        value = getattr(self, question)
        if isinstance(value, frozenset):
            return value
        return frozenset() if value is None else frozenset({value})


Evidence = tuple[tuple[str, str], ...]
"""The answers behind a finding, as ``(question, code)`` pairs: "because you said ..."."""

Labeller = Callable[[str, str], str]
"""How a printed condition names an answer: ``(question, code) -> words``."""


def _codes_only(question: str, code: str) -> str:
    return f"`{code}`"


# --- conditions: data that runs, prints and hashes ------------------------------------------


class Condition:
    """A test of the answers, as data: it runs (``match``), prints (``words``) and compiles elsewhere (FHIR).

    ``match`` gives the answers that meet the condition ("because you said ..."), or ``None`` when it
    is not met; a condition met by an answer *not* given (``not_``) adds no evidence of its own.
    """

    def match(self, answers: Answers) -> Evidence | None:
        raise NotImplementedError

    def __call__(self, answers: Answers) -> Evidence:
        """The evidence, empty when the condition is not met."""
        return self.match(answers) or ()

    def met(self, answers: Answers) -> bool:
        return self.match(answers) is not None

    def words(self, label: Labeller = _codes_only) -> str:
        raise NotImplementedError

    def questions(self) -> frozenset[str]:
        """Every question the condition reads."""
        raise NotImplementedError


@dataclass(frozen=True)
class Said(Condition):
    """The answer to ``question`` is one of ``codes`` (any of them, for a tick-all question)."""

    question: str
    codes: tuple[str, ...]

    def match(self, answers: Answers) -> Evidence | None:
        given = answers.chosen(self.question)
        return tuple((self.question, code) for code in self.codes if code in given) or None

    def words(self, label: Labeller = _codes_only) -> str:
        options = " or ".join(label(self.question, code) for code in self.codes)
        return f"{self.question}: ({options})" if len(self.codes) > 1 else f"{self.question}: {options}"

    def questions(self) -> frozenset[str]:
        return frozenset({self.question})


@dataclass(frozen=True)
class AllOf(Condition):
    parts: tuple[Condition, ...]

    def match(self, answers: Answers) -> Evidence | None:
        found: list[tuple[str, str]] = []
        for part in self.parts:
            evidence = part.match(answers)
            if evidence is None:
                return None
            found.extend(evidence)
        return tuple(found)

    def words(self, label: Labeller = _codes_only) -> str:
        return " AND ".join(_bracketed(part, label) for part in self.parts)

    def questions(self) -> frozenset[str]:
        return frozenset().union(*(part.questions() for part in self.parts))


@dataclass(frozen=True)
class AnyOf(Condition):
    parts: tuple[Condition, ...]

    def match(self, answers: Answers) -> Evidence | None:
        met = [evidence for part in self.parts if (evidence := part.match(answers)) is not None]
        return tuple(pair for evidence in met for pair in evidence) if met else None

    def words(self, label: Labeller = _codes_only) -> str:
        return " OR ".join(_bracketed(part, label) for part in self.parts)

    def questions(self) -> frozenset[str]:
        return frozenset().union(*(part.questions() for part in self.parts))


@dataclass(frozen=True)
class Not(Condition):
    part: Condition

    def match(self, answers: Answers) -> Evidence | None:
        return None if self.part.met(answers) else ()

    def words(self, label: Labeller = _codes_only) -> str:
        return f"NOT {_bracketed(self.part, label)}"

    def questions(self) -> frozenset[str]:
        return self.part.questions()


@dataclass(frozen=True)
class Answered(Condition):
    """``question`` was answered at all (asked, and any option chosen); adds no evidence."""

    question: str

    def match(self, answers: Answers) -> Evidence | None:
        return () if answers.chosen(self.question) else None

    def words(self, label: Labeller = _codes_only) -> str:
        return f"{self.question}: answered"

    def questions(self) -> frozenset[str]:
        return frozenset({self.question})


def _bracketed(condition: Condition, label: Labeller) -> str:
    text = condition.words(label)
    return f"({text})" if isinstance(condition, AllOf | AnyOf) else text


def said(question: str, *codes: str) -> Condition:
    """Met when any of ``codes`` was given for ``question``."""
    return Said(question, tuple(str(code) for code in codes))


def all_of(*parts: Condition) -> Condition:
    """Met when every part is met; the evidence of all of them."""
    return AllOf(parts)


def any_of(*parts: Condition) -> Condition:
    """Met when any part is met; the evidence of those that are."""
    return AnyOf(parts)


def not_(part: Condition) -> Condition:
    """Met when ``part`` is not; used only to keep advice from a person it does not fit."""
    return Not(part)


def answered(question: str) -> Condition:
    return Answered(question)


# --- the rules -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    finding: Finding
    level: Level
    when: str
    """The condition in plain words, for clinicians (docs/clinical-rules.md)."""
    source: str
    """The guideline or page, and section, the rule rests on."""
    condition: Condition

    @property
    def red_flag(self) -> bool:
        """Every rule that sends a person to a doctor the same day or sooner is a red flag."""
        return self.level >= Level.TODAY

    def test(self, answers: Answers) -> Evidence:
        """The answers that meet this rule, or ``()``."""
        return self.condition(answers)


# Conditions that several rules share.
SEIZURE_SIGNS = said("same_day", SameDay.FIRST_FIT_OVER, SameDay.SEIZURE_SIGNS)
PREGNANT = said(
    "pregnancy",
    Pregnancy.PREGNANT_UNDER_20_WEEKS,
    Pregnancy.PREGNANT_20_WEEKS_PLUS,
    PREGNANT_BEFORE_WEEKS_WERE_ASKED,
)
PREGNANT_OR_JUST_GAVE_BIRTH = said(
    "pregnancy",
    Pregnancy.PREGNANT_UNDER_20_WEEKS,
    Pregnancy.PREGNANT_20_WEEKS_PLUS,
    PREGNANT_BEFORE_WEEKS_WERE_ASKED,
    Pregnancy.GAVE_BIRTH,
)
RECENT_HEAD_INJURY = said("same_day", SameDay.HEAD_INJURY)
AWAKE = said("timing", Timing.AWAKE)
NEW_OR_WORSE = any_of(
    said("duration", Duration.UNDER_2_WEEKS, Duration.UNDER_3_MONTHS, Duration.NOT_SURE),
    said("course", Course.WORSE),
)
"""The jerks began in the last 3 months (or the person is not sure when), or are getting worse."""
KIDNEY_DISEASE = said("health", Health.KIDNEY_DISEASE)

RULES: tuple[Rule, ...] = (
    # Emergency screen: right now, or in the last few hours. Asked straight after age.
    Rule(
        Finding.STROKE_SIGNS,
        Level.EMERGENCY,
        "Signs of a stroke now, or in the last few hours even if they have gone: face drooping, an arm or leg "
        "weak or numb, slurred or muddled speech, or sudden loss of sight",
        "NHS: Stroke, symptoms (FAST: 'call 999'); NHS: Transient ischaemic attack (TIA), 'call 999 … even "
        "if the symptoms disappear while you're waiting for an ambulance'; Stroke Association: symptoms that "
        "last only a short time may be a TIA, 'still vital to call 999'. Signs that went in the last few hours "
        "count as now: safer choice",
        said("emergency", Emergency.STROKE_NOW),
    ),
    Rule(
        Finding.SEIZURE_EMERGENCY,
        Level.EMERGENCY,
        "A fit happening now, lasting over 5 minutes or one after another; a first fit that has just "
        "happened; or not back to normal after a fit",
        "NHS: Epilepsy, what to do if someone has a seizure ('call 999 if': first seizure, over 5 minutes, "
        "one after another, does not regain full consciousness); Epilepsy Society: when to dial 999",
        said("emergency", Emergency.FIT_NOW, Emergency.FIRST_FIT_NOW, Emergency.NOT_RECOVERED),
    ),
    Rule(
        Finding.SUDDEN_CONFUSION,
        Level.EMERGENCY,
        "Sudden confusion or drowsiness: cannot think or speak clearly, does not know where they are, sees or hears "
        "things that are not there, or is hard to wake",
        "NHS: Sudden confusion (delirium) ('call 999 or go to A&E if someone suddenly becomes confused'; being more "
        "sleepy or withdrawn is one of its signs; causes include infection, stroke, low blood sugar, medicines, head "
        "injury); clinical-facts.md (lithium toxicity or a hypo with severe drowsiness or unconsciousness: 999). "
        "999 rather than A&E: safer choice (a confused or drowsy person should not travel alone)",
        said("emergency", Emergency.SUDDEN_CONFUSION),
    ),
    Rule(
        Finding.MENINGITIS_SIGNS,
        Level.EMERGENCY,
        "A high temperature with a stiff neck, a rash, a very bad headache, or being very drowsy",
        "NHS: Meningitis (call 999 or go to A&E: stiff neck, a rash that does not fade, severe headache, "
        "drowsiness); NHS: Encephalitis (high temperature with confusion, drowsiness or a fit: call 999). "
        "999 rather than A&E: safer choice",
        said("emergency", Emergency.FEVER_SIGNS),
    ),
    # Same-day screen: in the last few weeks or months.
    Rule(
        Finding.TIA,
        Level.TODAY,
        "Signs of a stroke earlier that have completely gone, not yet checked by a doctor (a TIA, mini-stroke)",
        "NHS: Transient ischaemic attack (TIA), when to get medical advice (an urgent GP appointment or 111 when "
        "the symptoms have passed); Stroke Association: what if symptoms pass ('see your GP urgently'); NICE "
        "NG128 1.1.5 (specialist assessment within 24 hours of onset). Never routine",
        said("same_day", SameDay.STROKE_GONE),
    ),
    Rule(
        Finding.FIRST_FIT,
        Level.TODAY,
        "A first fit that is over, with the person fully back to normal",
        "NICE NG217 1.1.1 (suspected first seizure: urgent referral, seen within 2 weeks); clinical-facts.md: a "
        "doctor the same day. The NHS and the Epilepsy Society say 999 for a first seizure when it happens (rule "
        "above); once it is over and the person is fully back to normal, same day. DVLA: Epilepsy and driving "
        "(no driving until assessed)",
        said("same_day", SameDay.FIRST_FIT_OVER),
    ),
    Rule(
        Finding.POSSIBLE_SEIZURE,
        Level.TODAY,
        "Episodes with loss of awareness, tongue biting, wetting, or confusion afterwards",
        "NHS: Epilepsy, symptoms; clinical-facts.md: a doctor the same day (emergency if over 5 minutes or "
        "repeated without recovery)",
        said("same_day", SameDay.SEIZURE_SIGNS),
    ),
    Rule(
        Finding.ECLAMPSIA,
        Level.EMERGENCY,
        "A fit or signs of a fit, in someone who is pregnant or gave birth in the last 6 weeks",
        "NHS: Pre-eclampsia, complications (eclampsia: fits in pregnancy or soon after birth: call 999); "
        "patient.info professional reference: Eclampsia (fits on top of pre-eclampsia, up to weeks after birth). "
        "Any fit in pregnancy or after a birth is eclampsia until proven otherwise, however well the person "
        "seems afterwards (safer choice: emergency, not same day)",
        all_of(SEIZURE_SIGNS, PREGNANT_OR_JUST_GAVE_BIRTH),
    ),
    Rule(
        Finding.SPREADING_WEAKNESS,
        Level.TODAY,
        "Weakness, numbness or tingling that is spreading or getting worse over hours or days",
        "NHS: Guillain-Barré syndrome (see a GP urgently or call 111 if tingling, numbness or weakness is "
        "spreading; 999 if breathing or swallowing is affected or it spreads fast)",
        said("same_day", SameDay.SPREADING_WEAKNESS),
    ),
    Rule(
        Finding.SPREADING_WEAKNESS,
        Level.TODAY,
        "Weakness, numbness, or speech or swallowing trouble that started in the last 2 weeks or suddenly, and is "
        "getting worse",
        "NHS: Guillain-Barré syndrome (spreading or worsening weakness, tingling or numbness over days: see a GP "
        "urgently or call 111). Onset and course change the level here: a worsening deficit of recent or sudden "
        "onset is the picture the NHS page describes",
        all_of(
            said("with_it", WithIt.WEAKNESS, WithIt.NUMBNESS, WithIt.SPEECH_OR_SWALLOWING),
            said("course", Course.WORSE),
            any_of(said("duration", Duration.UNDER_2_WEEKS), said("onset", Onset.SUDDEN)),
        ),
    ),
    Rule(
        Finding.RAPID_WEAKNESS,
        Level.EMERGENCY,
        "Spreading weakness or numbness that affects breathing, swallowing or speaking, or spreads fast",
        "NHS: Guillain-Barré syndrome ('call 999 if' breathing or swallowing is affected, or the weakness is "
        "spreading fast)",
        all_of(
            said("same_day", SameDay.SPREADING_WEAKNESS),
            said("spreading", Spreading.BREATHING, Spreading.SWALLOWING_OR_SPEECH, Spreading.FAST),
        ),
    ),
    Rule(
        Finding.HEAD_INJURY_EMERGENCY,
        Level.EMERGENCY,
        "A head injury in the last 3 months, then a fit, or new weakness, numbness, or trouble speaking, "
        "seeing, understanding or walking",
        "NHS: Head injury and concussion, 'Call 999 if' (a fit; numbness or weakness; problems with vision, "
        "speaking, understanding or walking); NICE NG232 (seizure since the injury, focal neurological deficit)",
        all_of(RECENT_HEAD_INJURY, said("head_injury", HeadInjury.FIT_SINCE, HeadInjury.NEW_NERVE_SIGNS)),
    ),
    Rule(
        Finding.SEIZURE_EMERGENCY,
        Level.EMERGENCY,
        "A fit since a head injury in the last 3 months",
        "NHS: Head injury and concussion, 'Call 999 if' (a fit or seizure); NICE NG232 (seizure since the "
        "injury). Also a fit that needs an ambulance in its own right, so the advice on fits is shown",
        all_of(RECENT_HEAD_INJURY, said("head_injury", HeadInjury.FIT_SINCE)),
    ),
    Rule(
        Finding.HEAD_INJURY_A_AND_E,
        Level.EMERGENCY,
        "A head injury in the last 3 months with: knocked out, vomiting, a headache that gets worse or "
        "painkillers do not help, confusion or memory problems, blood thinners, alcohol or drugs at the "
        "time, past brain surgery, or jerks that started since",
        "NHS: Head injury and concussion, 'Go to A&E if' (knocked out, vomiting, headache, memory or behaviour, "
        "blood thinners or a clotting disorder, alcohol or drugs, brain surgery); NICE NG232, referral to the "
        "emergency department (anticoagulant or antiplatelet treatment other than aspirin alone); jerks that "
        "started since the injury count as a possible fit (clinical-facts.md: 'a fit or jerks since'; safer "
        "choice: A&E now, not same day)",
        all_of(
            RECENT_HEAD_INJURY,
            said(
                "head_injury",
                HeadInjury.KNOCKED_OUT,
                HeadInjury.VOMITING,
                HeadInjury.HEADACHE,
                HeadInjury.CONFUSION,
                HeadInjury.BLOOD_THINNERS,
                HeadInjury.ALCOHOL_OR_DRUGS,
                HeadInjury.BRAIN_SURGERY,
                HeadInjury.JERKS_SINCE,
            ),
        ),
    ),
    Rule(
        Finding.HEAD_INJURY_A_AND_E,
        Level.EMERGENCY,
        "A head injury in the last 3 months at age 65 or over (once the head-injury questions are answered, so "
        "that a sign that needs 999 is still asked)",
        "clinical-facts.md head-injury row (age 65+: A&E now). Neither the NHS 'Go to A&E' list nor NICE NG232's "
        "community referral list has age alone: NG232 uses age 65+ for the CT decision, and the NHS names older "
        "age as a risk of bleeding that shows days or weeks later. Age alone taken as an A&E criterion: safer "
        "choice",
        all_of(RECENT_HEAD_INJURY, answered("head_injury"), said("age", AgeBand.AGE_65_PLUS)),
    ),
    Rule(
        Finding.HEAD_INJURY,
        Level.TODAY,
        "Jerks that started after an older head injury (more than 3 months ago)",
        "NHS: Head injury and concussion; clinical-facts.md: 'Started after a head injury: a doctor the same day'",
        said("same_day", SameDay.OLD_HEAD_INJURY),
    ),
    # Pregnancy, and from 20 weeks until 6 weeks after the birth, the signs of pre-eclampsia.
    Rule(
        Finding.PRE_ECLAMPSIA,
        Level.TODAY,
        "20 weeks pregnant or more, or gave birth in the last 6 weeks, with a severe headache, problems with "
        "sight, pain just below the ribs, vomiting, or sudden swelling of the face, hands or feet",
        "NHS: Pre-eclampsia (call your midwife, GP surgery or 111 immediately); NICE NG133 (pre-eclampsia from "
        "20 weeks). The card sends her to the maternity unit or midwife now, or 111",
        said(
            "pregnancy_signs",
            PregnancySigns.SEVERE_HEADACHE,
            PregnancySigns.VISION,
            PregnancySigns.RIB_PAIN,
            PregnancySigns.VOMITING,
            PregnancySigns.SWELLING,
        ),
    ),
    # Medicines and alcohol screen: in the last few weeks.
    Rule(
        Finding.NEUROLEPTIC_MALIGNANT_SYNDROME,
        Level.EMERGENCY,
        "After starting or raising a medicine for psychosis, or stopping a Parkinson's medicine: a high "
        "temperature, stiff muscles and confusion",
        "BNF: Antipsychotic drugs, neuroleptic malignant syndrome (hyperthermia, rigidity, altered consciousness; "
        "also on stopping dopaminergic drugs); NICE CKS. 999 rather than A&E: safer choice",
        said("medicine_signs", MedicineSigns.NMS),
    ),
    Rule(
        Finding.SEROTONIN_SYNDROME,
        Level.TODAY,
        "After starting or raising an antidepressant, St John's wort, tramadol, a triptan or similar: agitation, "
        "sweating, shaking, diarrhoea, a fast heartbeat or a high temperature",
        "NHS: SSRI antidepressants, side effects (serotonin syndrome: 'Contact 111 or go to A&E immediately'); "
        "clinical-facts.md (one instruction: 111 or A&E now)",
        said("medicine_signs", MedicineSigns.SEROTONIN),
    ),
    Rule(
        Finding.LITHIUM_TOXICITY,
        Level.TODAY,
        "Takes lithium, with new or worse twitching, shaking, diarrhoea or vomiting, unsteadiness, or drowsiness",
        "NHS: Lithium (serious side effects: contact a doctor or 111 straight away); NHS GGC: early "
        "identification of lithium toxicity (it happens on a steady dose: dehydration, illness, other medicines, "
        "falling kidney function); BNF: lithium. Same day for an urgent lithium level",
        any_of(
            said("medicine_signs", MedicineSigns.LITHIUM),
            all_of(said("medication", Medication.LITHIUM), NEW_OR_WORSE),
            all_of(said("medication", Medication.LITHIUM), said("with_it", WithIt.DROWSY)),
        ),
    ),
    Rule(
        Finding.SEVERE_NIGHT_HYPOS,
        Level.TODAY,
        "Takes insulin or a diabetes tablet such as gliclazide, and woke at night confused or needing someone's help, "
        "or blood sugar stayed low after treating it",
        "NHS: Low blood sugar (hypoglycaemia) (treat a hypo straight away; hypos while asleep); clinical-facts.md "
        "(woken confused, needing help, or low readings that do not come up: same day, the diabetes team, GP or "
        "111; same day for confusion is the safer choice)",
        said("medicine_signs", MedicineSigns.HYPO),
    ),
    Rule(
        Finding.WITHDRAWAL,
        Level.TODAY,
        "Shaking, sweating or anxiety after stopping or cutting down alcohol, sleeping tablets or benzodiazepines",
        "clinical-facts.md: withdrawal (fits possible): same day, never stop them suddenly alone; NICE CKS: "
        "Benzodiazepine and z-drug withdrawal (sudden stopping can cause fits); NHS: Alcohol misuse. A fit, or "
        "seeing or hearing things, needs 999 (the emergency screen asks)",
        said("medicine_signs", MedicineSigns.WITHDRAWAL),
    ),
    Rule(
        Finding.MEDICINE_BUILD_UP,
        Level.TODAY,
        "Kidney disease with gabapentin, pregabalin or a strong painkiller, and jerks that are new or worse; or "
        "kidney or liver disease with new drowsiness",
        "BNF: gabapentin and pregabalin (reduce the dose in renal impairment; build-up causes drowsiness and "
        "myoclonus); NHS: Chronic kidney disease. clinical-facts.md: same day (the renal unit, GP or 111). Any "
        "kidney disease counted, not only kidney failure: safer choice",
        any_of(
            all_of(
                KIDNEY_DISEASE,
                said("medication", Medication.NERVE_MEDICINE, Medication.STRONG_PAINKILLER),
                NEW_OR_WORSE,
            ),
            all_of(said("health", Health.KIDNEY_DISEASE, Health.LIVER_DISEASE), said("with_it", WithIt.DROWSY)),
        ),
    ),
    # The history.
    Rule(
        Finding.JERKS_WHILE_AWAKE,
        Level.GP,
        "Jerks that move a limb or the body while awake (or not sure what they are like)",
        "clinical-facts.md: jerks while awake are myoclonus, not sleep starts (medicines, kidney or liver "
        "disease, metabolic causes): GP. 'Not sure' counted as jerks: safer choice",
        all_of(AWAKE, said("character", Character.JERK, Character.NOT_SURE)),
    ),
    Rule(
        Finding.MORNING_JERKS,
        Level.GP,
        "Jerks soon after waking in the morning, for example dropping things",
        "clinical-facts.md (myoclonic epilepsy, often teens and young adults): GP soon, then a neurologist; "
        "NICE NG217 1.1.1 (suspected seizures: urgent referral, seen within 2 weeks)",
        said("timing", Timing.AFTER_WAKING),
    ),
    Rule(
        Finding.SLEEP_EPILEPSY,
        Level.GP,
        "Attacks from sleep that look the same each time: waking suddenly with stiff or thrashing arms or legs, "
        "sometimes several in a night",
        "NICE NG127 (sleep disorders in adults: refer urgently adults with symptoms suggestive of new-onset "
        "epileptic seizures in sleep); ICSD-3-TR (sleep-related hypermotor epilepsy). GP this week, asking for "
        "an urgent referral, with a witness account or a video",
        said("night_movements", NightMovements.ATTACKS),
    ),
    Rule(
        Finding.WEAKNESS_OR_WASTING,
        Level.GP,
        "Weakness, or muscles getting thinner",
        "clinical-facts.md (nerve damage or other neurological disease): GP; source leaflet (strength and "
        "muscle bulk are examined)",
        said("with_it", WithIt.WEAKNESS, WithIt.WASTING),
    ),
    Rule(
        Finding.SPREADING_TWITCHING,
        Level.GP,
        "Twitching that is spreading to other parts of the body",
        "clinical-facts.md (nerve or motor-neuron disease): GP, neurologist",
        said("with_it", WithIt.SPREADING),
    ),
    Rule(
        Finding.SENSORY_SYMPTOMS,
        Level.GP,
        "Numbness, tingling or pain",
        "clinical-facts.md (nerve damage or other neurological disease): GP",
        said("with_it", WithIt.NUMBNESS),
    ),
    Rule(
        Finding.SPEECH_OR_SWALLOWING,
        Level.GP,
        "Speech or swallowing getting harder",
        "NICE NG42 (motor neurone disease: recognition and referral, urgent neurology referral); "
        "clinical-facts.md: GP soon",
        said("with_it", WithIt.SPEECH_OR_SWALLOWING),
    ),
    Rule(
        Finding.POSSIBLE_NERVE_DISEASE,
        Level.GP,
        "Twitching while awake with weakness, wasting, spreading, or speech or swallowing getting harder",
        "clinical-facts.md (nerve or motor-neuron disease): GP, neurologist; NICE NG42",
        all_of(
            AWAKE,
            said("with_it", WithIt.WEAKNESS, WithIt.WASTING, WithIt.SPREADING, WithIt.SPEECH_OR_SWALLOWING),
        ),
    ),
    Rule(
        Finding.KIDNEY_OR_LIVER_JERKS,
        Level.GP,
        "Kidney or liver disease, and the jerks are new or getting worse",
        "clinical-facts.md (kidney failure or liver disease with new jerks: GP soon, the renal or liver team); "
        "NHS: Chronic kidney disease. Any kidney disease counted, not only kidney failure: safer choice",
        all_of(said("health", Health.KIDNEY_DISEASE, Health.LIVER_DISEASE), NEW_OR_WORSE),
    ),
    Rule(
        Finding.NERVE_CONDITION_JERKS,
        Level.GP,
        "A long-term condition of the brain or nerves (such as multiple sclerosis or Parkinson's disease), and the "
        "jerks are new or getting worse",
        "Source leaflet and clinical-facts.md (serious disease as the cause of twitching at sleep onset: rare, "
        "treated by a neurologist); NICE NG127 (consider referring persistent movements more complex than a simple "
        "jerk). GP or the person's neurology team, not self-care",
        all_of(said("health", Health.NERVE_CONDITION), NEW_OR_WORSE),
    ),
    Rule(
        Finding.LITHIUM_JERKS,
        Level.GP,
        "Takes lithium, and the jerks are not new or worse (a lithium level and kidney check)",
        "NHS: Lithium (regular blood tests; tell your doctor about side effects); BNF: lithium. No source gives a "
        "level for long-standing, unchanged jerks on lithium: GP as the safer choice over self-care",
        said("medication", Medication.LITHIUM),
    ),
    Rule(
        Finding.POSSIBLE_LOW_MAGNESIUM,
        Level.GP,
        "Takes acid-reducing tablets (such as omeprazole) or water tablets, and the twitching is new or worse, or "
        "comes with pins and needles",
        "MHRA Drug Safety Update (2012): proton pump inhibitors and hypomagnesaemia (measure magnesium; muscle "
        "twitching, tremor); NIH ODS: Magnesium (diuretics lower magnesium). GP for a blood test",
        all_of(
            said("medication", Medication.ACID_REDUCER, Medication.DIURETIC),
            any_of(NEW_OR_WORSE, said("with_it", WithIt.NUMBNESS)),
        ),
    ),
    Rule(
        Finding.HEAVY_DRINKING,
        Level.GP,
        "Drinks a lot of alcohol on most days",
        "NHS: Alcohol misuse (see a GP; do not stop suddenly if you are dependent); NICE CG115 (assisted "
        "withdrawal). GP, with 'do not stop suddenly' first",
        said("health", Health.HEAVY_DRINKING),
    ),
    Rule(
        Finding.RESTLESS_LEGS,
        Level.GP,
        "An urge to move the legs at rest, eased by moving and worse in the evening or at night",
        "NHS: Restless legs syndrome; NICE CKS: Restless legs syndrome, diagnosis (the features of the urge "
        "to move): GP for blood tests including iron (ferritin)",
        all_of(
            said("with_it", WithIt.URGE_TO_MOVE),
            said("restless_legs", RestlessLegs.EASED_BY_MOVING),
            said("restless_legs", RestlessLegs.WORSE_IN_EVENING),
        ),
    ),
    Rule(
        Finding.LIMB_MOVEMENTS,
        Level.GP,
        "Someone has seen the legs kick again and again in sleep",
        "ICSD-3-TR (periodic limb movement disorder; series of movements about every 20-40 seconds): GP, sleep clinic",
        said("sleep", Sleep.KICKS),
    ),
    Rule(
        Finding.PROPRIOSPINAL_MYOCLONUS,
        Level.GP,
        "Jerks of the chest, tummy or back as the person falls asleep, on most nights, for more than 3 months",
        "ICSD-3-TR (propriospinal myoclonus at sleep onset: repeated trunk jerks that stop sleep, for months); "
        "NICE NG127 (consider referring persistent movements more complex than a simple jerk): GP",
        all_of(
            said("muscles", Muscle.TRUNK),
            said("timing", Timing.FALLING_ASLEEP),
            said("frequency", Frequency.MOST_NIGHTS),
            said("duration", Duration.OVER_3_MONTHS),
        ),
    ),
    Rule(
        Finding.ACTING_OUT_DREAMS,
        Level.GP,
        "Acting out dreams: shouting, punching or kicking while dreaming",
        "NHS: REM sleep behaviour disorder; NICE NG127 (consider referring persistent sleep behaviour disorders); "
        "ICSD-3-TR: GP (sleep clinic or neurology)",
        said("night_movements", NightMovements.ACTING_OUT_DREAMS),
    ),
    Rule(
        Finding.BREATHING_PAUSES,
        Level.GP,
        "Someone has seen breathing stop or gasping in sleep",
        "NHS: Sleep apnoea (see a GP if someone notices you stop breathing in your sleep)",
        said("sleep", Sleep.BREATHING_PAUSES),
    ),
    Rule(
        Finding.SLEEP_PROBLEM,
        Level.GP,
        "Bad sleep on most nights for more than 3 months",
        "NHS: Insomnia (see a GP if it lasts for weeks and affects daily life); NICE CKS: Insomnia (chronic "
        "after 3 months)",
        said("sleep", Sleep.POOR_SLEEP),
    ),
    Rule(
        Finding.DAYTIME_SLEEPINESS,
        Level.GP,
        "Sleepy enough in the day to affect work or daily life, or nodding off while driving",
        "NHS: Sleep apnoea (feeling very sleepy during the day; see a GP); DVLA: Excessive sleepiness and "
        "driving (do not drive while sleepy); clinical-facts.md (daytime sleepiness affecting daily life or "
        "driving: GP)",
        said("sleep", Sleep.SLEEPY_DAY, Sleep.DOZED_DRIVING),
    ),
    Rule(
        Finding.LASTING_DAYTIME_TWITCHING,
        Level.GP,
        "Flickers under the skin or eyelid twitching while awake for 2 weeks or more (or not sure how long)",
        "NHS: Twitching eyes and muscles (see a GP if a twitch lasts more than 2 weeks). 'Not sure' counted as "
        "2 weeks or more: safer choice",
        all_of(
            AWAKE,
            said("character", Character.FLICKER, Character.EYELID),
            said("awake_duration", AwakeDuration.TWO_WEEKS_OR_MORE, AwakeDuration.NOT_SURE),
        ),
    ),
    Rule(
        Finding.TWITCHING_IN_SEVERAL_PLACES,
        Level.GP,
        "Twitching while awake in more than one place: flickers under the skin and an eyelid or the face",
        "NHS: Twitching eyes and muscles (see a GP if you have a twitch in more than 1 place)",
        all_of(AWAKE, said("character", Character.FLICKER), said("character", Character.EYELID)),
    ),
    Rule(
        Finding.MEDICINE_CHANGE,
        Level.GP,
        "Started, changed or stopped a medicine in the last 3 months, and the jerks began in that time or "
        "are getting worse",
        "clinical-facts.md ('began after starting, changing or stopping a medicine': medicine side effect or "
        "withdrawal): GP or prescriber; never stop a medicine on one's own. Jerks that began more than 3 months "
        "ago and are not getting worse did not begin after the change",
        all_of(said("medication", Medication.CHANGED), NEW_OR_WORSE),
    ),
    Rule(
        Finding.INJURIOUS_JERKS,
        Level.GP,
        "Jerks strong enough to hurt the person or someone else, or to throw them out of bed",
        "Source leaflet: the doctor asks how strong the jerks are. No source gives a level: GP chosen as the "
        "safer choice over self-care",
        said("strength", Strength.INJURY),
    ),
    Rule(
        Finding.EPILEPSY,
        Level.GP,
        "Already has epilepsy, and now has jerks",
        "NICE NG217 (myoclonic seizures are a seizure type; review when seizures change). No source gives a "
        "level: GP (the epilepsy team) chosen as the safer choice over self-care",
        said("health", Health.EPILEPSY),
    ),
    Rule(
        Finding.POSSIBLE_NIGHT_HYPOS,
        Level.GP,
        "Takes insulin or a diabetes tablet, and wakes in the night sweating, shaky or confused",
        "NHS: Low blood sugar (hypoglycaemia), 'hypos can also happen while sleeping' (waking, damp sheets from "
        "sweat; 'tell your diabetes team if you keep having hypos'); clinical-facts.md (hypos that keep "
        "happening: GP)",
        all_of(said("medication", Medication.DIABETES_MEDICINE), said("sleep", Sleep.NIGHT_SWEATS)),
    ),
    Rule(
        Finding.TWITCHING_IN_SLEEP,
        Level.GP,
        "Jerks later in sleep, not only while falling asleep",
        "clinical-facts.md (sleep starts are limited to the moment of falling asleep; the doctor asks whether "
        "they happen later in sleep); ICSD-3-TR (sleep-related movement disorders). No source gives a level: GP "
        "as the safer choice",
        said("timing", Timing.DURING_SLEEP),
    ),
    Rule(
        Finding.SLEEP_STARTS,
        Level.SELF_CARE,
        "Jerks as the person falls asleep",
        "ICSD-3-TR: sleep starts (hypnic jerks), a normal variant; NICE NG127 (do not routinely refer adults "
        "with jerks on falling asleep); Sleep Foundation; Cleveland Clinic",
        said("timing", Timing.FALLING_ASLEEP),
    ),
    Rule(
        Finding.DAYTIME_TWITCHING,
        Level.SELF_CARE,
        "Twitching while awake",
        "NHS: Twitching eyes and muscles (usually harmless: caffeine, exercise, stress)",
        AWAKE,
    ),
    Rule(
        Finding.EYELID_TWITCHING,
        Level.SELF_CARE,
        "Eyelid or face twitching while awake",
        "NHS: Twitching eyes and muscles (eyelid twitching, usually harmless)",
        all_of(AWAKE, any_of(said("character", Character.EYELID), said("muscles", Muscle.FACE_EYELID))),
    ),
    Rule(
        Finding.DIABETES_MEDICINE,
        Level.SELF_CARE,
        "Takes insulin or a diabetes tablet (the signs of a hypo at night, to know)",
        "NHS: Low blood sugar (hypoglycaemia), hypos while sleeping",
        said("medication", Medication.DIABETES_MEDICINE),
    ),
    Rule(
        Finding.RECENT_HEAD_INJURY,
        Level.SELF_CARE,
        "A head injury in the last 3 months (advice on what to watch for)",
        "NHS: Head injury and concussion (how to look after yourself; when to go to A&E)",
        RECENT_HEAD_INJURY,
    ),
    Rule(
        Finding.SNORING,
        Level.SELF_CARE,
        "Snores loudly (alone, without pauses)",
        "NHS: Snoring; NHS: Sleep apnoea (see a GP if breathing stops or you are very sleepy)",
        said("sleep", Sleep.SNORING),
    ),
    Rule(
        Finding.JERK_CAUSING_MEDICINE,
        Level.SELF_CARE,
        "Takes a medicine that can cause jerks or make restless legs worse",
        "clinical-facts.md (medicine side effects; some antidepressants); NHS: Restless legs syndrome, causes",
        said(
            "medication",
            Medication.ANTIDEPRESSANT,
            Medication.STRONG_PAINKILLER,
            Medication.NERVE_MEDICINE,
            Medication.LITHIUM,
            Medication.ANTIPSYCHOTIC,
            Medication.ANTIHISTAMINE,
        ),
    ),
    Rule(
        Finding.STRESS,
        Level.SELF_CARE,
        "Stress, worry or emotional strain",
        "Source leaflet (stress and emotional strain); Sleep Foundation: hypnic jerks",
        said("triggers", Trigger.STRESS),
    ),
    Rule(
        Finding.CAFFEINE,
        Level.SELF_CARE,
        "Caffeine after mid-afternoon",
        "Sleep Foundation: hypnic jerks; Cleveland Clinic; NHS: Foods to avoid in pregnancy (no more than 200 mg "
        "of caffeine a day, said in the article)",
        said("triggers", Trigger.CAFFEINE),
    ),
    Rule(
        Finding.NICOTINE,
        Level.SELF_CARE,
        "Smoking, vaping or other nicotine",
        "Sleep Foundation: hypnic jerks; Cleveland Clinic",
        said("triggers", Trigger.NICOTINE),
    ),
    Rule(
        Finding.ALCOHOL,
        Level.SELF_CARE,
        "Alcohol in the evening, not pregnant",
        "Sleep Foundation: hypnic jerks; NHS: Insomnia",
        all_of(said("triggers", Trigger.ALCOHOL), not_(PREGNANT)),
    ),
    Rule(
        Finding.ALCOHOL_IN_PREGNANCY,
        Level.SELF_CARE,
        "Alcohol in the evening, while pregnant (the advice is not to drink at all)",
        "UK Chief Medical Officers' low-risk drinking guidelines, via NHS: Drinking alcohol while pregnant (the "
        "safest approach is not to drink alcohol at all)",
        all_of(said("triggers", Trigger.ALCOHOL), PREGNANT),
    ),
    Rule(
        Finding.RECREATIONAL_DRUGS,
        Level.SELF_CARE,
        "Takes recreational drugs",
        "clinical-facts.md (caffeine and other stimulants; the doctor asks about drugs)",
        said("triggers", Trigger.RECREATIONAL_DRUGS),
    ),
    Rule(
        Finding.EVENING_EXERCISE,
        Level.SELF_CARE,
        "Hard exercise in the evening",
        "Sleep Foundation: hypnic jerks; Cleveland Clinic",
        said("triggers", Trigger.EVENING_EXERCISE),
    ),
    Rule(
        Finding.IRREGULAR_SLEEP,
        Level.SELF_CARE,
        "Too little or irregular sleep",
        "Sleep Foundation: hypnic jerks; NHS: Insomnia",
        said("triggers", Trigger.SHORT_SLEEP),
    ),
    Rule(
        Finding.SHIFT_WORK,
        Level.SELF_CARE,
        "Shift or night work",
        "NHS: Insomnia (shift work)",
        said("triggers", Trigger.SHIFT_WORK),
    ),
    Rule(
        Finding.MAGNESIUM_NEED,
        Level.SELF_CARE,
        "A risk of a low magnesium level: a diet low in magnesium, hard training, bowel disease, diabetes, heavy "
        "drinking, age 65 or over, water tablets or acid-reducing tablets; never with kidney disease",
        "NIH ODS: Magnesium, fact sheet for health professionals (groups at risk of inadequacy); NHS: Vitamins "
        "and minerals, magnesium (UK figures; the same in pregnancy, so pregnancy is not counted); source leaflet. "
        "Not with kidney disease: Kidney Care UK; NHS: Chronic kidney disease (magnesium and many magnesium-rich "
        "foods are limited; ask the kidney team). Breastfeeding and cramps are not counted (corrected facts)",
        all_of(
            any_of(
                said(
                    "health",
                    Health.LOW_MAGNESIUM_DIET,
                    Health.HARD_TRAINING,
                    Health.BOWEL_DISEASE,
                    Health.DIABETES,
                    Health.HEAVY_DRINKING,
                ),
                said("medication", Medication.DIURETIC, Medication.ACID_REDUCER),
                said("age", AgeBand.AGE_65_PLUS),
            ),
            not_(KIDNEY_DISEASE),
        ),
    ),
    Rule(
        Finding.PREGNANT,
        Level.SELF_CARE,
        "Pregnant (no alcohol, caffeine up to 200 mg a day, supplements: ask a midwife; restless legs are common)",
        "NHS: Foods to avoid in pregnancy (caffeine 200 mg); UK Chief Medical Officers (no alcohol); NHS: "
        "Restless legs syndrome (pregnancy); NHS: Vitamins, supplements and nutrition in pregnancy",
        PREGNANT,
    ),
    Rule(
        Finding.BREASTFEEDING,
        Level.SELF_CARE,
        "Breastfeeding (supplements: ask a midwife, health visitor or pharmacist first)",
        "NHS: Vitamins and minerals, magnesium (the same intake when breastfeeding); NIH ODS: Magnesium",
        said("pregnancy", Pregnancy.BREASTFEEDING),
    ),
    Rule(
        Finding.KIDNEY_DISEASE,
        Level.SELF_CARE,
        "Kidney disease (no magnesium advice: ask the kidney team before changing diet or taking supplements)",
        "Kidney Care UK (potassium and phosphate in magnesium-rich foods); NHS: Chronic kidney disease; NIH ODS: "
        "Magnesium (magnesium builds up when the kidneys do not work well)",
        KIDNEY_DISEASE,
    ),
)


def _levels_by_finding() -> dict[Finding, Level]:
    levels: dict[Finding, Level] = {}
    for rule in RULES:
        if levels.setdefault(rule.finding, rule.level) != rule.level:
            raise ValueError(f"{rule.finding} has two levels")
    return {finding: level for finding, level in levels.items() if level > Level.SELF_CARE}


FINDING_LEVEL: dict[Finding, Level] = _levels_by_finding()
"""How urgent each finding is on its own. Findings not listed are self-care."""


def rules_version(rules: tuple[Rule, ...] = RULES) -> str:
    """A short fingerprint of the rule set: each rule's finding, level and condition as data.

    Stored with each assessment: when it differs from today's, the advice page checks whether today's
    rules would be more urgent for the same answers. Wording (``when``, ``source``) is not part of it.
    """
    text = "\n".join(f"{rule.finding}|{int(rule.level)}|{rule.condition!r}" for rule in rules)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


RULES_VERSION = rules_version()


# --- the decision ----------------------------------------------------------------------------


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
    fits_sleep_starts: bool = False
    """The jerks happen only as the person falls asleep, and nothing needs a doctor."""

    @property
    def call_999(self) -> bool:
        """An ambulance, rather than going to A&E, for an emergency."""
        return any(reason.finding in CALL_999 for reason in self.reasons)


def _unique(evidence: Evidence) -> Evidence:
    return tuple(dict.fromkeys(evidence))


def findings_for(answers: Answers) -> dict[Finding, Evidence]:
    """Every finding the answers support, each with the answers that support it."""
    found: dict[Finding, Evidence] = {}
    for rule in RULES:
        evidence = rule.condition.match(answers)
        if evidence is not None:
            found[rule.finding] = _unique(found.get(rule.finding, ()) + evidence)
    return found


def result_from(found: dict[Finding, Evidence], levels: dict[Finding, Level], timing: frozenset[str]) -> TriageResult:
    """The result for these findings at these levels: the level, the reasons, and whether it fits sleep starts."""
    reasons = tuple(
        sorted(
            (Reason(finding, levels[finding], evidence) for finding, evidence in found.items() if finding in levels),
            key=lambda reason: -reason.level,
        )
    )
    level = max((reason.level for reason in reasons), default=Level.SELF_CARE)
    found = dict(found)
    if level >= Level.GP:
        found[Finding.NEEDS_DOCTOR] = _unique(tuple(e for reason in reasons for e in reason.evidence))
    return TriageResult(
        level=level,
        findings=found,
        reasons=reasons,
        fits_sleep_starts=level == Level.SELF_CARE and timing == {Timing.FALLING_ASLEEP},
    )


def assess(answers: Answers) -> TriageResult:
    """The triage level, the findings and the reasons for the level."""
    return result_from(findings_for(answers), FINDING_LEVEL, answers.timing)
