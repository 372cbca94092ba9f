"""What the outcome says: the care card, what to do now, what it may be, and when to get help sooner.

These words are built into the code, not editable content: an editor who unpublishes or empties an
article can never hide them. Each says what the rules found, in plain words: "fits sleep starts"
only when the answers do, and otherwise what else it may be and why a doctor should look.
``{emergency_number}`` is filled in from the settings.

One outcome gives one instruction. The card's action is the only place that says where to go; it
comes from ``INSTRUCTIONS`` for the most urgent reason, and the built-in text and the shipped article
for that finding say the same words (``tests/test_one_instruction.py`` holds them together). Steps
add what to do now (first aid, what to take, driving), and may only ever send a person sooner.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings

from triage.clinical.assessment import CALL_999 as AMBULANCE_FINDINGS
from triage.clinical.assessment import FINDING_LEVEL, Evidence, Finding, Level, TriageResult


def fill(text: str) -> str:
    """Put the configured emergency number into built-in text."""
    return text.replace("{emergency_number}", settings.EMERGENCY_NUMBER)


@dataclass(frozen=True)
class CareCard:
    level: Level
    heading: str
    action: str
    urgency: str
    """How urgent, in words read before the heading (NHS.UK's care card words), so that urgency never
    depends on colour alone."""


# --- where to go: one instruction for each finding that needs a doctor -------------------------------

CALL_999 = "Call {emergency_number} now"
GO_TO_A_AND_E = "Go to A&E now"
GP_TODAY = "Call your GP surgery now and ask to be seen today. If it is closed, call 111"
GP_THIS_WEEK = "Book a GP appointment this week"
GP_IN_2_WEEKS = "Book an appointment with your GP in the next 2 weeks"

INSTRUCTIONS: dict[Finding, str] = {
    Finding.SEROTONIN_SYNDROME: "Call 111 now or go to A&E. Do not wait for a GP appointment",
    Finding.PRE_ECLAMPSIA: "Call your maternity unit or midwife now. If you cannot reach them, call 111",
    Finding.SEVERE_NIGHT_HYPOS: "Call your diabetes team or GP surgery today. If they are closed, call 111",
    Finding.MEDICINE_BUILD_UP: (
        "Call your kidney or liver team, or your GP surgery, today. If they are closed, call 111"
    ),
    Finding.SLEEP_EPILEPSY: f"{GP_THIS_WEEK}, and ask to be referred urgently to a specialist",
    Finding.MORNING_JERKS: GP_THIS_WEEK,
    Finding.SPEECH_OR_SWALLOWING: GP_THIS_WEEK,
    Finding.POSSIBLE_NERVE_DISEASE: GP_THIS_WEEK,
    Finding.KIDNEY_OR_LIVER_JERKS: GP_THIS_WEEK,
    Finding.NERVE_CONDITION_JERKS: "Book a GP appointment this week, or contact your neurology team",
}
"""Where to go, for findings whose instruction is not the plain one for their level (``instruction``).

In priority order within a level: when a person has two of them, the card gives the first.
"""


def instruction(finding: Finding, level: Level) -> str:
    """Where a person whose most urgent reason is ``finding`` should go, in one sentence."""
    if finding in INSTRUCTIONS:
        return INSTRUCTIONS[finding]
    if level == Level.EMERGENCY:
        return CALL_999 if finding in AMBULANCE_FINDINGS else GO_TO_A_AND_E
    return {Level.TODAY: GP_TODAY, Level.GP: GP_IN_2_WEEKS}[level]


def card_finding(result: TriageResult) -> Finding | None:
    """The reason whose instruction the card gives: the most urgent, then the first in ``INSTRUCTIONS``."""
    top = [reason.finding for reason in result.reasons if reason.level == result.level]
    if not top:
        return None
    if result.level == Level.EMERGENCY and result.call_999:
        return next(f for f in top if instruction(f, result.level) == CALL_999)
    return next((f for f in INSTRUCTIONS if f in top), top[0])


CALL_999_CARD = CareCard(
    Level.EMERGENCY,
    "Call {emergency_number} now",
    "Your answers include signs that need an ambulance. Call {emergency_number} straight away. Do not drive yourself.",
    "Immediate action required",
)
A_AND_E_CARD = CareCard(
    Level.EMERGENCY,
    "Go to A&E now",
    "A doctor needs to check you in A&E (the emergency department) now. Ask someone to take you: do not drive "
    "yourself. Call {emergency_number} if you get worse.",
    "Immediate action required",
)
TODAY_CARD = CareCard(
    Level.TODAY,
    "See a doctor today",
    "Some of your answers need a doctor to check you today. {instruction}.",
    "Urgent advice",
)
GP_CARD = CareCard(
    Level.GP,
    "See your GP",
    "Your answers suggest this may be more than ordinary sleep starts. {instruction}. It is not an emergency. "
    "Take the summary below with you.",
    "Non-urgent advice",
)
SELF_CARE_CARD = CareCard(
    Level.SELF_CARE,
    "You can look after this yourself",
    "Nothing you told us needs a doctor now. The advice below explains what may be going on and what you can do.",
    "Self-care",
)
CARE_CARDS: dict[Level, CareCard] = {Level.TODAY: TODAY_CARD, Level.GP: GP_CARD, Level.SELF_CARE: SELF_CARE_CARD}
FITS_SLEEP_STARTS = (
    "Your answers fit sleep starts. These are common and harmless, and you do not need to see a doctor for "
    "them. The advice below can help them happen less often."
)


def care_card(result: TriageResult) -> CareCard:
    """The card for this result, its action naming the one place to go for the most urgent reason."""
    if result.level == Level.EMERGENCY:
        return CALL_999_CARD if result.call_999 else A_AND_E_CARD
    card = CARE_CARDS[result.level]
    if result.fits_sleep_starts:
        return CareCard(card.level, card.heading, FITS_SLEEP_STARTS, card.urgency)
    finding = card_finding(result)
    if finding is None:
        return card
    return CareCard(
        card.level, card.heading, card.action.format(instruction=instruction(finding, card.level)), card.urgency
    )


# --- where to find help: links a person can tap -------------------------------------------------------


@dataclass(frozen=True)
class Signpost:
    text: str
    url: str


CALL_111 = Signpost("Call 111", "tel:111")
NHS_111_ONLINE = Signpost("Get help from 111 online", "https://111.nhs.uk/")
FIND_A_GP = Signpost("Find a GP surgery", "https://www.nhs.uk/service-search/find-a-gp")
FIND_A_PHARMACY = Signpost("Find a pharmacy", "https://www.nhs.uk/service-search/pharmacy/find-a-pharmacy")

SIGNPOSTS: dict[Level, tuple[Signpost, ...]] = {
    Level.TODAY: (CALL_111, NHS_111_ONLINE),
    Level.GP: (FIND_A_GP,),
    Level.SELF_CARE: (FIND_A_PHARMACY, NHS_111_ONLINE),
}
"""Where an outcome sends a person, as links: every "today" instruction ends in 111 (a test checks it); "see
your GP" needs a GP surgery; for self-care, a pharmacist (medicines, supplements, sleep) and 111 online when
unsure. An emergency has its call button instead."""


def signposts(level: Level) -> tuple[Signpost, ...]:
    return SIGNPOSTS.get(level, ())


# --- what to do now, besides the card ------------------------------------------------------------------

_FIT_FIRST_AID = (
    "While you wait: move things away that could hurt them and cushion their head. Do not put anything in their "
    "mouth. When the jerking stops, turn them on their side."
)
_NO_DRIVING_AFTER_A_SEIZURE = (
    "Do not drive until a doctor has checked you. If a doctor finds you had a fit (seizure), you must tell the DVLA."
)

STEPS: dict[Finding, str] = {
    Finding.STROKE_SIGNS: "Note the time the signs started, and tell the ambulance crew.",
    Finding.SEIZURE_EMERGENCY: _FIT_FIRST_AID,
    Finding.SUDDEN_CONFUSION: (
        "Stay with the person. Note what medicines they take and when the confusion started, and tell the "
        "ambulance crew."
    ),
    Finding.MENINGITIS_SIGNS: "Do not wait for a rash to appear. Tell the call handler about the high temperature.",
    Finding.RAPID_WEAKNESS: "Sit upright if breathing is hard. Do not eat or drink if swallowing is hard.",
    Finding.NEUROLEPTIC_MALIGNANT_SYNDROME: (
        "Take your medicines, or a list of them, with you. Do not take another dose until a doctor says so."
    ),
    Finding.ECLAMPSIA: f"Tell the call handler about the pregnancy or the recent birth. {_FIT_FIRST_AID}",
    Finding.HEAD_INJURY_A_AND_E: "Take a list of your medicines with you, especially any blood thinner.",
    Finding.TIA: (
        "If the signs of a stroke come back, even for a few minutes, call {emergency_number}. Do not drive until "
        "a doctor says you can."
    ),
    Finding.FIRST_FIT: (
        f"{_NO_DRIVING_AFTER_A_SEIZURE} Call {{emergency_number}} if a fit lasts more than 5 minutes, or one "
        "follows another."
    ),
    Finding.POSSIBLE_SEIZURE: (
        f"{_NO_DRIVING_AFTER_A_SEIZURE} Call {{emergency_number}} if a fit lasts more than 5 minutes, or one "
        "follows another."
    ),
    Finding.SPREADING_WEAKNESS: "Call {emergency_number} if it becomes hard to breathe or swallow, or it spreads fast.",
    Finding.PRE_ECLAMPSIA: "Call {emergency_number} if you have a fit, or if you feel very unwell very quickly.",
    Finding.SEROTONIN_SYNDROME: (
        "Take your medicines with you. Call {emergency_number} if you get a very high temperature, a fast or "
        "uneven heartbeat, or a fit."
    ),
    Finding.LITHIUM_TOXICITY: (
        "Say that you take lithium: you need a blood test for your lithium level today. Do not take your next "
        "dose until a doctor has told you to. Call {emergency_number} if you become confused, very drowsy or "
        "have a fit."
    ),
    Finding.SEVERE_NIGHT_HYPOS: (
        "If your blood sugar is low now, treat it straight away with a sugary drink or sweets. Call "
        "{emergency_number} if someone cannot wake up, has a fit, or cannot swallow."
    ),
    Finding.MEDICINE_BUILD_UP: (
        "Take your medicines, or a list of them, with you. Call {emergency_number} if you become confused or hard "
        "to wake."
    ),
    Finding.WITHDRAWAL: (
        "Do not stop suddenly on your own: a doctor can help you cut down safely. Call {emergency_number} if you "
        "have a fit, or see or hear things that are not there."
    ),
    Finding.HEAVY_DRINKING: (
        "Do not stop drinking suddenly on your own: it can cause fits. Your GP can help you cut down safely."
    ),
    Finding.SLEEP_EPILEPSY: (
        f"Ask someone to film an attack on a phone, or write down what they see. {_NO_DRIVING_AFTER_A_SEIZURE}"
    ),
    Finding.MORNING_JERKS: _NO_DRIVING_AFTER_A_SEIZURE,
    Finding.DAYTIME_SLEEPINESS: (
        "Do not drive if you feel sleepy. If a doctor finds a sleep problem that makes you sleepy, such as sleep "
        "apnoea (breathing that stops and starts in your sleep), you must tell the DVLA."
    ),
}


def steps(result: TriageResult) -> list[str]:
    """What to do besides the card, most urgent first."""
    return list(dict.fromkeys(fill(STEPS[reason.finding]) for reason in result.reasons if reason.finding in STEPS))


# --- what it may be -------------------------------------------------------------------------------------

EXPLANATIONS: dict[Finding, str] = {
    Finding.STROKE_SIGNS: "These can be signs of a stroke. A stroke needs treatment straight away.",
    Finding.SEIZURE_EMERGENCY: (
        "A long fit needs help straight away. So do fits one after another, a first fit, or not waking up properly "
        "after a fit."
    ),
    Finding.SUDDEN_CONFUSION: (
        "Sudden confusion needs a doctor straight away. So does being very drowsy and hard to wake. An infection, a "
        "stroke, low blood sugar or a medicine can cause them."
    ),
    Finding.MENINGITIS_SIGNS: (
        "This may be meningitis, which is an infection of the brain. It is serious. Get help now."
    ),
    Finding.RAPID_WEAKNESS: (
        "Weakness that spreads fast, or that makes breathing or swallowing hard, can be a problem with the nerves "
        "called Guillain-Barré syndrome. It needs help straight away."
    ),
    Finding.NEUROLEPTIC_MALIGNANT_SYNDROME: (
        "A high temperature, stiff muscles and confusion can be a rare reaction to some medicines. It is serious. "
        "It needs help straight away."
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
    Finding.SPREADING_WEAKNESS: (
        "Weakness or numbness that spreads or gets worse over days can be a problem with the nerves. A doctor "
        "needs to check you today."
    ),
    Finding.HEAD_INJURY: "Jerks that began after a head injury do not fit sleep starts.",
    Finding.PRE_ECLAMPSIA: (
        "These can be signs of pre-eclampsia, a problem with blood pressure in pregnancy and after a birth. It can "
        "harm you and your baby if it is not treated."
    ),
    Finding.SEROTONIN_SYNDROME: (
        "These can be a reaction to a medicine (serotonin syndrome). It can get worse fast, so you need help now."
    ),
    Finding.LITHIUM_TOXICITY: (
        "New or worse twitching and these other signs can mean there is too much lithium in your blood. This can "
        "happen even on a dose you have taken for years."
    ),
    Finding.SEVERE_NIGHT_HYPOS: (
        "Waking confused, or needing help, can be a sign that your blood sugar went very low in the night (a "
        "hypo). Your treatment may need to change."
    ),
    Finding.MEDICINE_BUILD_UP: (
        "When the kidneys or liver do not work well, some medicines can build up in the body. This can cause "
        "jerks and drowsiness."
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
    Finding.SLEEP_EPILEPSY: (
        "Attacks from sleep that look the same each time can be a kind of epilepsy that happens in sleep. It can "
        "be treated, and a specialist should see you soon."
    ),
    Finding.WEAKNESS_OR_WASTING: "Weakness or muscles getting thinner can mean a problem with the nerves.",
    Finding.SPREADING_TWITCHING: "Twitching that spreads can mean a problem with the nerves.",
    Finding.SENSORY_SYMPTOMS: "Numbness, tingling or pain can mean a problem with the nerves.",
    Finding.SPEECH_OR_SWALLOWING: (
        "Speech or swallowing getting harder is not part of sleep starts. A doctor should check the nerves and "
        "muscles soon."
    ),
    Finding.POSSIBLE_NERVE_DISEASE: "Twitching while awake with these signs needs a doctor to check your nerves.",
    Finding.KIDNEY_OR_LIVER_JERKS: (
        "New jerks with kidney or liver disease can come from the illness itself or from a medicine building up. "
        "Your doctor can check your blood."
    ),
    Finding.NERVE_CONDITION_JERKS: (
        "Jerks that are new or getting worse with a condition of the brain or nerves should be checked. The cause may "
        "be the condition, a medicine, or something else that can be treated."
    ),
    Finding.LITHIUM_JERKS: (
        "Lithium can cause twitching and shaking. Your doctor can check the lithium level in your blood and how "
        "your kidneys are working."
    ),
    Finding.POSSIBLE_LOW_MAGNESIUM: (
        "Taking acid-reducing tablets or water tablets for a long time can lower the magnesium in your blood. "
        "This can cause twitching. A blood test can check."
    ),
    Finding.HEAVY_DRINKING: (
        "Drinking a lot most days can cause jerks and shaking. A GP can help you cut down safely."
    ),
    Finding.RESTLESS_LEGS: (
        "An urge to move your legs that eases when you move is restless legs syndrome. It is common and can be treated."
    ),
    Finding.LIMB_MOVEMENTS: (
        "Kicks again and again in your sleep can be periodic limb movements. A doctor can look into this."
    ),
    Finding.PROPRIOSPINAL_MYOCLONUS: (
        "Jerks of the chest or tummy on most nights for months can be something other than sleep starts. A doctor "
        "can look into this."
    ),
    Finding.ACTING_OUT_DREAMS: (
        "Acting out dreams can be a sleep problem that a doctor should know about. It can be treated."
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
    "They are not a sign of illness, and UK guidance says doctors do not need to refer people for them."
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
    if Finding.SLEEP_STARTS in result.findings and result.level < Level.TODAY:
        lines.append(SLEEP_STARTS_TOO)
    return list(dict.fromkeys(lines))


# --- built-in words for every red flag, shown if no published article covers it ---------------------


def _fallback(title: str, text: str, finding: Finding) -> tuple[str, str]:
    return title, f"{text} {instruction(finding, FINDING_LEVEL[finding])}."


FALLBACK_TEXT: dict[Finding, tuple[str, str]] = {
    finding: _fallback(title, text, finding)
    for finding, (title, text) in {
        Finding.STROKE_SIGNS: (
            "Signs of a stroke",
            "A drooping face, weakness of one side of the body or slurred speech can be a stroke. Every minute "
            "counts, even if the signs get better.",
        ),
        Finding.SEIZURE_EMERGENCY: (
            "A fit that needs an ambulance",
            "A fit that lasts more than 5 minutes, fits one after another, a first fit, or not coming round "
            "properly all need an ambulance.",
        ),
        Finding.SUDDEN_CONFUSION: (
            "Sudden confusion",
            "Sudden confusion needs a doctor straight away. So does being very drowsy and hard to wake.",
        ),
        Finding.MENINGITIS_SIGNS: (
            "A high temperature with a stiff neck, a rash or drowsiness",
            "These can be meningitis or encephalitis. Do not wait for a rash.",
        ),
        Finding.RAPID_WEAKNESS: (
            "Weakness that spreads fast",
            "Weakness that spreads fast, or makes breathing or swallowing hard, needs an ambulance.",
        ),
        Finding.NEUROLEPTIC_MALIGNANT_SYNDROME: (
            "A serious reaction to a medicine",
            "Fever, stiff muscles and confusion can be a rare reaction to a medicine. It is serious. It needs an "
            "ambulance.",
        ),
        Finding.ECLAMPSIA: (
            "A fit in pregnancy or after a birth",
            "A fit in pregnancy or in the weeks after giving birth needs an ambulance.",
        ),
        Finding.HEAD_INJURY_EMERGENCY: (
            "Danger signs after a head injury",
            "A fit, weakness or numbness after a head injury needs an ambulance. So does trouble speaking, seeing "
            "or walking.",
        ),
        Finding.HEAD_INJURY_A_AND_E: (
            "A head injury that needs A&E",
            "After a head injury, being knocked out, being sick, a headache that gets worse, confusion, taking a "
            "blood thinner or being 65 or over all mean a doctor should check you.",
        ),
        Finding.TIA: (
            "Signs of a stroke that have gone",
            "Signs of a stroke that go away can be a mini-stroke (TIA). Call {emergency_number} if the signs come "
            "back.",
        ),
        Finding.FIRST_FIT: (
            "A first fit",
            "After a first fit, a doctor needs to see you today. Do not drive until a doctor has checked you.",
        ),
        Finding.POSSIBLE_SEIZURE: (
            "Possible seizures",
            "Losing awareness, biting your tongue, wetting yourself or being confused afterwards can be signs of a "
            "fit (seizure). Call {emergency_number} if a fit lasts more than 5 minutes.",
        ),
        Finding.SPREADING_WEAKNESS: (
            "Weakness or numbness that is spreading",
            "Weakness, numbness or tingling that spreads or gets worse over days needs a doctor today.",
        ),
        Finding.HEAD_INJURY: (
            "Jerks after a head injury",
            "Twitching or jerks that began after a head injury need a doctor to check you today.",
        ),
        Finding.PRE_ECLAMPSIA: (
            "Signs of pre-eclampsia",
            "A very bad headache, problems with your sight, pain below the ribs, being sick or sudden swelling "
            "can be pre-eclampsia.",
        ),
        Finding.SEROTONIN_SYNDROME: (
            "A possible reaction to a medicine",
            "Some medicines can cause a reaction called serotonin syndrome. You may feel agitated, sweat a lot, "
            "shiver, have a fast heartbeat or a high temperature.",
        ),
        Finding.LITHIUM_TOXICITY: (
            "Too much lithium",
            "New or worse twitching, shaking, diarrhoea, being sick, feeling unsteady or drowsy can mean too much "
            "lithium, even on your usual dose. You need a blood test today.",
        ),
        Finding.SEVERE_NIGHT_HYPOS: (
            "Very low blood sugar at night",
            "Waking confused, or needing help, can mean your blood sugar went very low in the night.",
        ),
        Finding.MEDICINE_BUILD_UP: (
            "A medicine building up",
            "With kidney or liver disease, some medicines can build up and cause jerks and drowsiness.",
        ),
        Finding.WITHDRAWAL: (
            "Stopping alcohol or sleeping tablets",
            "If you shake and sweat after you stop drinking alcohol or taking sleeping tablets, it can lead to fits.",
        ),
    }.items()
}


# --- get help sooner ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sooner:
    """One "get help sooner if" line, and how urgent the help it sends a person to is."""

    text: str
    level: Level


@dataclass(frozen=True)
class SafetyLine:
    """One "get help sooner if" line, and what to say instead to someone who already told us about it."""

    line: Sooner
    instead: tuple[tuple[Finding, Sooner | None], ...] = ()
    """For each finding that the line describes: the line to show instead, or None to leave it out."""
    only_for: frozenset[Finding] = frozenset()
    """Shown only to people with one of these findings (a risk group); empty: to everyone."""

    def for_findings(self, findings: Mapping[Finding, Evidence]) -> Sooner | None:
        if self.only_for and not self.only_for & findings.keys():
            return None
        for finding, instead in self.instead:
            if finding in findings:
                return instead
        return self.line

    @property
    def text(self) -> str:
        return self.line.text


_NOTHING_MORE: None = None  # the care card already says what to do
E, T, G = Level.EMERGENCY, Level.TODAY, Level.GP

GET_HELP_SOONER: tuple[SafetyLine, ...] = (
    SafetyLine(
        Sooner(
            "your face droops, an arm or leg goes weak or numb, or your speech is slurred, even for a few minutes: "
            "call {emergency_number}",
            E,
        ),
        (
            (Finding.STROKE_SIGNS, _NOTHING_MORE),
            (
                Finding.TIA,
                Sooner("the signs of a stroke come back, even for a few minutes: call {emergency_number} at once", E),
            ),
        ),
    ),
    SafetyLine(
        Sooner(
            "you have a fit (seizure): call {emergency_number} if it is the first one or lasts more than 5 minutes", E
        ),
        (
            (Finding.SEIZURE_EMERGENCY, _NOTHING_MORE),
            (Finding.ECLAMPSIA, _NOTHING_MORE),
            (
                Finding.FIRST_FIT,
                Sooner("you have another fit: call {emergency_number} if it lasts more than 5 minutes", E),
            ),
            (
                Finding.POSSIBLE_SEIZURE,
                Sooner(
                    "you have a fit that lasts more than 5 minutes, or one follows another: call {emergency_number}", E
                ),
            ),
            (
                Finding.EPILEPSY,
                Sooner("a fit lasts more than 5 minutes, or one follows another: call {emergency_number}", E),
            ),
        ),
    ),
    SafetyLine(
        Sooner("someone suddenly becomes confused or cannot be woken: call {emergency_number}", E),
        ((Finding.SUDDEN_CONFUSION, _NOTHING_MORE),),
    ),
    SafetyLine(
        Sooner(
            "you get a fever with a stiff neck, a rash, a bad headache or drowsiness: call {emergency_number}",
            E,
        ),
        ((Finding.MENINGITIS_SIGNS, _NOTHING_MORE), (Finding.NEUROLEPTIC_MALIGNANT_SYNDROME, _NOTHING_MORE)),
    ),
    SafetyLine(
        Sooner(
            "you hit your head and then are sick, very sleepy or confused, or have a headache that gets worse: go to "
            "A&E",
            E,
        ),
        (
            (Finding.HEAD_INJURY_EMERGENCY, _NOTHING_MORE),
            (Finding.HEAD_INJURY_A_AND_E, _NOTHING_MORE),
            (
                Finding.RECENT_HEAD_INJURY,
                Sooner(
                    "in the days or weeks after your head injury you are sick, very sleepy or confused, or have a "
                    "headache that gets worse: go to A&E",
                    E,
                ),
            ),
        ),
    ),
    SafetyLine(
        Sooner(
            "weakness or tingling spreads over a few days: call your GP surgery today, or 111",
            T,
        ),
        (
            (Finding.RAPID_WEAKNESS, _NOTHING_MORE),
            (
                Finding.SPREADING_WEAKNESS,
                Sooner(
                    "breathing or swallowing becomes hard, or the weakness spreads fast: call {emergency_number}", E
                ),
            ),
        ),
    ),
    SafetyLine(
        Sooner(
            "you notice weakness, thinner muscles, harder speech or swallowing, or twitches that spread: see your GP",
            G,
        ),
        tuple(
            (
                finding,
                Sooner(
                    "the weakness gets worse quickly, or speech or swallowing gets harder: see a doctor the same day",
                    T,
                ),
            )
            for finding in (
                Finding.POSSIBLE_NERVE_DISEASE,
                Finding.SPEECH_OR_SWALLOWING,
                Finding.WEAKNESS_OR_WASTING,
                Finding.SPREADING_TWITCHING,
            )
        ),
    ),
    SafetyLine(
        Sooner("you have numbness, tingling or pain: see your GP", G), ((Finding.SENSORY_SYMPTOMS, _NOTHING_MORE),)
    ),
    SafetyLine(
        Sooner("the jerks happen while you are awake, or soon after you wake up: see your GP", G),
        (
            (Finding.JERKS_WHILE_AWAKE, _NOTHING_MORE),
            (Finding.MORNING_JERKS, _NOTHING_MORE),
            (
                Finding.LASTING_DAYTIME_TWITCHING,
                Sooner("the twitching spreads, or you notice weakness: tell your GP when you see them", G),
            ),
            (
                Finding.TWITCHING_IN_SEVERAL_PLACES,
                Sooner("the twitching spreads, or you notice weakness: tell your GP when you see them", G),
            ),
            (
                Finding.DAYTIME_TWITCHING,
                Sooner(
                    "the twitching while you are awake lasts more than 2 weeks, spreads, or comes with weakness: see "
                    "your GP",
                    G,
                ),
            ),
        ),
    ),
    SafetyLine(
        Sooner(
            "your sleep stays bad for weeks, or you are too sleepy in the day to drive or work safely: see your GP", G
        ),
        (
            (
                Finding.DAYTIME_SLEEPINESS,
                Sooner(
                    "you feel sleepy while driving: stop somewhere safe, and do not drive again until you have seen "
                    "your GP",
                    G,
                ),
            ),
            (
                Finding.SLEEP_PROBLEM,
                Sooner("you are too sleepy in the day to drive or work safely: see your GP sooner", G),
            ),
        ),
    ),
    SafetyLine(
        Sooner("someone sees you stop breathing or gasp in your sleep: see your GP", G),
        ((Finding.BREATHING_PAUSES, _NOTHING_MORE),),
    ),
    SafetyLine(
        Sooner("someone sees your legs kick again and again in your sleep: see your GP", G),
        ((Finding.LIMB_MOVEMENTS, _NOTHING_MORE),),
    ),
    SafetyLine(
        Sooner(
            "a new medicine makes you sweat, shake or feel on edge, or gives you a fever: call 111 now or go to A&E",
            T,
        ),
        (
            (
                Finding.SEROTONIN_SYNDROME,
                Sooner("you get a very high temperature, a fast heartbeat or confusion: call {emergency_number}", E),
            ),
        ),
    ),
    SafetyLine(
        Sooner(
            "you get a bad headache, blurred sight or sudden swelling: call your maternity unit or midwife now",
            T,
        ),
        ((Finding.PRE_ECLAMPSIA, _NOTHING_MORE),),
        only_for=frozenset({Finding.PREGNANT}),
    ),
    SafetyLine(
        Sooner(
            "on lithium, you shake, feel sick or drowsy, or get diarrhoea: call your GP today, or 111",
            T,
        ),
        ((Finding.LITHIUM_TOXICITY, _NOTHING_MORE),),
        only_for=frozenset({Finding.LITHIUM_JERKS, Finding.LITHIUM_TOXICITY}),
    ),
    SafetyLine(
        Sooner(
            "you wake confused at night, or need help with a low sugar: call your diabetes team or GP today, or 111",
            T,
        ),
        ((Finding.SEVERE_NIGHT_HYPOS, _NOTHING_MORE),),
        only_for=frozenset({Finding.DIABETES_MEDICINE}),
    ),
    SafetyLine(
        Sooner(
            "you shake or sweat after cutting down alcohol: call your GP surgery today, or 111",
            T,
        ),
        ((Finding.WITHDRAWAL, _NOTHING_MORE),),
        only_for=frozenset({Finding.HEAVY_DRINKING}),
    ),
)


def get_help_sooner(findings: Mapping[Finding, Evidence], level: Level = Level.SELF_CARE) -> list[str]:
    """The safety net for this person: only help sooner than their outcome, never a sign they already told us about.

    Someone told to call 999 or go to A&E gets none: the card is the instruction.
    """
    if level == Level.EMERGENCY:
        return []
    lines = (line.for_findings(findings) for line in GET_HELP_SOONER)
    return list(dict.fromkeys(fill(line.text) for line in lines if line is not None and line.level > level))
