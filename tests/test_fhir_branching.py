"""The FHIR Questionnaire branches exactly as the app does: every branch walked, both compared.

``shown`` is a small FHIR renderer: core ``enableWhen``/``enableBehavior`` as R4 defines them (an
item that is not shown counts as unanswered; ``!=`` needs an answer, as LHC-Forms has it) and SDC
``enableWhenExpression`` run by the FHIRPath engine LHC-Forms uses (fhirpath.js on node, from
node_modules). The app's side is ``asked_questions``, and the view's one rule beside it: an age
under 16 ends the questionnaire.

Two walks cover every branch. The screen (age, the emergency and same-day screens, their follow-ups,
pregnancy and the medicines screen) is walked with each option alone and all of them together (the
follow-ups of a sign: none of their options, and all of them); the history with every combination of
when the jerks happen, each option (and all of them) of "what comes with it" and of health, from several
screens. tests/test_condition_compiler.py checks every condition on its own, on every answer set the
exhaustive tests of the rules make.
"""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import subprocess
from functools import cache
from itertools import combinations
from pathlib import Path

import pytest

from tests.conftest import TYPICAL
from tests.e2e.tools import NODE_MODULES, missing
from triage.clinical.assessment import AgeBand, Level
from triage.handover import fhir
from triage.questionnaire.questions import (
    QUESTIONS,
    QUESTIONS_BY_NAME,
    SCREEN,
    Question,
    asked_questions,
    outcome_so_far,
)

pytestmark = pytest.mark.external  # runs node or Java: in `make test`, not in `make check`

QUESTIONNAIRE = fhir.questionnaire("http://testserver")
ITEMS = QUESTIONNAIRE["item"]
BY_EXPRESSION = [item["linkId"] for item in ITEMS if fhir.ENABLE_WHEN_EXPRESSION in str(item.get("extension"))]
BY_ENABLE_WHEN = [item["linkId"] for item in ITEMS if "enableWhen" in item]
ASKED_OF_SOME_BY_EXPRESSION = {q.name for q in QUESTIONS if q.follow_up and q.name in BY_EXPRESSION} | {"pregnancy"}


# --- a FHIR renderer's view of the branching ---------------------------------------------------


def _holds(condition: dict, given: dict[str, list[str]]) -> bool:
    answered = given.get(condition["question"], [])
    if condition["operator"] == "exists":
        return bool(answered) == condition["answerBoolean"]
    equal = condition["answerCoding"]["code"] in answered
    return equal if condition["operator"] == "=" else bool(answered) and not equal


class Pending(Exception):
    """An expression's value is not known yet: ``evaluate_all`` works it out with fhirpath.js."""


_EXPRESSION_RESULTS: dict = {}
_WANTED: dict = {}


def _expression_holds(text: str, response_items: list[dict], given: dict[str, list[str]]) -> bool:
    # The value depends only on the answers the expression names: worked out once for each.
    key = (text, tuple((link, tuple(given[link])) for link in re.findall(r"linkId='(\w+)'", text) if link in given))
    if key not in _EXPRESSION_RESULTS:
        _WANTED[key] = {"resourceType": "QuestionnaireResponse", "status": "in-progress", "item": response_items}
        raise Pending
    return _EXPRESSION_RESULTS[key]


def evaluate_all(leaves: list[dict], *, sdc: bool = True) -> list[list[str]]:
    """``shown`` for every answer set, the FHIRPath of all of them run in batches by fhirpath.js."""
    if sdc and (reason := node_missing_reason()):
        missing(reason)
    while True:
        _WANTED.clear()
        results = []
        for answers in leaves:
            with contextlib.suppress(Pending):  # asked for in this round's batch
                results.append(shown(answers, sdc=sdc))
        if not _WANTED:
            return results
        batch = [[text, response] for (text, _), response in _WANTED.items()]
        completed = subprocess.run(  # noqa: S603 - our own script, our own data
            ["node", str(EVALUATOR)],  # noqa: S607
            input=json.dumps(batch),
            capture_output=True,
            text=True,
            check=True,
        )
        for key, value in zip(_WANTED, json.loads(completed.stdout), strict=True):
            _EXPRESSION_RESULTS[key] = value == [True]


EVALUATOR = Path(__file__).with_name("fhirpath_eval.js")


def node_missing_reason() -> str | None:
    if not shutil.which("node"):
        return "node is not installed (the FHIRPath engine of LHC-Forms, fhirpath.js, runs on it)"
    if not (NODE_MODULES / "fhirpath").exists():
        return "node_modules/fhirpath is missing (run `npm ci --ignore-scripts`; it comes with lforms)"
    return None


def shown(answers: dict, *, sdc: bool = True) -> list[str]:
    """The questions a FHIR renderer shows for these answers; ``sdc=False``: one without SDC expressions."""
    given: dict[str, list[str]] = {}
    response_items, visible = [], []
    for item in ITEMS:
        enabled = True
        if "enableWhen" in item:
            results = [_holds(condition, given) for condition in item["enableWhen"]]
            enabled = any(results) if item.get("enableBehavior") == "any" else all(results)
        for extension in item["extension"]:
            if extension["url"] == fhir.ENABLE_WHEN_EXPRESSION and sdc:
                enabled = _expression_holds(extension["valueExpression"]["expression"], response_items, given)
        if not enabled:
            continue
        visible.append(item["linkId"])
        codes = answers.get(item["linkId"])
        if codes:
            question = next(q for q in QUESTIONS if q.name == item["linkId"])
            given[question.name] = [fhir.code_of(question, code) for code in _listed(codes)]
            response_items.append(
                {"linkId": question.name, "answer": [{"valueCoding": {"code": code}} for code in given[question.name]]}
            )
    return visible


def _listed(value) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def app_asks(answers: dict) -> list[str]:
    if answers.get("age") == AgeBand.UNDER_16:
        return ["age"]  # the view sends the person to the page for parents; nothing else is asked
    return [q.name for q in asked_questions(answers)]


# --- walking the branches ---------------------------------------------------------------------


def every_answer(question: Question) -> list:
    """Every answer the page accepts: each option, or every set of options that may go together."""
    if not question.multiple:
        return [code for code, _ in question.choices]
    free = [code for code, _ in question.choices if code not in question.exclusive]
    sets = [list(chosen) for size in range(1, len(free) + 1) for chosen in combinations(free, size)]
    return sets + [[code] for code in question.exclusive]


def each_option_and_all(question: Question) -> list:
    if not question.multiple:
        return [code for code, _ in question.choices]
    free = [code for code, _ in question.choices if code not in question.exclusive]
    return [[code] for code, _ in question.choices] + ([free] if len(free) > 1 else [])


def walk(vary: dict, fixed: dict, answers: dict | None = None, index: int = 0):
    """Every answer set reached by answering the questions the app asks, in order."""
    answers = answers or {}
    if index == len(QUESTIONS) or answers.get("age") == AgeBand.UNDER_16:
        yield answers
        return
    question = QUESTIONS[index]
    if question not in asked_questions(answers):
        yield from walk(vary, fixed, answers, index + 1)
        return
    for value in vary.get(question.name, [fixed[question.name]]):
        yield from walk(vary, fixed, {**answers, question.name: value}, index + 1)


FOLLOW_UPS_OF_A_SIGN = ("spreading", "head_injury", "pregnancy_signs")


def none_or_all(question: Question) -> list:
    free = [code for code, _ in question.choices if code not in question.exclusive]
    return [sorted(question.exclusive)[:1], free]


SCREEN_WALK = {
    q.name: none_or_all(q) if q.name in FOLLOW_UPS_OF_A_SIGN else each_option_and_all(q)
    for q in QUESTIONS
    if q.name in SCREEN
}
HISTORY_SCREENS = {
    "typical": {},
    "65 or over": {"age": AgeBand.AGE_65_PLUS},
    "first fit, not pregnant": {"same_day": ["first_fit_over"], "pregnancy": ["breastfeeding"]},
    "lost awareness": {"same_day": ["seizure_signs"]},
    "TIA": {"same_day": ["stroke_gone"]},
    "old head injury, recent one checked": {"same_day": ["head_injury", "old_head_injury"]},
    "lithium, pregnant": {"medicine_signs": ["lithium"], "pregnancy": ["pregnant_20_plus"]},
}


@cache
def screen_leaves() -> list[dict]:
    return list(walk(SCREEN_WALK, TYPICAL))


@cache
def history_leaves(screen: str) -> list[dict]:
    vary = {"timing": every_answer(QUESTIONS_BY_NAME["timing"])}
    for q in QUESTIONS:
        if q.name in ("with_it", "health"):
            vary[q.name] = each_option_and_all(q)
    return list(walk(vary, {**TYPICAL, **HISTORY_SCREENS[screen]}))


def test_the_walks_reach_every_branch_of_the_app():
    """The walks are worth something only if they reach every question and every way the app ends."""
    leaves = screen_leaves() + [a for screen in HISTORY_SCREENS for a in history_leaves(screen)]
    reached = {name for answers in leaves for name in app_asks(answers)}
    assert reached == {q.name for q in QUESTIONS}
    ends = {(outcome_so_far(a).level, app_asks(a)[-1]) for a in leaves}
    emergencies_end_at = {"emergency", "spreading", "head_injury", "pregnancy", "medicine_signs"}
    assert {(Level.EMERGENCY, last) for last in emergencies_end_at} <= ends
    assert ("age" in {app_asks(a)[-1] for a in leaves}) and (Level.SELF_CARE, "triggers") in ends
    assert len(leaves) > 3_000


def test_the_screen_branches_as_the_app_does_on_every_combination_of_answers():
    leaves = screen_leaves()
    different = [
        (a, app_asks(a), fhir_) for a, fhir_ in zip(leaves, evaluate_all(leaves), strict=True) if fhir_ != app_asks(a)
    ]
    assert different == []
    assert len(leaves) > 1_000


@pytest.mark.parametrize("screen", HISTORY_SCREENS)
def test_the_history_branches_as_the_app_does(screen):
    leaves = history_leaves(screen)
    different = [
        (a, app_asks(a), fhir_) for a, fhir_ in zip(leaves, evaluate_all(leaves), strict=True) if fhir_ != app_asks(a)
    ]
    assert different == []
    assert {"character", "awake_duration", "restless_legs", "family"} <= {n for a in leaves for n in app_asks(a)}


def test_core_enable_when_alone_asks_more_after_an_emergency_and_never_less():
    """The documented difference: a renderer without SDC expressions ignores enableWhenExpression.

    It then shows the expression-gated questions to everyone, and their follow-ups when their
    answers call for them; it never hides a question the app asks. Without an emergency (and at
    16 or over) it asks what the app asks, and asks everyone about pregnancy and family history.
    """
    leaves = screen_leaves() + history_leaves("lost awareness")
    ended_early = 0
    for answers, core in zip(leaves, evaluate_all(leaves, sdc=False), strict=True):
        app = app_asks(answers)
        assert set(app) <= set(core)
        if outcome_so_far(answers).level == Level.EMERGENCY or answers["age"] == AgeBand.UNDER_16:
            ended_early += 1
            extra = set(core) - set(app)
            assert extra and extra <= set(BY_EXPRESSION) | set(BY_ENABLE_WHEN)
        else:
            assert set(core) - set(app) <= ASKED_OF_SOME_BY_EXPRESSION, answers
            assert [n for n in core if n not in ASKED_OF_SOME_BY_EXPRESSION] == [
                n for n in app if n not in ASKED_OF_SOME_BY_EXPRESSION
            ]
    assert ended_early > 300


def test_expressions_carry_only_the_emergency_rule_and_enable_when_the_rest():
    assert BY_ENABLE_WHEN == ["character", "awake_duration", "night_movements", "restless_legs"]
    assert set(BY_EXPRESSION) == {q.name for q in QUESTIONS} - set(BY_ENABLE_WHEN) - {"age"}
    for item in ITEMS:
        assert not ("enableWhen" in item and item["linkId"] in BY_EXPRESSION), "SDC: never both on one item"
