"""Only GET, HEAD and POST reach the site, each page takes only the methods it needs, and /robots.txt."""

import logging
import re
from urllib.robotparser import RobotFileParser

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.conftest import TYPICAL
from tests.test_security_headers import PATIENT_CSP, assert_common_headers
from triage.services import store_assessment

OTHER_METHODS = ["PUT", "PATCH", "DELETE", "TRACE", "OPTIONS", "CONNECT", "PROPFIND"]


@pytest.fixture
def token(db):
    return store_assessment(TYPICAL, consent_given_at="2026-01-01T00:00:00+00:00", submission_key="k").token


def every_path(token: str) -> list[str]:
    return [
        "/",
        "/questions/0a1b2c3d4e5f/age/",
        f"/advice/{token}/",
        f"/advice/{token}/delete/",
        "/deleted/",
        "/under-16/",
        "/about-sleep-starts/",
        "/privacy/",
        "/feedback/",
        "/feedback/thank-you/",
        "/report-a-safety-concern/",
        "/report-a-safety-concern/thank-you/",
        "/robots.txt",
        "/healthz/",
        "/admin/login/",
        "/static/css/site.css",
        "/no-such-page/",
    ]


@pytest.mark.parametrize("method", OTHER_METHODS)
def test_other_methods_are_refused_everywhere_with_405(client, token, method):
    for path in every_path(token):
        response = client.generic(method, path)
        assert response.status_code == 405, (method, path)
        assert response["Allow"] == "GET, HEAD, POST"
        assert response.content == b""  # never the page itself
        assert response["Content-Security-Policy"] == PATIENT_CSP
        assert_common_headers(response)


@pytest.mark.parametrize("path", ["/deleted/", "/under-16/", "/about-sleep-starts/", "/privacy/", "/robots.txt"])
def test_pages_that_only_read_refuse_a_post(client, db, path):
    response = client.post(path)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


def test_the_advice_page_refuses_a_post_and_keeps_the_answers(client, token):
    assert client.post(f"/advice/{token}/").status_code == 405
    assert client.get(f"/advice/{token}/").status_code == 200


@pytest.mark.parametrize("path", ["/", "/privacy/", "/about-sleep-starts/"])
def test_head_is_answered_like_get(client, db, path):
    assert client.head(path).status_code == 200


def test_robots_txt_lets_search_engines_read_the_information_pages_only(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    robots = RobotFileParser()
    robots.parse(response.content.decode().splitlines())
    for allowed in ["/", "/about-sleep-starts/", "/privacy/", "/under-16/"]:
        assert robots.can_fetch("*", allowed), allowed
    for refused in ["/questions/", "/questions/0a1b2c3d4e5f/age/", "/advice/", "/advice/x/delete/", "/admin/"]:
        assert not robots.can_fetch("*", refused), refused


# --- every page that only reads refuses a POST --------------------------------------------------

FORMS = {
    "triage:start",
    "triage:question",
    "triage:check_answers",
    "triage:delete",
    "triage:feedback",
    "triage:safety_concern",
    "triage:ticked_by_mistake",
}
"""The only patient pages that take a POST: consent, an answer (or sending them), delete, feedback, a concern,
and "I ticked this by mistake" on an emergency page (a POST only)."""


def example_url(pattern, token: str) -> str:
    """A real URL of ``pattern``: its parameters filled in with values it accepts."""
    values = {"token": token, "run": "0a1b2c3d4e5f", "step": "age"}
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values[m.group(1)], str(pattern.pattern))


def patient_pages():
    """Every patient page and every other page outside the admin, by name, from the URLconf itself."""
    for pattern in get_resolver().url_patterns:
        if isinstance(pattern, URLResolver) and pattern.namespace == "triage":
            yield from ((f"triage:{p.name}", p) for p in pattern.url_patterns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield pattern.name, pattern


def test_every_page_that_only_reads_refuses_a_post(client, token):
    """Any page added later that forgets ``require_safe`` fails here too."""
    pages = {name: example_url(pattern, token) for name, pattern in patient_pages() if name not in FORMS}
    assert {"triage:glossary", "triage:result", "triage:about", "robots", "healthz"} <= pages.keys()
    for name, url in pages.items():
        assert client.get(url).status_code in (200, 302), url
        response = client.post(url)
        assert (response.status_code, response["Allow"]) == (405, "GET, HEAD"), (name, url)


def test_the_admins_own_pages_that_only_read_refuse_a_post(superuser_client, token):
    from django.contrib.contenttypes.models import ContentType

    from triage.models import AdviceArticle, Assessment

    assessment = Assessment.objects.get(token=token)
    article_type = ContentType.objects.get_for_model(AdviceArticle).pk
    for url in [
        "/admin/triage/assessment/statistics/",
        "/admin/triage/assessment/export/",
        f"/admin/triage/assessment/{assessment.pk}/fhir/",
        f"/admin/r/{article_type}/1/",
    ]:
        response = superuser_client.post(url)
        assert (response.status_code, response["Allow"]) == (405, "GET, HEAD"), url


# --- addresses no page has -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/advice/{token}%00/",
        "/advice/{token}/delete/%00",
        "/questions/0a1b2c3d4e5f%00/age/",
        "/questions/0a1b2c3d4e5f/age%00/",
        "/privacy/?next=%00",
        "/?x=a%00b",
        "/advice/{token}%01/",
        "/medical-words/%7F",
        "/advice/%FF{token}/",  # not UTF-8
        "/privacy/?q=caf%E9",
        "/admin/triage/advicearticle/?q=%00",
    ],
)
def test_a_nul_or_other_unreadable_byte_anywhere_in_a_url_is_a_404_logged_once(client, token, caplog, url):
    """Before: a NUL in a token was a 503 and a 48-line traceback on PostgreSQL; elsewhere pages
    (a question, the privacy page) were served with the bytes passed on to the view."""
    caplog.set_level(logging.INFO)
    client.raise_request_exception = False
    response = client.get(url.format(token=token))
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert [(r.levelname, r.getMessage().split(":")[0], r.exc_info) for r in caplog.records] == [
        ("WARNING", "Not Found", None)
    ]


def test_a_nul_in_the_session_cookie_is_no_session_not_a_fault(client, db, caplog):
    """Before, on PostgreSQL: a 503 and a traceback on every page for that browser."""
    client.raise_request_exception = False
    client.cookies["sessionid"] = "abcdefgh\x00ijkl"
    response = client.get("/questions/0a1b2c3d4e5f/age/")
    assert response.status_code == 200
    assert "Sorry, your session has ended" in response.content.decode()
    assert caplog.records == []
