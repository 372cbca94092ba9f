"""Consent is explicit, separate, and recorded; without it nothing is stored."""

import pytest
from django.utils import timezone

from tests.conftest import TYPICAL
from triage.models import Assessment
from triage.questionnaire.runs import RUNS


@pytest.mark.django_db
def test_starting_without_consent_is_refused(client):
    response = client.post("/", {})
    assert response.status_code == 200
    assert "Tick the box to agree to us storing your answers" in response.content.decode()
    assert RUNS not in client.session
    assert Assessment.objects.count() == 0


@pytest.mark.django_db
def test_the_consent_box_is_not_ticked_for_you(client):
    html = client.get("/").content.decode()
    checkbox = next(tag for tag in html.split("<input")[1:] if 'name="consent"' in tag)
    assert "checked" not in checkbox.split(">")[0]


@pytest.mark.django_db
def test_a_made_up_run_stores_nothing(client):
    for step in ["age", "check", "medication"]:
        response = client.post(
            f"/questions/madeuprun123/{step}/",
            {"step": step, f"{step}-answer": "25_44"},
        )
        assert response.status_code == 200
        assert "Sorry, your session has ended" in response.content.decode()
    assert Assessment.objects.count() == 0
    assert RUNS not in client.session


def test_consent_is_recorded_with_the_assessment(patient, advice_content):
    before = timezone.now()
    patient.start()
    after = timezone.now()
    assert patient.answer_all(TYPICAL).status_code == 200
    patient.submit()
    assessment = Assessment.objects.get()
    assert before <= assessment.consent_given_at <= after
    assert assessment.consent_given_at <= assessment.created_at
