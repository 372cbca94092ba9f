"""Assessments stored by earlier questionnaires: shown as they were given, in the words the person saw.

Version 1 (until November 2026) asked other questions in other words (a "warning signs" list, sex, how
much sleep was disturbed, magnesium factors). Version 2 (until December 2026) asked today's history
with a shorter screen; a few of its options are worded differently today or are no longer offered
(``Question.retired`` keeps the words of those). Assessments of either version stored their level and
findings but not the answers behind each finding or the rules version: their result page shows the
stored level and findings, with the levels each finding had then (``LEVELS``, ``VERSION_2_LEVELS``).
Nothing here is asked any more; it is kept only to display those records until they expire.
"""

from __future__ import annotations

from dataclasses import replace

from triage.clinical.assessment import Level
from triage.questionnaire import questions
from triage.questionnaire.questions import SUMMARY, Question

VERSION = 1

# (name, text, short, summary heading, multiple choice, ((code, words), ...)), in the order asked.
_V1 = (
    ("age", "How old are you?", "Age", "About the person", False,
     (("under_16", "Under 16"), ("16_24", "16 to 24"), ("25_44", "25 to 44"), ("45_64", "45 to 64"),
      ("65_plus", "65 or over"))),
    ("sex", "What sex were you registered at birth?", "Sex registered at birth", "About the person", False,
     (("female", "Female"), ("male", "Male"), ("prefer_not_to_say", "I'd prefer not to say"))),
    ("timing", "When do the twitches or jerks happen?", "When it happens", "Symptoms", True,
     (("falling_asleep", "While I'm falling asleep"),
      ("during_sleep", "Later, while I'm asleep (for example, someone sees it or it wakes me)"),
      ("awake", "While I'm awake during the day"), ("not_sure", "I'm not sure"))),
    ("muscles", "Which parts of your body twitch or jerk?", "Muscles affected", "Symptoms", True,
     (("legs", "Legs or feet"), ("arms", "Arms or hands"), ("whole_body", "My whole body"),
      ("face_eyelid", "Face or eyelid"), ("trunk", "Chest, tummy or back"), ("not_sure", "I'm not sure"))),
    ("frequency", "How often does it happen?", "How often", "Symptoms", False,
     (("less_than_weekly", "Less than once a week"), ("some_nights", "1 to 3 nights a week"),
      ("most_nights", "4 or more nights a week"), ("not_sure", "I'm not sure"))),
    ("duration", "When did it start?", "Started", "Symptoms", False,
     (("under_2_weeks", "Less than 2 weeks ago"), ("2_weeks_to_3_months", "Between 2 weeks and 3 months ago"),
      ("over_3_months", "More than 3 months ago"), ("not_sure", "I'm not sure"))),
    ("sleep_impact", "How much does it disturb your sleep?", "Effect on sleep", "Effect on sleep and daytime", False,
     (("none", "Not much: I fall asleep again quickly"), ("sometimes", "Sometimes it keeps me awake for a while"),
      ("most_nights", "It badly disturbs my sleep on most nights"))),
    ("daytime_impact", "How do you feel during the day?", "Effect on daytime", "Effect on sleep and daytime", False,
     (("none", "Fine, I'm not more tired than usual"), ("tired", "Tired, but I can manage my day"),
      ("affects_daily_life", "So sleepy that it affects work, driving or daily life"))),
    ("sensations", "Do you notice anything else at the moment of a jerk?", "Felt with it", "Symptoms", True,
     (("falling", "A feeling of falling"), ("flash", "A flash of light"), ("sound", "A loud bang or sound"),
      ("none", "None of these"))),
    ("warning_signs", "Do you have any of these?", "Warning signs", "Warning signs", True,
     (("stroke_now", "Right now: my face is drooping, one side of my body is weak, or my speech is slurred"),
      ("seizure_signs", "Episodes where I lose awareness, bite my tongue, wet myself, or am confused afterwards"),
      ("head_injury", "It started after a head injury"), ("weakness", "Weakness in my arms or legs"),
      ("wasting", "Muscles that are getting thinner"),
      ("spreading", "Twitching that is spreading to other parts of my body"),
      ("numbness", "Numbness, tingling or pain"),
      ("morning_jerks", "Jerks soon after waking up in the morning, for example dropping things"),
      ("restless_legs", "An urge to move my legs in the evening that gets better when I move them"),
      ("partner_sees_kicks", "Someone has seen me kick again and again while I'm asleep"),
      ("breathing_pauses", "Someone has seen me stop breathing or gasp while I'm asleep"),
      ("none", "None of these"))),
    ("triggers", "Do any of these apply to you at the moment?", "Possible triggers", "Possible triggers", True,
     (("stress", "Stress, worry or emotional strain"),
      ("caffeine", "Coffee, tea, cola or energy drinks after mid-afternoon"),
      ("nicotine", "Smoking, vaping or other nicotine"), ("alcohol", "Alcohol in the evening"),
      ("evening_exercise", "Hard exercise in the evening"),
      ("short_sleep", "Too little sleep, or going to bed at very different times"),
      ("shift_work", "Shift work or night work"), ("none", "None of these"), ("not_sure", "I'm not sure"))),
    ("pregnancy", "Are you pregnant or breastfeeding?", "Pregnant or breastfeeding", "About the person", False,
     (("pregnant", "I'm pregnant"), ("breastfeeding", "I'm breastfeeding"), ("neither", "Neither"),
      ("prefer_not_to_say", "I'd prefer not to say"))),
    ("magnesium", "Do any of these apply to you?", "Magnesium need", "Magnesium and medicines", True,
     (("cramps", "Cramps in my calves at night"), ("hard_training", "I do hard physical training or sport most days"),
      ("low_magnesium_diet", "I rarely eat beans, lentils, nuts, seeds, whole grains or green vegetables"),
      ("long_term_medicines",
       "I take water tablets (diuretics) or acid-reducing tablets (such as omeprazole) long term"),
      ("kidney_disease", "I have kidney disease"), ("none", "None of these"))),
    ("medicines", "In the last 3 months, have you started, changed or stopped a medicine?",
     "Medicine changed recently", "Magnesium and medicines", False,
     (("yes", "Yes"), ("no", "No"), ("not_sure", "I'm not sure"))),
)  # fmt: skip

QUESTIONS: tuple[Question, ...] = tuple(
    Question(
        name=name,
        text=text,
        hint="",
        why="",
        short=short,
        summary_heading=heading,
        multiple=multiple,
        choices=choices,
        changes=frozenset({SUMMARY}),
    )
    for name, text, short, heading, multiple, choices in _V1
)

LEVELS: dict[str, Level] = {
    "stroke_signs": Level.EMERGENCY,
    "possible_seizure": Level.TODAY,
    "head_injury": Level.TODAY,
    "possible_nerve_disease": Level.GP,
    "weakness_or_wasting": Level.GP,
    "spreading_twitching": Level.GP,
    "sensory_symptoms": Level.GP,
    "morning_jerks": Level.GP,
    "restless_legs": Level.GP,
    "limb_movements": Level.GP,
    "breathing_pauses": Level.GP,
    "sleep_problem": Level.GP,
    "lasting_eyelid_twitching": Level.GP,
    "medicine_change": Level.GP,
}
"""How urgent each version-1 finding was: the findings behind a stored level, most urgent first."""

FINDING_DESCRIPTIONS: dict[str, str] = {
    "lasting_eyelid_twitching": "Face or eyelid twitches while awake, for 2 weeks or more",
}
"""Version-1 findings that today's vocabulary no longer has."""


VERSION_2 = 2

VERSION_2_LEVELS: dict[str, Level] = {
    **dict.fromkeys(
        ("stroke_signs", "seizure_emergency", "eclampsia", "head_injury_emergency", "head_injury_a_and_e"),
        Level.EMERGENCY,
    ),
    **dict.fromkeys(
        ("tia", "first_fit", "possible_seizure", "head_injury", "serotonin_syndrome", "withdrawal"), Level.TODAY
    ),
    **dict.fromkeys(
        (
            "jerks_while_awake",
            "morning_jerks",
            "weakness_or_wasting",
            "spreading_twitching",
            "sensory_symptoms",
            "speech_or_swallowing",
            "possible_nerve_disease",
            "restless_legs",
            "limb_movements",
            "breathing_pauses",
            "sleep_problem",
            "daytime_sleepiness",
            "lasting_daytime_twitching",
            "twitching_in_several_places",
            "twitching_in_sleep",
            "medicine_change",
            "injurious_jerks",
            "epilepsy",
            "possible_night_hypos",
        ),
        Level.GP,
    ),
}
"""How urgent each version-2 finding was (the rules of 2 December 2026); the rest were self-care."""

_VERSION_2_CHANGES: dict[str, dict] = {
    "emergency": {
        "text": "First, do any of these apply to you?",
        "choices": (
            (
                "stroke_now",
                "Signs of a stroke now, or in the last few hours even if they have gone: the face drooping on one "
                "side, an arm or leg weak or numb, slurred or muddled speech, or sudden loss of sight",
            ),
            (
                "fit_now",
                "A fit (seizure) happening now, one that lasted more than 5 minutes, or fits one after another",
            ),
            ("first_fit_now", "A fit that has just happened, and it was the first one ever"),
            (
                "not_recovered",
                "A fit that has ended, but the person is not back to normal: still confused, very sleepy or hard to "
                "wake",
            ),
            ("fit_in_pregnancy", "A fit while pregnant, or in the 6 weeks after giving birth"),
            ("head_injury", "A head injury in the last 3 months, such as a fall or a blow to the head"),
            ("none", "None of these"),
        ),
    },
    "same_day": {
        "text": "Have you had any of these?",
        "short": "Signs that need a doctor today",
        "choices": (
            (
                "stroke_gone",
                "Signs of a stroke that came on suddenly earlier, such as yesterday, and have now fully gone. No "
                "doctor has checked you yet",
            ),
            (
                "first_fit_over",
                "A first fit (seizure) that is over, and you are back to normal, for example one last night",
            ),
            (
                "seizure_signs",
                "Times when you lost awareness, bit your tongue, wet yourself, or were confused afterwards",
            ),
            ("old_head_injury", "The twitches or jerks started after a head injury more than 3 months ago"),
            (
                "medicine_reaction",
                "You started or raised a medicine, such as an antidepressant, tramadol, lithium or a migraine "
                "medicine. Since then: feeling agitated, sweating a lot, a high temperature, shaking or diarrhoea",
            ),
            (
                "withdrawal",
                "You stopped or cut down alcohol, sleeping tablets or diazepam. Since then: shaking, sweating or "
                "feeling very anxious",
            ),
            ("none", "None of these"),
        ),
    },
    "pregnancy": {
        "choices": (
            ("pregnant", "I'm pregnant"),
            ("gave_birth", "I had a baby in the last 6 weeks"),
            ("breastfeeding", "I'm breastfeeding"),
            ("neither", "None of these"),
            ("prefer_not_to_say", "I'd prefer not to say"),
        ),
    },
    "with_it": {"without": ("drowsy",)},
    "medication": {
        "without": ("lithium", "antipsychotic"),
        "add": ("lithium_or_antipsychotic", "Lithium, or a medicine for psychosis"),
    },
}
"""What version 2 asked differently: its words, and the options it had that today's questionnaire does not."""

_VERSION_2_ORDER = (
    "age", "emergency", "head_injury", "same_day", "pregnancy", "timing", "muscles", "character", "awake_duration",
    "strength", "frequency", "duration", "onset", "course", "with_it", "restless_legs", "sleep", "health",
    "medication", "family", "triggers",
)  # fmt: skip


def _as_in_version_2(question: Question) -> Question:
    change = _VERSION_2_CHANGES.get(question.name, {})
    choices = change.get("choices") or tuple(
        (code, words) for code, words in question.choices if code not in change.get("without", ())
    )
    if "add" in change:
        choices = (*choices[:3], change["add"], *choices[3:])
    return replace(
        question,
        text=change.get("text", question.text),
        short=change.get("short", question.short),
        choices=choices,
    )


VERSION_2_QUESTIONS: tuple[Question, ...] = tuple(
    _as_in_version_2(questions.QUESTIONS_BY_NAME[name]) for name in _VERSION_2_ORDER
)


def questions_for(version: int) -> tuple[Question, ...]:
    """The questions an assessment of ``version`` was asked, in their words."""
    return {VERSION: QUESTIONS, VERSION_2: VERSION_2_QUESTIONS}.get(version, questions.QUESTIONS)


def levels_for(version: int) -> dict[str, Level]:
    """How urgent each finding was in ``version``, for an assessment that did not store it."""
    return LEVELS if version == VERSION else VERSION_2_LEVELS
