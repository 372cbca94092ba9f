"""What each finding means, in words an editor can choose from.

``assessment.Finding`` is the fixed vocabulary between the clinical logic and the advice
content. Editors choose findings when they target an article, so every code needs one plain
sentence here: the admin form, its filter, the warnings and the statistics all read it from
this one place. A test fails if a finding has no description.
"""

from __future__ import annotations

from triage.clinical.assessment import Finding

FINDING_DESCRIPTIONS: dict[Finding, str] = {
    Finding.STROKE_SIGNS: "Signs of a stroke now (drooping face, weak or numb arm or leg, slurred speech)",
    Finding.SEIZURE_EMERGENCY: "A fit now, over 5 minutes, one after another, a first fit just now, or not recovered",
    Finding.SUDDEN_CONFUSION: "Sudden confusion or drowsiness: cannot think clearly, sees things, or is hard to wake",
    Finding.MENINGITIS_SIGNS: "A high temperature with a stiff neck, a rash, a very bad headache or drowsiness",
    Finding.RAPID_WEAKNESS: "Spreading weakness that affects breathing, swallowing or speech, or spreads fast",
    Finding.NEUROLEPTIC_MALIGNANT_SYNDROME: "High temperature, stiff muscles and confusion after a psychosis or "
    "Parkinson's medicine change",
    Finding.ECLAMPSIA: "A fit in pregnancy or in the 6 weeks after giving birth",
    Finding.HEAD_INJURY_EMERGENCY: "Head injury, then a fit or new weakness, numbness, or trouble speaking or seeing",
    Finding.HEAD_INJURY_A_AND_E: "Head injury in the last 3 months with a sign that means going to A&E now",
    Finding.TIA: "Signs of a stroke that have gone completely, not yet checked (possible TIA, mini-stroke)",
    Finding.FIRST_FIT: "A first fit that is over, back to normal",
    Finding.POSSIBLE_SEIZURE: "Possible seizures: losing awareness, biting the tongue, wetting, confused afterwards",
    Finding.SPREADING_WEAKNESS: "Weakness, numbness or tingling that is spreading or getting worse over days",
    Finding.HEAD_INJURY: "Twitching or jerks that began after a head injury more than 3 months ago",
    Finding.PRE_ECLAMPSIA: "Signs of pre-eclampsia from 20 weeks of pregnancy until 6 weeks after a birth",
    Finding.SEROTONIN_SYNDROME: "Agitation, sweating, fever, shaking or diarrhoea after starting or raising a medicine",
    Finding.LITHIUM_TOXICITY: "Lithium, with new or worse twitching, shaking, sickness, unsteadiness or drowsiness",
    Finding.SEVERE_NIGHT_HYPOS: "Insulin or gliclazide, and woke at night confused or needing help",
    Finding.MEDICINE_BUILD_UP: "Kidney disease with gabapentin, pregabalin or a strong painkiller and new jerks, or "
    "new drowsiness",
    Finding.WITHDRAWAL: "Shaking, sweating or anxiety after stopping alcohol, sleeping tablets or diazepam",
    Finding.JERKS_WHILE_AWAKE: "Jerks that move an arm, a leg or the body while awake (not sleep starts)",
    Finding.MORNING_JERKS: "Jerks soon after waking up in the morning",
    Finding.SLEEP_EPILEPSY: "Attacks from sleep that look the same each time (possible epilepsy in sleep)",
    Finding.WEAKNESS_OR_WASTING: "Weakness in an arm or leg, or muscles getting thinner",
    Finding.SPREADING_TWITCHING: "Twitching that spreads to other parts of the body",
    Finding.SENSORY_SYMPTOMS: "Numbness, tingling or pain",
    Finding.SPEECH_OR_SWALLOWING: "Speech or swallowing getting harder",
    Finding.POSSIBLE_NERVE_DISEASE: "Twitching while awake with weakness, wasting, spreading, or speech changes",
    Finding.KIDNEY_OR_LIVER_JERKS: "Kidney or liver disease, with jerks that are new or getting worse",
    Finding.NERVE_CONDITION_JERKS: "A condition of the brain or nerves (such as MS), with jerks that are new or worse",
    Finding.LITHIUM_JERKS: "Takes lithium (a lithium level and kidney check)",
    Finding.POSSIBLE_LOW_MAGNESIUM: "Acid-reducing tablets or water tablets, with new twitching (magnesium test)",
    Finding.HEAVY_DRINKING: "Drinks a lot of alcohol on most days",
    Finding.PROPRIOSPINAL_MYOCLONUS: "Jerks of the chest, tummy or back at sleep onset on most nights for months",
    Finding.ACTING_OUT_DREAMS: "Acting out dreams: shouting, punching or kicking while dreaming",
    Finding.RESTLESS_LEGS: "An urge to move the legs at rest, eased by moving, worse in the evening (restless legs)",
    Finding.LIMB_MOVEMENTS: "Someone has seen their legs kick again and again while asleep",
    Finding.BREATHING_PAUSES: "Someone has seen them stop breathing or gasp while asleep",
    Finding.SLEEP_PROBLEM: "Bad sleep on most nights for more than 3 months",
    Finding.DAYTIME_SLEEPINESS: "So sleepy in the day it affects daily life, or nodded off while driving",
    Finding.TWITCHING_IN_SEVERAL_PLACES: "Twitching while awake in more than one place",
    Finding.DIABETES_MEDICINE: "Takes insulin or a diabetes tablet (signs of a hypo at night)",
    Finding.LASTING_DAYTIME_TWITCHING: "Flickers under the skin or eyelid twitching while awake, for 2 weeks or more",
    Finding.MEDICINE_CHANGE: "Started, changed or stopped a medicine in the last 3 months",
    Finding.INJURIOUS_JERKS: "Jerks strong enough to hurt them or someone else",
    Finding.EPILEPSY: "Already has epilepsy",
    Finding.POSSIBLE_NIGHT_HYPOS: "Insulin or a diabetes tablet, and waking sweating, shaky or confused at night",
    Finding.SLEEP_STARTS: "Twitches or jerks while falling asleep (sleep starts)",
    Finding.TWITCHING_IN_SLEEP: "Jerks later in sleep too, not only while falling asleep",
    Finding.DAYTIME_TWITCHING: "Twitches while awake",
    Finding.EYELID_TWITCHING: "Face or eyelid twitches while awake",
    Finding.RECENT_HEAD_INJURY: "A head injury in the last 3 months (what to watch for)",
    Finding.SNORING: "Snores loudly",
    Finding.JERK_CAUSING_MEDICINE: "Takes a medicine that can cause jerks or make restless legs worse",
    Finding.STRESS: "Stress, worry or emotional strain at the moment",
    Finding.CAFFEINE: "Coffee, tea, cola or energy drinks after mid-afternoon",
    Finding.NICOTINE: "Smoking, vaping or other nicotine",
    Finding.ALCOHOL: "Alcohol in the evening (not pregnant)",
    Finding.ALCOHOL_IN_PREGNANCY: "Alcohol in the evening while pregnant (advice: no alcohol)",
    Finding.RECREATIONAL_DRUGS: "Recreational drugs",
    Finding.EVENING_EXERCISE: "Hard exercise in the evening",
    Finding.IRREGULAR_SLEEP: "Too little sleep, or going to bed at very different times",
    Finding.SHIFT_WORK: "Shift work or night work",
    Finding.MAGNESIUM_NEED: "At risk of low magnesium (diet, training, medicines, age); never with kidney disease",
    Finding.PREGNANT: "Pregnant",
    Finding.BREASTFEEDING: "Breastfeeding",
    Finding.KIDNEY_DISEASE: "Has kidney disease (no magnesium advice: ask the kidney team)",
    Finding.NEEDS_DOCTOR: "Any answer that means seeing a doctor (GP, today or emergency)",
}

FINDING_CHOICES: list[tuple[str, str]] = [
    (finding.value, FINDING_DESCRIPTIONS.get(finding, finding.value)) for finding in Finding
]


def describe_finding(code: str) -> str:
    """The plain-English meaning of a finding code (of today's or the first questionnaire)."""
    from triage.questionnaire.legacy import FINDING_DESCRIPTIONS as VERSION_1

    try:
        return FINDING_DESCRIPTIONS[Finding(code)]
    except (ValueError, KeyError):
        return VERSION_1.get(code, code)


# The findings grouped by how urgent they are, as ``assessment.Finding`` lists them (each group
# starts at its first finding there), for the edit page and the list's filter: each group sorted
# by its plain words, so an editor finds a finding by what it means.
_GROUP_STARTS: list[tuple[Finding, str]] = [
    (Finding.STROKE_SIGNS, "Emergency: call 999 or go to A&E now"),
    (Finding.TIA, "See a doctor today"),
    (Finding.JERKS_WHILE_AWAKE, "See a GP"),
    (Finding.SLEEP_STARTS, "Self-care: triggers, and who needs which advice"),
    (Finding.NEEDS_DOCTOR, "Any answer that means seeing a doctor"),
]


def _groups() -> list[tuple[str, list[tuple[str, str]]]]:
    order = list(Finding)
    starts = [order.index(first) for first, _ in _GROUP_STARTS] + [len(order)]
    groups = []
    for (_, name), start, end in zip(_GROUP_STARTS, starts, starts[1:], strict=False):
        members = sorted(order[start:end], key=lambda finding: FINDING_DESCRIPTIONS[finding].casefold())
        groups.append((name, [(finding.value, FINDING_DESCRIPTIONS[finding]) for finding in members]))
    return groups


FINDING_GROUPS: list[tuple[str, list[tuple[str, str]]]] = _groups()
"""``[(group, [(code, plain words), ...]), ...]``: Django's grouped choices."""
