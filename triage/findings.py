"""What each finding means, in words an editor can choose from.

``assessment.Finding`` is the fixed vocabulary between the clinical logic and the advice
content. Editors choose findings when they target an article, so every code needs one plain
sentence here: the admin form, its filter, the warnings and the statistics all read it from
this one place. A test fails if a finding has no description.
"""

from __future__ import annotations

from .assessment import Finding

FINDING_DESCRIPTIONS: dict[Finding, str] = {
    Finding.SLEEP_STARTS: "Twitches or jerks while falling asleep (sleep starts)",
    Finding.STRESS: "Stress, worry or emotional strain at the moment",
    Finding.CAFFEINE: "Coffee, tea, cola or energy drinks after mid-afternoon",
    Finding.NICOTINE: "Smoking, vaping or other nicotine",
    Finding.ALCOHOL: "Alcohol in the evening",
    Finding.EVENING_EXERCISE: "Hard exercise in the evening",
    Finding.IRREGULAR_SLEEP: "Too little sleep, or going to bed at very different times",
    Finding.SHIFT_WORK: "Shift work or night work",
    Finding.MAGNESIUM_NEED: "May need more magnesium (pregnant, breastfeeding, cramps, hard training, diet, medicines)",
    Finding.PREGNANT: "Pregnant",
    Finding.BREASTFEEDING: "Breastfeeding",
    Finding.KIDNEY_DISEASE: "Has kidney disease (magnesium supplements need a doctor's advice)",
    Finding.MEDICINE_CHANGE: "Started, changed or stopped a medicine in the last 3 months",
    Finding.TWITCHING_IN_SLEEP: "Twitches later in sleep too, not only while falling asleep",
    Finding.DAYTIME_TWITCHING: "Twitches while awake during the day",
    Finding.EYELID_TWITCHING: "Face or eyelid twitches while awake",
    Finding.LASTING_EYELID_TWITCHING: "Face or eyelid twitches while awake, for 2 weeks or more",
    Finding.RESTLESS_LEGS: "An urge to move the legs in the evening that eases with moving (restless legs)",
    Finding.LIMB_MOVEMENTS: "Someone has seen them kick again and again while asleep",
    Finding.BREATHING_PAUSES: "Someone has seen them stop breathing or gasp while asleep",
    Finding.SLEEP_PROBLEM: "Sleep badly disturbed for over 3 months, or so sleepy it affects daily life",
    Finding.WEAKNESS_OR_WASTING: "Weakness in arms or legs, or muscles getting thinner",
    Finding.SPREADING_TWITCHING: "Twitching that spreads to other parts of the body",
    Finding.SENSORY_SYMPTOMS: "Numbness, tingling or pain",
    Finding.POSSIBLE_NERVE_DISEASE: "Daytime twitching with weakness, wasting or spreading: nerves need a check",
    Finding.MORNING_JERKS: "Jerks soon after waking up in the morning",
    Finding.POSSIBLE_SEIZURE: "Possible seizures: losing awareness, biting the tongue, wetting, confused afterwards",
    Finding.HEAD_INJURY: "Twitching or jerks that began after a head injury",
    Finding.STROKE_SIGNS: "Signs of a stroke right now: drooping face, one-sided weakness, slurred speech",
    Finding.NEEDS_DOCTOR: "Any answer that means seeing a doctor (GP, today or emergency)",
}

FINDING_CHOICES: list[tuple[str, str]] = [
    (finding.value, FINDING_DESCRIPTIONS.get(finding, finding.value)) for finding in Finding
]


def describe_finding(code: str) -> str:
    """The plain-English meaning of a finding code; an unknown code is shown as it is."""
    try:
        return FINDING_DESCRIPTIONS[Finding(code)]
    except (ValueError, KeyError):
        return code
