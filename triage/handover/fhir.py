"""The questionnaire and each person's answers as HL7 FHIR R4 resources, for other health software.

Three resources, all generated from ``questions.py`` (never written by hand):

- ``code_system``: every answer option as a code, ``<question>.<option>`` (``emergency.none``);
- ``questionnaire``: one item per question (linkId = the question's name, its words, the hint and
  "why we ask" as display items, its options as codings from the code system, ``repeats`` for
  "select all that apply") and the branching;
- ``questionnaire_response``: one stored assessment, answers only, authored date only, no id and
  nothing that identifies the person.

``import_fhir_response`` reads a QuestionnaireResponse made by any FHIR tool back into the answers
the questionnaire would have stored, so TwitchGuide's rules can triage it.

The branching is compiled from ``questions.ENABLED_WHEN``, the same conditions the app's walk runs:
a condition that core FHIR can say (answers equal or not equal to options, all or any of them) is an
``enableWhen``; the rest ("the screen answered and no emergency so far", which needs "any" inside
"all") is an SDC ``enableWhenExpression`` in FHIRPath, which LHC-Forms and other SDC renderers
evaluate; a renderer without SDC expressions shows those items to everyone (it asks more, never
less). Nothing here is written by hand: tests/test_fhir_branching.py checks that the compiled
branching and the Python walk agree on every answer set the exhaustive tests make.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from fhir.resources.R4B.codesystem import CodeSystem
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse
from pydantic import ValidationError

from triage.clinical.assessment import AgeBand, AllOf, Answered, AnyOf, Condition, Not, Said
from triage.questionnaire.questions import (
    ENABLED_WHEN,
    QUESTIONS,
    QUESTIONS_BY_NAME,
    SCREEN,
    VERSION,
    Question,
    asked_questions,
)

QUESTIONNAIRE_ID = "twitchguide"
CODE_SYSTEM_ID = "twitchguide-answers"
QUESTIONNAIRE_PATH = f"/fhir/Questionnaire/{QUESTIONNAIRE_ID}"
CODE_SYSTEM_PATH = f"/fhir/CodeSystem/{CODE_SYSTEM_ID}"
CONTENT_TYPE = "application/fhir+json"

ITEM_CONTROL = "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl"
ITEM_CONTROL_SYSTEM = "http://hl7.org/fhir/questionnaire-item-control"
OPTION_EXCLUSIVE = "http://hl7.org/fhir/StructureDefinition/questionnaire-optionExclusive"
ENABLE_WHEN_EXPRESSION = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-enableWhenExpression"

NOT_A_DIAGNOSIS = "From answers the patient gave online; not a diagnosis."


def code_of(question: Question, option: str) -> str:
    """The code of one answer option: unique across the questionnaire ("none" is not)."""
    return f"{question.name}.{option}"


# --- the branching: compiled from the conditions ------------------------------------------------


@dataclass(frozen=True)
class EnableWhen:
    """Core FHIR: enabled when all (or any) of ``(question, operator, option)`` hold."""

    behavior: str
    conditions: tuple[tuple[str, str, str], ...]


@dataclass(frozen=True)
class Expression:
    """SDC: enabled when the FHIRPath expression is true."""

    fhirpath: str


def _atoms(condition: Condition) -> tuple[str, tuple[tuple[str, str, str], ...]] | None:
    """``condition`` as core ``enableWhen`` atoms and their behaviour, or None if core FHIR cannot say it."""
    if isinstance(condition, Said):
        return "any", tuple((condition.question, "=", code) for code in condition.codes)
    if isinstance(condition, Not) and isinstance(condition.part, Said) and len(condition.part.codes) == 1:
        return "all", ((condition.part.question, "!=", condition.part.codes[0]),)
    if isinstance(condition, AllOf | AnyOf):
        behavior = "all" if isinstance(condition, AllOf) else "any"
        parts = [_atoms(part) for part in condition.parts]
        if all(p is not None and (p[0] == behavior or len(p[1]) == 1) for p in parts):
            return behavior, tuple(atom for p in parts for atom in p[1])
    return None


def fhirpath(condition: Condition) -> str:
    """``condition`` in FHIRPath over the QuestionnaireResponse being filled in (``%resource``)."""
    if isinstance(condition, Said):
        q = QUESTIONS_BY_NAME[condition.question]
        test = " or ".join(f"code = '{code_of(q, code)}'" for code in condition.codes)
        return f"%resource.item.where(linkId='{q.name}').answer.value.where({test}).exists()"
    if isinstance(condition, Answered):
        return f"%resource.item.where(linkId='{condition.question}').answer.exists()"
    if isinstance(condition, Not):
        return f"({fhirpath(condition.part)}).not()"
    if isinstance(condition, AllOf | AnyOf):
        joiner = " and " if isinstance(condition, AllOf) else " or "
        return "(" + joiner.join(fhirpath(part) for part in condition.parts) + ")" if condition.parts else "true"
    raise TypeError(f"no FHIRPath for {condition!r}")


def enable_condition(question: Question) -> EnableWhen | Expression | None:
    """When ``question`` is enabled, in FHIR terms: core enableWhen where it can say it, else FHIRPath."""
    condition = ENABLED_WHEN[question.name]
    if condition is None:
        return None
    asked_if = question.asked_if
    if question.name not in SCREEN and asked_if is not None and not asked_if.questions() & set(SCREEN):
        # A follow-up of a history question: that question is only enabled once the screen is answered with
        # no emergency, and a disabled item keeps no answers, so its own condition says the rest.
        condition = asked_if
    atoms = _atoms(condition)
    if atoms is not None:
        return EnableWhen(*atoms)
    return Expression(fhirpath(condition))


# --- the resources ---------------------------------------------------------------------------


def _item_control(code: str) -> dict:
    return {"url": ITEM_CONTROL, "valueCodeableConcept": {"coding": [{"system": ITEM_CONTROL_SYSTEM, "code": code}]}}


def _coding(question: Question, option: str, system: str) -> dict:
    return {"system": system, "code": code_of(question, option), "display": question.label(option)}


def _item(question: Question, system: str) -> dict:
    item = {
        "linkId": question.name,
        "text": question.text,
        "type": "choice",
        "required": True,
        "repeats": question.multiple,
        "extension": [_item_control("check-box" if question.multiple else "radio-button")],
        "answerOption": [
            {
                "valueCoding": _coding(question, option, system),
                **(
                    {"extension": [{"url": OPTION_EXCLUSIVE, "valueBoolean": True}]}
                    if option in question.exclusive
                    else {}
                ),
            }
            for option, _ in question.choices
        ],
        "item": [
            {
                "linkId": f"{question.name}.hint",
                "type": "display",
                "text": question.hint,
                "extension": [_item_control("flyover")],
            },
            {
                "linkId": f"{question.name}.why",
                "type": "display",
                "text": f"Why we ask this: {question.why}",
                "extension": [_item_control("help")],
            },
        ],
    }
    condition = enable_condition(question)
    if isinstance(condition, EnableWhen):
        item["enableWhen"] = [
            {"question": source, "operator": operator, "answerCoding": _coding(QUESTIONS_BY_NAME[source], code, system)}
            for source, operator, code in condition.conditions
        ]
        if len(condition.conditions) > 1:
            item["enableBehavior"] = condition.behavior
    elif isinstance(condition, Expression):
        expression = {"language": "text/fhirpath", "expression": condition.fhirpath}
        item["extension"].append({"url": ENABLE_WHEN_EXPRESSION, "valueExpression": expression})
    return item


def urls(base: str) -> tuple[str, str]:
    """The canonical URLs of the questionnaire and the code system, on the site at ``base``."""
    base = base.rstrip("/")
    return base + QUESTIONNAIRE_PATH, base + CODE_SYSTEM_PATH


def code_system(base: str) -> dict:
    _, url = urls(base)
    return _valid(
        CodeSystem,
        {
            "resourceType": "CodeSystem",
            "id": CODE_SYSTEM_ID,
            "url": url,
            "version": str(VERSION),
            "name": "TwitchGuideAnswers",
            "title": "TwitchGuide answer options",
            "status": "active",
            "description": "Every answer a person can give in the TwitchGuide questionnaire, coded "
            "<question>.<option>. Display texts are the words the person saw.",
            "caseSensitive": True,
            "content": "complete",
            "count": sum(len(q.choices) for q in QUESTIONS),
            "concept": [
                {"code": code_of(q, option), "display": label, "definition": f"{q.text} {label}"}
                for q in QUESTIONS
                for option, label in q.choices
            ],
        },
    )


def questionnaire(base: str) -> dict:
    url, system = urls(base)
    return _valid(
        Questionnaire,
        {
            "resourceType": "Questionnaire",
            "id": QUESTIONNAIRE_ID,
            "meta": {"profile": ["http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-behave"]},
            "url": url,
            "version": str(VERSION),
            "name": "TwitchGuide",
            "title": "TwitchGuide: twitching or jerking as you fall asleep",
            "status": "active",
            "subjectType": ["Patient"],
            "description": "The history a doctor takes for twitching or jerking at sleep onset (sleep starts): an "
            "emergency screen, a same-day screen, then the history. Any emergency answer ends it. "
            "Generated from TwitchGuide's questions; information, not a diagnosis.",
            "item": [_item(q, system) for q in QUESTIONS],
        },
    )


def questionnaire_response(answers: Mapping[str, object], *, authored: date, base: str) -> dict:
    """One person's answers: which questionnaire, when (the day only), and the options chosen."""
    url, system = urls(base)
    items = []
    for question in QUESTIONS:
        codes = _codes(answers.get(question.name))
        if codes:
            items.append(
                {
                    "linkId": question.name,
                    "text": question.text,
                    "answer": [{"valueCoding": _coding(question, code, system)} for code in codes],
                }
            )
    return _valid(
        QuestionnaireResponse,
        {
            "resourceType": "QuestionnaireResponse",
            "questionnaire": f"{url}|{VERSION}",
            "status": "completed",
            "authored": authored.isoformat(),
            "item": items,
        },
    )


def _codes(value: object) -> list[str]:
    return [value] if isinstance(value, str) else list(value or ())


def _valid(model, data: dict) -> dict:
    """``data`` as fhir.resources parses it: the resource is checked each time it is made."""
    return json.loads(model.model_validate(data).model_dump_json())


# --- reading answers back ----------------------------------------------------------------------


class NotOurResponse(ValueError):
    """A QuestionnaireResponse that TwitchGuide cannot triage, with the reason in words."""


def import_fhir_response(resource: Mapping | str | bytes) -> dict[str, object]:
    """The answers in a QuestionnaireResponse to our questionnaire, as the questionnaire stores them.

    Made by any FHIR tool. Only the questions this person would have been asked count (an answer to
    a question the branching skips is dropped, as the app drops it), and a question that should have
    been asked but has no answer is refused: a triage on missing answers could be too low.
    ``assess(Answers.from_mapping(answers))`` then gives the care level.
    """
    try:
        if isinstance(resource, Mapping):
            response = QuestionnaireResponse.model_validate(resource)
        else:
            response = QuestionnaireResponse.model_validate_json(resource)
    except ValidationError as error:
        raise NotOurResponse(f"not a valid FHIR QuestionnaireResponse ({error.error_count()} problems)") from None
    canonical, _, version = (response.questionnaire or "").partition("|")
    if not canonical.endswith(QUESTIONNAIRE_PATH) or version not in ("", str(VERSION)):
        raise NotOurResponse(f"answers another questionnaire: {response.questionnaire!r}")
    given: dict[str, list[str]] = {}
    for item in _flatten(response.item or ()):
        question = QUESTIONS_BY_NAME.get(item.linkId)
        if question is None:
            continue
        for answer in item.answer or ():
            code = answer.valueCoding.code if answer.valueCoding else None
            option = (code or "").removeprefix(f"{question.name}.")
            if option not in dict(question.choices) or code == option:
                raise NotOurResponse(f"{question.name}: {code!r} is not one of its options")
            given.setdefault(question.name, []).append(option)
    for name, codes in given.items():
        question = QUESTIONS_BY_NAME[name]
        if len(codes) > 1 and (set(codes) & question.exclusive or not question.multiple):
            raise NotOurResponse(f"{name}: these answers cannot be given together")
    answers = {name: codes if QUESTIONS_BY_NAME[name].multiple else codes[0] for name, codes in given.items()}
    if answers.get("age") == AgeBand.UNDER_16:
        raise NotOurResponse("under 16: the questionnaire is for people aged 16 and over")
    asked = asked_questions(answers)
    missing = [q.name for q in asked if q.name not in answers]
    if missing:
        raise NotOurResponse(f"unanswered: {', '.join(missing)}")
    return {q.name: answers[q.name] for q in asked}


def _flatten(items) -> Iterable:
    for item in items:
        yield item
        yield from _flatten(item.item or ())
        for answer in item.answer or ():
            yield from _flatten(answer.item or ())
