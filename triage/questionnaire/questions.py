"""The questionnaire: every question, its choices, the step order and the branching.

This is the one place that says what a patient is asked, in which words and in which order, and
which questions a person is asked given their earlier answers (``asked_questions``). The pages,
check answers, the doctor summary, the admin, the FHIR questionnaire and exports all read it from
here. The codes come from ``assessment.py``; the words belong here. Forms are in ``forms.py``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from triage.clinical.assessment import (
    RULES,
    AgeBand,
    Answers,
    AwakeDuration,
    Character,
    Condition,
    Course,
    Duration,
    Emergency,
    Family,
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
    all_of,
    answered,
    any_of,
    assess,
    not_,
    said,
)

# Answers so far, as ``{question name: code or list of codes}``.
AnswersSoFar = Mapping[str, object]

# What a question's answer can change: every question says which (``Question.changes``), and a
# test checks that each claim is true of the rules and the advice.
OUTCOME = "outcome"
ADVICE = "advice"
SUMMARY = "summary"

ABOUT_THE_PERSON = "About the person"
URGENT_SIGNS = "Urgent signs asked about"
THE_TWITCHING = "The twitching or jerks"
WITH_IT = "What comes with it"
SLEEP = "Sleep"
HEALTH = "Health, medicines and family"
TRIGGERS = "Possible triggers"


@dataclass(frozen=True)
class Question:
    name: str
    text: str
    """The question, shown as the page heading."""
    hint: str
    why: str
    """"Why we ask this": one or two plain sentences under the question."""
    short: str
    """A few words naming the answer on check-answers and the doctor summary."""
    choices: tuple[tuple[str, str], ...]
    changes: frozenset[str]
    """What the answer can change: the care level (outcome), the advice, the doctor summary."""
    multiple: bool = False
    exclusive: frozenset[str] = frozenset()
    """Options that cannot be ticked together with any other ("None of these")."""
    required_message: str = ""
    summary_heading: str = THE_TWITCHING
    asked_if: Condition | None = None
    """Who is asked, as a condition on the earlier answers (``None``: everyone the walk reaches)."""

    def label(self, code: str) -> str:
        return dict(self.choices)[code]

    @property
    def follow_up(self) -> bool:
        """Asked only of some people, given an earlier answer (not only "unless the questionnaire has ended")."""
        return self.asked_if is not None


def outcome_so_far(answers: AnswersSoFar) -> TriageResult:
    """The triage result of the answers given so far."""
    return assess(Answers.from_mapping(dict(answers)))


SCREEN = (
    "age",
    "emergency",
    "same_day",
    "spreading",
    "head_injury",
    "pregnancy",
    "pregnancy_signs",
    "medicine_signs",
)
"""The only questions an emergency can come from (a test checks it): age, the screens and their follow-ups."""


@lru_cache(maxsize=1024)
def _screened(screen: tuple) -> TriageResult:
    return assess(Answers.from_mapping(dict(screen)))


def screened(answers: AnswersSoFar) -> TriageResult:
    """The result of the screening answers alone: whether there is an emergency, cheaply."""
    return _screened(tuple((name, _frozen(answers.get(name))) for name in SCREEN))


def _frozen(value):
    return tuple(value) if isinstance(value, list) else value


FAMILY_HISTORY_MATTERS = any_of(
    said("timing", Timing.AFTER_WAKING),
    said("same_day", SameDay.FIRST_FIT_OVER, SameDay.SEIZURE_SIGNS),
    said("night_movements", NightMovements.ATTACKS),
    said("with_it", WithIt.URGE_TO_MOVE),
    said("health", Health.EPILEPSY),
)
"""Family history changes what a doctor makes of the jerks after waking, fits, attacks in sleep, the urge to move."""

NONE_OF_THESE = "None of these"
NOT_SURE = "I'm not sure"

QUESTIONS: tuple[Question, ...] = (
    Question(
        name="age",
        text="How old are you?",
        hint="If you are answering for someone else, give their age.",
        why="Some causes of jerks, and some advice, depend on age. This check is for people aged 16 and "
        "over. For a child, we show advice for parents instead.",
        short="Age",
        summary_heading=ABOUT_THE_PERSON,
        changes=frozenset({OUTCOME, ADVICE, SUMMARY}),
        choices=(
            (AgeBand.UNDER_16, "Under 16"),
            (AgeBand.AGE_16_24, "16 to 24"),
            (AgeBand.AGE_25_44, "25 to 44"),
            (AgeBand.AGE_45_64, "45 to 64"),
            (AgeBand.AGE_65_PLUS, "65 or over"),
        ),
        required_message="Select your age",
    ),
    Question(
        name="emergency",
        text="Right now, or in the last few hours: do any of these apply?",
        hint="Select all that apply. If you are answering for someone else, answer for them.",
        why="These can be signs of a stroke, a serious fit, or an infection or other illness affecting the "
        "brain. They need help straight away, so we ask about them first.",
        short="Emergency signs",
        summary_heading=URGENT_SIGNS,
        changes=frozenset({OUTCOME, ADVICE, SUMMARY}),
        multiple=True,
        exclusive=frozenset({Emergency.NONE}),
        choices=(
            (
                Emergency.STROKE_NOW,
                "Signs of a stroke, even if they have gone: the face drooping on one side, an arm or leg weak or "
                "numb, slurred or muddled speech, or sudden loss of sight",
            ),
            (
                Emergency.FIT_NOW,
                "A fit (seizure) happening now, one that lasted more than 5 minutes, or fits one after another",
            ),
            (Emergency.FIRST_FIT_NOW, "A fit that has just happened, and it was the first one ever"),
            (
                Emergency.NOT_RECOVERED,
                "A fit that has ended, but the person is not back to normal: still confused, very sleepy or "
                "hard to wake",
            ),
            (
                Emergency.SUDDEN_CONFUSION,
                "Suddenly confused or very drowsy: cannot think or speak clearly, does not know where they are, sees "
                "or hears things that are not there, or is hard to wake",
            ),
            (
                Emergency.FEVER_SIGNS,
                "A high temperature with a stiff neck, a rash, a very bad headache, or being very drowsy",
            ),
            (Emergency.NONE, NONE_OF_THESE),
        ),
        required_message="Select any that apply, or 'None of these'",
    ),
    Question(
        name="same_day",
        text="In the last few weeks or months, have you had any of these?",
        hint="Select all that apply. Count them even if they have stopped.",
        why="These can be a mini-stroke, a fit, a problem with the nerves, or a head injury. They are not "
        "always an emergency. But a doctor should check you soon, often the same day.",
        short="Signs that need a doctor soon",
        summary_heading=URGENT_SIGNS,
        changes=frozenset({OUTCOME, ADVICE, SUMMARY}),
        multiple=True,
        exclusive=frozenset({SameDay.NONE}),
        choices=(
            (
                SameDay.STROKE_GONE,
                "Signs of a stroke that came on suddenly and then fully went away. No doctor has checked you yet",
            ),
            (
                SameDay.FIRST_FIT_OVER,
                "A first fit (seizure) that is over, and you are back to normal, for example one last night",
            ),
            (
                SameDay.SEIZURE_SIGNS,
                "Times when you lost awareness, bit your tongue, wet yourself, or were confused afterwards",
            ),
            (
                SameDay.SPREADING_WEAKNESS,
                "Weakness, numbness or tingling that is spreading or getting worse day by day",
            ),
            (SameDay.HEAD_INJURY, "A head injury in the last 3 months, such as a fall or a blow to the head"),
            (SameDay.OLD_HEAD_INJURY, "The twitches or jerks started after a head injury that was longer ago"),
            (SameDay.NONE, NONE_OF_THESE),
        ),
        required_message="Select any that apply, or 'None of these'",
    ),
    Question(
        name="spreading",
        text="About the weakness, numbness or tingling: do any of these apply?",
        hint="Select all that apply.",
        why="Weakness that spreads fast, or that makes it hard to breathe or swallow, needs an ambulance.",
        short="The spreading weakness",
        summary_heading=URGENT_SIGNS,
        changes=frozenset({OUTCOME, ADVICE, SUMMARY}),
        multiple=True,
        exclusive=frozenset({Spreading.NONE}),
        choices=(
            (Spreading.BREATHING, "It is hard to breathe"),
            (Spreading.SWALLOWING_OR_SPEECH, "It is hard to swallow or to speak"),
            (Spreading.FAST, "It has spread a lot in the last few hours"),
            (Spreading.NONE, NONE_OF_THESE),
        ),
        required_message="Select any that apply, or 'None of these'",
        asked_if=said("same_day", SameDay.SPREADING_WEAKNESS),
    ),
    Question(
        name="head_injury",
        text="About your head injury: do any of these apply?",
        hint="Select all that apply.",
        why="After a blow to the head, these signs can mean bleeding inside the head. This can show up days "
        "or weeks later, most often in older people and people who take blood thinners.",
        short="Head injury",
        summary_heading=URGENT_SIGNS,
        changes=frozenset({OUTCOME, ADVICE, SUMMARY}),
        multiple=True,
        exclusive=frozenset({HeadInjury.NONE}),
        choices=(
            (HeadInjury.FIT_SINCE, "A fit (seizure) since the injury"),
            (
                HeadInjury.NEW_NERVE_SIGNS,
                "Since the injury: weakness or numbness, or trouble speaking, seeing, understanding or walking",
            ),
            (HeadInjury.KNOCKED_OUT, "I was knocked out, even for a moment"),
            (HeadInjury.VOMITING, "I have been sick (vomited) since the injury"),
            (HeadInjury.HEADACHE, "A headache that is getting worse, or that painkillers do not help"),
            (HeadInjury.CONFUSION, "Confusion, memory problems or acting differently since the injury"),
            (
                HeadInjury.BLOOD_THINNERS,
                "I take a blood thinner, such as warfarin, apixaban, rivaroxaban or clopidogrel, or I have a "
                "bleeding disorder",
            ),
            (HeadInjury.ALCOHOL_OR_DRUGS, "I had been drinking alcohol or taking drugs when it happened"),
            (HeadInjury.BRAIN_SURGERY, "I have had brain surgery in the past"),
            (HeadInjury.JERKS_SINCE, "The twitches or jerks started after the injury"),
            (HeadInjury.NONE, NONE_OF_THESE),
        ),
        required_message="Select any that apply, or 'None of these'",
        asked_if=said("same_day", SameDay.HEAD_INJURY),
    ),
    Question(
        name="pregnancy",
        text="Are you pregnant, breastfeeding, or have you had a baby recently?",
        hint="Select all that apply. We ask everyone aged 16 to 64, because we do not ask about sex. If you are "
        "not sure how many weeks pregnant you are, choose 20 weeks or more.",
        why="A fit in pregnancy or soon after a birth needs help straight away. Some other signs matter from 20 "
        "weeks. Pregnancy also changes which advice and supplements are safe.",
        short="Pregnancy",
        summary_heading=ABOUT_THE_PERSON,
        changes=frozenset({OUTCOME, ADVICE, SUMMARY}),
        multiple=True,
        exclusive=frozenset({Pregnancy.NEITHER, Pregnancy.PREFER_NOT_TO_SAY}),
        choices=(
            (Pregnancy.PREGNANT_UNDER_20_WEEKS, "I'm pregnant: less than 20 weeks"),
            (Pregnancy.PREGNANT_20_WEEKS_PLUS, "I'm pregnant: 20 weeks or more"),
            (Pregnancy.GAVE_BIRTH, "I had a baby in the last 6 weeks"),
            (Pregnancy.BREASTFEEDING, "I'm breastfeeding"),
            (Pregnancy.NEITHER, NONE_OF_THESE),
            (Pregnancy.PREFER_NOT_TO_SAY, "I'd prefer not to say"),
        ),
        required_message="Select any that apply, 'None of these' or 'I'd prefer not to say'",
        asked_if=said("age", AgeBand.AGE_16_24, AgeBand.AGE_25_44, AgeBand.AGE_45_64),
    ),
    Question(
        name="pregnancy_signs",
        text="Do you have any of these now?",
        hint="Select all that apply. From 20 weeks of pregnancy until 6 weeks after a birth, these can be signs "
        "of a problem with blood pressure called pre-eclampsia.",
        why="Pre-eclampsia can harm you and your baby if it is not treated. It can start suddenly. A midwife "
        "or doctor should check you the same day if you have any of these.",
        short="Signs of pre-eclampsia",
        summary_heading=URGENT_SIGNS,
        changes=frozenset({OUTCOME, ADVICE, SUMMARY}),
        multiple=True,
        exclusive=frozenset({PregnancySigns.NONE}),
        choices=(
            (PregnancySigns.SEVERE_HEADACHE, "A very bad headache"),
            (PregnancySigns.VISION, "Problems with your sight, such as blurred sight or flashing lights"),
            (PregnancySigns.RIB_PAIN, "Pain just below your ribs"),
            (PregnancySigns.VOMITING, "Being sick (vomiting)"),
            (PregnancySigns.SWELLING, "Sudden swelling of your face, hands or feet"),
            (PregnancySigns.NONE, NONE_OF_THESE),
        ),
        required_message="Select any that apply, or 'None of these'",
        asked_if=said("pregnancy", Pregnancy.PREGNANT_20_WEEKS_PLUS, Pregnancy.GAVE_BIRTH),
    ),
    Question(
        name="medicine_signs",
        text="Medicines and alcohol: in the last few weeks, has any of these happened?",
        hint="Select all that apply. If none of these medicines apply to you, choose 'None of these'.",
        why="Some medicines can cause jerks and shaking. So can stopping alcohol or sleeping tablets. Some of "
        "these need help today. Some need help straight away.",
        short="Reactions to medicines or alcohol",
        summary_heading=URGENT_SIGNS,
        changes=frozenset({OUTCOME, ADVICE, SUMMARY}),
        multiple=True,
        exclusive=frozenset({MedicineSigns.NONE}),
        choices=(
            (
                MedicineSigns.SEROTONIN,
                "You started or took more of an antidepressant, St John's wort, tramadol or a migraine medicine. "
                "Since then: agitated, sweating, shaking, diarrhoea, a fast heartbeat or a high temperature",
            ),
            (
                MedicineSigns.NMS,
                "You started or took more of a medicine for psychosis, or stopped a Parkinson's medicine. Now: a high "
                "temperature, stiff muscles and confusion",
            ),
            (
                MedicineSigns.LITHIUM,
                "I take lithium. I have new or worse twitching or shaking. Or I feel sick, unsteady or very drowsy, "
                "or have diarrhoea",
            ),
            (
                MedicineSigns.HYPO,
                "I take insulin or a diabetes tablet such as gliclazide. I woke at night confused or needing help, "
                "or my blood sugar stayed low after I treated it",
            ),
            (
                MedicineSigns.WITHDRAWAL,
                "After stopping or cutting down alcohol, sleeping tablets or diazepam: shaking, sweating or "
                "feeling very anxious",
            ),
            (MedicineSigns.NONE, NONE_OF_THESE),
        ),
        required_message="Select any that apply, or 'None of these'",
    ),
    Question(
        name="timing",
        text="When do the twitches or jerks happen?",
        hint="Select all that apply.",
        why="Sleep starts only happen as you fall asleep. Jerks at other times have other causes, which a "
        "doctor may want to check.",
        short="When it happens",
        changes=frozenset({OUTCOME, ADVICE, SUMMARY}),
        multiple=True,
        choices=(
            (Timing.FALLING_ASLEEP, "As I'm falling asleep"),
            (Timing.DURING_SLEEP, "Later, while I'm asleep (someone sees it, or it wakes me)"),
            (Timing.AFTER_WAKING, "Soon after I wake up, for example I drop things in the morning"),
            (Timing.AWAKE, "At other times while I'm awake"),
        ),
        required_message="Select when the twitches or jerks happen",
    ),
    Question(
        name="muscles",
        text="Which parts of your body twitch or jerk?",
        hint="Select all that apply.",
        why="Doctors ask which muscles are affected. Sleep starts most often move the legs, and sometimes the "
        "arms or the whole body.",
        short="Parts of the body",
        changes=frozenset({OUTCOME, ADVICE, SUMMARY}),
        multiple=True,
        exclusive=frozenset({Muscle.NOT_SURE}),
        choices=(
            (Muscle.LEGS, "Legs or feet"),
            (Muscle.ARMS, "Arms or hands"),
            (Muscle.WHOLE_BODY, "My whole body"),
            (Muscle.FACE_EYELID, "Face or eyelid"),
            (Muscle.TRUNK, "Chest, tummy or back"),
            (Muscle.NOT_SURE, NOT_SURE),
        ),
        required_message="Select which parts of your body twitch, or 'I'm not sure'",
    ),
    Question(
        name="character",
        text="When it happens while you're awake, what is it like?",
        hint="Select all that apply.",
        why="Small flickers under the skin are common and usually harmless. A jerk that moves an arm, a leg or "
        "the body while you are awake is not a sleep start, and a doctor should look for the cause.",
        short="What it is like when awake",
        changes=frozenset({OUTCOME, ADVICE, SUMMARY}),
        multiple=True,
        exclusive=frozenset({Character.NOT_SURE}),
        choices=(
            (Character.FLICKER, "Small flickers or ripples under the skin, without the body part moving"),
            (Character.EYELID, "An eyelid or part of my face twitching"),
            (Character.JERK, "A sudden jerk that moves an arm, a leg or my whole body"),
            (Character.NOT_SURE, NOT_SURE),
        ),
        required_message="Select what it is like, or 'I'm not sure'",
        asked_if=said("timing", Timing.AWAKE),
    ),
    Question(
        name="awake_duration",
        text="How long have you had the twitching while you're awake?",
        hint="If it comes and goes, think about when it first started.",
        why="Twitching while you are awake is usually harmless, but if it lasts more than 2 weeks a GP should "
        "look at it.",
        short="Twitching while awake for",
        changes=frozenset({OUTCOME, ADVICE, SUMMARY}),
        choices=(
            (AwakeDuration.UNDER_2_WEEKS, "Less than 2 weeks"),
            (AwakeDuration.TWO_WEEKS_OR_MORE, "2 weeks or more"),
            (AwakeDuration.NOT_SURE, NOT_SURE),
        ),
        required_message="Select how long, or 'I'm not sure'",
        asked_if=said("timing", Timing.AWAKE),
    ),
    Question(
        name="night_movements",
        text="About the movements later in your sleep: what are they like?",
        hint="Select all that apply. If someone sleeps near you, you could ask them.",
        why="Sleep starts only happen as you fall asleep. Movements later in the night can be other things that "
        "a doctor can treat, such as a kind of epilepsy that happens in sleep.",
        short="Movements later in sleep",
        changes=frozenset({OUTCOME, ADVICE, SUMMARY}),
        multiple=True,
        exclusive=frozenset({NightMovements.NOT_SURE}),
        choices=(
            (NightMovements.SINGLE_JERKS, "Single jerks, like the ones as I fall asleep"),
            (
                NightMovements.ATTACKS,
                "Sudden attacks: I wake with stiff or thrashing arms or legs, the same way each time, sometimes "
                "several in one night",
            ),
            (
                NightMovements.ACTING_OUT_DREAMS,
                "Acting out dreams: shouting, punching or kicking while I dream",
            ),
            (NightMovements.NOT_SURE, NOT_SURE),
        ),
        required_message="Select what they are like, or 'I'm not sure'",
        asked_if=said("timing", Timing.DURING_SLEEP),
    ),
    Question(
        name="strength",
        text="How strong are the jerks?",
        hint="Think of the strongest ones.",
        why="Doctors ask how strong the jerks are. Sleep starts can be strong enough to wake you. Jerks that "
        "hurt you or someone else need a doctor to look at them.",
        short="How strong",
        changes=frozenset({OUTCOME, ADVICE, SUMMARY}),
        choices=(
            (Strength.MILD, "Mild: I barely notice them"),
            (Strength.WAKES, "Strong enough to wake me up or stop me falling asleep"),
            (Strength.INJURY, "So strong that I have hurt myself or someone else, or fallen out of bed"),
            (Strength.NOT_SURE, NOT_SURE),
        ),
        required_message="Select how strong they are, or 'I'm not sure'",
    ),
    Question(
        name="frequency",
        text="How often does it happen?",
        hint="Think about the last month.",
        why="How often it happens helps your doctor, and shows whether changing your habits is worth a try.",
        short="How often",
        changes=frozenset({OUTCOME, ADVICE, SUMMARY}),
        choices=(
            (Frequency.LESS_THAN_WEEKLY, "Less than once a week"),
            (Frequency.SOME_NIGHTS, "1 to 3 nights a week"),
            (Frequency.MOST_NIGHTS, "4 or more nights a week"),
            (Frequency.NOT_SURE, NOT_SURE),
        ),
        required_message="Select how often it happens, or 'I'm not sure'",
    ),
    Question(
        name="duration",
        text="When did it start?",
        hint="If it comes and goes, think about when it first started.",
        why="A doctor asks how long it has been going on. Jerks that began after a change of medicine can be "
        "a side effect.",
        short="Started",
        changes=frozenset({OUTCOME, ADVICE, SUMMARY}),
        choices=(
            (Duration.UNDER_2_WEEKS, "Less than 2 weeks ago"),
            (Duration.UNDER_3_MONTHS, "Between 2 weeks and 3 months ago"),
            (Duration.OVER_3_MONTHS, "More than 3 months ago"),
            (Duration.NOT_SURE, NOT_SURE),
        ),
        required_message="Select when it started, or 'I'm not sure'",
    ),
    Question(
        name="onset",
        text="How did it start?",
        hint="Choose the answer that is closest.",
        why="A doctor asks whether it started suddenly or slowly, and what changed in your life or your "
        "medicines around then.",
        short="How it started",
        changes=frozenset({OUTCOME, ADVICE, SUMMARY}),
        choices=(
            (Onset.SUDDEN, "Suddenly, from one day to the next"),
            (Onset.GRADUAL, "Slowly, over weeks or months"),
            (Onset.LONG_STANDING, "I've had it on and off for years"),
            (Onset.NOT_SURE, NOT_SURE),
        ),
        required_message="Select how it started, or 'I'm not sure'",
    ),
    Question(
        name="course",
        text="Since it started, is it getting better or worse?",
        hint="Choose the answer that is closest.",
        why="Sleep starts often come and go. Jerks that get worse, for example after a change of medicine, need "
        "a doctor to look at them.",
        short="Better or worse",
        changes=frozenset({OUTCOME, ADVICE, SUMMARY}),
        choices=(
            (Course.BETTER, "Getting better"),
            (Course.SAME, "About the same"),
            (Course.COMES_AND_GOES, "It comes and goes"),
            (Course.WORSE, "Getting worse"),
            (Course.NOT_SURE, NOT_SURE),
        ),
        required_message="Select an answer, or 'I'm not sure'",
    ),
    Question(
        name="with_it",
        text="Do you have any of these as well?",
        hint="Select all that apply.",
        why="Some things that come with twitching point to other causes, such as a problem with the nerves, "
        "or restless legs.",
        short="Also noticed",
        summary_heading=WITH_IT,
        changes=frozenset({OUTCOME, ADVICE, SUMMARY}),
        multiple=True,
        exclusive=frozenset({WithIt.NONE}),
        choices=(
            (WithIt.FALLING_FLASH_BANG, "A feeling of falling, a flash of light or a loud bang as I jerk"),
            (WithIt.WEAKNESS, "Weakness in an arm or a leg"),
            (WithIt.WASTING, "Muscles that are getting thinner"),
            (WithIt.SPREADING, "Twitching that is spreading to other parts of my body"),
            (WithIt.SPEECH_OR_SWALLOWING, "Speech or swallowing that is getting harder"),
            (WithIt.NUMBNESS, "Numbness, tingling or pain"),
            (WithIt.DROWSY, "Feeling very drowsy or muddled, which is new for me"),
            (WithIt.URGE_TO_MOVE, "An urge to move my legs when I sit or lie still"),
            (WithIt.NONE, NONE_OF_THESE),
        ),
        required_message="Select any that apply, or 'None of these'",
    ),
    Question(
        name="restless_legs",
        text="About the urge to move your legs: which of these are true?",
        hint="Select all that apply.",
        why="Doctors use these signs to tell if it is restless legs syndrome. It is common, it can be treated, "
        "and it is sometimes caused by low iron.",
        short="The urge to move the legs",
        summary_heading=WITH_IT,
        changes=frozenset({OUTCOME, ADVICE, SUMMARY}),
        multiple=True,
        exclusive=frozenset({RestlessLegs.NONE}),
        choices=(
            (RestlessLegs.EASED_BY_MOVING, "Moving my legs eases it, at least while I keep moving"),
            (RestlessLegs.WORSE_IN_EVENING, "It is worse in the evening or at night"),
            (RestlessLegs.UNPLEASANT_FEELING, "My legs feel unpleasant, for example crawling, tingling or aching"),
            (RestlessLegs.NONE, NONE_OF_THESE),
        ),
        required_message="Select any that apply, or 'None of these'",
        asked_if=said("with_it", WithIt.URGE_TO_MOVE),
    ),
    Question(
        name="sleep",
        text="Do any of these apply to your sleep?",
        hint="Select all that apply. If someone sleeps near you, you could ask them.",
        why="Snoring with pauses in breathing, kicking again and again in your sleep, and bad sleep that lasts "
        "have causes that can be treated. Being very sleepy in the day matters for your safety, for "
        "example when driving.",
        short="Sleep",
        summary_heading=SLEEP,
        changes=frozenset({OUTCOME, ADVICE, SUMMARY}),
        multiple=True,
        exclusive=frozenset({Sleep.NONE}),
        choices=(
            (Sleep.SNORING, "I snore loudly"),
            (Sleep.BREATHING_PAUSES, "Someone has seen me stop breathing or gasp in my sleep"),
            (
                Sleep.KICKS,
                "Someone has seen my legs kick again and again in my sleep, for example every half a minute",
            ),
            (Sleep.POOR_SLEEP, "I have slept badly on most nights for more than 3 months"),
            (Sleep.SLEEPY_DAY, "I'm so sleepy in the day that it affects my work or daily life"),
            (Sleep.DOZED_DRIVING, "I have nodded off while driving"),
            (Sleep.NIGHT_SWEATS, "I wake up in the night sweating, shaky or confused"),
            (Sleep.NONE, NONE_OF_THESE),
        ),
        required_message="Select any that apply, or 'None of these'",
    ),
    Question(
        name="health",
        text="Do any of these health conditions or habits apply to you?",
        hint="Select all that apply.",
        why="Some health problems can cause jerks. Some change how much magnesium your body has. With kidney "
        "disease, some advice is different, such as the advice on magnesium.",
        short="Health",
        summary_heading=HEALTH,
        changes=frozenset({OUTCOME, ADVICE, SUMMARY}),
        multiple=True,
        exclusive=frozenset({Health.NONE}),
        choices=(
            (Health.KIDNEY_DISEASE, "Kidney disease"),
            (Health.LIVER_DISEASE, "Liver disease"),
            (Health.DIABETES, "Diabetes"),
            (Health.BOWEL_DISEASE, "Crohn's disease, coeliac disease or another long-term bowel problem"),
            (Health.EPILEPSY, "Epilepsy"),
            (
                Health.NERVE_CONDITION,
                "MS, Parkinson's disease or another lasting illness of the brain or nerves",
            ),
            (
                Health.LOW_MAGNESIUM_DIET,
                "I rarely eat beans, lentils, nuts, seeds, whole grains or green vegetables",
            ),
            (Health.HARD_TRAINING, "I do hard physical training or sport most days"),
            (Health.HEAVY_DRINKING, "I drink a lot of alcohol on most days"),
            (Health.NONE, NONE_OF_THESE),
        ),
        required_message="Select any that apply, or 'None of these'",
    ),
    Question(
        name="medication",
        text="Do you take any of these medicines, or have you changed one lately?",
        hint="Select all that apply. Count the ones you buy from a chemist or a shop too.",
        why="Some medicines can cause jerks. Some make restless legs worse. Some lower the magnesium in your body. "
        "A medicine you start, change or stop can cause twitches too. Your doctor will want to know.",
        short="Medicines",
        summary_heading=HEALTH,
        changes=frozenset({OUTCOME, ADVICE, SUMMARY}),
        multiple=True,
        exclusive=frozenset({Medication.NONE}),
        choices=(
            (
                Medication.ANTIDEPRESSANT,
                "An antidepressant, such as sertraline, citalopram, fluoxetine, amitriptyline or mirtazapine",
            ),
            (Medication.STRONG_PAINKILLER, "A strong painkiller, such as tramadol, codeine or morphine"),
            (Medication.NERVE_MEDICINE, "A medicine for epilepsy or nerve pain, such as gabapentin or pregabalin"),
            (Medication.LITHIUM, "Lithium"),
            (Medication.ANTIPSYCHOTIC, "A medicine for psychosis, such as olanzapine, quetiapine or haloperidol"),
            (Medication.SLEEPING_TABLETS, "Sleeping tablets, or a medicine to calm you, such as diazepam"),
            (Medication.ANTIHISTAMINE, "An antihistamine, for allergies or to help with sleep"),
            (Medication.DIURETIC, "Water tablets (diuretics), such as furosemide"),
            (Medication.ACID_REDUCER, "Tablets that reduce stomach acid, such as omeprazole, taken for a long time"),
            (Medication.DIABETES_MEDICINE, "Insulin, or a tablet for diabetes, such as gliclazide"),
            (Medication.OTHER, "Another medicine I take regularly"),
            (Medication.CHANGED, "I started, changed or stopped a medicine in the last 3 months"),
            (Medication.NONE, NONE_OF_THESE),
        ),
        required_message="Select any that apply, or 'None of these'",
    ),
    Question(
        name="family",
        text="Does anyone in your close family have any of these?",
        hint="Close family means parents, brothers, sisters and children. Select all that apply.",
        why="Epilepsy and restless legs can run in families. Your doctor will want to know.",
        short="Family history",
        summary_heading=HEALTH,
        changes=frozenset({SUMMARY}),
        multiple=True,
        exclusive=frozenset({Family.NONE, Family.NOT_SURE}),
        choices=(
            (Family.EPILEPSY, "Epilepsy"),
            (Family.RESTLESS_LEGS, "Restless legs"),
            (Family.NONE, NONE_OF_THESE),
            (Family.NOT_SURE, NOT_SURE),
        ),
        required_message="Select any that apply, 'None of these' or 'I'm not sure'",
        asked_if=FAMILY_HISTORY_MATTERS,
    ),
    Question(
        name="triggers",
        text="Do any of these apply to you at the moment?",
        hint="Select all that apply. These can make sleep starts happen more often.",
        why="Each of these can make sleep starts more likely. The advice we show you depends on them.",
        short="Possible triggers",
        summary_heading=TRIGGERS,
        changes=frozenset({ADVICE, SUMMARY}),
        multiple=True,
        exclusive=frozenset({Trigger.NONE, Trigger.NOT_SURE}),
        choices=(
            (Trigger.STRESS, "Stress, worry or emotional strain"),
            (Trigger.CAFFEINE, "Coffee, tea, cola or energy drinks after mid-afternoon"),
            (Trigger.NICOTINE, "Smoking, vaping or other nicotine"),
            (Trigger.ALCOHOL, "Alcohol in the evening"),
            (Trigger.RECREATIONAL_DRUGS, "Recreational drugs, such as cannabis, cocaine or ecstasy"),
            (Trigger.EVENING_EXERCISE, "Hard exercise in the evening"),
            (Trigger.SHORT_SLEEP, "Too little sleep, or going to bed at very different times"),
            (Trigger.SHIFT_WORK, "Shift work or night work"),
            (Trigger.NONE, NONE_OF_THESE),
            (Trigger.NOT_SURE, NOT_SURE),
        ),
        required_message="Select any that apply, 'None of these' or 'I'm not sure'",
    ),
)

QUESTIONS_BY_NAME: dict[str, Question] = {q.name: q for q in QUESTIONS}

CHECK = "check"
"""The step after the last question: check your answers, then send them."""

VERSION = 3
"""This questionnaire's version, stored with each assessment (versions 1 and 2: ``legacy.py``)."""


UNDER_16 = said("age", AgeBand.UNDER_16)
"""Under 16 ends the questionnaire at the first question: the page for parents instead."""


def _ends_before(index: int) -> Condition:
    """The questionnaire has ended before ``QUESTIONS[index]``: under 16, or an emergency from the answers before it.

    An emergency is any emergency rule met by those answers; only rules that read nothing later count
    (the same judgement the walk makes as it goes). A test checks emergencies come only from the screen.
    """
    before = {q.name for q in QUESTIONS[:index]}
    emergencies = [r.condition for r in RULES if r.level == Level.EMERGENCY and r.condition.questions() <= before]
    return any_of(UNDER_16, *emergencies)


def _screen_answered_before(index: int) -> list[Condition]:
    """Every screening question before ``QUESTIONS[index]`` answered, or not asked of this person."""
    return [
        answered(q.name) if q.asked_if is None else any_of(answered(q.name), not_(q.asked_if))
        for q in QUESTIONS[:index]
        if q.name in SCREEN
    ]


def _enabled_when(index: int) -> Condition | None:
    if index == 0:
        return None
    question = QUESTIONS[index]
    return all_of(
        *_screen_answered_before(index),
        not_(_ends_before(index)),
        *([question.asked_if] if question.asked_if is not None else []),
    )


ENABLED_WHEN: dict[str, Condition | None] = {q.name: _enabled_when(i) for i, q in enumerate(QUESTIONS)}
"""When each question is asked, as one condition on the answers before it: the screen before it answered, the
questionnaire not ended (under 16, or an emergency), and its own ``asked_if``. The walk below and the FHIR
questionnaire's branching (``fhir.py``) both read this: the branching is written once."""


def is_asked(question: Question, earlier: AnswersSoFar) -> bool:
    """Whether ``question`` is asked, given the answers to the questions asked before it."""
    condition = ENABLED_WHEN[question.name]
    return condition is None or condition.met(Answers.from_mapping(dict(earlier)))


def asked_questions(answers: AnswersSoFar) -> list[Question]:
    """The questions this person is asked, in order, each judged on the answers asked before it.

    An emergency answer ends the questionnaire: no question after it is asked, whatever comes later
    (the person is sent for help at once). A later answer never removes an earlier question, and an
    answer left over from a question no longer asked counts for nothing.
    """
    return list(_asked(tuple((q.name, _frozen(answers[q.name])) for q in QUESTIONS if q.name in answers)))


@lru_cache(maxsize=4096)
def _asked(given: tuple) -> tuple[Question, ...]:
    # A pure function of the answers, and every page of the questionnaire asks it: remembered.
    answers, asked, earlier = dict(given), [], {}
    for question in QUESTIONS:
        if is_asked(question, earlier):
            asked.append(question)
            if question.name in answers:
                earlier[question.name] = answers[question.name]
    return tuple(asked)
