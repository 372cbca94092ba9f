"""Non-text contrast (WCAG 2.2, 1.4.11): what shows where a control or a card is, and where focus is,
stands out 3:1 from what is around it.

No automated checker looks at this (axe checks text only), and Bootstrap's tick boxes had a
1.3:1 border on white for months. So the browser reads the computed styles of real pages: the
edge of every radio, checkbox, text box and button (NHS.UK draws a radio or checkbox on its
label's ``::before``), every card's border, and the focus indicator of everything Tab reaches,
and works out the contrast ratio against the colour behind it.
"""

import pytest

from .site import open_page, tab_through

pytestmark = pytest.mark.e2e

MINIMUM = 3.0

# Colours, luminance and the ratio as WCAG defines them, and the colour behind an element (its
# nearest ancestor with a background that is not transparent).
HELPERS = """
const parse = colour => {
    const m = colour.match(/rgba?\\(([\\d.]+),\\s*([\\d.]+),\\s*([\\d.]+)(?:,\\s*([\\d.]+))?\\)/);
    return m ? [+m[1], +m[2], +m[3], m[4] === undefined ? 1 : +m[4]] : null;
};
const luminance = ([r, g, b]) => {
    const [R, G, B] = [r, g, b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * R + 0.7152 * G + 0.0722 * B;
};
const ratio = (a, b) => {
    const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
};
const behind = element => {
    for (let e = element.parentElement; e; e = e.parentElement) {
        const c = parse(getComputedStyle(e).backgroundColor);
        if (c && c[3] > 0) return c;
    }
    return [255, 255, 255, 1];
};
const visible = c => c && c[3] > 0;
const shadows = style => (style.boxShadow.match(/rgba?\\([^)]*\\)/g) || []).map(parse).filter(visible);
const name = e => e.outerHTML.slice(0, 100);
"""

EDGES = (
    "() => {"
    + HELPERS
    + """
    const found = [];
    const edge = (what, element, style, against) => {
        const sides = ['Top', 'Right', 'Bottom', 'Left']
            .filter(side => parseFloat(style[`border${side}Width`]) > 0 && style[`border${side}Style`] !== 'none')
            .map(side => parse(style[`border${side}Color`])).filter(visible);
        const colours = sides.length ? sides : [parse(style.backgroundColor)].filter(visible);
        for (const colour of colours) found.push({what, html: name(element), ratio: ratio(colour, against)});
    };
    for (const label of document.querySelectorAll('.nhsuk-radios__label, .nhsuk-checkboxes__label')) {
        edge('radio or checkbox', label, getComputedStyle(label, '::before'), behind(label));
    }
    for (const box of document.querySelectorAll('.nhsuk-input, .nhsuk-textarea')) {
        edge('text box', box, getComputedStyle(box), behind(box));
    }
    for (const button of document.querySelectorAll('.nhsuk-button')) {
        edge('button', button, getComputedStyle(button), behind(button));
    }
    for (const card of document.querySelectorAll('.nhsuk-card')) {
        edge('card', card, getComputedStyle(card), behind(card));
    }
    return found;
}"""
)

# The focus indicator of the element that has focus: its outline, its box-shadow rings, its border
# and its background (NHS.UK: yellow behind a link or button, a black bar under it), whichever stands
# out most from the colour behind it.
FOCUS = (
    "() => {"
    + HELPERS
    + """
    let element = document.activeElement;
    if (element.matches('.nhsuk-radios__input, .nhsuk-checkboxes__input')) element = element.nextElementSibling;
    const style = element.matches('.nhsuk-radios__label, .nhsuk-checkboxes__label')
        ? getComputedStyle(element, '::before') : getComputedStyle(element);
    const colours = [...shadows(style)];
    if (style.outlineStyle !== 'none') colours.push(parse(style.outlineColor));
    if (parseFloat(style.borderTopWidth) >= 2) colours.push(parse(style.borderTopColor));
    colours.push(parse(style.backgroundColor));
    const against = behind(element);
    const ratios = colours.filter(visible).map(c => ratio(c, against));
    return {html: name(document.activeElement), ratio: ratios.length ? Math.max(...ratios) : 0};
}"""
)

PAGES = [
    "start",
    "start-error",
    "question-age",
    "question-emergency",
    "question-emergency-error",
    "check",
    "advice-self_care",
    "advice-gp",
    "advice-today",
    "advice-emergency",
    "feedback-error",
    "safety-concern-error",
    "under-16",
    "delete",
]

MEASURED: dict[str, float] = {}
"""The lowest ratio of each kind, over every page (printed at the end of the run)."""


@pytest.mark.parametrize("name", PAGES)
def test_every_edge_stands_out_3_to_1(page, site, name):
    open_page(name, page, site)
    edges = page.evaluate(EDGES)
    assert edges, f"{name}: nothing measured"
    for edge in edges:
        MEASURED[edge["what"]] = min(MEASURED.get(edge["what"], 99), edge["ratio"])
    low = [f"{e['what']} {e['ratio']:.2f}:1  {e['html']}" for e in edges if e["ratio"] < MINIMUM]
    assert not low, f"{name}: edges below {MINIMUM}:1\n" + "\n".join(low)


@pytest.mark.parametrize("name", ["start", "question-emergency", "check", "advice-emergency", "feedback"])
def test_the_focus_indicator_stands_out_3_to_1(page, site, name):
    open_page(name, page, site)
    stops = tab_through(page, FOCUS, key="html")
    MEASURED["focus indicator"] = min(MEASURED.get("focus indicator", 99), *(stop["ratio"] for stop in stops))
    low = [f"{stop['ratio']:.2f}:1  {stop['html']}" for stop in stops if stop["ratio"] < MINIMUM]
    assert not low, f"{name}: focus indicators below {MINIMUM}:1\n" + "\n".join(low)


def test_the_check_fails_bootstraps_old_tick_boxes(axe_page, site):
    """The test would have caught the issue: #dee2e6 on white is about 1.3:1 (a page without the
    Content-Security-Policy, to add the old colour)."""
    page = axe_page
    open_page("question-emergency", page, site)
    page.add_style_tag(content=".nhsuk-checkboxes__label::before { border-color: #dee2e6 !important; }")
    ratios = [e["ratio"] for e in page.evaluate(EDGES) if e["what"] == "radio or checkbox"]
    assert ratios and max(ratios) < 1.4
