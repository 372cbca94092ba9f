"""Screenshots of every page at phone and desktop size, for a person to look at.

Not part of the test suite (pytest does not collect this file by itself); run it with
`make screenshots`, which writes PNG files into screenshots/ (git-ignored).
"""

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
