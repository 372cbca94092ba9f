"""Every patient page runs a small, fixed number of SQL queries, however much content there is.

The numbers are exact, so a change that adds a query (an N+1 loop over articles or answers, a
session write on a page that only reads) fails here and has to be argued for. Savepoints count
as queries: a session save is SAVEPOINT + INSERT/UPDATE + RELEASE.
"""

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.conftest import Patient, persona
from triage.clinical.assessment import Finding
from triage.models import AdviceArticle
from triage.questionnaire.questions import SCREEN

# page -> queries. A public POST first counts itself against its rate limits, one upsert a counter
# (INSERT … ON CONFLICT DO UPDATE … RETURNING): starting and deleting for the browser and the
# address, an answer for its questionnaire; the screening answers and the send are never counted.
# With REDIS_URL those counts are in Redis: RATE_LIMIT_QUERIES fewer. Before the counter had its
# own table, the shared DatabaseCache took 12 queries per POST for one count.
BUDGET = {
    "start page": 0,  # no session yet
    "consent": 7,  # rate limit (2: browser, address); session: does this key exist? + save; funnel
    "first question page": 1,  # session: read (the run was made with consent)
    "question page": 1,  # session: read; nothing is written when a page is only opened
    "screening answer": 5,  # session: read + save; funnel: count this step (never rate limited)
    "first counted answer": 6,  # the questionnaire's rate-limit counter made (1); session: read + save; funnel
    "answer": 6,  # rate limit (1); session: read + save; funnel: count this step
    "check answers": 1,  # session: read
    "submit": 11,  # session: read; assessment + answers in one transaction; statistics' roll-up; funnel x2; session
    "emergency answer": 11,  # as a submit: an emergency answer is stored at once (funnel: the step and "sent")
    "advice": 4,  # assessment, newest article version; drawn: its answers, the published articles
    "advice again": 2,  # assessment, newest article version: the page drawn before is reused
    "fhir response": 2,  # assessment, its answers
    "delete page": 1,  # assessment
    # rate limit (2); assessment; its triggers; its cached page (article version); delete answers and it;
    # the statistics' roll-up; session: read, then deleted (nothing left in it)
    "delete": 11,
    "deleted": 0,
    "under-16 answer": 5,  # session: read + save (the run is forgotten); funnel: count "age"
    "under-16": 0,
    "about": 1,  # the published articles
    "privacy": 0,
    "medical words": 0,
    "health check": 1,  # an upsert of its own count, in the database even with REDIS_URL
    "liveness check": 0,
}

RATE_LIMIT_QUERIES = {"consent": 2, "first counted answer": 1, "answer": 1, "delete": 2}
# With REDIS_URL a session is read from its copy in Redis (twitchguide/cached_sessions.py): one query fewer.
SESSION_READ = {"first question page", "question page", "screening answer", "first counted answer", "answer",
                "check answers", "submit", "emergency answer", "delete", "under-16 answer"}  # fmt: skip


def budget(page: str) -> int:
    fewer = RATE_LIMIT_QUERIES.get(page, 0) if settings.RATE_LIMIT_IN_CACHE else 0
    if settings.SESSION_ENGINE == "twitchguide.cached_sessions" and page in SESSION_READ:
        fewer += 1
    return BUDGET[page] - fewer


# The pages that answer a POST by redirecting; every other page is a 200.
REDIRECTS = {
    "consent",
    "screening answer",
    "first counted answer",
    "answer",
    "emergency answer",
    "submit",
    "delete",
    "under-16 answer",
}

PERSONAS = {
    "typical": persona(),
    "pregnant": persona(age="16_24", pregnancy=["pregnant_under_20"], triggers=["stress", "caffeine"]),
    "stroke signs now": persona(emergency=["stroke_now"]),
}


@pytest.fixture(params=[10, 500], ids=lambda n: f"{n}-articles")
def published_articles(request, db):
    """n published articles, each shown for some finding, so the advice page has many to choose from."""
    findings = [finding.value for finding in Finding]
    AdviceArticle.objects.all().delete()
    AdviceArticle.objects.bulk_create(
        AdviceArticle(
            slug=f"article-{i}",
            title=f"Article {i}",
            summary="A summary.",
            body="Some **advice**.\n\n- one\n- two",
            findings=[findings[i % len(findings)]],
            order=i,
        )
        for i in range(request.param)
    )
    return request.param


class Counter:
    def __init__(self):
        self.counts: dict[str, list[int]] = {}

    def __call__(self, page: str, request, *args):
        with CaptureQueriesContext(connection) as queries:
            response = request(*args)
        expected = 302 if page in REDIRECTS else 200
        assert response.status_code == expected, f"{page}: {response.status_code}"
        self.counts.setdefault(page, []).append(len(queries))
        return response

    def over_budget(self) -> dict[str, list[int]]:
        return {page: counts for page, counts in self.counts.items() if any(n != budget(page) for n in counts)}


def walk(client, answers, count: Counter):
    """The whole journey, counting each page's queries.

    Someone else has been through first today, as on any real day: the completion funnel's
    counters for today exist, so counting a step is one UPDATE (the day's first also INSERTs).
    """
    walk_unmeasured(answers)
    patient = Patient(client)
    count("start page", lambda: client.get("/"))
    count("consent", patient.start)
    response = count("first question page", lambda: client.get(patient.url("age")))
    step, counted = "age", False
    while step != "check":
        ends = step == "emergency" and answers[step] != ["none"]
        page = "emergency answer" if ends else "screening answer" if step in SCREEN else "answer"
        if page == "answer" and not counted:
            page, counted = "first counted answer", True
        response = count(page, patient.post_step, step, answers[step])
        if ends:
            break
        step = patient.step_of(response.url)
        if step != "check":
            count("question page", client.get, response.url)
    else:
        count("check answers", lambda: client.get(patient.url("check")))
        response = count("submit", patient.submit)
    advice_url = response.url
    count("advice", lambda: client.get(advice_url))
    count("advice again", lambda: client.get(advice_url))
    return advice_url


def walk_unmeasured(answers):
    patient = Patient(Client())
    patient.start()
    patient.complete(answers)


@pytest.mark.parametrize("answers", PERSONAS.values(), ids=PERSONAS.keys())
def test_questionnaire_pages_stay_within_budget(client, published_articles, answers):
    count = Counter()
    walk(client, answers, count)
    assert count.over_budget() == {}
    answered = sum(len(count.counts.get(page, [])) for page in ("screening answer", "first counted answer", "answer"))
    assert answered >= (1 if "emergency answer" in count.counts else 15)


def test_other_pages_stay_within_budget(client, published_articles):
    count = Counter()
    advice_url = walk(client, persona(), count)
    count("fhir response", lambda: client.get(f"{advice_url}fhir/"))
    count("delete page", lambda: client.get(f"{advice_url}delete/"))
    count("delete", lambda: client.post(f"{advice_url}delete/"))
    count("deleted", lambda: client.get("/deleted/"))
    count("about", lambda: client.get("/about-sleep-starts/"))
    count("privacy", lambda: client.get("/privacy/"))
    count("medical words", lambda: client.get("/medical-words/"))
    client.get("/healthz/")  # the load balancer checked a moment ago, as it does all day
    count("health check", lambda: client.get("/healthz/"))
    count("liveness check", lambda: client.get("/healthz/live/"))
    child = Patient(client)
    child.start()
    client.get(child.url("age"))
    count("under-16 answer", lambda: child.post_step("age", "under_16"))
    count("under-16", lambda: client.get("/under-16/"))
    assert count.over_budget() == {}


def test_budgets_cover_every_page(client, published_articles):
    count = Counter()
    walk(client, persona(), count)
    assert set(count.counts) <= set(BUDGET)
