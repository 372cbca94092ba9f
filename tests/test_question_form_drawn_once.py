"""A question's form is drawn once per process and answer given (views ``_blank_form``): each
browser still gets its own working CSRF token and sees its own answer ticked, never another's."""

import re

import pytest
from django.test import Client

from tests.test_csrf import start_run, token
from triage.questionnaire.views import CSRF_PLACEHOLDER

pytestmark = pytest.mark.django_db

CHECKED = re.compile(r'value="([^"]+)"[^>]*\bchecked\b')


def answer(browser, run, step, value, csrf):
    data = {"step": step, f"{step}-answer": value, "csrfmiddlewaretoken": csrf}
    return browser.post(f"/questions/{run}/{step}/", data)


def test_two_browsers_each_get_their_own_token_and_their_own_answer():
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first_run, second_run = start_run(first), start_run(second)
    first_page, second_page = first.get(f"/questions/{first_run}/age/"), second.get(f"/questions/{second_run}/age/")
    assert CSRF_PLACEHOLDER not in first_page.content.decode() + second_page.content.decode()
    assert answer(second, second_run, "age", "25_44", token(first_page)).status_code == 403  # not its token
    assert answer(first, first_run, "age", "65_plus", token(first_page)).status_code == 302
    assert answer(second, second_run, "age", "25_44", token(second_page)).status_code == 302

    # Back to the age question: each sees the answer they gave, and a third browser sees none.
    assert CHECKED.findall(first.get(f"/questions/{first_run}/age/").content.decode()) == ["65_plus"]
    assert CHECKED.findall(second.get(f"/questions/{second_run}/age/").content.decode()) == ["25_44"]
    third = Client(enforce_csrf_checks=True)
    assert CHECKED.findall(third.get(f"/questions/{start_run(third)}/age/").content.decode()) == []


def test_a_form_sent_back_with_an_error_is_drawn_with_it():
    browser = Client(enforce_csrf_checks=True)
    run = start_run(browser)
    page = browser.get(f"/questions/{run}/age/")
    refused = browser.post(f"/questions/{run}/age/", {"step": "age", "csrfmiddlewaretoken": token(page)})
    html = refused.content.decode()
    assert "There is a problem" in html and "nhsuk-form-group--error" in html
    assert "There is a problem" not in browser.get(f"/questions/{run}/age/").content.decode()
