"""The medical words we cannot always avoid, each with its meaning in plain words.

This is the one list of medical terms: the glossary page shows it, advice text links the first
use of each word to its entry, and editors are told when one of these words has no plain
explanation near it (``readability.unexplained_terms``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class Term:
    word: str
    """The word as the glossary shows it."""
    meaning: str
    pattern: str
    """A regular expression for the word and its other forms, matched as whole words."""
    case_sensitive: bool = False
    """For short capital-letter words (TIA, EEG), which could otherwise match ordinary words."""

    @property
    def slug(self) -> str:
        return re.sub(r"[^a-z0-9]+", "-", self.word.lower()).strip("-")

    @property
    def regex(self) -> re.Pattern:
        return _compiled(self.pattern, self.case_sensitive)


@cache
def _compiled(pattern: str, case_sensitive: bool) -> re.Pattern:
    return re.compile(rf"\b(?:{pattern})\b", 0 if case_sensitive else re.IGNORECASE)


TERMS: tuple[Term, ...] = (
    Term(
        "Antihistamine",
        "A medicine for allergies, such as hay fever. Some are sold to help you sleep.",
        r"antihistamines?",
    ),
    Term(
        "Benzodiazepines",
        "Calming medicines, such as diazepam. Some are used as sleeping tablets.",
        r"benzodiazepines?",
    ),
    Term(
        "CBT (cognitive behavioural therapy)",
        "A talking therapy. It helps you change the thoughts and habits that keep a problem going.",
        r"CBT|cognitive behavioural therapy",
        case_sensitive=True,
    ),
    Term(
        "Delirium",
        "Sudden confusion. The person cannot think clearly, or does not know where they are. It needs help straight "
        "away.",
        r"delirium",
    ),
    Term(
        "Diuretics",
        "Water tablets. They make your body pass more water. Furosemide is one.",
        r"diuretics?",
    ),
    Term(
        "Eclampsia",
        "A fit in pregnancy or soon after a birth, caused by pre-eclampsia. It is an emergency.",
        r"(?<!pre-)eclampsia",
    ),
    Term(
        "EEG",
        "A test that records your brain waves through small pads on your head.",
        r"EEGs?",
        case_sensitive=True,
    ),
    Term(
        "EMG",
        "A test that records the electrical signals in your muscles. Its full name is electromyography.",
        r"EMGs?|electromyography",
        case_sensitive=True,
    ),
    Term(
        "Fasciculation",
        "A small twitch or flicker under the skin, in a small part of a muscle. Most are harmless.",
        r"fasciculations?",
    ),
    Term(
        "Ferritin",
        "A blood test that shows how much iron your body has stored.",
        r"ferritin",
    ),
    Term(
        "Guillain-Barré syndrome",
        "A rare condition where the body's defences attack the nerves. Weakness or tingling spreads from the feet or "
        "hands.",
        r"guillain-barr[eé] syndrome",
    ),
    Term(
        "Hypnic jerk",
        "Another name for a sleep start: a sudden jerk just as you fall asleep.",
        r"hypnic jerks?",
    ),
    Term(
        "Hypo",
        "Low blood sugar. It mostly happens to people who take insulin or some diabetes tablets.",
        r"hypos?|hypoglyc(?:a)?emia",
    ),
    Term(
        "Infantile spasms",
        "A rare kind of epilepsy in babies. The baby has clusters of jerks or stiffening.",
        r"infantile spasms?",
    ),
    Term(
        "Meningitis and encephalitis",
        "Meningitis is an infection of the lining around the brain and spine. Encephalitis is when the brain itself "
        "swells. Both are emergencies.",
        r"meningitis|encephalitis",
    ),
    Term(
        "Motor neurone disease",
        "A rare disease of the nerves that control the muscles. Muscles slowly get weaker.",
        r"motor neurone disease",
    ),
    Term(
        "Myoclonus",
        "A sudden, short jerk of a muscle or a group of muscles. A sleep start is one kind, and so are hiccups.",
        r"myoclonus|myoclonic",
    ),
    Term(
        "Myokymia",
        "Small, harmless ripples in a muscle, most often in an eyelid.",
        r"myokymia",
    ),
    Term(
        "Nerve conduction study",
        "A test of how well signals travel along your nerves.",
        r"nerve conduction stud(?:y|ies)",
    ),
    Term(
        "Neuroleptic malignant syndrome",
        "A rare, serious reaction to some medicines for psychosis. It causes a high temperature, stiff muscles and "
        "confusion.",
        r"neuroleptic malignant syndrome",
    ),
    Term(
        "Neurologist",
        "A doctor for the brain and nerves.",
        r"neurologists?",
    ),
    Term(
        "Opioids",
        "Strong painkillers, such as tramadol, codeine or morphine.",
        r"opioids?",
    ),
    Term(
        "Periodic limb movements",
        "Kicks or jerks of the legs that come again and again in sleep, about every 20 to 40 seconds.",
        r"periodic limb movements?",
    ),
    Term(
        "Polysomnography",
        "A full sleep study. It records your brain waves, breathing and movements while you sleep.",
        r"polysomnograph(?:y|ic)",
    ),
    Term(
        "Pre-eclampsia",
        "High blood pressure in pregnancy or soon after a birth, with protein in the urine.",
        r"pre-eclampsia",
    ),
    Term(
        "PPIs",
        "Tablets that lower stomach acid, such as omeprazole. The letters stand for proton pump inhibitors.",
        r"PPIs?|proton pump inhibitors?",
        case_sensitive=True,
    ),
    Term(
        "REM sleep behaviour disorder",
        "A sleep problem where the body moves during dreams. People may shout, punch or kick in their sleep.",
        r"REM sleep behaviour disorder",
    ),
    Term(
        "Restless legs syndrome",
        "A strong urge to move your legs when you rest, often with an odd feeling in them. It is worse at night.",
        r"restless legs syndrome",
    ),
    Term(
        "Seizure",
        "Another word for a fit: a sudden burst of electrical activity in the brain.",
        r"seizures?",
    ),
    Term(
        "Serotonin syndrome",
        "A reaction to medicines that raise serotonin, a chemical in the brain. It can cause sweating, shaking and "
        "a high temperature.",
        r"serotonin syndrome",
    ),
    Term(
        "Sleep apnoea",
        "Breathing that stops and starts while you sleep. Loud snoring and gasping are signs of it.",
        r"(?:obstructive )?sleep apnoea",
    ),
    Term(
        "TIA",
        "A mini-stroke: signs of a stroke that go away by themselves. It is a warning that a stroke may follow. "
        "The letters stand for transient ischaemic attack.",
        r"TIAs?|transient ischaemic attacks?",
        case_sensitive=True,
    ),
    Term(
        "Triptans",
        "Medicines for migraine, such as sumatriptan.",
        r"triptans?",
    ),
)


def terms_in(text: str) -> list[Term]:
    """The terms used in ``text``, in glossary order."""
    return [term for term in TERMS if term.regex.search(text)]


# A tag, or the text of a link or heading (never linked again), or plain text.
_HTML_PIECES = re.compile(r"(<a\b.*?</a>|<h[1-6]\b.*?</h[1-6]>|<[^>]+>)", re.S | re.I)


def link_terms(html: str, url: str, skip: frozenset[str] = frozenset()) -> SafeString:
    """Safe HTML with the first use of each glossary word linked to its entry at ``url``.

    Words inside links and headings, and the terms whose slugs are in ``skip`` (linked just
    before), are left alone. ``html`` must already be safe: it is only split at its tags, never
    unescaped.
    """
    return _link_terms(html, url, skip)


def linked_terms(html: str) -> frozenset[str]:
    """The slugs of the glossary entries ``html`` links to."""
    return frozenset(re.findall(r'<a class="glossary-link" href="[^"#]*#([\w-]+)"', html))


@lru_cache(maxsize=1024)
def _link_terms(html: str, url: str, skip: frozenset[str]) -> SafeString:
    # Remembered per text, like the Markdown it is used on: the same few articles are shown to everyone.
    linked: set[str] = set(skip)

    def link(text: str) -> str:
        for term in TERMS:
            if term.slug in linked:
                continue
            match = term.regex.search(text)
            if match:
                linked.add(term.slug)
                before, word, after = text[: match.start()], match.group(0), text[match.end() :]
                anchor = f'<a class="glossary-link" href="{escape(url)}#{term.slug}">{word}</a>'
                return link(before) + anchor + link(after)
        return text

    pieces = _HTML_PIECES.split(html)
    return mark_safe("".join(piece if i % 2 else link(piece) for i, piece in enumerate(pieces)))  # noqa: S308 - only our own anchors are added to safe HTML
