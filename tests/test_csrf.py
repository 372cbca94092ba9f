"""Every form refuses a POST without its CSRF token, with a page a person can understand."""

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client

from tests.conftest import TYPICAL
from tests.test_security_headers import PATIENT_CSP
from triage.models import Assessment
from triage.services import store_assessment


@pytest.fixture
def browser():
    return Client(enforce_csrf_checks=True)


def token(response) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode()).group(1)


def start_run(browser) -> str:
    page = browser.get("/")
    response = browser.post("/", {"consent": "on", "csrfmiddlewaretoken": token(page)})
    assert response.status_code == 302
    return response.url.split("/")[2]


def assert_refused(response):
    assert response.status_code == 403
    assert response["Content-Security-Policy"] == PATIENT_CSP
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    html = response.content.decode()
    assert "Sorry, we could not accept that form" in html
    assert "Nothing has been stored" in html


@pytest.mark.django_db
def test_start_refuses_a_post_without_token(browser):
    browser.get("/")
    assert_refused(browser.post("/", {"consent": "on"}))
    assert "triage_runs" not in browser.session


@pytest.mark.django_db
def test_start_accepts_a_post_with_token(browser):
    assert start_run(browser)


@pytest.mark.django_db
def test_a_question_refuses_a_post_without_token(browser):
    run = start_run(browser)
    response = browser.post(
        f"/questions/{run}/age/", {f"questionnaire_{run}-current_step": "age", "age-answer": "25_44"}
    )
    assert_refused(response)
    assert browser.session.get(f"wizard_questionnaire_{run}", {}).get("step_data", {}) == {}


@pytest.mark.django_db
def test_submit_refuses_a_post_without_token(browser):
    run = start_run(browser)
    response = browser.post(f"/questions/{run}/check/", {f"questionnaire_{run}-current_step": "check"})
    assert_refused(response)
    assert Assessment.objects.count() == 0


@pytest.mark.django_db
def test_delete_refuses_a_post_without_token(browser):
    assessment = store_assessment(TYPICAL, consent_given_at="2026-01-01T00:00:00+00:00", submission_key="k1")
    browser.get(f"/advice/{assessment.token}/delete/")
    assert_refused(browser.post(f"/advice/{assessment.token}/delete/"))
    assert Assessment.objects.filter(pk=assessment.pk).exists()


@pytest.mark.django_db
def test_admin_login_refuses_a_post_without_token(browser):
    User.objects.create_superuser("editor", "e@example.org", "a long passphrase 123")
    browser.get("/admin/login/")
    response = browser.post("/admin/login/", {"username": "editor", "password": "a long passphrase 123"})
    assert_refused(response)
    assert "_auth_user_id" not in browser.session


@pytest.mark.django_db
def test_https_form_posts_from_our_own_origin_are_accepted(browser):
    """Referrer-Policy is same-origin so that browsers send our Origin with form POSTs."""
    page = browser.get("/", secure=True)
    response = browser.post(
        "/", {"consent": "on", "csrfmiddlewaretoken": token(page)}, secure=True, HTTP_ORIGIN="https://testserver"
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_https_form_posts_with_a_null_origin_are_refused(browser):
    """What a browser sends under Referrer-Policy: no-referrer. This is why we do not use it."""
    page = browser.get("/", secure=True)
    response = browser.post("/", {"consent": "on", "csrfmiddlewaretoken": token(page)}, secure=True, HTTP_ORIGIN="null")
    assert response.status_code == 403
