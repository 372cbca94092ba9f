"""Every question page follows the GOV.UK/NHS question-page pattern and passes axe, empty and in error."""

import re

import pytest
from playwright.sync_api import expect

from triage.questionnaire.questions import QUESTIONS

from .site import open_page, submit_by
from .tools import describe_violations, run_axe

pytestmark = pytest.mark.e2e


def assert_no_axe_violations(page, state):
    violations = run_axe(page)
    assert not violations, f"axe found violations ({state}, {page.url}):\n{describe_violations(violations)}"


@pytest.mark.parametrize("question", QUESTIONS, ids=[q.name for q in QUESTIONS])
def test_question_page(axe_page, site, question):
    page = axe_page
    open_page(f"question-{question.name}", page, site)
    fieldset = page.locator("main fieldset")

    # The question is the only h1, it is the fieldset's legend, and it is the page title.
    expect(page.locator("h1")).to_have_count(1)
    expect(fieldset.locator("> legend > h1")).to_have_text(question.text)
    expect(fieldset).to_have_accessible_name(question.text)
    assert page.title() == f"{question.text} – TwitchGuide"
    # The hint is tied to the question; no asterisks; one "Continue" button; a Back link.
    expect(fieldset).to_have_accessible_description(question.hint)
    assert "*" not in page.locator("main").inner_text()
    expect(page.locator("main button, main input[type=submit]")).to_have_text(["Continue"])
    expect(page.get_by_text(re.compile(r"Question \d+ of"))).to_have_count(0)  # no count that could jump
    expect(page.get_by_role("link", name="Back", exact=True)).to_be_visible()
    expect(page.locator(".nhsuk-error-summary")).to_have_count(0)
    assert_no_axe_violations(page, "empty")

    # Continue without an answer: the error state.
    submit_by(page, page.get_by_role("button", name="Continue").click)
    assert page.title() == f"Error: {question.text} – TwitchGuide"
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()  # screen readers start at the summary, without JavaScript
    assert page.evaluate("document.querySelector('main').firstElementChild.classList.contains('nhsuk-error-summary')")
    expect(fieldset).to_have_accessible_description(re.compile(re.escape(question.required_message)))
    expect(fieldset.locator(".nhsuk-error-message")).to_contain_text(question.required_message)
    assert_no_axe_violations(page, "error")

    # The error summary links to the question: following it puts focus on the first option.
    summary.get_by_role("link", name=question.required_message).click()
    first_option = fieldset.locator("input").first
    expect(first_option).to_be_focused()
    assert first_option.get_attribute("id") == f"id_{question.name}-answer_0"
