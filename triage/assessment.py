"""The clinical core: a person's answers -> findings -> triage level with reasons.

Pure Python on purpose (no Django): this is the part a clinician reviews, and it is tested
exhaustively without a database. The codes below are the stored values of the answers; the
words a patient reads for each code live in ``questions.py``.

Every rule is one entry of ``RULES``: the finding it makes, how urgent that is, the condition in
plain words, the source it rests on, and the answers that meet it. ``make clinical-rules``
writes them out for clinicians as ``docs/clinical-rules.md``. The most urgent finding sets the
level. Where the sources leave a choice, the rule takes the safer level and its source line
says so ("safer choice").
"""

from __future__ import annotations

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
    STROKE_NOW = "stroke_now"
    FIT_NOW = "fit_now"
    FIRST_FIT_NOW = "first_fit_now"
    NOT_RECOVERED = "not_recovered"
    FIT_IN_PREGNANCY = "fit_in_pregnancy"
    HEAD_INJURY = "head_injury"
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


class SameDay(StrEnum):
    STROKE_GONE = "stroke_gone"
    FIRST_FIT_OVER = "first_fit_over"
    SEIZURE_SIGNS = "seizure_signs"
    OLD_HEAD_INJURY = "old_head_injury"
    MEDICINE_REACTION = "medicine_reaction"
    WITHDRAWAL = "withdrawal"
    NONE = "none"


class Pregnancy(StrEnum):
    PREGNANT = "pregnant"
    GAVE_BIRTH = "gave_birth"
    BREASTFEEDING = "breastfeeding"
    NEITHER = "neither"
    PREFER_NOT_TO_SAY = "prefer_not_to_say"


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
    LOW_MAGNESIUM_DIET = "low_magnesium_diet"
    HARD_TRAINING = "hard_training"
    HEAVY_DRINKING = "heavy_drinking"
    NONE = "none"


class Medication(StrEnum):
    ANTIDEPRESSANT = "antidepressant"
    STRONG_PAINKILLER = "strong_painkiller"
    NERVE_MEDICINE = "nerve_medicine"
    LITHIUM_OR_ANTIPSYCHOTIC = "lithium_or_antipsychotic"
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
    ECLAMPSIA = "eclampsia"
    HEAD_INJURY_EMERGENCY = "head_injury_emergency"
    HEAD_INJURY_A_AND_E = "head_injury_a_and_e"
    # A doctor today.
    TIA = "tia"
    FIRST_FIT = "first_fit"
    POSSIBLE_SEIZURE = "possible_seizure"
    HEAD_INJURY = "head_injury"
    SEROTONIN_SYNDROME = "serotonin_syndrome"
    WITHDRAWAL = "withdrawal"
    # See a GP.
    JERKS_WHILE_AWAKE = "jerks_while_awake"
    MORNING_JERKS = "morning_jerks"
    WEAKNESS_OR_WASTING = "weakness_or_wasting"
    SPREADING_TWITCHING = "spreading_twitching"
    SENSORY_SYMPTOMS = "sensory_symptoms"
    SPEECH_OR_SWALLOWING = "speech_or_swallowing"
    POSSIBLE_NERVE_DISEASE = "possible_nerve_disease"
    RESTLESS_LEGS = "restless_legs"
    LIMB_MOVEMENTS = "limb_movements"
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
    {Finding.STROKE_SIGNS, Finding.SEIZURE_EMERGENCY, Finding.ECLAMPSIA, Finding.HEAD_INJURY_EMERGENCY}
)
"""Emergency findings that need an ambulance; the other emergency finding means going to A&E now."""


# --- one person's answers --------------------------------------------------------------------


@dataclass(frozen=True)
class Answers:
    """One person's answers, as codes. A question not asked is ``None`` or empty."""

    age: str | None = None
    emergency: frozenset[str] = frozenset()
    head_injury: frozenset[str] = frozenset()
    same_day: frozenset[str] = frozenset()
    pregnancy: frozenset[str] = frozenset()
    timing: frozenset[str] = frozenset()
    muscles: frozenset[str] = frozenset()
    character: frozenset[str] = frozenset()
    awake_duration: str | None = None
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

Test = Callable[[Answers], Evidence]
"""A condition: the answers that meet it, or ``()`` when it is not met."""


def said(question: str, *codes: str) -> Test:
    """Met when any of ``codes`` was given for ``question``."""

    def test(answers: Answers) -> Evidence:
        given = answers.chosen(question)
        return tuple((question, code) for code in codes if code in given)

    return test


def all_of(*tests: Test) -> Test:
    """Met when every test is met; the evidence of all of them."""

    def test(answers: Answers) -> Evidence:
        parts = [each(answers) for each in tests]
        return tuple(pair for part in parts for pair in part) if all(parts) else ()

    return test


def any_of(*tests: Test) -> Test:
    """Met when any test is met; the evidence of those that are."""

    def test(answers: Answers) -> Evidence:
        return tuple(pair for each in tests for pair in each(answers))

    return test


# --- the rules -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    finding: Finding
    level: Level
    when: str
    """The condition in plain words, for clinicians (docs/clinical-rules.md)."""
    source: str
    """The guideline or page, and section, the rule rests on."""
    test: Test

    @property
    def red_flag(self) -> bool:
        """Every rule that sends a person to a doctor the same day or sooner is a red flag."""
        return self.level >= Level.TODAY


SEIZURE_SIGNS = said("same_day", SameDay.FIRST_FIT_OVER, SameDay.SEIZURE_SIGNS)
PREGNANT_OR_JUST_GAVE_BIRTH = said("pregnancy", Pregnancy.PREGNANT, Pregnancy.GAVE_BIRTH)
RECENT_HEAD_INJURY = said("emergency", Emergency.HEAD_INJURY)
AWAKE = said("timing", Timing.AWAKE)

RULES: tuple[Rule, ...] = (
    # Emergency screen: asked straight after age.
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
        Finding.ECLAMPSIA,
        Level.EMERGENCY,
        "A fit in pregnancy or in the 6 weeks after giving birth",
        "NHS: Pre-eclampsia, complications (eclampsia: fits in pregnancy or soon after birth); patient.info "
        "professional reference: Eclampsia (fits on top of pre-eclampsia, up to weeks after birth)",
        said("emergency", Emergency.FIT_IN_PREGNANCY),
    ),
    Rule(
        Finding.ECLAMPSIA,
        Level.EMERGENCY,
        "A fit or signs of a fit that is over, in someone who is pregnant or gave birth in the last 6 weeks",
        "NHS: Pre-eclampsia; patient.info professional reference: Eclampsia (as above). Any fit in pregnancy or "
        "after a birth is eclampsia until proven otherwise, however well the person seems afterwards (safer "
        "choice: emergency, not same day)",
        all_of(SEIZURE_SIGNS, PREGNANT_OR_JUST_GAVE_BIRTH),
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
        "A head injury in the last 3 months at age 65 or over",
        "clinical-facts.md head-injury row (age 65+: A&E now). Neither the NHS 'Go to A&E' list nor NICE NG232's "
        "community referral list has age alone: NG232 uses age 65+ for the CT decision, and the NHS names older "
        "age as a risk of bleeding that shows days or weeks later. Age alone taken as an A&E criterion: safer "
        "choice",
        all_of(RECENT_HEAD_INJURY, said("age", AgeBand.AGE_65_PLUS)),
    ),
    # Same-day screen.
    Rule(
        Finding.TIA,
        Level.TODAY,
        "Signs of a stroke earlier (more than a few hours ago, for example yesterday) that have completely gone, "
        "not yet checked by a doctor (a TIA, mini-stroke)",
        "NHS: Transient ischaemic attack (TIA), when to get medical advice (an urgent GP appointment when the "
        "symptoms have passed); Stroke Association: what if symptoms pass ('see your GP urgently'); NICE NG128 "
        "1.1.5 (specialist assessment within 24 hours of onset). Never routine",
        said("same_day", SameDay.STROKE_GONE),
    ),
    Rule(
        Finding.FIRST_FIT,
        Level.TODAY,
        "A first fit that is over, with the person fully back to normal",
        "NICE NG217 1.1.1 (suspected first seizure: urgent referral, seen within 2 weeks); clinical-facts.md: a "
        "doctor the same day. The NHS and the Epilepsy Society say 999 for a first seizure when it happens (rule "
        "above); once it is over and the person is fully back to normal, same day. DVLA: stop driving",
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
        Finding.HEAD_INJURY,
        Level.TODAY,
        "Jerks that started after a head injury more than 3 months ago",
        "NHS: Head injury and concussion; clinical-facts.md: 'Started after a head injury: a doctor the same day'",
        said("same_day", SameDay.OLD_HEAD_INJURY),
    ),
    Rule(
        Finding.SEROTONIN_SYNDROME,
        Level.TODAY,
        "After starting or raising an antidepressant, tramadol, a triptan, lithium or similar: agitation, "
        "sweating, fever, shaking or diarrhoea",
        "NHS: SSRI antidepressants, side effects ('Contact 111 or go to A&E immediately'); clinical-facts.md: "
        "urgent, same day (A&E if severe). The card says 111 now or A&E, not a GP appointment",
        said("same_day", SameDay.MEDICINE_REACTION),
    ),
    Rule(
        Finding.WITHDRAWAL,
        Level.TODAY,
        "Shaking, sweating or anxiety after stopping or cutting down alcohol, sleeping tablets or benzodiazepines",
        "clinical-facts.md: withdrawal (fits possible): same day, never stop them suddenly alone; NICE CKS: "
        "Benzodiazepine and z-drug withdrawal (sudden stopping can cause fits). A fit, or seeing or hearing "
        "things, needs 999 (the card says so)",
        said("same_day", SameDay.WITHDRAWAL),
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
        "NICE NG217 1.1.1 (suspected seizures: urgent referral, seen within 2 weeks). The card asks for a GP "
        "appointment this week",
        said("timing", Timing.AFTER_WAKING),
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
        "NHS: Sleep apnoea (feeling very sleepy during the day; see a GP; do not drive while sleepy); "
        "clinical-facts.md (daytime sleepiness affecting daily life or driving: GP)",
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
        all_of(
            said("medication", Medication.CHANGED),
            any_of(
                said("duration", Duration.UNDER_2_WEEKS, Duration.UNDER_3_MONTHS, Duration.NOT_SURE),
                said("course", Course.WORSE),
            ),
        ),
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
        "clinical-facts.md (diabetes: night-time hypos cause jerks and sweating); NHS: Low blood sugar "
        "(hypoglycaemia), 'hypos can also happen while sleeping' (waking, damp sheets from sweat; tell your "
        "diabetes team if you keep having hypos). No source gives a level: GP as the safer choice",
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
        "ICSD-3-TR: sleep starts (hypnic jerks), a normal variant; Sleep Foundation; Cleveland Clinic",
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
            Medication.LITHIUM_OR_ANTIPSYCHOTIC,
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
        "Sleep Foundation: hypnic jerks; Cleveland Clinic",
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
        "Alcohol in the evening, or a lot of alcohol on most days",
        "Sleep Foundation: hypnic jerks; NHS: Insomnia",
        any_of(said("triggers", Trigger.ALCOHOL), said("health", Health.HEAVY_DRINKING)),
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
        "A higher magnesium need or a risk of a low level: pregnancy, a diet low in magnesium, hard "
        "training, bowel disease, diabetes, heavy drinking, age 65 or over, water tablets or acid-reducing "
        "tablets",
        "NIH ODS: Magnesium, fact sheet for health professionals (intake in pregnancy; groups at risk of "
        "inadequacy); source leaflet. Breastfeeding and cramps are not counted (corrected facts)",
        any_of(
            said("pregnancy", Pregnancy.PREGNANT),
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
    ),
    Rule(
        Finding.PREGNANT,
        Level.SELF_CARE,
        "Pregnant (supplements: ask a midwife; restless legs are common)",
        "NIH ODS: Magnesium; NHS: Restless legs syndrome (pregnancy)",
        said("pregnancy", Pregnancy.PREGNANT),
    ),
    Rule(
        Finding.BREASTFEEDING,
        Level.SELF_CARE,
        "Breastfeeding (supplements: ask a midwife or doctor first)",
        "NIH ODS: Magnesium (intake when breastfeeding is the same as for other women)",
        said("pregnancy", Pregnancy.BREASTFEEDING),
    ),
    Rule(
        Finding.KIDNEY_DISEASE,
        Level.SELF_CARE,
        "Kidney disease (no magnesium supplements without medical advice)",
        "NIH ODS: Magnesium (health risks from excessive magnesium; kidney disease)",
        said("health", Health.KIDNEY_DISEASE),
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
        evidence = rule.test(answers)
        if evidence:
            found[rule.finding] = _unique(found.get(rule.finding, ()) + evidence)
    return found


def assess(answers: Answers) -> TriageResult:
    """The triage level, the findings and the reasons for the level."""
    found = findings_for(answers)
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
    return TriageResult(
        level=level,
        findings=found,
        reasons=reasons,
        fits_sleep_starts=level == Level.SELF_CARE and answers.timing == {Timing.FALLING_ASLEEP},
    )
