"""Conditions as data: each one runs in Python, compiles to FHIR and prints; the three never disagree.

For every rule's condition and every question's "when it is asked", the FHIRPath compiled from the
condition (``fhir.fhirpath``), run by fhirpath.js (the engine LHC-Forms uses), gives the same answer as
the condition run in Python, on every answer set the exhaustive tests of the rules make
(tests/assessment: each option of each question alone, and every combination of the options of every
screen, from several starting points). Where core ``enableWhen`` says it, it says the same too.
"""

from __future__ import annotations

import json
import subprocess
from functools import cache

import pytest

from tests.assessment.expected import BASES_FOR_COMBINATIONS, QUESTION_ENUMS, answers, every_set_of
from tests.e2e.tools import missing
from tests.test_fhir_branching import EVALUATOR, _holds, node_missing_reason
from triage.clinical.assessment import RULES, Answers, Condition
from triage.handover import fhir
from triage.questionnaire.questions import ENABLED_WHEN, QUESTIONS, QUESTIONS_BY_NAME

pytestmark = pytest.mark.external  # runs node or Java: in `make test`, not in `make check`

SCREEN_COMBINATIONS = ("emergency", "same_day", "spreading", "pregnancy_signs", "medicine_signs")
CONDITIONS: dict[str, Condition] = {
    **{f"R{n}:{rule.finding}": rule.condition for n, rule in enumerate(RULES, start=1)},
    **{f"asked:{name}": condition for name, condition in ENABLED_WHEN.items() if condition is not None},
    **{f"asked_if:{q.name}": q.asked_if for q in QUESTIONS if q.asked_if is not None},
}


@cache
def answer_sets() -> list[Answers]:
    """Every answer set the exhaustive tests make: one option changed at a time, every combination of a screen."""
    sets = [answers()]
    for n, base in enumerate(BASES_FOR_COMBINATIONS):
        for name, enum in QUESTION_ENUMS.items():
            codes = [member.value for member in enum]
            if isinstance(getattr(answers(), name), frozenset):
                every = name in SCREEN_COMBINATIONS and n == 0  # as tests/assessment: every combination of a screen
                variants = every_set_of(codes) if every else [{code} for code in codes]
            else:
                variants = codes
            sets += [answers(**{**base, name: variant}) for variant in variants]
    return list(dict.fromkeys(sets))


def response_of(given: Answers) -> dict:
    items = []
    for question in QUESTIONS:
        codes = sorted(given.chosen(question.name))
        if codes:
            items.append(
                {
                    "linkId": question.name,
                    "answer": [{"valueCoding": {"code": fhir.code_of(question, code)}} for code in codes],
                }
            )
    return {"resourceType": "QuestionnaireResponse", "status": "in-progress", "item": items}


def _key(condition: Condition, given: Answers) -> tuple:
    return tuple((name, tuple(sorted(given.chosen(name)))) for name in sorted(condition.questions()))


@cache
def compiled_results() -> dict[tuple[str, tuple], bool]:
    """fhirpath.js's value of every condition on every distinct set of the answers it reads."""
    if reason := node_missing_reason():
        missing(reason)
    wanted: dict[tuple[str, tuple], dict] = {}
    for condition in CONDITIONS.values():
        text = fhir.fhirpath(condition)
        for given in answer_sets():
            wanted.setdefault((text, _key(condition, given)), response_of(given))
    batch = [[text, response] for (text, _), response in wanted.items()]
    completed = subprocess.run(  # noqa: S603 - our own script, our own data
        ["node", str(EVALUATOR)],  # noqa: S607
        input=json.dumps(batch),
        capture_output=True,
        text=True,
        check=True,
    )
    return {key: value == [True] for key, value in zip(wanted, json.loads(completed.stdout), strict=True)}


def test_the_answer_sets_are_the_exhaustive_ones():
    assert len(answer_sets()) > 500
    assert answers(emergency=set(QUESTION_ENUMS["emergency"]) - {"none"}) in answer_sets()


@pytest.mark.parametrize("name", CONDITIONS)
def test_the_fhirpath_compiled_from_a_condition_agrees_with_python_on_every_answer_set(name):
    condition, results = CONDITIONS[name], compiled_results()
    text = fhir.fhirpath(condition)
    different = [given for given in answer_sets() if results[(text, _key(condition, given))] != condition.met(given)]
    assert different == [], f"{name}: {condition.words()}"


@pytest.mark.parametrize(
    "question", [q for q in QUESTIONS if fhir.enable_condition(q) is not None], ids=lambda q: q.name
)
def test_core_enable_when_where_it_is_used_agrees_with_python(question):
    enable = fhir.enable_condition(question)
    if not isinstance(enable, fhir.EnableWhen):
        pytest.skip("an SDC expression: checked above")
    condition = question.asked_if
    for given in answer_sets():
        coded = {
            name: [fhir.code_of(QUESTIONS_BY_NAME[name], c) for c in given.chosen(name)] for name in QUESTION_ENUMS
        }
        conditions = [
            {
                "question": source,
                "operator": operator,
                "answerCoding": {"code": fhir.code_of(QUESTIONS_BY_NAME[source], code)},
            }
            for source, operator, code in enable.conditions
        ]
        results = [_holds(c, coded) for c in conditions]
        core = any(results) if enable.behavior == "any" else all(results)
        assert core == condition.met(given), (question.name, given)


@pytest.mark.parametrize("name", CONDITIONS)
def test_every_condition_prints_in_words_a_clinician_can_read(name):
    words = CONDITIONS[name].words()
    assert words and "<" not in words and "object at" not in words
