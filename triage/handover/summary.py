"""The summary for the doctor: the history in a clinician's order, with what was asked and denied.

A GP reads a history in a fixed order: presenting complaint, history of the complaint, red flags
(what was asked and denied counts as much as what was ticked), medicines and conditions, sleep,
triggers, and what this check concluded and which rule made it so. The person's own words come
from ``questions.py``; the clinical names of the red flags, for the pertinent negatives, are here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from triage.clinical.assessment import RULES, Answers, Level, TriageResult
from triage.clinical.findings import FINDING_DESCRIPTIONS
from triage.questionnaire.questions import QUESTIONS, QUESTIONS_BY_NAME, Question


@dataclass(frozen=True)
class AnswerRow:
    question: Question
    codes: tuple[str, ...]

    @property
    def labels(self) -> list[str]:
        return [self.question.label(code) for code in self.codes]


def answer_rows(answers: Mapping[str, object], questions: tuple[Question, ...] = QUESTIONS) -> list[AnswerRow]:
    """The answers in questionnaire order, in the words the person chose: check answers, the admin."""
    rows = []
    for q in questions:
        value = answers.get(q.name)
        if value:
            codes = tuple(value) if isinstance(value, list | tuple) else (value,)
            rows.append(AnswerRow(q, codes))
    return rows


# (question, option) -> the clinician's words, for "No stroke signs, no fits, ...". Options that
# share words are one negative. A test checks every red-flag option of the screen has a name here.
NEGATIVES: dict[str, dict[str, str]] = {
    "emergency": {
        "stroke_now": "stroke signs",
        "fit_now": "fits",
        "first_fit_now": "fits",
        "not_recovered": "fits",
        "fit_in_pregnancy": "fits in pregnancy or after a birth",
        "head_injury": "head injury in the last 3 months",
        "sudden_confusion": "sudden confusion",
        "fever_signs": "fever with neck stiffness, rash, severe headache or drowsiness",
    },
    "head_injury": {
        "fit_since": "fit since the injury",
        "new_nerve_signs": "new neurological signs",
        "knocked_out": "loss of consciousness",
        "vomiting": "vomiting",
        "headache": "worsening headache",
        "confusion": "confusion or amnesia",
        "blood_thinners": "anticoagulant, antiplatelet or bleeding disorder",
        "alcohol_or_drugs": "alcohol or drugs at the time",
        "brain_surgery": "previous brain surgery",
        "jerks_since": "jerks starting after the injury",
    },
    "same_day": {
        "stroke_gone": "TIA symptoms",
        "first_fit_over": "first fit",
        "seizure_signs": "episodes of lost awareness, tongue biting or incontinence",
        "spreading_weakness": "progressive or spreading weakness or numbness",
        "head_injury": "head injury in the last 3 months",
        "old_head_injury": "jerks since an older head injury",
        "medicine_reaction": "features of serotonin toxicity after a medicine change",
        "withdrawal": "alcohol or benzodiazepine withdrawal",
    },
    "spreading": {
        "breathing": "breathing difficulty",
        "swallowing_or_speech": "bulbar symptoms",
        "fast": "rapid spread within hours",
    },
    "pregnancy_signs": {
        "severe_headache": "severe headache",
        "vision": "visual disturbance",
        "rib_pain": "epigastric or right upper quadrant pain",
        "vomiting": "vomiting",
        "swelling": "sudden oedema",
    },
    "medicine_signs": {
        "serotonin": "features of serotonin toxicity",
        "nms": "features of neuroleptic malignant syndrome",
        "lithium": "features of lithium toxicity",
        "hypo": "nocturnal hypoglycaemia with confusion or needing help",
        "withdrawal": "alcohol or benzodiazepine withdrawal",
    },
    "night_movements": {
        "attacks": "stereotyped nocturnal attacks",
        "acting_out_dreams": "dream enactment",
    },
    "with_it": {
        "weakness": "limb weakness",
        "wasting": "muscle wasting",
        "spreading": "spreading fasciculation",
        "speech_or_swallowing": "dysarthria or dysphagia",
        "numbness": "numbness, tingling or pain",
        "drowsy": "new drowsiness",
    },
    "health": {
        "kidney_disease": "kidney disease",
        "liver_disease": "liver disease",
        "diabetes": "diabetes",
        "epilepsy": "epilepsy",
        "nerve_condition": "long-term neurological condition",
    },
    "sleep": {
        "snoring": "loud snoring",
        "breathing_pauses": "witnessed apnoeas",
        "kicks": "periodic leg movements",
        "poor_sleep": "chronic insomnia",
        "sleepy_day": "daytime sleepiness",
        "dozed_driving": "dozing while driving",
        "night_sweats": "night sweats or nocturnal confusion",
    },
}


@dataclass(frozen=True)
class Line:
    label: str
    text: str
    negative: bool = False
    """A pertinent negative: asked, and the answer was no."""


@dataclass(frozen=True)
class Section:
    heading: str
    lines: tuple[Line, ...]


# The sections in a clinician's order, each with the questions it reports ("" for those of its own).
ORDER: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Presenting complaint", ("timing",)),
    (
        "History of the complaint",
        ("duration", "onset", "muscles", "character", "awake_duration", "night_movements", "strength"),
    ),
    ("", ("frequency", "course", "with_it", "restless_legs")),
    ("Red flags asked", ("emergency", "same_day", "spreading", "head_injury", "pregnancy_signs", "medicine_signs")),
    ("Medicines, pregnancy and conditions", ("medication", "pregnancy", "health", "family")),
    ("Sleep and daytime effect", ("sleep",)),
    ("Possible triggers", ("triggers",)),
)


def doctor_summary(
    answers: Mapping[str, object], result: TriageResult, questions: tuple[Question, ...] = QUESTIONS
) -> list[Section]:
    """The history from these answers (in the words of ``questions``, the questionnaire they answered),
    with pertinent negatives and the rule that set the level. A section with nothing to say is left out."""
    asked = {q.name: q for q in questions}
    rows = {row.question.name: row for row in answer_rows(answers, questions)}
    sections: list[Section] = []
    for heading, names in ORDER:
        lines = [Line(rows[name].question.short, "; ".join(rows[name].labels)) for name in names if name in rows]
        if heading == "Presenting complaint":
            age = f", age {rows['age'].labels[0]}" if "age" in rows else ""
            lines.insert(0, Line("Complaint", f"Twitching or jerking of muscles{age}"))
        lines += [Line(label, text, negative=True) for label, text in _negatives(answers, names, asked)]
        if heading:
            sections.append(Section(heading, tuple(lines)))
        else:  # the rest of the history of the complaint
            sections[-1] = Section(sections[-1].heading, sections[-1].lines + tuple(lines))
    sections.append(Section("Result of this check", _result_lines(answers, result)))
    return [section for section in sections if section.lines]


def _negatives(
    answers: Mapping[str, object], names: tuple[str, ...], asked: Mapping[str, Question]
) -> list[tuple[str, str]]:
    """ "No stroke signs, no fits, …": each named option of an asked question that was not chosen."""
    denied: dict[str, list[str]] = {}
    for name in names:
        if name not in NEGATIVES or name not in answers or name not in asked:
            continue
        offered = {code for code, _ in asked[name].choices}
        named = {code: words for code, words in NEGATIVES[name].items() if code in offered}
        given = {named[code] for code in _codes(answers[name]) if code in named}
        label = "After the head injury" if name == "head_injury" else "Denied"
        denied.setdefault(label, []).extend(t for t in dict.fromkeys(named.values()) if t not in given)
    return [(label, "No " + ", no ".join(terms)) for label, terms in denied.items() if terms]


def _result_lines(answers: Mapping[str, object], result: TriageResult) -> tuple[Line, ...]:
    """The level as given, and in words what set it: the rule for each finding (or the finding itself)."""
    from triage.models import LEVEL_LABELS

    lines = [Line("Suggested care", LEVEL_LABELS[result.level])]
    person = Answers.from_mapping(dict(answers))
    setting = [_rule_words(r.finding, person) for r in result.reasons if r.level == result.level]
    lines.append(
        Line("Set by the rule", "; ".join(dict.fromkeys(setting)) or "No answer called for a doctor (self-care)")
    )
    also = [_rule_words(r.finding, person) for r in result.reasons if Level.SELF_CARE < r.level < result.level]
    if also:
        lines.append(Line("Also", "; ".join(dict.fromkeys(also))))
    last = QUESTIONS_BY_NAME.get(next(reversed(list(answers)), ""))
    if result.level == Level.EMERGENCY and last is not None:
        lines.append(Line("Questions", f"Ended at “{last.short}”: an emergency answer ends the questionnaire"))
    return tuple(lines)


def _rule_words(finding, person: Answers) -> str:
    """The rule for ``finding`` that these answers meet, in words; the finding's meaning if none does now."""
    return next(
        (rule.when for rule in RULES if rule.finding == finding and rule.condition.met(person)),
        FINDING_DESCRIPTIONS[finding],
    )


def _codes(value: object) -> list[str]:
    return [value] if isinstance(value, str) else list(value or ())
