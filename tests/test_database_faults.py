"""A locked or failing database on a public POST: a 503 "not saved" page, nothing lost, a retry that works."""

from __future__ import annotations

import re
import sqlite3
from contextlib import contextmanager
from html import unescape

import pytest
from django.db import OperationalError, connection
from django.test import Client

from tests.conftest import TYPICAL, asked_only, card_heading, checked_values
from tests.served import Browser, gunicorn, manage, production_env, static_root
from triage.faults import RETRY_AFTER_SECONDS
from triage.models import Assessment
from triage.services import store_assessment

__all__ = ["static_root"]  # a fixture

# In production every request runs in autocommit; inside a test's transaction one failed
# query would spoil the rest of the test, so these tests commit for real.
pytestmark = pytest.mark.django_db(transaction=True)

WRITES = ("INSERT", "UPDATE", "DELETE")


@contextmanager
def failing_writes(table: str = ""):
    """Every write (to ``table``, or to any table) fails, as on a full disk or a read-only replica."""

    def refuse(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith(WRITES) and table in sql:
            raise OperationalError("disk I/O error")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(refuse):
        yield


@contextmanager
def locked_database():
    """Another connection holds the write lock on every table a public POST writes.

    SQLite (the tests' shared in-memory database) refuses our writes at once with "database
    table is locked"; PostgreSQL waits for the lock, here for 100 ms (``lock_timeout``), then
    refuses them. Reads go on working, as they do under a real lock.
    """
    other = connection.get_new_connection(connection.get_connection_params())
    cursor = other.cursor()
    if connection.vendor == "sqlite":
        cursor.execute("BEGIN IMMEDIATE")
    else:
        tables = ["django_session", "triage_ratelimitcount", "triage_stepcount", "triage_assessment", "triage_answer"]
        cursor.execute(f"LOCK TABLE {', '.join(tables)} IN EXCLUSIVE MODE")
        with connection.cursor() as ours:
            ours.execute("SET lock_timeout = '100ms'")
    try:
        yield
    finally:
        other.rollback()
        other.close()
        if connection.vendor == "postgresql":
            with connection.cursor() as ours:
                ours.execute("RESET lock_timeout")


def send_again(client: Client, page):
    """Press the page's "Try again" button: post its form exactly as the browser would."""
    html = page.content.decode()
    action = unescape(re.search(r'<form[^>]*\saction="([^"]+)"', html).group(1))
    data: dict[str, list[str]] = {}
    for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', html):
        data.setdefault(unescape(name), []).append(unescape(value))
    return client.post(action, data)


def assert_not_saved(response, *, submitting: bool):
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert "Sorry, your answers were not saved" in html
    if submitting:
        assert "you do not need to answer the questions again" in html
        assert "Try again to send your answers" in html
    else:
        assert "Your earlier answers are still here" in html


# --- a locked database ----------------------------------------------------------------------


def test_sending_answers_while_the_database_is_locked_is_not_saved_and_then_works(patient):
    patient.start()
    assert patient.answer_all(TYPICAL).status_code == 200
    with locked_database():
        response = patient.submit()
    assert_not_saved(response, submitting=True)
    assert Assessment.objects.count() == 0

    again = send_again(patient.client, response)
    assert again.status_code == 302 and again.url.startswith("/advice/")
    assert Assessment.objects.get().answers() == asked_only(TYPICAL)


def test_an_answer_while_the_database_is_locked_is_not_saved_and_then_works(patient):
    patient.start()
    patient.post_step("age", "25_44")
    with locked_database():
        response = patient.post_step("emergency", ["none"])
    assert_not_saved(response, submitting=False)
    assert 'name="emergency-answer" value="none"' in response.content.decode()  # what the button sends

    again = send_again(patient.client, response)
    assert (again.status_code, again.url) == (302, patient.url("same_day"))
    page = patient.client.get(patient.url("emergency")).content.decode()
    assert checked_values(page) == ["none"]


# --- writes failing ---------------------------------------------------------------------------


def test_consent_with_failing_writes_is_not_saved_and_then_works(client):
    with failing_writes():
        response = client.post("/", {"consent": "on"})
    assert_not_saved(response, submitting=False)
    assert "triage_runs" not in client.session
    again = send_again(client, response)
    assert again.status_code == 302 and again.url.endswith("/age/")


def test_sending_answers_with_failing_writes_keeps_them_for_the_retry(patient):
    patient.start()
    patient.answer_all(TYPICAL)
    with failing_writes():
        response = patient.submit()
    assert_not_saved(response, submitting=True)
    assert Assessment.objects.count() == 0
    assert patient.client.get(patient.url("check")).status_code == 200  # the answers are still there
    assert send_again(patient.client, response).url.startswith("/advice/")
    assert Assessment.objects.count() == 1


def test_a_failing_write_of_the_answers_stores_nothing_at_all(patient):
    patient.start()
    patient.answer_all(TYPICAL)
    with failing_writes("triage_answer"):  # after the assessment row: the transaction must undo it
        response = patient.submit()
    assert_not_saved(response, submitting=True)
    assert Assessment.objects.count() == 0


def test_deleting_with_failing_writes_keeps_the_answers_and_then_works(client):
    assessment = store_assessment(TYPICAL, consent_given_at="2026-01-01T00:00:00+00:00", submission_key="k")
    with failing_writes():
        response = client.post(f"/advice/{assessment.token}/delete/")
    assert_not_saved(response, submitting=False)
    assert Assessment.objects.filter(pk=assessment.pk).exists()
    assert send_again(client, response).url == "/deleted/"
    assert not Assessment.objects.filter(pk=assessment.pk).exists()


def test_a_session_that_cannot_be_saved_after_the_view_is_a_503_too(patient):
    """The session is saved by middleware after the view: handler500 turns that fault into the same page."""
    patient.start()
    patient.client.raise_request_exception = False  # as in production: handler500 answers
    with failing_writes("django_session"):
        response = patient.post_step("age", "25_44")
    assert_not_saved(response, submitting=False)
    assert patient.client.get(patient.url("emergency")).url == patient.url("age")  # the answer was not kept
    assert send_again(patient.client, response).url == patient.url("emergency")


def test_a_page_that_cannot_be_read_is_a_503_without_a_form(client, monkeypatch):
    assessment = store_assessment(TYPICAL, consent_given_at="2026-01-01T00:00:00+00:00", submission_key="k")

    def unreadable(self):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(Assessment, "answers", unreadable)
    response = client.get(f"/advice/{assessment.token}/")
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    html = response.content.decode()
    assert "Sorry, this page is not available just now" in html
    assert "<form" not in html


def test_the_admin_gets_the_plain_503_and_never_its_password_back(client):
    with failing_writes():
        response = client.post("/admin/login/", {"username": "ann", "password": "hunter2-hunter2"})
    assert response.status_code == 503
    html = response.content.decode()
    assert "hunter2" not in html
    assert "Sorry, this page is not available just now" in html


def test_other_errors_are_still_a_500(client, monkeypatch):
    client.raise_request_exception = False
    monkeypatch.setattr("triage.questionnaire.views.render", lambda *a, **k: 1 / 0)
    response = client.get("/privacy/")
    assert response.status_code == 500
    assert "Sorry, something went wrong" in response.content.decode()


@pytest.mark.parametrize("fault", [failing_writes, locked_database], ids=["failing writes", "locked"])
def test_an_emergency_answer_shows_the_emergency_card_whatever_the_database_does(client, fault):
    from tests.conftest import Patient

    patient = Patient(client)
    patient.start()
    patient.post_step("age", "45_64")
    with fault():
        response = patient.post_step("emergency", ["fit_now"])
    assert response.status_code == 503
    html = response.content.decode()
    assert card_heading(html) == "Call 999 now"
    assert "We could not save your answers" in html
    assert "move things away that could hurt them" in html
    assert Assessment.objects.count() == 0
    # Once the database is back, sending it again stores it and shows the advice.
    response = patient.post_step("emergency", ["fit_now"])
    assert response.url == Assessment.objects.get().get_absolute_url()


# --- a lock held for long, on a real SQLite file under gunicorn ------------------------------------


@pytest.fixture
def sqlite_server(tmp_path, static_root, request):
    """The app under gunicorn on its own SQLite file; ``held_lock()`` holds the write lock from outside."""
    path = tmp_path / "db.sqlite3"
    env = production_env(path, DJANGO_STATIC_ROOT=str(static_root), **getattr(request, "param", {}))
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    with gunicorn(env) as server:
        server.held_lock = lambda: held_write_lock(path)
        yield server


@contextmanager
def held_write_lock(path):
    """Another process's write transaction, left open (a stuck job, a long migration)."""
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        other.rollback()
        other.close()


def test_a_held_lock_gives_the_not_saved_page_within_seconds(sqlite_server):
    """Before: the answer waited for the lock the full 20 s busy timeout."""
    person = Browser(sqlite_server)
    person.start()
    person.answer("age", "25_44")
    with sqlite_server.held_lock():
        page = person.answer("emergency", ["none"])
    assert page.status == 503 and page.seconds < 10, (page.status, page.seconds)
    assert '<input type="hidden" name="emergency-answer" value="none">' in page.body
    print(f"\nheld SQLite lock: 'not saved' after {page.seconds:.2f} s")
    assert person.send_again(page).headers["Location"] == person.url("same_day")


@pytest.mark.parametrize("sqlite_server", [{"DATABASE_LOCK_TIMEOUT": "60"}], indirect=True)
def test_an_emergency_answer_never_waits_for_a_held_lock(sqlite_server):
    """Even where writes may wait a minute for a lock, the emergency card comes at once (before: 20.7 s)."""
    person = Browser(sqlite_server)
    person.start()
    person.answer("age", "45_64")
    with sqlite_server.held_lock():
        page = person.answer("emergency", ["fit_now"])
    assert page.status == 503 and page.seconds < 10, (page.status, page.seconds)
    assert card_heading(page.body) == "Call 999 now"
    print(f"\nheld SQLite lock: emergency card after {page.seconds:.2f} s")
    stored = person.answer("emergency", ["fit_now"])  # once the lock is gone, sending it again stores it
    assert stored.status == 302 and stored.headers["Location"].startswith("/advice/")
