"""Several app servers with Redis (``REDIS_URL``): sessions read from a copy in Redis that is never
older than the database (twitchguide/cached_sessions.py), and a Redis that fails treated as a
database that fails (triage/faults.py): a 503, never a 500, and the emergency card at once.

Each test runs with the settings ``REDIS_URL`` gives (a Redis of the test worker's own), on
whichever database the run uses.
"""

from __future__ import annotations

import html
import time
from urllib.parse import urlencode, urlsplit

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache, caches
from django.db import connection
from redis.exceptions import RedisError

from tests.conftest import TYPICAL
from tests.test_database_faults import assert_not_saved, send_again
from tests.test_frozen_database import CALL_999, Proxy
from tests.test_serving import settings_with
from triage.questionnaire.questions import QUESTIONS_BY_NAME
from twitchguide.cached_sessions import SessionStore

# Committed for real: a fault may drop the database connection, which a test's transaction cannot survive.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(scope="session")
def redis_settings(redis_url):
    """What settings.py makes of ``REDIS_URL``: the cache, the session engine, where rate limits count."""
    return settings_with({"REDIS_URL": redis_url}, "[s.CACHES, s.SESSION_ENGINE, s.RATE_LIMIT_IN_CACHE]")


@pytest.fixture
def with_redis(settings, redis_settings):
    settings.CACHES, settings.SESSION_ENGINE, settings.RATE_LIMIT_IN_CACHE = redis_settings
    cache.clear()
    return settings


def redis_at(settings, location: str):
    """Point the cache (sessions' copies, rate limits) at another Redis address."""
    settings.CACHES = {"default": {**settings.CACHES["default"], "LOCATION": location}}


def test_with_redis_url_sessions_are_read_through_redis_whose_waits_are_bounded(redis_settings):
    caches, engine, counted_in_redis = redis_settings
    assert engine == "twitchguide.cached_sessions"
    assert caches["default"]["OPTIONS"]["pool_class"] == "twitchguide.redis_waits.ConnectionPool"
    assert caches["default"]["OPTIONS"]["socket_timeout"] == 2
    assert counted_in_redis


def test_a_question_page_reads_its_session_from_redis_not_the_database(with_redis, patient, django_assert_num_queries):
    patient.start()
    assert patient.post_step("age", "25_44").status_code == 302
    with django_assert_num_queries(0):
        page = patient.client.get(patient.url("emergency"))
    assert page.status_code == 200
    assert Session.objects.count() == 1  # kept in the database all the same


def saved_session(**data) -> str:
    session = SessionStore()
    session.update(data)
    session.save()
    assert SessionStore(session.session_key)["answer"] == data["answer"]  # the copy is in Redis now
    return session.session_key


def changed_while_redis_fails(monkeypatch, operation: str) -> tuple[str, SessionStore]:
    """A saved session, its answer changed but not yet saved, and from now on the cache's ``operation`` fails."""
    key = saved_session(answer="no weakness")
    changed = SessionStore(key)
    changed["answer"] = "weakness spreading"

    def fails(*args, **kwargs):
        raise RedisError("Timeout reading from socket")

    monkeypatch.setattr(caches["default"], operation, fails)  # the backend itself, not the proxy that follows settings
    return key, changed


def test_a_changed_answer_is_never_read_from_an_older_copy(with_redis, monkeypatch):
    """Django's engine writes the copy after the database and only logs a copy it could not write:
    a Redis that failed for that moment kept the answer before, and the person was assessed on it."""
    key, changed = changed_while_redis_fails(monkeypatch, "set")
    changed.save()  # in the database; the new copy could not be written
    monkeypatch.undo()
    assert SessionStore(key)["answer"] == "weakness spreading"


def test_a_save_that_cannot_clear_the_old_copy_saves_nothing(with_redis, monkeypatch):
    key, changed = changed_while_redis_fails(monkeypatch, "delete")
    with pytest.raises(RedisError):
        changed.save()  # the "not saved" page: the person sends it again
    monkeypatch.undo()
    assert SessionStore(key)["answer"] == "no weakness"  # the database and the copy agree


def test_a_read_never_replaces_a_newer_copy(with_redis, monkeypatch):
    """A read that found no copy, read the database and then wrote its copy, would put back the
    answer a save on another server had changed meanwhile."""
    key = saved_session(answer="no weakness")
    cache.clear()
    read_from_database = SessionStore._get_session_from_db
    raced = []

    def another_server_saves_meanwhile(self):
        stored = read_from_database(self)
        if not raced:
            raced.append(True)
            other = SessionStore(key)
            other["answer"] = "weakness spreading"
            other.save()
        return stored

    monkeypatch.setattr(SessionStore, "_get_session_from_db", another_server_saves_meanwhile)
    assert SessionStore(key)["answer"] == "no weakness"  # what the database held when this read began
    monkeypatch.undo()
    assert SessionStore(key)["answer"] == "weakness spreading"


def test_a_session_key_django_could_not_have_made_asks_neither_redis_nor_the_database(
    with_redis, django_assert_num_queries
):
    with django_assert_num_queries(0):
        assert dict(SessionStore("a" * 31 + "\x00")) == {}


# --- Redis that fails -------------------------------------------------------------------------


@pytest.fixture
def redis_gone(with_redis):
    """From the moment it is called, Redis refuses every connection (stopped, or its address wrong)."""
    with_redis_url = with_redis.CACHES["default"]["LOCATION"]
    closed = urlsplit(with_redis_url)._replace(netloc="127.0.0.1:1").geturl()
    return lambda: redis_at(with_redis, closed)


def test_without_redis_a_question_page_is_read_from_the_database(patient, redis_gone):
    patient.start()
    assert patient.post_step("age", "25_44").status_code == 302
    redis_gone()
    page = patient.client.get(patient.url("emergency"))
    assert page.status_code == 200
    assert html.escape(QUESTIONS_BY_NAME["emergency"].text) in page.content.decode()


@pytest.mark.parametrize("step", ["age", "frequency"], ids=["screening question", "counted by the rate limit"])
def test_an_answer_redis_cannot_take_is_not_saved_and_kept_for_the_retry(patient, redis_gone, step):
    """Before: a 500 "server error" page, and the answer gone from the screen."""
    patient.start()
    patient.client.raise_request_exception = False  # as in production: handler500 answers
    page = patient.client.get(patient.url("age"))
    while (at := patient.step_of(page.wsgi_request.path)) != step:
        page = patient.client.get(patient.post_step(at, TYPICAL[at]).url)
    redis_gone()
    response = patient.post_step(step, TYPICAL[step])
    assert_not_saved(response, submitting=False)
    assert f'<input type="hidden" name="{step}-answer" value="{TYPICAL[step]}">' in response.content.decode()


@pytest.fixture
def frozen_redis(with_redis):
    """Redis behind a proxy that can stop passing anything on, as a frozen Redis or a lost network would."""
    location = urlsplit(with_redis.CACHES["default"]["LOCATION"])
    proxy = Proxy(location.hostname, location.port)
    redis_at(with_redis, location._replace(netloc=f"127.0.0.1:{proxy.port}").geturl())
    yield proxy
    proxy.stop()
    connection.close()  # an emergency answer may have given up on the database too (its bound ran out)


def test_an_emergency_answer_does_not_wait_for_a_frozen_redis(patient, frozen_redis):
    """The session is read and saved through Redis: without the bound each of those waited 2 s."""
    patient.start()
    patient.client.raise_request_exception = False
    assert patient.post_step("age", "45_64").status_code == 302
    frozen_redis.freeze()
    started = time.monotonic()
    form = urlencode({"step": "emergency", "emergency-answer": "fit_now"})  # as a browser sends it
    response = patient.client.post(patient.url("emergency"), form, content_type="application/x-www-form-urlencoded")
    seconds = time.monotonic() - started
    assert seconds < 1.5, seconds
    shown = response if response.status_code == 503 else patient.client.get(response.url)  # not saved, or saved
    assert CALL_999 in shown.content.decode()
    frozen_redis.thaw()


def test_a_frozen_redis_gives_the_not_saved_page_in_seconds(patient, frozen_redis):
    patient.start()
    patient.client.raise_request_exception = False
    frozen_redis.freeze()
    started = time.monotonic()
    response = patient.post_step("age", "25_44")
    assert time.monotonic() - started < 10
    assert_not_saved(response, submitting=False)
    frozen_redis.thaw()
    assert send_again(patient.client, response).status_code == 302
