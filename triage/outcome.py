"""What the outcome says: the care card, what it may be, and when to get help sooner.

These words are built into the code, not editable content: an editor who unpublishes or empties an
article can never hide them. Each says what the rules found, in plain words: "fits sleep starts"
only when the answers do, and otherwise what else it may be and why a doctor should look.
``{emergency_number}`` is filled in from the settings.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings

from .assessment import Evidence, Finding, Level, TriageResult


def fill(text: str) -> str:
    """Put the configured emergency number into built-in text."""
    return text.replace("{emergency_number}", settings.EMERGENCY_NUMBER)


@dataclass(frozen=True)
class CareCard:
    level: Level
    heading: str
    action: str
    icon: str
    """A word shown with the card, so that urgency never depends on colour alone."""


CALL_999_CARD = CareCard(
    Level.EMERGENCY,
    "Call {emergency_number} now",
    "Your answers include signs that need an ambulance. Call {emergency_number} straight away. Do not drive yourself.",
    "Emergency",
)
A_AND_E_CARD = CareCard(
    Level.EMERGENCY,
    "Go to A&E now",
    "A doctor needs to check you in A&E (the emergency department) now. Ask someone to take you: do not drive "
    "yourself. Call {emergency_number} if you get worse.",
    "Emergency",
)
CARE_CARDS: dict[Level, CareCard] = {
    Level.TODAY: CareCard(
        Level.TODAY,
        "See a doctor today",
        "Some of your answers need a doctor to check you today. Call your GP surgery now and ask for an urgent "
        "appointment. If it is closed, call 111.",
        "Urgent",
    ),
    Level.GP: CareCard(
        Level.GP,
        "See your GP",
        "Your answers suggest this may be more than ordinary sleep starts. Book an appointment with your GP in "
        "the next 2 weeks. It is not an emergency. Take the summary below with you.",
        "Soon",
    ),
    Level.SELF_CARE: CareCard(
        Level.SELF_CARE,
        "You can look after this yourself",
        "Nothing you told us needs a doctor now. The advice below explains what may be going on and what you can do.",
        "Self-care",
    ),
}
FITS_SLEEP_STARTS = (
    "Your answers fit sleep starts. These are common and harmless, and you do not need to see a doctor for "
    "them. The advice below can help them happen less often."
)


def care_card(result: TriageResult) -> CareCard:
    """The card for this result; an emergency says whether to call an ambulance or go to A&E."""
    if result.level == Level.EMERGENCY:
        return CALL_999_CARD if result.call_999 else A_AND_E_CARD
    card = CARE_CARDS[result.level]
    if result.fits_sleep_starts:
        return CareCard(card.level, card.heading, FITS_SLEEP_STARTS, card.icon)
    return card


# What to do, besides the card, for each urgent finding.
STEPS: dict[Finding, str] = {
    Finding.STROKE_SIGNS: "Note the time the signs started, and tell the ambulance crew.",
    Finding.SEIZURE_EMERGENCY: (
        "While you wait: move things away that could hurt them and cushion their head. Do not put anything in "
        "their mouth. When the jerking stops, turn them on their side."
    ),
    Finding.ECLAMPSIA: "Tell the call handler about the pregnancy or the recent birth.",
    Finding.HEAD_INJURY_A_AND_E: "Take a list of your medicines with you, especially any blood thinner.",
    Finding.TIA: (
        "If the signs of a stroke come back, even for a few minutes, call {emergency_number}. Do not drive until "
        "a doctor says you can."
    ),
    Finding.FIRST_FIT: (
        "Do not drive. In the UK, after a fit you must stop driving and tell the DVLA. Call {emergency_number} if "
        "a fit lasts more than 5 minutes, or one follows another."
    ),
    Finding.POSSIBLE_SEIZURE: "Call {emergency_number} if a fit lasts more than 5 minutes, or one follows another.",
    Finding.SEROTONIN_SYNDROME: (
        "Call 111 now or go to A&E: do not wait for a GP appointment. Take your medicines with you. Call "
        "{emergency_number} if you get a very high temperature, a fast or uneven heartbeat, or a fit."
    ),
    Finding.MORNING_JERKS: "Book a GP appointment this week. A specialist should see you within 2 weeks.",
    Finding.SPEECH_OR_SWALLOWING: "Book a GP appointment this week, so that a specialist can see you soon.",
    Finding.POSSIBLE_NERVE_DISEASE: "Book a GP appointment this week, so that a specialist can see you soon.",
    Finding.WITHDRAWAL: (
        "A doctor can help you cut down safely. Call {emergency_number} if you have a fit, or see or hear things "
        "that are not there."
    ),
}


def steps(result: TriageResult) -> list[str]:
    """What to do besides the card, most urgent first."""
    return [fill(STEPS[reason.finding]) for reason in result.reasons if reason.finding in STEPS]


# What each finding that needs a doctor may be, and why a doctor should look.
EXPLANATIONS: dict[Finding, str] = {
    Finding.STROKE_SIGNS: "These can be signs of a stroke. A stroke needs treatment straight away.",
    Finding.SEIZURE_EMERGENCY: (
        "A long fit needs help straight away. So do fits one after another, a first fit, or not waking up properly "
        "after a fit."
    ),
    Finding.ECLAMPSIA: (
        "A fit in pregnancy or soon after a birth can be eclampsia, a serious problem with blood pressure. It "
        "needs help straight away."
    ),
    Finding.HEAD_INJURY_EMERGENCY: (
        "After a knock to the head, these signs can mean bleeding or swelling inside the head."
    ),
    Finding.HEAD_INJURY_A_AND_E: (
        "After a head injury, your answers mean a doctor should check for bleeding inside the head. This can "
        "happen days or weeks after a knock. It happens most often in older people and people on blood thinners."
    ),
    Finding.TIA: (
        "Signs of a stroke that go away can be a TIA (mini-stroke). It is a warning sign. The risk of a stroke is "
        "highest in the next few days. So a doctor needs to see you today, and a specialist soon after."
    ),
    Finding.FIRST_FIT: "A first fit needs a doctor to look for the cause, and a specialist soon after.",
    Finding.POSSIBLE_SEIZURE: (
        "Losing awareness, biting your tongue or wetting yourself can be signs of fits (seizures). So can being "
        "confused afterwards. They are not signs of sleep starts."
    ),
    Finding.HEAD_INJURY: "Jerks that began after a head injury do not fit sleep starts.",
    Finding.SEROTONIN_SYNDROME: (
        "These can be a reaction to a medicine (serotonin syndrome). It can get worse fast, so a doctor needs "
        "to check you today."
    ),
    Finding.WITHDRAWAL: (
        "Shaking and sweating after you stop alcohol or sleeping tablets can be withdrawal. It can lead to fits."
    ),
    Finding.JERKS_WHILE_AWAKE: (
        "Jerks that move an arm, a leg or your body while you are awake are not sleep starts. Medicines, kidney "
        "or liver problems and other causes can do this. A doctor can look for the cause."
    ),
    Finding.MORNING_JERKS: (
        "Jerks soon after waking, such as dropping things, are not sleep starts. They can be a kind of epilepsy "
        "that a doctor can treat."
    ),
    Finding.WEAKNESS_OR_WASTING: "Weakness or muscles getting thinner can mean a problem with the nerves.",
    Finding.SPREADING_TWITCHING: "Twitching that spreads can mean a problem with the nerves.",
    Finding.SENSORY_SYMPTOMS: "Numbness, tingling or pain can mean a problem with the nerves.",
    Finding.SPEECH_OR_SWALLOWING: (
        "Speech or swallowing getting harder is not part of sleep starts. A doctor should check the nerves and "
        "muscles soon."
    ),
    Finding.POSSIBLE_NERVE_DISEASE: "Twitching while awake with these signs needs a doctor to check your nerves.",
    Finding.RESTLESS_LEGS: (
        "An urge to move your legs that eases when you move is restless legs syndrome. It is common and can be treated."
    ),
    Finding.LIMB_MOVEMENTS: (
        "Kicks again and again in your sleep can be periodic limb movements. A doctor can look into this."
    ),
    Finding.BREATHING_PAUSES: "Stopping breathing in your sleep can be sleep apnoea, which can be treated.",
    Finding.SLEEP_PROBLEM: "Bad sleep for months has causes a doctor can help with.",
    Finding.DAYTIME_SLEEPINESS: (
        "Being very sleepy in the day is not caused by sleep starts. Other sleep problems can cause it, such as "
        "sleep apnoea (when your breathing stops and starts in your sleep). These can be treated."
    ),
    Finding.TWITCHING_IN_SEVERAL_PLACES: (
        "Twitching while you are awake is most often harmless. But twitches in more than one place are worth "
        "showing to a doctor."
    ),
    Finding.TWITCHING_IN_SLEEP: (
        "Sleep starts only happen as you fall asleep. Jerks later in the night can have other causes, such as "
        "leg movements in sleep, which a doctor can look into."
    ),
    Finding.LASTING_DAYTIME_TWITCHING: (
        "Twitching while you are awake is most often harmless. But after 2 weeks, it is worth showing to a doctor."
    ),
    Finding.MEDICINE_CHANGE: "A change of medicine in the last 3 months can cause twitching or jerks.",
    Finding.INJURIOUS_JERKS: "Jerks strong enough to hurt you or someone else need a doctor to look at them.",
    Finding.EPILEPSY: "With epilepsy, new jerks may be a kind of fit (seizure). Your epilepsy team or GP should know.",
    Finding.POSSIBLE_NIGHT_HYPOS: (
        "Waking at night sweating, shaky or confused can be a sign that your blood sugar is too low. This is "
        "called a hypo. It can happen if you take insulin or some diabetes tablets. Your diabetes team or GP can "
        "check."
    ),
    # Self-care, when the answers are not (only) sleep starts.
    Finding.DAYTIME_TWITCHING: (
        "Small twitches while you are awake are common, and most are harmless. Caffeine, hard exercise, stress "
        "and being tired can bring them on."
    ),
    Finding.EYELID_TWITCHING: "Eyelid twitches are common, and most are harmless.",
}
SLEEP_STARTS = (
    "What you describe sounds like sleep starts (also called hypnic jerks). Most people have them at some time. "
    "They are not a sign of illness."
)
SLEEP_STARTS_TOO = "The jerks as you fall asleep sound like sleep starts, which are harmless."


def likely(result: TriageResult) -> list[str]:
    """What is most likely going on, most urgent first."""
    if result.fits_sleep_starts:
        return [SLEEP_STARTS]
    lines = [EXPLANATIONS[reason.finding] for reason in result.reasons if reason.finding in EXPLANATIONS]
    lines += [
        EXPLANATIONS[finding]
        for finding in (Finding.DAYTIME_TWITCHING, Finding.EYELID_TWITCHING)
        if finding in result.findings
    ]
    if Finding.SLEEP_STARTS in result.findings:
        lines.append(SLEEP_STARTS_TOO)
    return list(dict.fromkeys(lines))


# Built-in words for the findings that need a doctor today or sooner, shown if no published article
# covers them.
FALLBACK_TEXT: dict[Finding, tuple[str, str]] = {
    Finding.STROKE_SIGNS: (
        "Signs of a stroke",
        "A drooping face, weakness of one side of the body or slurred speech can be a stroke. Call "
        "{emergency_number} now, even if the signs get better. Every minute counts.",
    ),
    Finding.SEIZURE_EMERGENCY: (
        "A fit that needs an ambulance",
        "Call {emergency_number} if a fit lasts more than 5 minutes, fits come one after another, it is the first "
        "fit, or the person does not come round properly.",
    ),
    Finding.ECLAMPSIA: (
        "A fit in pregnancy or after a birth",
        "A fit in pregnancy or in the weeks after giving birth needs an ambulance. Call {emergency_number} now.",
    ),
    Finding.HEAD_INJURY_EMERGENCY: (
        "Danger signs after a head injury",
        "A fit, weakness or numbness after a head injury needs an ambulance. So does trouble speaking, seeing or "
        "walking. Call {emergency_number} now.",
    ),
    Finding.HEAD_INJURY_A_AND_E: (
        "A head injury that needs A&E",
        "Go to A&E now if, after a head injury, you were knocked out or have been sick. Also go if you have a "
        "headache that gets worse, are confused, take a blood thinner, or are 65 or over.",
    ),
    Finding.TIA: (
        "Signs of a stroke that have gone",
        "Signs of a stroke that go away can be a mini-stroke (TIA). See a doctor today: call your GP surgery or "
        "111. Call {emergency_number} if the signs come back.",
    ),
    Finding.FIRST_FIT: (
        "A first fit",
        "After a first fit, a doctor needs to see you today. Do not drive: in the UK you must tell the DVLA.",
    ),
    Finding.POSSIBLE_SEIZURE: (
        "Possible seizures",
        "Losing awareness, biting your tongue or wetting yourself can be signs of a fit (seizure). So can being "
        "confused afterwards. See a doctor today. Call {emergency_number} if a fit lasts more than 5 minutes.",
    ),
    Finding.HEAD_INJURY: (
        "Jerks after a head injury",
        "Twitching or jerks that began after a head injury need a doctor to check you today.",
    ),
    Finding.SEROTONIN_SYNDROME: (
        "A possible reaction to a medicine",
        "Some medicines can cause a reaction called serotonin syndrome. It can start when you begin a medicine or "
        "take more of it. You may feel agitated, sweat a lot, have a fever, shake or have diarrhoea. Call 111 now "
        "or go to A&E.",
    ),
    Finding.WITHDRAWAL: (
        "Stopping alcohol or sleeping tablets",
        "If you shake and sweat after you stop drinking alcohol or taking sleeping tablets, it can lead to fits. "
        "See a doctor today.",
    ),
}


@dataclass(frozen=True)
class SafetyLine:
    """One "get help sooner if" line, and what to say instead to someone who already told us about it."""

    text: str
    instead: tuple[tuple[Finding, str | None], ...] = ()
    """For each finding that the line describes: the line to show instead, or None to leave it out."""

    def for_findings(self, findings: Mapping[Finding, Evidence]) -> str | None:
        for finding, instead in self.instead:
            if finding in findings:
                return instead
        return self.text


_NOTHING_MORE: None = None  # the care card already says what to do

GET_HELP_SOONER: tuple[SafetyLine, ...] = (
    SafetyLine(
        "your face droops, an arm or leg goes weak or numb, or your speech is slurred, even for a few minutes: "
        "call {emergency_number}",
        (
            (Finding.STROKE_SIGNS, _NOTHING_MORE),
            (Finding.TIA, "the signs of a stroke come back, even for a few minutes: call {emergency_number} at once"),
        ),
    ),
    SafetyLine(
        "you have a fit (seizure): call {emergency_number} if it is the first one or lasts more than 5 minutes",
        (
            (Finding.SEIZURE_EMERGENCY, _NOTHING_MORE),
            (Finding.ECLAMPSIA, _NOTHING_MORE),
            (Finding.FIRST_FIT, "you have another fit: call {emergency_number} if it lasts more than 5 minutes"),
            (
                Finding.POSSIBLE_SEIZURE,
                "you have a fit that lasts more than 5 minutes, or one follows another: call {emergency_number}",
            ),
            (Finding.EPILEPSY, "a fit lasts more than 5 minutes, or one follows another: call {emergency_number}"),
        ),
    ),
    SafetyLine(
        "you hit your head and then are sick, very sleepy or confused, or have a headache that gets worse: go to A&E",
        (
            (Finding.HEAD_INJURY_EMERGENCY, _NOTHING_MORE),
            (Finding.HEAD_INJURY_A_AND_E, _NOTHING_MORE),
            (
                Finding.RECENT_HEAD_INJURY,
                "in the days or weeks after your head injury you are sick, very sleepy or confused, or have a "
                "headache that gets worse: go to A&E",
            ),
        ),
    ),
    SafetyLine(
        "you notice weakness, muscles getting thinner, speech or swallowing getting harder, or twitching that "
        "spreads: see your GP",
        tuple(
            (
                finding,
                "the weakness gets worse quickly, or speech or swallowing gets harder: see a doctor the same day",
            )
            for finding in (
                Finding.POSSIBLE_NERVE_DISEASE,
                Finding.SPEECH_OR_SWALLOWING,
                Finding.WEAKNESS_OR_WASTING,
                Finding.SPREADING_TWITCHING,
            )
        ),
    ),
    SafetyLine("you have numbness, tingling or pain: see your GP", ((Finding.SENSORY_SYMPTOMS, _NOTHING_MORE),)),
    SafetyLine(
        "the jerks happen while you are awake, or soon after you wake up: see your GP",
        (
            (Finding.JERKS_WHILE_AWAKE, _NOTHING_MORE),
            (Finding.MORNING_JERKS, _NOTHING_MORE),
            (
                Finding.LASTING_DAYTIME_TWITCHING,
                "the twitching spreads, or you notice weakness: tell your GP when you see them",
            ),
            (
                Finding.TWITCHING_IN_SEVERAL_PLACES,
                "the twitching spreads, or you notice weakness: tell your GP when you see them",
            ),
            (
                Finding.DAYTIME_TWITCHING,
                "the twitching while you are awake lasts more than 2 weeks, spreads, or comes with weakness: see "
                "your GP",
            ),
        ),
    ),
    SafetyLine(
        "your sleep stays bad for weeks, or you are too sleepy in the day to drive or work safely: see your GP",
        (
            (
                Finding.DAYTIME_SLEEPINESS,
                "you feel sleepy while driving: stop somewhere safe, and do not drive again until you have seen "
                "your GP",
            ),
            (Finding.SLEEP_PROBLEM, "you are too sleepy in the day to drive or work safely: see your GP sooner"),
        ),
    ),
    SafetyLine(
        "someone sees you stop breathing or gasp in your sleep: see your GP",
        ((Finding.BREATHING_PAUSES, _NOTHING_MORE),),
    ),
    SafetyLine(
        "someone sees your legs kick again and again in your sleep: see your GP",
        ((Finding.LIMB_MOVEMENTS, _NOTHING_MORE),),
    ),
    SafetyLine(
        "after starting or raising a medicine you feel agitated, sweat a lot, get a high temperature, shake or "
        "have diarrhoea: see a doctor the same day",
        (
            (
                Finding.SEROTONIN_SYNDROME,
                "you get a very high temperature, a fast heartbeat or confusion: go to A&E or call {emergency_number}",
            ),
        ),
    ),
)


def get_help_sooner(findings: Mapping[Finding, Evidence]) -> list[str]:
    """The safety net for this person: never a sign they already told us about, but what to do instead."""
    lines = (line.for_findings(findings) for line in GET_HELP_SOONER)
    return [fill(line) for line in lines if line]
