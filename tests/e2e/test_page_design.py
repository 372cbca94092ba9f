"""What the pages look like to people: unique titles, visible focus, big enough targets,
and care cards that differ in more than colour."""

import re
from html import unescape

import pytest
from playwright.sync_api import expect

from tests.conftest import TYPICAL

from .site import OUTCOMES, PATIENT_PAGES, BrowserPatient, open_page, tab_through
from .test_journeys import PHONE

pytestmark = pytest.mark.e2e


def test_every_page_has_its_own_title(page, site):
    """Titles of every page in one run. The questions are walked over HTTP: titles are server-made."""
    titles = {}

    def note(page):
        titles[page.url] = page.title()

    page.goto("/")
    note(page)
    run = site.begin(page.context)
    answers = TYPICAL
    step = "age"
    while step != "check":
        url = site.question_url(run, step)
        html = page.context.request.get(url).text()
        titles[url] = unescape(re.search(r"<title>(.*?)</title>", html, re.S).group(1))
        location = site.post_form(page.context, url, {"step": step, f"{step}-answer": answers[step]})
        step = site.step_of(location)
    page.goto(site.question_url(run, "check"))
    note(page)
    BrowserPatient(page).submit()
    note(page)
    for name in ("delete", "deleted", "under-16", "about", "privacy", "glossary", "session-ended"):
        open_page(name, page, site)
        note(page)
    assert len(titles) == 27  # start, 17 questions, check answers, advice and the 7 other pages
    repeated = {title for title in titles.values() if list(titles.values()).count(title) > 1}
    assert not repeated, f"titles used by more than one page: {repeated}"
    assert all(title.endswith(" – TwitchGuide") for title in titles.values())


# NHS.UK draws a radio or checkbox on its label (the input itself is transparent): its focus is there.
FOCUS_STYLE = """() => {
    const element = document.activeElement;
    const drawn = element.matches('.nhsuk-radios__input, .nhsuk-checkboxes__input');
    const style = drawn ? getComputedStyle(element.nextElementSibling, '::before') : getComputedStyle(element);
    return {
        tag: document.activeElement.outerHTML.slice(0, 120),
        outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
        shadow: style.boxShadow !== 'none',
    };
}"""


@pytest.mark.parametrize("name", ["start", "question-timing", "check", "advice-gp", "delete"])
def test_focus_is_always_visible(page, site, name):
    open_page(name, page, site)
    for focus in tab_through(page, FOCUS_STYLE, key="tag"):
        # An outline, not only a shadow: outlines stay visible when Windows forces its own colours.
        assert focus["outline"], f"no visible focus outline on {focus['tag']}"


# A target may be smaller only when it is a link inside a sentence (WCAG 2.2, 2.5.8 "inline").
TARGETS = """() => [...document.querySelectorAll('a[href], button, input:not([type=hidden]), summary, select')]
    .filter(el => el.checkVisibility({visibilityProperty: true}))
    .filter(el => !el.classList.contains('nhsuk-skip-link'))
    .map(el => {
        const box = el.getBoundingClientRect();
        const block = el.closest('p, li, dd, div, td');
        const inSentence = el.tagName === 'A' && block && block.textContent.trim() !== el.textContent.trim();
        return {html: el.outerHTML.slice(0, 120), width: box.width, height: box.height, inSentence};
    })"""


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_targets_are_at_least_24_px(new_context, site, viewport):
    page = new_context(**(PHONE if viewport == "phone" else {"viewport": {"width": 1280, "height": 800}})).new_page()
    small = []
    for name in [*PATIENT_PAGES[:2], "question-timing", "check", *[f"advice-{level}" for level in OUTCOMES], "delete"]:
        open_page(name, page, site)
        for target in page.evaluate(TARGETS):
            if not target["inSentence"] and (target["width"] < 24 or target["height"] < 24):
                small.append(f"{name}: {target['width']:.0f}×{target['height']:.0f} {target['html']}")
    for name in ("deleted", "under-16", "about", "privacy", "session-ended", "start-error"):
        open_page(name, page, site)
        for target in page.evaluate(TARGETS):
            if not target["inSentence"] and (target["width"] < 24 or target["height"] < 24):
                small.append(f"{name}: {target['width']:.0f}×{target['height']:.0f} {target['html']}")
    assert not small, "targets smaller than 24×24 px:\n" + "\n".join(small)


CARD_LOOK = """card => {
    const style = getComputedStyle(card);
    return {
        label: card.querySelector('#care-card-heading .nhsuk-u-visually-hidden').textContent.trim(),
        heading: card.querySelector('#care-card-heading').textContent.trim(),
        border: ['Top', 'Right', 'Bottom', 'Left'].map(side =>
            style[`border${side}Style`] + ' ' + style[`border${side}Width`]).join(', '),
    };
}"""


@pytest.mark.parametrize("colours", ["normal", "forced colours"])
def test_care_cards_differ_without_colour(page, site, colours):
    if colours == "forced colours":
        page.emulate_media(forced_colors="active")
    looks = {}
    for level, answers in OUTCOMES.items():
        page.goto(site.stored_advice(answers))
        card = page.locator(f".care-card--{level}")
        expect(card).to_be_visible()
        looks[level] = card.evaluate(CARD_LOOK)
    labels = [look["label"] for look in looks.values()]
    borders = [look["border"] for look in looks.values()]
    assert len(set(labels)) == 4, f"care cards share a label: {looks}"
    assert len(set(borders)) == 4, f"care cards share a border: {looks}"
    # The urgency words come first in the card's heading (NHS.UK's words, read by screen readers; the
    # heading's own words differ too), and the emergency card says so in words.
    assert all(look["heading"].startswith(look["label"]) for look in looks.values())
    assert looks["emergency"]["label"] == "Immediate action required:"
    assert looks["self_care"]["label"] == "Self-care:"
