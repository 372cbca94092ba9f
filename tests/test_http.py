"""Only GET, HEAD and POST reach the site, each page takes only the methods it needs, and /robots.txt."""

from urllib.robotparser import RobotFileParser

import pytest

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
