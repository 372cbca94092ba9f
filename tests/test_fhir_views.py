"""FHIR over HTTP: the questionnaire for anyone; a person's answers only by their link, as private as the page."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from tests.conftest import TYPICAL, asked_only, make_version_1_assessment
from triage.handover import fhir
from triage.models import Assessment

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessment(patient, advice_content):
    patient.complete(TYPICAL)
    return Assessment.objects.get()


def test_the_questionnaire_is_served_as_fhir_json(client):
    response = client.get("/fhir/Questionnaire/twitchguide")
    assert response.status_code == 200 and response["Content-Type"] == "application/fhir+json"
    data = json.loads(response.content)
    assert data == fhir.questionnaire("http://testserver")
    assert data["url"] == "http://testserver/fhir/Questionnaire/twitchguide"


def test_the_code_system_is_served_at_its_canonical_url(client):
    questionnaire = json.loads(client.get("/fhir/Questionnaire/twitchguide").content)
    system = questionnaire["item"][0]["answerOption"][0]["valueCoding"]["system"]
    response = client.get(system.removeprefix("http://testserver"))
    assert response.status_code == 200 and response["Content-Type"] == "application/fhir+json"
    assert json.loads(response.content)["url"] == system


def test_the_fhir_resources_refuse_writes(client):
    assert client.post("/fhir/Questionnaire/twitchguide").status_code == 405


def test_the_result_page_links_the_download(patient, advice_content):
    page = patient.complete(TYPICAL).content.decode()
    token = Assessment.objects.get().token
    link = f'href="/advice/{token}/fhir/" download>Download for your doctor\'s system (FHIR)</a>'
    assert re.search(r'<a (class="[\w-]+" )?' + re.escape(link), page)


def test_the_response_is_the_persons_answers_privately(client, assessment):
    response = client.get(f"/advice/{assessment.token}/fhir/")
    assert response.status_code == 200 and response["Content-Type"] == "application/fhir+json"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    day = timezone.localdate(assessment.created_at)
    assert response["Content-Disposition"] == f'attachment; filename="twitchguide-{day}.fhir.json"'
    data = json.loads(response.content)
    assert data["questionnaire"] == "http://testserver/fhir/Questionnaire/twitchguide|3"
    assert data["authored"] == day.isoformat() and data["status"] == "completed"
    assert fhir.import_fhir_response(data) == asked_only(TYPICAL)
    for secret in (assessment.token, assessment.submission_key, str(assessment.pk)):
        assert f'"{secret}"' not in response.content.decode()


def test_the_response_is_gone_when_the_answers_are_deleted(client, assessment):
    client.post(f"/advice/{assessment.token}/delete/")
    response = client.get(f"/advice/{assessment.token}/fhir/")
    assert response.status_code == 404 and response["Content-Type"] == "application/fhir+json"
    assert json.loads(response.content)["resourceType"] == "OperationOutcome"
    assert client.get("/advice/not-a-token/fhir/").status_code == 404


def test_the_response_is_gone_once_the_answers_expire(client, assessment):
    with time_machine.travel(assessment.expires_at + timedelta(seconds=1), tick=False):
        response = client.get(f"/advice/{assessment.token}/fhir/")
    assert response.status_code == 410
    assert "no-store" in response["Cache-Control"]
    assert json.loads(response.content)["issue"][0]["code"] == "deleted"


def test_a_version_1_assessment_has_no_fhir_form(client, advice_content):
    old = make_version_1_assessment()
    assert client.get(f"/advice/{old.token}/fhir/").status_code == 404
    assert "/fhir/" not in client.get(old.get_absolute_url()).content.decode()


def test_staff_open_the_response_by_number_never_by_the_link(editor_client, assessment):
    page = editor_client.get(f"/admin/triage/assessment/{assessment.pk}/change/").content.decode()
    url = f"/admin/triage/assessment/{assessment.pk}/fhir/"
    assert f'<a href="{url}">The answers as a FHIR QuestionnaireResponse</a>' in page
    assert assessment.token not in page
    response = editor_client.get(url)
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert fhir.import_fhir_response(response.content) == asked_only(TYPICAL)


def test_only_staff_open_the_response_in_the_admin(client, assessment):
    response = client.get(f"/admin/triage/assessment/{assessment.pk}/fhir/")
    assert response.status_code == 302 and "/admin/login/" in response.url


def test_staff_see_no_fhir_form_of_a_version_1_assessment(editor_client):
    old = make_version_1_assessment()
    page = editor_client.get(f"/admin/triage/assessment/{old.pk}/change/").content.decode()
    assert "only questionnaire 3 has a FHIR form" in page
    assert editor_client.get(f"/admin/triage/assessment/{old.pk}/fhir/").status_code == 404
