"""Hypothesis throws arbitrary form data at every step and at the whole questionnaire.

Whatever arrives: never a server error, and every Assessment that gets stored obeys the
model's rules and the clinical logic. Examples per test come from the Hypothesis profile:
"dev" by default, "ci" (more) when CI=true; see PROFILES below.
"""

import os
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import EVERY_QUESTION, Patient
from triage.clinical.assessment import Answers, Finding, Level, assess
from triage.models import Assessment
from triage.questionnaire.questions import QUESTIONS, QUESTIONS_BY_NAME, asked_questions
from triage.questionnaire.runs import Run

PROFILES = {"dev": 25, "ci": 120}
for name, examples in PROFILES.items():
    settings.register_profile(
        name,
        max_examples=examples,
        deadline=None,
        derandomize=name == "ci",
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
settings.load_profile("ci" if os.environ.get("CI", "").lower() == "true" else "dev")

STEPS = [q.name for q in QUESTIONS] + ["check"]

junk = st.text(st.characters(exclude_categories=["Cs"]), max_size=30)
names = st.one_of(st.sampled_from(STEPS), st.sampled_from(["done", "", "answer", "0"]), junk)


def answer_values(question):
    codes = [code for code, _ in question.choices]
    valid = st.one_of(
        st.sampled_from(codes), st.lists(st.sampled_from(codes), min_size=1, max_size=len(codes), unique=True)
    )
    invalid = st.one_of(st.none(), junk, st.lists(st.one_of(st.sampled_from(codes), junk), max_size=5))
    return st.one_of(valid, invalid)  # about half of them plausible, so that many runs get stored


def payloads(step):
    """A step's POST: its answer field, the wizard's management field and anything else, all optional."""
    answer = answer_values(QUESTIONS_BY_NAME[step]) if step in QUESTIONS_BY_NAME else st.one_of(st.none(), junk)
    return st.fixed_dictionaries(
        {
            "answer": answer,
            "current_step": st.one_of(st.just(step), st.one_of(st.none(), names, st.lists(names, max_size=3))),
            "extra": st.dictionaries(junk, st.one_of(junk, st.lists(junk, max_size=3)), max_size=3),
            "urlencoded": st.booleans(),
        }
    )


def post(patient, step, payload):
    data = dict(payload["extra"])
    if payload["answer"] is not None:
        data[f"{step}-answer"] = payload["answer"]
    if payload["current_step"] is not None:
        data[patient.management_field] = payload["current_step"]
    if payload["urlencoded"]:
        body = urlencode(data, doseq=True)
        return patient.client.post(patient.url(step), body, content_type="application/x-www-form-urlencoded")
    return patient.client.post(patient.url(step), data)


def fresh_run(patient):
    """A run with consent; reuses the last one while the session still has it (saves a request)."""
    if patient.run is None or Run.find(patient.client.session, patient.run) is None:
        patient.start()


def seed(patient, answers):
    """Put answers straight into this run, as if the person had given them."""
    session = patient.client.session
    Run.find(session, patient.run).answers.update(answers)
    session.save()


def report(test, examples):
    """How many cases ran (shown with pytest -s; the CI log keeps it)."""
    print(f"\n{test}: {examples} Hypothesis examples, {Assessment.objects.count()} assessments stored")


def assert_every_assessment_is_valid():
    for assessment in Assessment.objects.all():
        assessment.full_clean()  # field choices and the model's constraints
        assert Level(assessment.level) in set(Level)
        assert set(assessment.findings) <= {finding.value for finding in Finding}
        assert assessment.expires_at > assessment.created_at
        assert assessment.consent_given_at <= assessment.created_at
        for answer in assessment.answer_set.all():
            answer.full_clean()  # each value is an option its question offers
        answers = assessment.answers()
        # Exactly the questions this person should have been asked, each with a valid answer.
        assert set(answers) == {q.name for q in asked_questions(answers)}
        # What is stored is what the clinical logic says for those answers.
        outcome = assess(Answers.from_mapping(answers))
        assert assessment.level == outcome.level
        assert assessment.findings == sorted(outcome.findings)


@pytest.fixture
def unlimited(settings):
    settings.RATE_LIMIT_SESSION_POSTS = settings.RATE_LIMIT_ADDRESS_STARTS = settings.RATE_LIMIT_QUESTIONNAIRE_POSTS = (
        10**9
    )


@pytest.mark.parametrize("step", STEPS)
def test_every_step_survives_anything(client, advice_content, unlimited, step):
    patient = Patient(client)

    examples = []

    @given(payload=payloads(step))
    def fuzz(payload):
        examples.append(1)
        fresh_run(patient)
        seed(patient, {name: value for name, value in EVERY_QUESTION.items() if name != step})
        response = post(patient, step, payload)
        assert response.status_code in (200, 302)
        if response.status_code == 302:
            assert response.url.startswith(("/questions/", "/advice/", "/under-16/"))
            # The step was accepted (or skipped): try to store what the wizard now holds.
            assert patient.submit().status_code in (200, 302)

    fuzz()
    report(f"step {step}", len(examples))
    assert_every_assessment_is_valid()


@pytest.mark.parametrize("step", ["age", "emergency", "check"])
def test_raw_bodies_never_cause_a_server_error(client, db, unlimited, step):
    patient = Patient(client)
    examples = []

    @given(
        body=st.binary(max_size=300),
        content_type=st.sampled_from(
            ["application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/plain"]
        ),
    )
    def fuzz(body, content_type):
        examples.append(1)
        fresh_run(patient)
        seed(patient, {name: value for name, value in EVERY_QUESTION.items() if name != step})
        response = patient.client.generic("POST", patient.url(step), body, content_type=content_type)
        assert response.status_code < 500

    fuzz()
    report(f"raw body {step}", len(examples))
    assert_every_assessment_is_valid()


def test_any_sequence_of_posts(client, advice_content, unlimited):
    """Random walks through the questionnaire: following it, jumping around, tampering, submitting."""
    patient = Patient(client)

    examples = []

    @given(data=st.data())
    def fuzz(data):
        examples.append(1)
        patient.start()
        for _ in range(data.draw(st.integers(1, 45), label="actions")):
            action = data.draw(st.sampled_from(["follow"] * 6 + ["anywhere", "submit", "get"]))
            if action == "follow":
                page = patient.client.get(patient.url("check"), follow=True)  # lands on the first unanswered
                assert page.status_code == 200
                step = patient.step_of(page.wsgi_request.path)
                if step is None:
                    break
                if step == "check":
                    response = patient.submit()
                else:
                    question = QUESTIONS_BY_NAME[step]
                    codes = [code for code, _ in question.choices]
                    if question.multiple:
                        value = data.draw(st.lists(st.sampled_from(codes), min_size=1, unique=True), label=step)
                    else:
                        value = data.draw(st.sampled_from(codes), label=step)
                    response = patient.post_step(step, value)
            elif action == "anywhere":
                step = data.draw(names, label="step")
                if "/" in step or "?" in step or "#" in step or not step.strip():
                    continue
                response = post(patient, step, data.draw(payloads(step) if step in STEPS else payloads("check")))
            elif action == "submit":
                response = patient.submit()
            else:
                response = patient.client.get(patient.url(data.draw(st.sampled_from(STEPS))))
            assert response.status_code < 500
            if response.status_code == 302 and response.url.startswith(("/advice/", "/under-16/")):
                break

    fuzz()
    report("sequences", len(examples))
    assert_every_assessment_is_valid()
    assert Assessment.objects.exists()  # some walks do finish questionnaires
