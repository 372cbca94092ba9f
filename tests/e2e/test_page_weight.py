"""Each patient page, on a first visit, stays within its budget.

Budget, per page with everything it loads: at most 100 KB transferred (compressed), no
request to any other origin, no web fonts, and at most 20 KB of JavaScript (there is none:
the site works without it, see test_journeys.test_without_javascript).

Django's development and live servers do not compress responses; production does (gzip or
Brotli in front of the app). So a response that arrives uncompressed is counted as its body
compressed with gzip at level 6, plus its headers; a compressed response counts as sent.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest

from .site import EVERY_QUESTION, OUTCOMES, STEPS

pytestmark = pytest.mark.e2e

BUDGET_BYTES = 100 * 1000
SCRIPT_BUDGET_BYTES = 20 * 1000

# name -> Weight, printed at the end of the run (conftest.pytest_terminal_summary).
MEASURED: dict[str, Weight] = {}


@dataclass
class Weight:
    transferred: int = 0
    raw: int = 0
    script: int = 0
    requests: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def first_visit_page(context):
    """A page whose every load is a first visit: the browser cache is switched off for it."""
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    return page


def measure(page, url: str) -> Weight:
    """Load ``url`` with the cache off and weigh everything it loads."""
    requests, finished = [], []

    def on_request(request):
        requests.append(request)

    def on_finished(request):
        finished.append(request)

    page.on("request", on_request)
    page.on("requestfinished", on_finished)
    page.goto(url)
    # Chromium asks for the icon after the load event; wait for it so that it counts too.
    for _ in range(60):
        if not page.locator("link[rel=icon]").count() or any("favicon" in r.url for r in finished):
            break
        page.wait_for_timeout(50)

    weight = Weight()
    for request in requests:
        weight.requests.append(request.url)
        if request.url.startswith("data:"):
            continue
        if origin(request.url) != origin(url):
            weight.problems.append(f"request to another origin: {request.url}")
        if request.resource_type == "font":
            weight.problems.append(f"web font: {request.url}")
    for request in finished:
        response = request.response()
        body = response.body()
        sizes = request.sizes()
        if response.headers.get("content-encoding"):
            sent = sizes["responseBodySize"]
        else:
            sent = len(gzip.compress(body, compresslevel=6))
        weight.transferred += sizes["responseHeadersSize"] + sent
        weight.raw += sizes["responseHeadersSize"] + len(body)
        if request.resource_type == "script":
            weight.script += sent
        if request.resource_type == "stylesheet" and b"@font-face" in body:
            weight.problems.append(f"@font-face in {request.url}")
    weight.script += len(page.evaluate("[...document.scripts].map(s => s.text).join('')").encode())
    page.remove_listener("request", on_request)
    page.remove_listener("requestfinished", on_finished)
    if weight.transferred > BUDGET_BYTES:
        weight.problems.append(f"{weight.transferred} bytes transferred, budget {BUDGET_BYTES}")
    if weight.script > SCRIPT_BUDGET_BYTES:
        weight.problems.append(f"{weight.script} bytes of JavaScript, budget {SCRIPT_BUDGET_BYTES}")
    return weight


def test_every_patient_page_is_light(site, context):
    """Every patient page: start, every question, check answers, 4 advice pages and the rest."""
    pages = {
        "start": f"{site.url}/",
        "under-16": f"{site.url}/under-16/",
        "about": f"{site.url}/about-sleep-starts/",
        "privacy": f"{site.url}/privacy/",
        "glossary": f"{site.url}/medical-words/",
        "deleted": f"{site.url}/deleted/",
        "session-ended": f"{site.url}/questions/000000000000/age/",
        "feedback": f"{site.url}/feedback/",
        "feedback-sent": f"{site.url}/feedback/thank-you/",
        "safety-concern": f"{site.url}/report-a-safety-concern/",
        "safety-concern-sent": f"{site.url}/report-a-safety-concern/thank-you/",
        **{f"advice-{level}": site.stored_advice(answers) for level, answers in OUTCOMES.items()},
        "delete": site.stored_advice(OUTCOMES["self_care"]) + "delete/",
    }
    page = first_visit_page(context)
    for name, url in pages.items():
        MEASURED[name] = measure(page, url)

    # The questions: one session walks through them; each page is measured as a first visit.
    run = site.begin(context)
    for step in [*STEPS, "check"]:
        url = site.question_url(run, step)
        MEASURED[f"question-{step}" if step != "check" else "check"] = measure(page, url)
        if step != "check":
            site.post_form(context, url, {"step": step, f"{step}-answer": EVERY_QUESTION[step]})

    assert len(MEASURED) == 13 + len(OUTCOMES) + len(STEPS)  # 11 other pages, delete, check answers
    problems = [f"{name}: {problem}" for name, weight in MEASURED.items() for problem in weight.problems]
    assert not problems, "\n".join(problems)
