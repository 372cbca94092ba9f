"""No result token, run id, IP address or typed username reaches a log line (twitchguide/logs.py)."""

from __future__ import annotations

import io
import logging
import secrets
import sys

import pytest
from django.db import DatabaseError
from django.test import Client

from tests.conftest import TYPICAL
from tests.served import gunicorn, manage, production_env, static_root, status
from triage.services import store_assessment
from twitchguide.logs import RedactingFilter, redact, token_shaped

__all__ = ["static_root"]  # a fixture
ADDRESS = "203.0.113.77"
T = "s3cr3t-T0ken_abcdefghijklmnopqrstuvwxyz0123456"  # shaped like a result token
TYPED_USERNAME = "my-Secret-passw0rd"


@pytest.fixture
def written(caplog):
    """Everything the configured console handler writes, with every logger let through at DEBUG."""
    caplog.set_level(logging.DEBUG)
    console = next(h for h in logging.getLogger().handlers if h.name == "console")
    buffer = io.StringIO()
    previous, console.stream = console.stream, buffer  # not setStream(): it flushes the old stream
    yield buffer
    console.stream = previous


@pytest.fixture
def token(db):
    return store_assessment(TYPICAL, consent_given_at="2026-01-01T00:00:00+00:00", submission_key="log-test").token


def refuse_every_way(token: str, run: str, settings):
    """Every refused path, each with the token (or the run id) in its URL, from one address."""
    client = Client(REMOTE_ADDR=ADDRESS, raise_request_exception=False)
    advice, delete = f"/advice/{token}/", f"/advice/{token}/delete/"
    statuses = {
        "PUT": client.put(advice).status_code,
        "TRACE": client.generic("TRACE", delete).status_code,
        "POST to a page that only reads": client.post(advice).status_code,
        "404": client.get(f"{advice}nothing-here/").status_code,
        "404 for a made-up token": client.get(f"/advice/{token[::-1]}/").status_code,
        "CSRF cookie missing": Client(enforce_csrf_checks=True, REMOTE_ADDR=ADDRESS).post(delete).status_code,
        "bad Host": client.get(advice, HTTP_HOST="evil.example").status_code,
        "unreadable body": unreadable_body(delete),
        "session ended": client.get(f"/questions/{run}/age/").status_code,
    }
    settings.RATE_LIMIT_SESSION_POSTS = 0
    statuses["rate limit"] = client.post(delete).status_code
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("triage.questionnaire.views.Assessment.answers", _raise_database_error)
        statuses["database fault"] = client.get(advice).status_code
    client.post("/admin/login/", {"username": TYPED_USERNAME, "password": "x", "code": "123456"})
    return statuses


def unreadable_body(url: str) -> int:
    """Too many fields: the CSRF check reads the body and refuses it."""
    strict = Client(enforce_csrf_checks=True, REMOTE_ADDR=ADDRESS, raise_request_exception=False)
    strict.get("/")
    return strict.post(url, {f"f{i}": "1" for i in range(1000)}).status_code


def _raise_database_error(self):
    # The message exists only at run time (a traceback quotes the source line, not the values).
    raise DatabaseError("duplicate value " + "=".join(["kidney", "disease"]))


def test_refused_requests_never_write_a_token_an_address_or_a_username(written, caplog, token, settings):
    run = "0a1b2c3d4e5f"
    statuses = refuse_every_way(token, run, settings)
    assert statuses == {
        "PUT": 405,
        "TRACE": 405,
        "POST to a page that only reads": 405,
        "404": 404,
        "404 for a made-up token": 404,
        "CSRF cookie missing": 403,
        "bad Host": 400,
        "unreadable body": 400,
        "session ended": 200,
        "rate limit": 429,
        "database fault": 503,
    }
    output = written.getvalue()
    # The refusals were logged (so this test has teeth), with the secret parts replaced.
    assert "Method Not Allowed (POST): /advice/<token>/" in output
    assert "Not Found: /advice/<token>/nothing-here/" in output
    assert "Forbidden (CSRF cookie not set.): /advice/<token>/delete/" in output
    assert "Invalid HTTP_HOST header: 'evil.example'" in output
    assert "Too Many Requests: /advice/<token>/delete/" in output
    assert "Staff sign-in failed" in output
    assert "Traceback" in output  # the database fault's
    for secret in (token, token[::-1], run, ADDRESS, TYPED_USERNAME):
        assert secret not in output
    # The records themselves were rewritten in place: later handlers see them redacted too.
    for record in caplog.records:
        everything = repr(record.__dict__) + record.getMessage()
        for secret in (token, token[::-1], ADDRESS, TYPED_USERNAME):
            assert secret not in everything, record.getMessage()


def test_refused_requests_are_logged_without_a_traceback(written, db):
    client = Client(raise_request_exception=False)
    assert client.get("/", HTTP_HOST="evil.example").status_code == 400
    assert client.get("/advice/nothing-here/").status_code == 404  # raised as Http404 by the view
    assert client.generic("POST", "/", b"garbage", content_type="multipart/form-data").status_code == 400
    output = written.getvalue()
    assert "Invalid HTTP_HOST header: 'evil.example'" in output
    assert "Not Found: /advice/<token>/" in output
    assert "Bad request (Unable to parse request body): /" in output
    assert "Traceback" not in output


def test_a_database_error_is_logged_without_its_message(written, token):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("triage.questionnaire.views.Assessment.answers", _raise_database_error)
        assert Client().get(f"/advice/{token}/").status_code == 503
    output = written.getvalue()
    assert "Database fault on a GET request: DatabaseError" in output
    assert "kidney=disease" not in output


def test_every_log_handler_has_the_redacting_filter():
    loggers = [
        logging.getLogger(),
        *(lg for lg in logging.Logger.manager.loggerDict.values() if isinstance(lg, logging.Logger)),
    ]
    handlers = {
        h
        for lg in loggers
        for h in lg.handlers
        if not type(h).__module__.startswith("_pytest") and not isinstance(h, logging.NullHandler)  # write nothing
    }
    assert handlers  # the console handler at least
    unfiltered = [h for h in handlers if not any(isinstance(f, RedactingFilter) for f in h.filters)]
    assert unfiltered == []


def test_django_default_handlers_are_replaced():
    """Django's own 'django' handlers (a console in DEBUG, e-mail to ADMINS) would bypass the filter."""
    assert logging.getLogger("django").handlers == []
    assert logging.getLogger("django").propagate


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Not Found: /advice/abc_DEF-123/delete/", "Not Found: /advice/<token>/delete/"),
        ("GET /questions/0a1b2c3d4e5f/age/?change=1", "GET /questions/<run>/age/?change=1"),
        ("Invalid request from ip=192.0.2.1: bad", "Invalid request from ip=<ip>: bad"),
        ("from 2001:db8::1 and ::1", "from <ip> and <ip>"),
        ("client=[2001:db8:0:0:1:0:0:1]:443", "client=[<ip>]:443"),
        ("{username: 'ann', ip_address: '10.0.0.1'}", "{username: <username>, ip_address: '<ip>'}"),
        ('login username="bob smith" failed', "login username=<username> failed"),
        ("username=carol, next", "username=<username>, next"),
        ("at 12:30:45 version 1.2.3.4.5 took 3.5 ms", "at 12:30:45 version 1.2.3.4.5 took 3.5 ms"),
        ("/static/css/site.7546666e232d.css", "/static/css/site.7546666e232d.css"),
        # A token anywhere, whatever the link around it.
        (f"Not Found: /advice//{T}/", "Not Found: /advice//<token>/"),
        (f"Not Found: /Advice/{T}/ and /ADVICE/{T}/", "Not Found: /Advice/<token>/ and /ADVICE/<token>/"),
        (f"Not Found: /advice{T}/", "Not Found: /<token>/"),
        (f"Not Found: /advice/ {T}/", "Not Found: /advice/ <token>/"),
        (f"Not Found: /advice/'{T}/", "Not Found: /advice/'<token>/"),
        (f'"GET /advice/%22{T}/ HTTP/1.1" 404', '"GET /advice/<token>/ HTTP/1.1" 404'),
        (f'"GET /x/%20{T}/ HTTP/1.1" 404', '"GET /x/<token>/ HTTP/1.1" 404'),
        (f"Not Found: /x/{T[:21]}\\x00{T[21:]}/", "Not Found: /x/<token>\\<token>/"),  # as Django escapes a NUL
        (f"Invalid request line: 'GET /x/ {T}/ HTTP/1.1 x'", "Invalid request line: 'GET /x/ <token>/ HTTP/1.1 x'"),
        (f"GET /x/%{ord(T[0]):02X}{T[1:]}/", "GET /x/<token>/"),
        (f"GET /x/%25{ord(T[0]):02X}{T[1:]}/", "GET /x/<token>/"),
        (f"token={T[:16]};", "token=<token>;"),
        # Names stay readable (a CamelCase word without a vowel is taken for part of a token: "Sql").
        (
            "psycopg.errors.ReadOnlySqlTransaction in purge_expired_assessments",
            "psycopg.errors.<token> in purge_expired_assessments",
        ),
        ("Database fault on a POST request: OperationalError", "Database fault on a POST request: OperationalError"),
        ("DJANGO_SETTINGS_MODULE, DatabaseFaultMiddleware", "DJANGO_SETTINGS_MODULE, DatabaseFaultMiddleware"),
    ],
)
def test_what_is_redacted(text, expected):
    assert redact(text) == expected


def test_a_token_is_never_taken_for_a_name():
    """A hundred thousand tokens: each one is redacted (the chance of missing one is below one in a million)."""
    tokens = [secrets.token_urlsafe(32) for _ in range(100_000)]
    assert all(token_shaped(token) for token in tokens)
    assert all(redact(f"/x/{token}/") == "/x/<token>/" for token in tokens[:1000])


def test_a_record_is_formatted_then_redacted_and_loses_its_request():
    record = logging.LogRecord("django.request", logging.WARNING, __file__, 1, "Not Found: %s", ("/advice/t0k/",), None)
    record.request = object()
    assert RedactingFilter().filter(record) is True
    assert (record.msg, record.args, record.getMessage()) == (
        "Not Found: /advice/<token>/",
        (),
        "Not Found: /advice/<token>/",
    )
    assert "request" not in record.__dict__
    RedactingFilter().filter(record)  # a second handler's filter changes nothing
    assert record.getMessage() == "Not Found: /advice/<token>/"


def test_a_traceback_is_redacted_and_a_security_traceback_dropped():
    try:
        raise ValueError("no page at /advice/s3cret/")
    except ValueError:
        error = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "boom", (), sys.exc_info())
        refused = logging.LogRecord(
            "django.security.DisallowedHost", logging.ERROR, __file__, 1, "bad", (), sys.exc_info()
        )
    RedactingFilter().filter(error)
    RedactingFilter().filter(refused)
    assert error.exc_info is None
    assert "ValueError: no page at /advice/<token>/" in error.exc_text
    assert "s3cret" not in error.exc_text
    assert refused.exc_info is None and refused.exc_text is None


# --- gunicorn ---------------------------------------------------------------------------------


def test_gunicorn_error_log_has_no_address_and_no_token(tmp_path):
    """A malformed request line makes gunicorn log "Invalid request from ip=…: <the line>"."""
    secret = "s3cr3t-T0ken_abcdefghijklmnopqrstuvwxyz0123456"
    with gunicorn(production_env(tmp_path / "db.sqlite3", GUNICORN_THREADS="1", GUNICORN_ACCESS_LOG="-")) as server:
        answers = [
            server.send(f"GET /advice/{secret}/ HTTP/1.1 and more\r\nHost: 127.0.0.1\r\n\r\n".encode()),
            server.send(f"G\x00T /questions/{secret}/age/ HTTP/1.1\r\n\r\n".encode()),
        ]
    assert all(answer.startswith(b"HTTP/1.1 400") for answer in answers), answers
    assert "Invalid request from ip=<ip>" in server.output
    assert secret not in server.output
    assert "127.0.0.1" not in server.output


def mangled(token: str) -> list[str]:
    """Links to a result as people and programs mangle them: each one still holds the token."""
    first = f"%{ord(token[0]):02X}{token[1:]}"
    return [
        f"/advice//{token}/",
        f"/Advice/{token}/",
        f"/ADVICE/{token}/",
        f"/advice{token}/",
        f"/advice{token[:20]}",
        f"/advice/%20{token}/",  # a leading space
        f"/advice/%22{token}/",  # a leading quote
        f"/advice/'{token}/",
        f'/advice/"{token}/',
        f"/advice/ {token}/",  # a raw space: gunicorn refuses the request line and logs it
        f"/advice/{token}%00/",
        f"/advice/{token[:21]}%00{token[21:]}/",
        f"/advice/{first}/",  # the token itself percent-encoded, in part
        f"/advice/%25{first[1:]}/",  # and encoded twice
        f"/%61dvice/{token}/",
        f"/advice%2F{token}/",
        f"/advice/{token}x/",
        f"/advice/{token[:30]}/",
        f"/advice/{token}",  # no slash: a redirect
        f"/advice/{token}/%2e%2e/",
        f"/advice/{token}/delete/nothing-here/",
        f"/ADVICE/{token}/FHIR/",
        f"/advice/{token}%0A/",
        f"/questions/../advice/{token}/",
    ]


def test_a_token_in_a_mangled_link_reaches_no_log_line(tmp_path, static_root):
    """Real gunicorn with its access log on: every way of mangling a live result link, logged by
    gunicorn and by Django, never writes the token (nor any 16 characters of it)."""
    env = production_env(
        tmp_path / "db.sqlite3", DJANGO_STATIC_ROOT=str(static_root), GUNICORN_ACCESS_LOG="-", DJANGO_LOG_LEVEL="INFO"
    )
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    store = "from triage.services import store_assessment as s; from tests.personas import TYPICAL as t; "
    store += "print(s(t, consent_given_at='2026-01-01T00:00:00+00:00', submission_key='k').token)"
    token = manage(env, "shell", "--no-imports", "-c", store).strip()
    with gunicorn(env) as server:
        answers = {link: status(server.get(link)) for link in mangled(token)}
        answers["POST"] = status(server.get(f"/Advice/{token}/", method="POST"))
        assert status(server.get(f"/advice/{token}/")) == 200  # the token is live
    assert {link: code for link, code in answers.items() if code not in (200, 301, 400, 404, 405)} == {}
    lines = server.output.splitlines()
    assert sum("Not Found: " in line for line in lines) >= 15  # Django logged them (this test has teeth)
    assert sum('HTTP/1.1" 404' in line for line in lines) >= 15  # and so did gunicorn's access log
    assert [line for line in lines if token in line] == []
    pieces = {token[i : i + 16] for i in range(len(token) - 15)}
    assert [line for line in lines if any(piece in line for piece in pieces)] == []
