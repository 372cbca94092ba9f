"""Two app servers on one PostgreSQL and one Redis, laid out as docs/deployment.md shows: a load
balancer that sends each request to either server (no sticky sessions). A patient whose requests
alternate between them finishes the questionnaire, and exactly one assessment is stored.

Needs PostgreSQL (the run's DATABASE_URL) and Redis (REDIS_URL, or a redis-server started here);
without them it skips on a developer's machine and, for Redis, fails in CI (.ci/run installs it).
"""

from __future__ import annotations

import itertools

import pytest
from django.db import connection

from tests.conftest import asked_only, persona
from tests.served import Browser, gunicorn, production_env, static_root
from triage.models import Answer, Assessment, RateLimitCount
from twitchguide.health import HEALTH_CHECK_KEY

__all__ = ["static_root"]  # a fixture

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite is one file on one machine")
pytestmark = [postgres_only, pytest.mark.django_db(transaction=True)]  # the servers see committed rows


@pytest.fixture
def two_servers(static_root, tmp_path, redis_url):
    settings = connection.settings_dict
    database = (
        f"postgres://{settings['USER']}:{settings['PASSWORD']}@{settings['HOST'] or '127.0.0.1'}:"
        f"{settings['PORT'] or 5432}/{settings['NAME']}"
    )
    env = production_env(
        tmp_path / "unused.sqlite3", DJANGO_STATIC_ROOT=str(static_root), DATABASE_URL=database, REDIS_URL=redis_url
    )
    with gunicorn(env) as one, gunicorn(env) as two:
        yield one, two


def test_a_questionnaire_walked_across_two_servers_is_stored_once(two_servers):
    servers = itertools.cycle(two_servers)
    answers = persona(triggers=["stress", "caffeine"])
    person = Browser(next(servers))
    person.start()
    step = "age"
    while step != "check":
        person.server = next(servers)
        assert person.get(person.url(step)).status == 200, step
        person.server = next(servers)
        sent = person.answer(step, answers[step])
        assert sent.status == 302, (step, sent.status)
        step = sent.headers["Location"].rstrip("/").rsplit("/", 1)[1]
    person.server = next(servers)
    assert person.get(person.url("check")).status == 200
    person.server = next(servers)
    sent = person.post(person.url("check"), {"step": "check"})
    assert sent.status == 302 and sent.headers["Location"].startswith("/advice/")
    for server in two_servers:  # the advice page from either server, drawn once by each
        person.server = server
        assert "Your advice" in person.get(sent.headers["Location"]).body

    stored = Assessment.objects.get()
    assert stored.get_absolute_url() == sent.headers["Location"]
    given = {}
    for answer in Answer.objects.filter(assessment=stored):
        given.setdefault(answer.question, []).append(answer.value)
    expected = asked_only(answers)
    assert set(given) == set(expected)
    # The rate limits were counted in Redis, shared by both servers: no row in the database but the health check's.
    assert not RateLimitCount.objects.exclude(client=HEALTH_CHECK_KEY).exists()
