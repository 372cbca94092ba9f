"""Forms keep working under Referrer-Policy: no-referrer, and forged posts are still refused."""

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def start_with(client: Client, **headers):
    page = client.get("/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    return client.post("/", {"consent": "on", "csrfmiddlewaretoken": token}, **headers)


def test_the_referrer_policy_is_no_referrer(client):
    assert client.get("/")["Referrer-Policy"] == "no-referrer"


def test_a_same_origin_post_with_a_null_origin_is_accepted():
    client = Client(enforce_csrf_checks=True)
    response = start_with(client, HTTP_ORIGIN="null", HTTP_SEC_FETCH_SITE="same-origin")
    assert response.status_code == 302


@pytest.mark.parametrize("site", ["cross-site", "same-site", "none", None])
def test_a_null_origin_from_elsewhere_is_refused(site):
    client = Client(enforce_csrf_checks=True)
    headers = {"HTTP_ORIGIN": "null"} | ({"HTTP_SEC_FETCH_SITE": site} if site else {})
    assert start_with(client, **headers).status_code == 403


def test_a_foreign_origin_is_refused_even_if_it_claims_same_origin():
    client = Client(enforce_csrf_checks=True)
    response = start_with(client, HTTP_ORIGIN="https://evil.example", HTTP_SEC_FETCH_SITE="same-origin")
    assert response.status_code == 403


def test_the_token_is_still_required():
    client = Client(enforce_csrf_checks=True)
    client.get("/")
    response = client.post("/", {"consent": "on"}, HTTP_ORIGIN="null", HTTP_SEC_FETCH_SITE="same-origin")
    assert response.status_code == 403
