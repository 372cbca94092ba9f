"""Every form refuses a POST without its CSRF token, with a page a person can understand."""

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client

from tests.conftest import TYPICAL
from tests.test_security_headers import PATIENT_CSP
from triage.models import Assessment
from triage.runs import RUNS, Run
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
    assert response["Referrer-Policy"] == "no-referrer"
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


# Under Referrer-Policy: no-referrer, browsers send "Origin: null" (and no Referer) with a
# same-origin form POST. Fetch Metadata tells us it came from our own pages.


def post_start(browser, secure=True, **headers):
    page = browser.get("/", secure=secure)
    return browser.post("/", {"consent": "on", "csrfmiddlewaretoken": token(page)}, secure=secure, **headers)


@pytest.mark.django_db
@pytest.mark.parametrize("secure", [True, False])
def test_a_same_origin_post_with_a_null_origin_is_accepted(browser, secure):
    response = post_start(browser, secure=secure, HTTP_ORIGIN="null", HTTP_SEC_FETCH_SITE="same-origin")
    assert response.status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize("site", ["cross-site", "same-site", "none", None])
def test_a_null_origin_from_elsewhere_is_refused(browser, site):
    headers = {"HTTP_ORIGIN": "null"} | ({"HTTP_SEC_FETCH_SITE": site} if site else {})
    assert_refused(post_start(browser, **headers))


@pytest.mark.django_db
def test_a_foreign_origin_is_refused_even_if_it_claims_same_origin(browser):
    response = post_start(browser, HTTP_ORIGIN="https://evil.example", HTTP_SEC_FETCH_SITE="same-origin")
    assert_refused(response)


@pytest.mark.django_db
def test_a_null_origin_still_needs_the_token(browser):
    browser.get("/", secure=True)
    response = browser.post("/", {"consent": "on"}, secure=True, HTTP_ORIGIN="null", HTTP_SEC_FETCH_SITE="same-origin")
    assert_refused(response)
