"""Browser tests: Playwright for Python driving Debian's Chromium against Django's live server.

One Chromium runs for the whole session; every test gets a fresh browser context (its own
cookies and cache). Where Chromium or Playwright is missing the tests skip with the reason,
except in CI (CI=true), where they fail: the browser tests must really run there.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .site import Site
from .tools import missing

# Playwright's sync API runs an event loop in this thread; Django refuses database calls
# from a thread with a running loop unless told that this is safe (it is: one thread).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
# Without the networking flags Chromium tries to reach Google's services and is refused.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def playwright_instance():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("the playwright package is not installed (pip install -r requirements.txt)")
    from playwright.sync_api import expect

    # Two cores run the server, the browser and the tests: allow a slow moment.
    expect.set_options(timeout=10_000)
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance):
    if not CHROMIUM.exists():
        missing(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    browser = playwright_instance.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def site(live_server, transactional_db, settings) -> Site:
    """The running site with its advice content loaded."""
    from django.core.management import call_command

    # A browser test posts far more often than a person does; rate limits have their own tests.
    settings.RATE_LIMIT_SESSION_POSTS = settings.RATE_LIMIT_ADDRESS_STARTS = settings.RATE_LIMIT_QUESTIONNAIRE_POSTS = (
        10**9
    )
    call_command("load_advice_content", verbosity=0)
    return Site(live_server.url.replace("//localhost:", "//127.0.0.1:"))


@pytest.fixture
def new_context(browser, site):
    """Make browser contexts (a phone viewport, JavaScript off, ...); all are closed afterwards."""
    contexts = []

    def make(**options):
        options.setdefault("base_url", site.url)
        context = browser.new_context(**options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def axe_page(new_context):
    """A page that axe-core can be injected into, even under a Content-Security-Policy."""
    from .tools import AXE_JS

    if not AXE_JS.exists():
        missing(f"{AXE_JS.name} is missing: run `npm ci --ignore-scripts` (make test does)")
    return new_context(bypass_csp=True).new_page()


@pytest.fixture
def context(new_context):
    return new_context()


@pytest.fixture
def page(context):
    return context.new_page()


def pytest_terminal_summary(terminalreporter):
    from .test_lhc_forms import RENDERED

    if RENDERED:
        terminalreporter.section("LHC-Forms: questions shown (follow-ups among them)")
        for name, (shown, follow_ups) in RENDERED.items():
            terminalreporter.write_line(f"{name:28} {shown:3} questions, {follow_ups} follow-ups")
    _page_weights(terminalreporter)
    _heights_and_contrast(terminalreporter)


def _heights_and_contrast(terminalreporter):
    from .test_contrast import MEASURED as CONTRAST
    from .test_outcome_pages import HEIGHTS

    if HEIGHTS:
        terminalreporter.section("advice pages on a 390 px phone (px)")
        for name, px in HEIGHTS.items():
            terminalreporter.write_line(f"{name:48} {px:6}")
    if CONTRAST:
        terminalreporter.section("lowest non-text contrast found (3:1 needed)")
        for what, ratio in sorted(CONTRAST.items()):
            terminalreporter.write_line(f"{what:28} {ratio:5.2f}:1")


def _page_weights(terminalreporter):
    from .test_page_weight import BUDGET_BYTES, MEASURED

    if not MEASURED:
        return
    terminalreporter.section("page weight, first visit (KB = 1000 bytes)")
    terminalreporter.write_line(f"{'page':28} {'compressed':>10} {'raw':>8} {'JS':>4} requests")
    for name, weight in MEASURED.items():
        terminalreporter.write_line(
            f"{name:28} {weight.transferred / 1000:10.1f} {weight.raw / 1000:8.1f} {weight.script / 1000:4.0f} "
            f"{len(weight.requests)}"
        )
    terminalreporter.write_line(f"budget: {BUDGET_BYTES / 1000:.0f} KB compressed per page")
