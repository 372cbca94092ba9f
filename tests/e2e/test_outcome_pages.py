"""Outcome pages that fit in a glance on a phone, signposts that can be tapped, and ways back.

Heights are measured on a 390 px wide phone (a common size) with this machine's fonts (DejaVu Sans,
wider than the fonts most phones have): a real phone shows a shorter page.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import TYPICAL, asked_only, persona
from triage.models import Assessment

from .site import OUTCOMES, BrowserPatient, submit_by

pytestmark = pytest.mark.e2e

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
TYPICAL_SELF_CARE_BUDGET = 4200
EMERGENCY_ACTION_BUDGET = 1700

HEIGHTS: dict[str, int] = {}
"""Page heights at 390 px, printed at the end of the run (conftest.pytest_terminal_summary)."""

PAGES = {
    "typical self-care": asked_only(TYPICAL),
    "self-care with stress and caffeine": asked_only(persona(triggers=["stress", "caffeine"])),
    "GP": OUTCOMES["gp"],
    "today": OUTCOMES["today"],
    "emergency": OUTCOMES["emergency"],
}


@pytest.fixture
def phone(new_context):
    return new_context(**PHONE).new_page()


def height(page) -> int:
    return page.evaluate("document.documentElement.scrollHeight")


def bottom(locator) -> float:
    box = locator.bounding_box()
    return box["y"] + box["height"]


@pytest.mark.parametrize("name", PAGES)
def test_outcome_page_heights(phone, site, name):
    phone.goto(site.stored_advice(PAGES[name]))
    HEIGHTS[name] = height(phone)
    if name == "typical self-care":
        assert HEIGHTS[name] <= TYPICAL_SELF_CARE_BUDGET, f"{HEIGHTS[name]} px, budget {TYPICAL_SELF_CARE_BUDGET}"


def test_the_typical_self_care_page_opens_only_the_persons_own_advice(phone, site):
    phone.goto(site.stored_advice(PAGES["self-care with stress and caffeine"]))
    own = phone.locator("#stress .advice-body, #caffeine-and-stimulants .advice-body")
    for body in own.all():
        expect(body).to_be_visible()
    expect(phone.locator("#about-sleep-starts .advice-body")).to_be_hidden()  # general advice: folded
    expect(phone.get_by_text("Show the summary")).to_be_visible()  # the doctor summary: folded too


def test_the_emergency_page_shows_the_action_the_number_and_what_to_do_first(phone, site):
    phone.goto(site.stored_advice(OUTCOMES["emergency"]))
    card = phone.locator(".care-card")
    heading = card.locator("#care-card-heading")
    call = card.get_by_role("link", name="Call 999 now")
    while_waiting = card.get_by_text("Note the time the signs started")
    expect(heading).to_have_text(re.compile("Call 999 now$"))
    expect(call).to_have_attribute("href", "tel:999")
    for part in (heading, call, while_waiting):
        expect(part).to_be_visible()
        assert bottom(part) <= EMERGENCY_ACTION_BUDGET
    # Nothing but the page's heading comes before the card, and the card says what to do before why.
    position = "[...document.querySelector('main').children].indexOf(document.querySelector('.care-card'))"
    assert phone.evaluate(position) == 1
    assert bottom(while_waiting) < card.get_by_text("This is because you said").bounding_box()["y"]
    HEIGHTS["emergency: what to do while waiting ends at"] = round(bottom(while_waiting))


@pytest.mark.parametrize(
    ("name", "links"),
    [
        ("emergency", {"Call 999 now": "tel:999"}),
        ("today", {"Call 111": "tel:111", "Get help from 111 online": "https://111.nhs.uk/"}),
        ("GP", {"Find a GP surgery": "https://www.nhs.uk/service-search/find-a-gp"}),
        (
            "typical self-care",
            {
                "Find a pharmacy": "https://www.nhs.uk/service-search/pharmacy/find-a-pharmacy",
                "Get help from 111 online": "https://111.nhs.uk/",
            },
        ),
    ],
)
def test_signposts_can_be_tapped(phone, site, name, links):
    phone.goto(site.stored_advice(PAGES[name]))
    for text, href in links.items():
        link = phone.get_by_role("link", name=text).first
        expect(link).to_be_visible()
        expect(link).to_have_attribute("href", href)
        box = link.bounding_box()
        assert box["height"] >= 24 and box["width"] >= 24
    # The emergency number and 111 in the built-in words can be called too.
    numbers = phone.locator("main a[href^='tel:']")
    assert {numbers.nth(i).get_attribute("href") for i in range(numbers.count())} >= {
        href for href in links.values() if href.startswith("tel:")
    }


def test_the_safety_net_calls_999_and_111_by_a_tap(phone, site):
    phone.goto(site.stored_advice(PAGES["typical self-care"]))
    safety_net = phone.locator(".safety-net")
    expect(safety_net.locator("a[href='tel:999']").first).to_be_visible()
    expect(safety_net.locator("a[href='tel:111']").first).to_be_visible()


# --- coming back ------------------------------------------------------------------------------


def test_the_start_page_offers_to_continue_where_you_left_off(page):
    page.goto("/")
    expect(page.get_by_role("link", name="Continue where you left off")).to_have_count(0)
    patient = BrowserPatient(page)
    patient.start()
    for step in ("age", "emergency", "same_day"):
        patient.choose(step, TYPICAL[step])
        patient.continue_()
    left_at = page.url
    page.goto("/")
    page.get_by_role("link", name="Continue where you left off").click()
    assert page.url == left_at
    expect(page.get_by_role("heading", name=re.compile("^Are you pregnant"))).to_be_visible()  # the next question


def test_back_from_the_under_16_page_is_the_age_question(page):
    patient = BrowserPatient(page)
    patient.start()
    patient.choose("age", "under_16")
    patient.continue_()
    assert "/under-16/" in page.url
    page.go_back()
    expect(page.get_by_role("heading", name="How old are you?")).to_be_visible()
    page.go_forward()
    page.get_by_role("link", name="Back", exact=True).click()
    expect(page.get_by_role("heading", name="How old are you?")).to_be_visible()
    patient.choose("age", "25_44")
    patient.continue_()
    assert patient.step == "emergency"


def test_i_ticked_this_by_mistake_goes_back_to_the_screen_and_keeps_the_advice_given(new_context):
    page = new_context(java_script_enabled=False).new_page()
    patient = BrowserPatient(page)
    patient.start()
    patient.choose("age", "45_64")
    patient.continue_()
    patient.choose("emergency", ["stroke_now"])
    patient.continue_()
    assert "/advice/" in page.url
    advice = page.url
    submit_by(page, page.get_by_role("button", name="I ticked this by mistake").click)
    assert patient.step == "emergency"
    expect(page.get_by_label(re.compile("^Signs of a stroke"))).to_be_checked()
    page.get_by_label(re.compile("^Signs of a stroke")).uncheck()
    patient.choose("emergency", ["none"])
    patient.continue_()
    assert patient.step == "same_day"
    given = Assessment.objects.get()  # the emergency stays stored as it was given
    assert given.level == 4 and given.answers()["emergency"] == ["stroke_now"]
    page.goto(advice)
    expect(page.locator(".care-card--emergency")).to_be_visible()


def test_the_glossary_goes_back_to_the_advice_it_was_opened_from(page, site):
    page.goto(site.stored_advice(OUTCOMES["gp"]))
    advice = page.url
    page.locator("main a[href*='/medical-words/#']").first.click()
    assert "/medical-words/" in page.url
    page.get_by_role("link", name="Back", exact=True).click()
    assert page.url == advice
