"""The advice page is drawn once per assessment and reused (triage/questionnaire/views.py ``advice_page``):
its outcome never changes, so only the rules, the articles or the code can change the page."""

import re

import pytest
from django.core.cache import cache
from django.test import Client

from tests.conftest import persona
from triage.models import AdviceArticle, Assessment
from triage.questionnaire.views import CSRF_PLACEHOLDER, advice_page_key

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def advice_url(patient, advice_content) -> str:
    patient.complete(persona(triggers=["stress"]))
    return Assessment.objects.get().get_absolute_url()


def test_the_page_is_drawn_once_then_reused(client, advice_url, django_assert_num_queries):
    first = client.get(advice_url).content.decode()
    with django_assert_num_queries(2):  # the assessment, the newest article version: no answers, no articles
        again = client.get(advice_url).content.decode()
    assert CSRF_INPUT.sub("", again) == CSRF_INPUT.sub("", first)  # the same page, but for a fresh token mask
    assert CSRF_PLACEHOLDER not in again


def test_each_browser_gets_its_own_working_csrf_token(advice_url):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first_page, second_page = first.get(advice_url).content.decode(), second.get(advice_url).content.decode()
    first_token, second_token = CSRF_INPUT.search(first_page)[1], CSRF_INPUT.search(second_page)[1]
    assert first_token != second_token
    assert CSRF_PLACEHOLDER not in first_page + second_page
    refused = second.post(f"{advice_url}delete/", {"csrfmiddlewaretoken": first_token})
    assert refused.status_code == 403  # another browser's token is no use
    deleted = first.post(f"{advice_url}delete/", {"csrfmiddlewaretoken": first_token})
    assert (deleted.status_code, deleted["Location"]) == (302, "/deleted/")


def test_an_edited_article_is_seen_at_once(client, advice_url):
    page = client.get(advice_url).content.decode()
    article = next(a for a in AdviceArticle.objects.all() if a.title in page)
    article.title = "A title an editor has just changed"
    article.save()
    assert "A title an editor has just changed" in client.get(advice_url).content.decode()


def test_browsers_are_still_told_never_to_keep_it(client, advice_url):
    client.get(advice_url)
    response = client.get(advice_url)
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_a_message_for_this_browser_is_still_shown(patient, advice_content):
    patient.complete(persona())
    advice_url = Assessment.objects.get().get_absolute_url()
    patient.client.get(advice_url)  # drawn and kept
    sent_again = patient.client.post(patient.url("check"), {"step": "check"}, follow=True)
    assert "Your answers have already been sent. This is your advice." in sent_again.content.decode()


def test_deleting_the_answers_deletes_the_kept_page(client, advice_url):
    client.get(advice_url)
    key = advice_page_key(Assessment.objects.get())
    assert cache.get(key) is not None
    client.post(f"{advice_url}delete/")
    assert cache.get(key) is None
