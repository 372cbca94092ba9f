"""Every page the site serves is valid HTML, by the Nu Html Checker (npm vnu-jar, on Java).

The pages are fetched with Django's test client, in every state a person can see them in,
and checked in one run of the checker: zero errors.
"""

import secrets
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.db import DatabaseError
from django.test import Client, override_settings
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import Patient, authenticator_code, make_version_1_assessment, sign_in
from tests.e2e.site import EVERY_QUESTION, HARD_TO_READ, OUTCOMES, STEPS
from tests.e2e.tools import missing, validate_html, vnu_missing_reason
from triage.models import AdviceArticle, Feedback
from triage.services import store_assessment

pytestmark = pytest.mark.external  # runs node or Java: in `make test`, not in `make check`


def html_of(response, status: int = 200) -> str:
    assert response.status_code == status, response
    assert response["Content-Type"].startswith("text/html")
    return response.content.decode()


def every_page(patient) -> dict[str, str]:
    client = patient.client
    pages = {"start": html_of(client.get("/")), "start-error": html_of(client.post("/", {}))}
    patient.start()
    for step in STEPS:
        pages[f"question-{step}"] = html_of(client.get(patient.url(step)))
        pages[f"question-{step}-error"] = html_of(patient.post_step(step, None))
        assert patient.post_step(step, EVERY_QUESTION[step]).status_code == 302
    pages["check"] = html_of(client.get(patient.url("check")))
    advice_url = patient.submit().url
    pages["advice-submitted"] = html_of(client.get(advice_url, follow=True))
    for level, answers in OUTCOMES.items():
        assessment = store_assessment(
            answers, consent_given_at=timezone.now(), submission_key=secrets.token_urlsafe(24)
        )
        pages[f"advice-{level}"] = html_of(client.get(assessment.get_absolute_url()))
    pages["advice-version-1"] = html_of(client.get(make_version_1_assessment().get_absolute_url()))
    emergency = Patient(Client())
    emergency.start()
    emergency.post_step("age", "45_64")
    with mock.patch("triage.questionnaire.views.store_assessment", side_effect=DatabaseError("disk full")):
        pages["emergency-not-saved"] = html_of(emergency.post_step("emergency", ["stroke_now"]), status=503)
    pages["delete"] = html_of(client.get(f"{advice_url}delete/"))
    pages["deleted"] = html_of(client.post(f"{advice_url}delete/", follow=True))
    pages["already-sent"] = html_of(client.get(patient.url("age"), follow=True))  # run ended: session page
    for name, url in {
        "under-16": "/under-16/",
        "about": "/about-sleep-starts/",
        "privacy": "/privacy/",
        "accessibility": "/accessibility/",
        "glossary": "/medical-words/",
        "session-ended": "/questions/000000000000/age/",
        "feedback": "/feedback/",
        "safety-concern": "/report-a-safety-concern/",
    }.items():
        pages[name] = html_of(client.get(url))
    pages["feedback-error"] = html_of(client.post("/feedback/", {"useful": "maybe", "text": "x" * 2001}))
    pages["feedback-sent"] = html_of(client.post("/feedback/", {"useful": "yes"}, follow=True))
    pages["safety-concern-error"] = html_of(
        client.post("/report-a-safety-concern/", {"text": "", "reporter": "carer", "contact_email": "not an address"})
    )
    pages["safety-concern-sent"] = html_of(client.post("/report-a-safety-concern/", {"text": "Wrong."}, follow=True))

    staff = Client()
    pages["admin-login"] = html_of(staff.get("/admin/login/"))
    get_user_model().objects.create_superuser("editor", "editor@example.org", "a-long-test-password")
    sign_in(staff, "editor", "a-long-test-password")
    article = AdviceArticle.objects.order_by("pk").first()
    pages["admin-index"] = html_of(staff.get("/admin/"))  # "Needs your attention": an open safety concern
    pages["admin-feedback-list"] = html_of(staff.get("/admin/triage/feedback/"))
    concern = Feedback.objects.filter(kind=Feedback.Kind.SAFETY_CONCERN).get()
    pages["admin-safety-concern"] = html_of(staff.get(f"/admin/triage/feedback/{concern.pk}/change/"))
    pages["admin-article-list"] = html_of(staff.get("/admin/triage/advicearticle/"))
    pages["admin-article"] = html_of(staff.get(f"/admin/triage/advicearticle/{article.pk}/change/"))
    pages["admin-preview"] = html_of(staff.get(f"/admin/triage/advicearticle/{article.pk}/preview/"))
    # Above the reading-age target, with unexplained medical words: the whole panel and the attention box.
    AdviceArticle.objects.filter(pk=article.pk).update(body=HARD_TO_READ)
    pages["admin-article-hard"] = html_of(staff.get(f"/admin/triage/advicearticle/{article.pk}/change/"))
    pages["admin-article-list-hard"] = html_of(staff.get("/admin/triage/advicearticle/"))
    pages["admin-preview-hard"] = html_of(staff.get(f"/admin/triage/advicearticle/{article.pk}/preview/"))
    same_day = Patient(Client())
    same_day.start()
    for step, answer in [("age", "25_44"), ("emergency", ["none"]), ("same_day", ["first_fit_over"])]:
        same_day.post_step(step, answer)
    same_day.post_step("pregnancy", ["neither"])
    same_day.post_step("medicine_signs", ["none"])
    with override_settings(RATE_LIMIT_QUESTIONNAIRE_POSTS=0):  # refused, with the same-day outcome shown
        pages["rate-limited"] = html_of(same_day.post_step("timing", ["awake"]), status=429)
    pages["admin-devices"] = html_of(staff.get("/admin/otp_totp/totpdevice/"))
    # A new staff member's first sign-in: setting up the app, a wrong code, then the recovery codes.
    newcomer = get_user_model().objects.create_user("newcomer", password="a-long-test-password", is_staff=True)
    first = Client()
    first.post("/admin/login/", {"username": "newcomer", "password": "a-long-test-password", "code": ""})
    pages["admin-authenticator"] = html_of(first.get("/admin/authenticator/"))
    pages["admin-authenticator-error"] = html_of(first.post("/admin/authenticator/", {"code": "000000"}))
    pages["admin-authenticator-done"] = html_of(first.post("/admin/authenticator/", {"code": code_now(newcomer)}))
    return pages


def code_now(user) -> str:
    """The code a new authenticator app shows now (its throttling forgotten: a test types fast)."""
    TOTPDevice.objects.filter(user=user).update(throttling_failure_count=0, throttling_failure_timestamp=None)
    return authenticator_code(user)


def test_every_page_is_valid_html(patient, advice_content, tmp_path, settings):
    if reason := vnu_missing_reason():
        missing(reason)
    settings.RATE_LIMIT_SESSION_POSTS = settings.RATE_LIMIT_ADDRESS_STARTS = settings.RATE_LIMIT_QUESTIONNAIRE_POSTS = (
        10**9
    )  # this test posts more often than a person would
    pages = every_page(patient)
    files = []
    for name, html in pages.items():
        path = tmp_path / f"{name}.html"
        path.write_text(html, encoding="utf-8")
        files.append(path)
    errors = validate_html(files)
    report = [
        f"{message['url'].rsplit('/', 1)[-1]}:{message.get('lastLine')}: {message['message']}"
        f"\n    {message.get('extract', '').strip()[:160]}"
        for message in errors
    ]
    assert len(pages) == 2 + 2 * len(STEPS) + 2 + len(OUTCOMES) + 2 + 3 + 6 + 6 + 8 + 2 + 5
    assert not errors, f"{len(errors)} HTML errors:\n" + "\n".join(report)
