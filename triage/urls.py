from django.urls import path

from triage.handover import fhir, fhir_views
from triage.questionnaire import views

app_name = "triage"

urlpatterns = [
    path("", views.start, name="start"),
    path("questions/<str:run>/check/", views.check_answers, name="check_answers"),
    path("questions/<str:run>/<str:step>/", views.question, name="question"),
    path("advice/<str:token>/", views.result, name="result"),
    path("advice/<str:token>/delete/", views.delete, name="delete"),
    path("advice/<str:token>/ticked-by-mistake/", views.ticked_by_mistake, name="ticked_by_mistake"),
    path("advice/<str:token>/fhir/", fhir_views.assessment_response, name="fhir_response"),
    path(fhir.QUESTIONNAIRE_PATH.lstrip("/"), fhir_views.questionnaire, name="fhir_questionnaire"),
    path(fhir.CODE_SYSTEM_PATH.lstrip("/"), fhir_views.code_system, name="fhir_code_system"),
    path("deleted/", views.deleted, name="deleted"),
    path("under-16/", views.under_16, name="under_16"),
    path("about-sleep-starts/", views.about, name="about"),
    path("privacy/", views.privacy, name="privacy"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("medical-words/", views.glossary_page, name="glossary"),
    path("feedback/", views.feedback, name="feedback"),
    path("feedback/thank-you/", views.feedback_sent, name="feedback_sent"),
    path("report-a-safety-concern/", views.safety_concern, name="safety_concern"),
    path("report-a-safety-concern/thank-you/", views.safety_concern_sent, name="safety_concern_sent"),
]
