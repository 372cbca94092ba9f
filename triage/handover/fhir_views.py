"""FHIR over HTTP: the questionnaire and its code system for anyone, an assessment's answers for its link.

The answers are as private as the advice page: only the page's secret link opens them, never
cached, never indexed, and gone once the person deletes them or they expire (410 until the
retention job removes the row, then 404 like any unknown link). Assessments of the first
questionnaire (version 1, ``legacy.py``) have no FHIR form: no Questionnaire of version 1 is
published, so their link answers 404 and their advice page does not offer the download.
"""

from __future__ import annotations

import json

from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from triage.handover import fhir
from triage.models import Assessment
from triage.questionnaire.questions import VERSION


def _fhir_json(data: dict, status: int = 200) -> HttpResponse:
    return HttpResponse(json.dumps(data, ensure_ascii=False, indent=1), content_type=fhir.CONTENT_TYPE, status=status)


def _base(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _outcome(status: int, code: str, text: str) -> HttpResponse:
    """An error the FHIR way: an OperationOutcome, not an HTML page."""
    issue = {"severity": "error", "code": code, "diagnostics": text}
    return _fhir_json({"resourceType": "OperationOutcome", "issue": [issue]}, status=status)


@require_safe
def questionnaire(request):
    return _fhir_json(fhir.questionnaire(_base(request)))


@require_safe
def code_system(request):
    return _fhir_json(fhir.code_system(_base(request)))


def response_for(request, assessment: Assessment | None) -> HttpResponse:
    """The assessment's QuestionnaireResponse, or why there is none."""
    if assessment is None or assessment.questionnaire_version != VERSION:
        return _outcome(404, "not-found", "No such answers.")
    if assessment.expires_at <= timezone.now():
        return _outcome(410, "deleted", "These answers have expired and are being deleted.")
    data = fhir.questionnaire_response(
        assessment.answers(), authored=timezone.localdate(assessment.created_at), base=_base(request)
    )
    return _fhir_json(data)


@never_cache
@require_safe
def assessment_response(request, token):
    """The download on the advice page: a file for the person to hand to their doctor's system."""
    assessment = Assessment.objects.filter(token=token).first()
    response = response_for(request, assessment)
    if response.status_code == 200:
        day = timezone.localdate(assessment.created_at)
        response["Content-Disposition"] = f'attachment; filename="twitchguide-{day}.fhir.json"'
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
