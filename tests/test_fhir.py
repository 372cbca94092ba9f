"""The FHIR resources: valid R4 by fhir.resources, generated from questions.py, and a response round-trips."""

from __future__ import annotations

import json
from datetime import date

import pytest
from fhir.resources.R4B.codesystem import CodeSystem
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from tests.conftest import TYPICAL, asked_only, persona
from tests.e2e.site import EVERY_QUESTION, OUTCOMES
from triage.clinical.assessment import Answers, assess
from triage.handover import fhir
from triage.questionnaire.questions import QUESTIONS, VERSION

BASE = "https://twitchguide.example"
QUESTIONNAIRE = fhir.questionnaire(BASE)
CODE_SYSTEM = fhir.code_system(BASE)
PERSONAS = {**OUTCOMES, "every question": asked_only(EVERY_QUESTION)}


def response_of(answers: dict) -> dict:
    return fhir.questionnaire_response(answers, authored=date(2026, 11, 30), base=BASE)


def test_the_questionnaire_and_code_system_parse_and_validate_as_r4():
    questionnaire = Questionnaire.model_validate_json(json.dumps(QUESTIONNAIRE))
    assert questionnaire.url == f"{BASE}/fhir/Questionnaire/twitchguide"
    assert questionnaire.version == str(VERSION) and questionnaire.status == "active"
    code_system = CodeSystem.model_validate_json(json.dumps(CODE_SYSTEM))
    assert code_system.url == f"{BASE}/fhir/CodeSystem/twitchguide-answers" and code_system.content == "complete"


def test_there_is_one_item_per_question_in_its_words():
    items = QUESTIONNAIRE["item"]
    assert [item["linkId"] for item in items] == [q.name for q in QUESTIONS]
    for item, question in zip(items, QUESTIONS, strict=True):
        assert item["text"] == question.text and item["type"] == "choice" and item["required"] is True
        assert item["repeats"] is question.multiple
        help_items = {child["linkId"]: child for child in item["item"]}
        assert help_items[f"{question.name}.why"]["text"] == f"Why we ask this: {question.why}"
        assert "'help'" in str(help_items[f"{question.name}.why"]["extension"])
        assert help_items[f"{question.name}.hint"]["text"] == question.hint


def test_every_option_is_a_coding_from_the_code_system_the_app_serves():
    concepts = {concept["code"]: concept["display"] for concept in CODE_SYSTEM["concept"]}
    options = [
        (option["valueCoding"], option.get("extension"), question)
        for item, question in zip(QUESTIONNAIRE["item"], QUESTIONS, strict=True)
        for option in item["answerOption"]
    ]
    assert len(options) == len(concepts) == sum(len(q.choices) for q in QUESTIONS) == CODE_SYSTEM["count"]
    for coding, extension, question in options:
        assert coding["system"] == CODE_SYSTEM["url"]
        assert concepts[coding["code"]] == coding["display"]
        option = coding["code"].removeprefix(f"{question.name}.")
        assert question.label(option) == coding["display"]
        assert (extension == [{"url": fhir.OPTION_EXCLUSIVE, "valueBoolean": True}]) is (option in question.exclusive)


def test_a_follow_up_is_enabled_by_its_question_and_answer():
    character = next(item for item in QUESTIONNAIRE["item"] if item["linkId"] == "character")
    [condition] = character["enableWhen"]
    assert condition["question"] == "timing" and condition["operator"] == "="
    assert condition["answerCoding"]["code"] == "timing.awake"
    head_injury = next(item for item in QUESTIONNAIRE["item"] if item["linkId"] == "head_injury")
    expression = next(e for e in head_injury["extension"] if e["url"] == fhir.ENABLE_WHEN_EXPRESSION)
    assert "code = 'same_day.head_injury'" in expression["valueExpression"]["expression"]


@pytest.mark.parametrize("answers", PERSONAS.values(), ids=PERSONAS.keys())
def test_a_response_parses_validates_and_round_trips_to_the_same_answers(answers):
    response = response_of(answers)
    parsed = QuestionnaireResponse.model_validate_json(json.dumps(response))
    assert parsed.status == "completed" and parsed.questionnaire == f"{QUESTIONNAIRE['url']}|{VERSION}"
    imported = fhir.import_fhir_response(json.dumps(response))
    assert imported == answers
    assert assess(Answers.from_mapping(imported)) == assess(Answers.from_mapping(answers))


def test_a_response_carries_the_day_only_and_nothing_about_the_person():
    response = response_of(asked_only(TYPICAL))
    assert response["authored"] == "2026-11-30"
    assert set(response) == {"resourceType", "questionnaire", "status", "authored", "item"}


def test_import_reads_a_response_whatever_order_and_nesting_and_drops_questions_not_asked():
    answers = asked_only(persona(timing=["awake"], character=["jerk"], awake_duration="2_weeks_or_more"))
    response = response_of(answers)
    response["item"].reverse()
    extra = {"linkId": "restless_legs", "answer": [{"valueCoding": {"code": "restless_legs.eased_by_moving"}}]}
    response["item"] = [{"linkId": "group", "item": response["item"] + [extra]}]
    assert fhir.import_fhir_response(response) == answers


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda r: r.update(questionnaire="https://elsewhere.example/Questionnaire/x"), "another questionnaire"),
        (lambda r: r.update(questionnaire=r["questionnaire"].replace(f"|{VERSION}", "|1")), "another questionnaire"),
        (lambda r: r["item"].pop(), "unanswered: triggers"),
        (
            lambda r: r["item"][1]["answer"][0]["valueCoding"].update(code="emergency.bleeding"),
            "not one of its options",
        ),
        (lambda r: r["item"][1]["answer"][0]["valueCoding"].update(code="none"), "not one of its options"),
        (lambda r: r["item"][0]["answer"][0]["valueCoding"].update(code="age.under_16"), "under 16"),
        (lambda r: r["item"][1]["answer"].append({"valueCoding": {"code": "emergency.stroke_now"}}), "together"),
        (lambda r: r.update(authored="yesterday"), "not a valid FHIR QuestionnaireResponse"),
        (lambda r: r.update(resourceType="Patient"), "not a valid FHIR QuestionnaireResponse"),
    ],
)
def test_import_refuses_what_it_cannot_triage_safely(change, reason):
    response = response_of(asked_only(TYPICAL))
    change(response)
    with pytest.raises(fhir.NotOurResponse, match=reason):
        fhir.import_fhir_response(response)


def test_the_branching_is_compiled_from_the_conditions_not_written_by_hand():
    from triage.clinical.assessment import RULES, Level

    timing = next(item for item in QUESTIONNAIRE["item"] if item["linkId"] == "timing")
    expression = next(e for e in timing["extension"] if e["url"] == fhir.ENABLE_WHEN_EXPRESSION)
    text = expression["valueExpression"]["expression"]
    # "An emergency ends the questionnaire": every option of every emergency rule is in the expression.
    for rule in RULES:
        if rule.level == Level.EMERGENCY:
            for part in _saids(rule.condition):
                for code in part.codes:
                    assert f"'{part.question}.{code}'" in text, (rule.finding, code)
    assert not hasattr(fhir, "FOLLOW_UPS") and not hasattr(fhir, "_screen_codes")


def _saids(condition):
    from triage.clinical.assessment import AllOf, AnyOf, Said

    if isinstance(condition, Said):
        return [condition]
    if isinstance(condition, AllOf | AnyOf):
        return [said for part in condition.parts for said in _saids(part)]
    return []
