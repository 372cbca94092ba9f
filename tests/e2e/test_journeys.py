"""Whole journeys as patients make them: keyboard only, changing answers, Back and Forward,
mistakes, no JavaScript, a small phone, and printing the summary for the doctor."""

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import TYPICAL, asked_only, persona
from triage.questionnaire.questions import QUESTIONS_BY_NAME

from .site import LONGEST, OUTCOMES, BrowserPatient, open_page, submit_by

pytestmark = pytest.mark.e2e


def tab_to(page, locator, max_presses=80):
    """Press Tab until ``locator`` has focus, as a keyboard user would."""
    for _ in range(max_presses):
        page.keyboard.press("Tab")
        if locator.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"Tab never reached {locator}")


def check_answer_rows(page) -> dict[str, str]:
    rows = page.locator(".nhsuk-summary-list__row")
    return {row.locator("dt").inner_text(): row.locator("dd").first.inner_text() for row in rows.all()}


def labels(step, value) -> list[str]:
    question = QUESTIONS_BY_NAME[step]
    return [question.label(code) for code in (value if isinstance(value, list) else [value])]


def test_keyboard_only(page):
    page.goto("/")
    tab_to(page, page.locator("#id_consent"))
    page.keyboard.press("Space")
    expect(page.locator("#id_consent")).to_be_checked()
    tab_to(page, page.get_by_role("button", name="Start now"))
    submit_by(page, lambda: page.keyboard.press("Enter"))
    assert "/age/" in page.url

    patient = BrowserPatient(page)
    asked = []
    while (step := patient.step) != "check":
        asked.append(step)
        wanted = TYPICAL[step]
        options = page.locator(f'input[name="{step}-answer"]')
        values = [options.nth(i).get_attribute("value") for i in range(options.count())]
        if isinstance(wanted, list):
            for code in wanted:
                box = options.nth(values.index(code))
                tab_to(page, box)
                page.keyboard.press("Space")
                expect(box).to_be_checked()
        else:
            # Tab enters the radio group at its first option; arrow keys move and select.
            tab_to(page, options.first)
            page.keyboard.press("Space")
            for _ in range(values.index(wanted)):
                page.keyboard.press("ArrowDown")
            expect(options.nth(values.index(wanted))).to_be_checked()
        tab_to(page, page.get_by_role("button", name="Continue"))
        submit_by(page, lambda: page.keyboard.press("Enter"))
        assert patient.step != step, f"{step} was not accepted"

    rows = check_answer_rows(page)
    assert len(rows) == len(asked)
    for step in asked:
        assert rows[QUESTIONS_BY_NAME[step].short] == "\n".join(labels(step, TYPICAL[step]))
    tab_to(page, page.get_by_role("button", name="Send answers and see advice"))
    submit_by(page, lambda: page.keyboard.press("Enter"))
    assert "/advice/" in page.url
    expect(page.locator(".care-card--self_care")).to_be_visible()


def test_start_page_error_with_the_keyboard(page):
    page.goto("/")
    tab_to(page, page.get_by_role("button", name="Start now"))
    submit_by(page, lambda: page.keyboard.press("Enter"))
    assert page.title() == "Error: Twitching or jerking as you fall asleep – TwitchGuide"
    consent = page.locator("#id_consent")
    expect(consent).to_have_accessible_description(re.compile(r"Your answers are about your health.*Tick the box"))
    tab_to(page, page.locator(".nhsuk-error-summary a"))
    page.keyboard.press("Enter")
    expect(consent).to_be_focused()
    page.keyboard.press("Space")
    tab_to(page, page.get_by_role("button", name="Start now"))
    submit_by(page, lambda: page.keyboard.press("Enter"))
    assert "/age/" in page.url


def test_change_answers_from_check_answers(page):
    patient = BrowserPatient(page)
    patient.start()
    patient.answer_all(TYPICAL)
    assert check_answer_rows(page)["How often"] == "1 to 3 nights a week"

    page.get_by_role("link", name="Change how often").click()
    assert page.url.endswith("/frequency/?change=1")
    expect(page.get_by_label("1 to 3 nights a week")).to_be_checked()
    page.get_by_label("4 or more nights a week").check()
    patient.continue_()
    assert patient.step == "check"
    assert check_answer_rows(page)["How often"] == "4 or more nights a week"

    # A change that makes other questions apply asks them, then returns to check answers.
    page.get_by_role("link", name="Change when it happens").click()
    page.get_by_label("At other times while I'm awake").check()
    patient.continue_()
    assert patient.step == "character"
    page.get_by_label("Small flickers or ripples under the skin, without the body part moving").check()
    patient.continue_()
    assert patient.step == "awake_duration"
    page.get_by_label("Less than 2 weeks").check()
    patient.continue_()
    assert patient.step == "check"
    rows = check_answer_rows(page)
    assert rows["When it happens"] == "As I'm falling asleep\nAt other times while I'm awake"
    assert rows["Twitching while awake for"] == "Less than 2 weeks"
    assert rows["Parts of the body"] == "Legs or feet"

    patient.submit()
    summary = page.locator(".doctor-summary")
    expect(summary).to_contain_text("4 or more nights a week")
    expect(summary).to_contain_text("Less than 2 weeks")


def test_browser_back_and_forward_keep_answers(page):
    patient = BrowserPatient(page)
    patient.start()
    for step in ("age", "emergency", "same_day", "pregnancy", "medicine_signs", "timing"):
        patient.choose(step, TYPICAL[step])
        patient.continue_()
    assert patient.step == "muscles"

    page.go_back()
    assert patient.step == "timing"
    expect(page.get_by_label("As I'm falling asleep")).to_be_checked()
    page.go_back()
    assert patient.step == "medicine_signs"
    expect(page.get_by_label("None of these")).to_be_checked()
    page.go_forward()
    assert patient.step == "timing"
    expect(page.get_by_label("As I'm falling asleep")).to_be_checked()

    # Change an answer on a page reached with Back, and carry on from there.
    page.get_by_label("Later, while I'm asleep (someone sees it, or it wakes me)").check()
    patient.continue_()
    assert patient.step == "muscles"
    page.go_back()
    page.go_forward()
    assert patient.step == "muscles"
    patient.answer_all(TYPICAL)
    rows = check_answer_rows(page)
    assert rows["Age"] == "25 to 44"
    assert rows["When it happens"] == "As I'm falling asleep\nLater, while I'm asleep (someone sees it, or it wakes me)"
    assert rows["Parts of the body"] == "Legs or feet"


def test_empty_step_shows_the_error_summary_and_links_to_the_question(page):
    patient = BrowserPatient(page)
    patient.start()
    patient.choose("age", TYPICAL["age"])
    patient.continue_()
    patient.continue_()  # nothing chosen on "emergency"
    assert patient.step == "emergency"
    assert page.title().startswith("Error: ")
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    summary.get_by_role("link").click()
    expect(page.locator("#id_emergency-answer_0")).to_be_focused()
    # Nothing given earlier was lost.
    page.get_by_role("link", name="Back", exact=True).click()
    expect(page.get_by_label("25 to 44")).to_be_checked()


def test_without_javascript(new_context):
    page = new_context(java_script_enabled=False).new_page()
    scripts = {}

    def note_scripts(page):
        scripts[page.url] = page.locator("script").count()

    patient = BrowserPatient(page)
    patient.start()
    patient.continue_()
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    asked = patient.answer_all(OUTCOMES["gp"], on_each_page=note_scripts)
    note_scripts(page)
    patient.submit()
    note_scripts(page)
    expect(page.locator(".care-card--gp")).to_be_visible()
    page.locator("details.sources summary").first.click()
    expect(page.locator("details.sources").first).to_have_attribute("open", "")
    submit_by(page, page.get_by_role("button", name="Delete my answers now").click)
    assert page.url.endswith("/deleted/")
    expect(page.locator("h1")).to_have_text("Your answers have been deleted")
    note_scripts(page)
    assert len(scripts) == len(asked) + 3 and not any(scripts.values()), f"pages with scripts: {scripts}"


PHONE = {"viewport": {"width": 360, "height": 640}, "is_mobile": True, "has_touch": True}


def assert_fits_phone(page):
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= 360, f"{page.url} scrolls sideways on a 360 px phone: {width} px wide"


def test_on_a_phone(new_context, site):
    page = new_context(**PHONE).new_page()
    page.goto("/")
    assert_fits_phone(page)
    submit_by(page, page.get_by_role("button", name="Start now").tap)
    assert_fits_phone(page)
    page.locator("#id_consent").tap()
    submit_by(page, page.get_by_role("button", name="Start now").tap)
    assert "/age/" in page.url
    patient = BrowserPatient(page)
    answers = persona(same_day=["seizure_signs"], with_it=["numbness"])

    def on_each_page(page):
        assert_fits_phone(page)
        submit_by(page, page.get_by_role("button", name="Continue").tap)
        assert_fits_phone(page)  # in its error state too

    patient.answer_all(answers, on_each_page=on_each_page)
    assert_fits_phone(page)
    patient.submit()
    assert_fits_phone(page)
    for name in ("advice-self_care", "advice-gp", "advice-emergency", "delete", "deleted", "under-16", "about"):
        open_page(name, page, site)
        assert_fits_phone(page)
    open_page("privacy", page, site)
    assert_fits_phone(page)


def printed_pages(page) -> int:
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    return pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")


def test_print_the_doctor_summary(page, site):
    answers = OUTCOMES["gp"]
    page.goto(site.stored_advice(answers))
    page.emulate_media(media="print")
    summary = page.locator(".doctor-summary")
    expect(summary).to_be_visible()
    for heading in ("Presenting complaint", "History of the complaint", "Red flags asked", "Result of this check"):
        expect(summary.get_by_role("heading", name=heading)).to_be_visible()
    for row in summary.locator(".nhsuk-summary-list__row").all():
        expect(row).to_be_visible()
    for step, value in answers.items():
        for label in labels(step, value):
            expect(summary).to_contain_text(label)
    expect(summary.locator(".print-only")).to_be_visible()
    expect(summary).to_contain_text("From answers the patient gave online; not a diagnosis.")
    # The summary carries the level and the rule behind it; the patient's care card stays on screen.
    expect(page.locator(".care-card")).to_be_hidden()
    for hidden in ("header", "footer", ".nhsuk-back-link", "form", "button", ".advice-section", ".safety-net"):
        for element in page.locator(hidden).all():
            expect(element).to_be_hidden()
    expect(page.get_by_role("link", name="Download for your doctor's system (FHIR)")).to_be_hidden()
    expect(page.get_by_role("heading", name="Your advice", exact=True)).to_be_hidden()
    assert printed_pages(page) == 1


PRINTED: dict[str, int] = {}
"""answer set -> pages of the printed summary (Chromium's print to PDF, A4): for the closing note."""


@pytest.mark.parametrize("name", ["typical", "longest"])
def test_the_doctor_summary_prints_on_one_a4_page(page, site, name):
    answers = asked_only({"typical": TYPICAL, "longest": LONGEST}[name])
    page.goto(site.stored_advice(answers))
    page.emulate_media(media="print")
    expect(page.locator(".doctor-summary")).to_contain_text("Result of this check")
    PRINTED[name] = printed_pages(page)
    assert PRINTED[name] == 1
