"""Screenshots of every page at phone and desktop size, for a person to look at.

Not part of the test suite (pytest does not collect this file by itself); run it with
`make screenshots`, which writes PNG files into screenshots/ (git-ignored).

`make phone-screenshots NOTE=after` takes the few phone pages the README shows (390 px wide, the
width of a common phone), into docs/screenshots/<NOTE>/, with their heights in heights.json.
"""

import json
import os
from pathlib import Path

import pytest

from .site import ADMIN_PAGES, PATIENT_PAGES, open_page

pytestmark = pytest.mark.e2e

OUT = Path(os.environ.get("SCREENSHOTS_DIR", "screenshots"))
PAGES = [*PATIENT_PAGES, "start-error", "question-age-error", "question-emergency-error", *ADMIN_PAGES]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 640}


@pytest.mark.parametrize("name", PAGES)
def test_screenshot(new_context, site, name):
    OUT.mkdir(exist_ok=True)
    page = new_context(viewport=DESKTOP).new_page()
    open_page(name, page, site)
    page.screenshot(path=OUT / f"{name}-desktop.png", full_page=True)
    page.set_viewport_size(PHONE)
    page.screenshot(path=OUT / f"{name}-phone.png", full_page=True)
    if name == "advice-gp":
        page.set_viewport_size(DESKTOP)
        page.emulate_media(media="print")
        page.screenshot(path=OUT / f"{name}-print.png", full_page=True)
        page.pdf(path=OUT / f"{name}-print.pdf", format="A4")


# The pages of the README's screenshots: the start, two questions, check answers and three outcomes.
NOTE_PAGES = [
    "start",
    "question-age",
    "question-emergency",
    "check",
    "advice-self_care",
    "advice-gp",
    "advice-emergency",
]
NOTE_PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def small_png(path: Path):
    """Fewer colours, same pixels to the eye: the committed screenshots stay small (Pillow, if installed)."""
    try:
        from PIL import Image
    except ImportError:
        return
    with Image.open(path) as image:
        image.convert("RGB").quantize(colors=64, dither=Image.Dither.NONE).save(path, optimize=True)


@pytest.mark.skipif("NOTE_DIR" not in os.environ, reason="set NOTE_DIR (make phone-screenshots)")
def test_phone_screenshots_and_heights(new_context, site):
    out = Path(os.environ["NOTE_DIR"])
    out.mkdir(parents=True, exist_ok=True)
    heights = {}
    for name in NOTE_PAGES:
        page = new_context(**NOTE_PHONE).new_page()
        open_page(name, page, site)
        heights[name] = page.evaluate("document.documentElement.scrollHeight")
        path = out / f"{name}.png"
        page.screenshot(path=path, full_page=True)
        small_png(path)
    (out / "heights.json").write_text(json.dumps(heights, indent=2) + "\n", encoding="utf-8")
