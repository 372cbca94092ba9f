"""Every form refuses a POST without its CSRF token, with a page a person can understand."""

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client

from tests.conftest import TYPICAL
from tests.test_security_headers import PATIENT_CSP
from triage.models import Assessment
from triage.questionnaire.runs import RUNS, Run
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
    assert RUNS not in browser.session


@pytest.mark.django_db
def test_start_accepts_a_post_with_token(browser):
    assert start_run(browser)


@pytest.mark.django_db
def test_a_question_refuses_a_post_without_token(browser):
    run = start_run(browser)
    response = browser.post(f"/questions/{run}/age/", {"step": "age", "age-answer": "25_44"})
    assert_refused(response)
    assert Run.find(browser.session, run).answers == {}


@pytest.mark.django_db
def test_submit_refuses_a_post_without_token(browser):
    run = start_run(browser)
    response = browser.post(f"/questions/{run}/check/", {"step": "check"})
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
    """A browser that sends our own Origin (older policies, other browsers) is accepted."""
    page = browser.get("/", secure=True)
    response = browser.post(
        "/", {"consent": "on", "csrfmiddlewaretoken": token(page)}, secure=True, HTTP_ORIGIN="https://testserver"
    )
    assert response.status_code == 302


# Under Referrer-Policy: same-origin, browsers send our own Origin with our forms, and Django's
# CSRF check needs nothing more: a form from anywhere else is refused, token or not. The browser
# tests (tests/e2e/test_journeys.py) send every form of the questionnaire from a real browser.


def post_start(browser, secure=True, **headers):
    page = browser.get("/", secure=secure)
    return browser.post("/", {"consent": "on", "csrfmiddlewaretoken": token(page)}, secure=secure, **headers)


@pytest.mark.django_db
@pytest.mark.parametrize("origin", ["https://evil.example", "null"])
def test_a_form_from_another_origin_is_refused_even_with_a_token(browser, origin):
    assert_refused(post_start(browser, HTTP_ORIGIN=origin, HTTP_SEC_FETCH_SITE="same-origin"))


@pytest.mark.django_db
def test_our_own_origin_still_needs_the_token(browser):
    browser.get("/", secure=True)
    response = browser.post("/", {"consent": "on"}, secure=True, HTTP_ORIGIN="https://testserver")
    assert_refused(response)
