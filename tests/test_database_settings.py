"""Database settings from the environment, and persistent PostgreSQL connections with Django's
own health check (twitchguide/postgresql only bounds each wait for an answer)."""

import os
import subprocess
import sys

import pytest
from django.core.signals import request_finished, request_started
from django.db import connection
from django.db.backends.postgresql import base as postgresql
from django.db.utils import ConnectionHandler

from tests.test_serving import ROOT, settings_with


def test_postgres_url_gives_persistent_health_checked_connections(monkeypatch):
    url = "postgres://tg:p%40ss@db.internal:6432/twitchguide?sslmode=require"
    monkeypatch.delenv("DATABASE_CONN_MAX_AGE", raising=False)
    default = settings_with({"DATABASE_URL": url}, "s.DATABASES")["default"]
    assert default["ENGINE"] == "twitchguide.postgresql"
    assert (default["NAME"], default["USER"], default["PASSWORD"]) == ("twitchguide", "tg", "p@ss")
    assert (default["HOST"], str(default["PORT"])) == ("db.internal", "6432")
    assert default["OPTIONS"] == {
        "sslmode": "require",
        "connect_timeout": 3,
        "options": "-c lock_timeout=2s -c statement_timeout=3s",
        "answer_timeout": 4,
    }
    assert (default["CONN_MAX_AGE"], default["CONN_HEALTH_CHECKS"]) == (60, True)


def test_connection_lifetime_comes_from_the_environment():
    # e.g. behind PgBouncer in transaction mode
    env = {"DATABASE_URL": "postgresql://u:p@h/n", "DATABASE_CONN_MAX_AGE": "0"}
    assert settings_with(env, "s.DATABASES")["default"]["CONN_MAX_AGE"] == 0


def test_settings_use_database_url_when_set():
    databases = settings_with({"DATABASE_URL": "postgres://u:p@127.0.0.1:5432/tg"}, "s.DATABASES")
    default = databases["default"]
    assert default["ENGINE"] == "twitchguide.postgresql"
    assert (default["HOST"], str(default["PORT"]), default["NAME"]) == ("127.0.0.1", "5432", "tg")
    assert (default["CONN_MAX_AGE"], default["CONN_HEALTH_CHECKS"]) == (60, True)


def test_every_wait_for_postgresql_is_bounded_and_set_from_the_environment():
    """Before: no connect, statement or lock timeout; a silent server hung a request for as long as it lasted."""
    env = {
        "DATABASE_URL": "postgres://u:p@h/n?options=-c%20search_path%3Dtg",
        "DATABASE_CONNECT_TIMEOUT": "5",
        "DATABASE_LOCK_TIMEOUT": "1",
        "DATABASE_STATEMENT_TIMEOUT": "10",
    }
    options = settings_with(env, "s.DATABASES")["default"]["OPTIONS"]
    assert options == {
        "connect_timeout": 5,
        "options": "-c lock_timeout=1s -c statement_timeout=10s -c search_path=tg",  # the URL's own kept
        "answer_timeout": 11,  # the client gives up a second after the server would have
    }
    unlimited = settings_with({"DATABASE_URL": "postgres://u:p@h/n", "DATABASE_STATEMENT_TIMEOUT": "0"}, "s.DATABASES")
    assert unlimited["default"]["OPTIONS"]["answer_timeout"] is None


def test_commands_run_without_a_statement_timeout_unless_asked():
    """Migrations and the daily purge may run long statements; the app servers never wait that long."""
    code = "from django.conf import settings; print(settings.DATABASE_STATEMENT_TIMEOUT)"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    run = [sys.executable, "manage.py", "shell", "--no-imports", "-c", code]
    assert subprocess.run(run, cwd=ROOT, env=env, capture_output=True, text=True, check=True).stdout == "0\n"
    asked = {**env, "DATABASE_STATEMENT_TIMEOUT": "30"}
    assert subprocess.run(run, cwd=ROOT, env=asked, capture_output=True, text=True, check=True).stdout == "30\n"
    assert settings_with({}, "s.DATABASE_STATEMENT_TIMEOUT") == 3  # the app (gunicorn loads settings, not manage.py)


def test_sqlite_is_the_default_and_is_set_up_for_several_processes(tmp_path):
    default = settings_with({"SQLITE_PATH": str(tmp_path / "x.sqlite3")}, "s.DATABASES")["default"]
    assert default["ENGINE"] == "django.db.backends.sqlite3"
    assert default["NAME"] == str(tmp_path / "x.sqlite3")
    assert "PRAGMA journal_mode=WAL" in default["OPTIONS"]["init_command"]
    assert default["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert default["OPTIONS"]["timeout"] == 2  # a held lock is a 503 in seconds (it was 20)
    assert default["CONN_MAX_AGE"] == 60


@pytest.mark.django_db
def test_sqlite_connections_open_in_wal_mode(tmp_path):
    sqlite = settings_with({"SQLITE_PATH": str(tmp_path / "wal.sqlite3")}, "s.DATABASES")["default"]
    wrapper = ConnectionHandler({"default": sqlite})["default"]
    try:
        with wrapper.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
    finally:
        wrapper.close()


postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="persistent connections are a PostgreSQL setting"
)


def end_request_and_start_next():
    """What Django does between two requests in one server thread."""
    request_finished.send(sender=None)
    request_started.send(sender=None)


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_connection_is_reused_from_request_to_request():
    connection.close()  # a fresh one: the test run may be older than CONN_MAX_AGE
    connection.ensure_connection()
    first = connection.connection
    end_request_and_start_next()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    assert connection.connection is first
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True


def drop_connection_server_side() -> int:
    """End this connection from the server's side, as a restart or failover does; its pid."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    other = connection.copy()
    with other.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s, 5000)", [pid])  # waits until it is gone
    other.close()
    return pid


def backend_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_connection_the_server_dropped_is_replaced_before_the_next_request_uses_it():
    pid = drop_connection_server_side()
    end_request_and_start_next()
    assert backend_pid() != pid  # would raise "terminating connection" without health checks


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_the_health_check_is_djangos_own_select_1(monkeypatch):
    """Issue 21: no socket-peeking shortcut; Django's CONN_HEALTH_CHECKS decides, once per request."""
    checks = []
    usable = postgresql.DatabaseWrapper.is_usable
    monkeypatch.setattr(postgresql.DatabaseWrapper, "is_usable", lambda self: checks.append(1) or usable(self))
    pid = backend_pid()
    end_request_and_start_next()
    assert backend_pid() == pid
    backend_pid()  # a second query in the same request is not checked again
    assert checks == [1]


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_postgresql_stops_a_statement_or_a_lock_wait_that_runs_too_long():
    """The server's own limits, on every connection: a slow statement or a held lock is a 503 in seconds."""
    from django.db import OperationalError

    with connection.cursor() as cursor:
        cursor.execute("SHOW lock_timeout")
        assert cursor.fetchone() == ("2s",)
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone() == ("3s",)
        with pytest.raises(OperationalError, match="statement timeout"):
            cursor.execute("SELECT pg_sleep(10)")
