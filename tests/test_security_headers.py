"""Every response carries the same security headers: patient pages, the admin and error pages."""

import re
from unittest import mock

import pytest
from django.test import Client

from tests.conftest import TYPICAL
from triage.models import AdviceArticle

PATIENT_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)
# The admin's own <script> and <style> tags carry a fresh nonce on every response.
ADMIN_CSP = re.compile(
    r"default-src 'none'; script-src 'self' 'nonce-([\w-]+)'; style-src 'self' 'nonce-\1'; img-src 'self'; "
    r"form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)
COMMON = {
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
}


def assert_common_headers(response):
    for header, value in COMMON.items():
        assert response.headers.get(header) == value, header
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert "unsafe-eval" not in response.headers["Content-Security-Policy"]


def inline_code(html: str, nonce: str | None = None) -> list[str]:
    """Everything a strict CSP would block: inline scripts/styles without the nonce, style and on* attributes."""
    blocked = []
    for tag in re.findall(r"<(?:script|style)\b[^>]*>", html):
        if nonce is None or f'nonce="{nonce}"' not in tag:
            blocked.append(tag)
    blocked += re.findall(r"<[^>]*\sstyle=[^>]*>", html)
    blocked += re.findall(r"<[^>]*\son[a-z]+=[^>]*>", html)
    blocked += re.findall(r"""(?:href|src|action)=["']\s*javascript:""", html)
    return blocked


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/", "/privacy/", "/about-sleep-starts/", "/deleted/", "/under-16/", "/medical-words/"]
)
def test_patient_pages_have_the_exact_headers(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == PATIENT_CSP
    assert_common_headers(response)
    assert inline_code(response.content.decode()) == []


def test_questionnaire_and_result_pages_have_no_inline_code(patient, advice_content):
    patient.start()
    question = patient.client.get(patient.url("age"))
    assert question["Content-Security-Policy"] == PATIENT_CSP
    assert inline_code(question.content.decode()) == []
    check = patient.answer_all(TYPICAL)
    assert inline_code(check.content.decode()) == []
    result = patient.client.get(patient.submit().url)
    assert result.status_code == 200
    assert result["Content-Security-Policy"] == PATIENT_CSP
    assert_common_headers(result)
    assert inline_code(result.content.decode()) == []


@pytest.mark.django_db
def test_error_pages_have_the_exact_headers(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert response["Content-Security-Policy"] == PATIENT_CSP
    assert_common_headers(response)

    response = client.get("/advice/not-a-token/")
    assert response.status_code == 404
    assert_common_headers(response)


@pytest.mark.django_db
def test_server_error_page_has_the_headers_and_no_details():
    client = Client(raise_request_exception=False)
    with mock.patch("triage.questionnaire.views.render", side_effect=RuntimeError("boom with a secret detail")):
        response = client.get("/privacy/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Sorry, something went wrong" in html
    assert "secret detail" not in html
    assert response["Content-Security-Policy"] == PATIENT_CSP
    assert_common_headers(response)
    assert inline_code(html) == []


@pytest.mark.django_db
def test_bad_request_page_has_the_headers():
    response = Client(raise_request_exception=False).get("/", HTTP_HOST="evil.example")  # DisallowedHost -> 400
    assert response.status_code == 400
    assert_common_headers(response)
    assert response["Content-Security-Policy"] == PATIENT_CSP


@pytest.mark.django_db
def test_admin_login_works_under_the_policy(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    match = ADMIN_CSP.fullmatch(response["Content-Security-Policy"])
    assert match, response["Content-Security-Policy"]
    assert_common_headers(response)
    html = response.content.decode()
    assert inline_code(html, nonce=match.group(1)) == []
    # Every script and stylesheet is our own file.
    assert all(src.startswith("/") for src in re.findall(r'<script[^>]*\ssrc="([^"]+)"', html))
    assert all(href.startswith("/") for href in re.findall(r'<link[^>]*\shref="([^"]+)"', html))


@pytest.mark.django_db
def test_admin_article_pages_work_under_the_policy(superuser_client, advice_content):
    client = superuser_client
    article = AdviceArticle.objects.first()
    for path in [
        "/admin/",
        "/admin/triage/advicearticle/",
        "/admin/triage/advicearticle/add/",
        f"/admin/triage/advicearticle/{article.pk}/change/",
        f"/admin/triage/advicearticle/{article.pk}/delete/",
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
        match = ADMIN_CSP.fullmatch(response["Content-Security-Policy"])
        assert match, (path, response["Content-Security-Policy"])
        assert_common_headers(response)
        assert inline_code(response.content.decode(), nonce=match.group(1)) == [], path


@pytest.mark.django_db
def test_each_response_gets_a_new_nonce(client):
    first = ADMIN_CSP.fullmatch(client.get("/admin/login/")["Content-Security-Policy"]).group(1)
    second = ADMIN_CSP.fullmatch(client.get("/admin/login/")["Content-Security-Policy"]).group(1)
    assert first != second
    assert len(first) >= 16


def test_stylesheets_use_no_data_urls():
    """img-src has no data:; every image a stylesheet names is one of our own files."""
    from django.conf import settings

    for name in ("nhsuk-frontend.css", "site.css", "admin-editing.css"):
        css = (settings.BASE_DIR / "static/css" / name).read_text()
        urls = re.findall(r"url\(\s*['\"]?([^'\")]+)", css)
        assert not [url for url in urls if url.startswith("data:")], name
        for url in urls:
            assert (settings.BASE_DIR / "static/css" / url).resolve().is_file(), url
