"""Production serving: static files from whitenoise, health checks, gunicorn settings, access log."""

import contextlib
import json
import os
import runpy
import shutil
import subprocess
import sys
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.db import OperationalError, connection
from django.test import Client

from tests.served import gunicorn, manage, production_env, static_root, status

__all__ = ["static_root"]  # a fixture
ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {"DJANGO_DEBUG": "false", "DJANGO_SECRET_KEY": "x" * 50, "DJANGO_ALLOWED_HOSTS": "testserver"}


def settings_with(env: dict, expression: str):
    """Evaluate ``expression`` against the settings module loaded fresh with this environment."""
    code = f"import json; from twitchguide import settings as s; print(json.dumps({expression}, default=str))"
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout)


def test_whitenoise_serves_static_files_with_the_security_headers_before_sessions():
    middleware = django_settings.MIDDLEWARE
    whitenoise = middleware.index("twitchguide.storage.StaticFilesMiddleware")
    assert middleware.index("django.middleware.security.SecurityMiddleware") < whitenoise
    assert middleware.index("django.middleware.csp.ContentSecurityPolicyMiddleware") < whitenoise
    assert whitenoise < middleware.index("django.contrib.sessions.middleware.SessionMiddleware")


def test_production_cookies_are_secure_unless_serving_plain_http_locally():
    production = settings_with(PRODUCTION_ENV, "[s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_NAME]")
    assert production == [True, True, "__Host-sessionid"]
    local = settings_with(
        {**PRODUCTION_ENV, "DJANGO_SESSION_COOKIE_SECURE": "false", "DJANGO_CSRF_COOKIE_SECURE": "false"},
        "[s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME]",
    )
    assert local == [False, False, "sessionid", "csrftoken"]


def test_health_checks_are_not_redirected_to_https(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_REDIRECT_EXEMPT = settings_with(PRODUCTION_ENV, "s.SECURE_REDIRECT_EXEMPT")
    assert client.get("/healthz/").status_code == 200
    assert client.get("/healthz/live/").status_code == 200
    assert client.get("/").status_code == 301


def test_production_uses_hashed_compressed_static_files():
    storage = settings_with(PRODUCTION_ENV, 's.STORAGES["staticfiles"]["BACKEND"]')
    assert storage == "whitenoise.storage.CompressedManifestStaticFilesStorage"


def test_development_serves_static_files_as_they_are():
    storage = settings_with({}, 's.STORAGES["staticfiles"]["BACKEND"]')
    assert storage == "django.contrib.staticfiles.storage.StaticFilesStorage"


@pytest.fixture
def collected_static(tmp_path, settings):
    """collectstatic as production runs it, into a temporary STATIC_ROOT, and settings to serve it."""
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=ROOT,
        env={**os.environ, **PRODUCTION_ENV, "DJANGO_STATIC_ROOT": str(tmp_path)},
        check=True,
    )
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    settings.DEBUG = False
    return tmp_path


def test_static_files_are_hashed_compressed_and_cached_for_ever(collected_static, db):
    client = Client()  # a new client builds the middleware with these settings
    page = client.get("/").content.decode()
    stylesheet = next(part.split('"')[0] for part in page.split('href="')[1:] if part.startswith("/static/css/site."))
    assert stylesheet != "/static/css/site.css"  # the name carries a content hash
    assert (collected_static / "staticfiles.json").exists()

    response = client.get(stylesheet, headers={"accept-encoding": "gzip"})
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "immutable" in response["Cache-Control"]
    assert "max-age=315360000" in response["Cache-Control"]
    assert "Set-Cookie" not in response


def test_the_static_manifest_is_not_served(collected_static, db):
    client = Client()
    assert (collected_static / "staticfiles.json").exists()
    assert client.get("/static/staticfiles.json").status_code == 404
    assert client.get("/static/css/site.css").status_code == 200  # the files themselves are


def test_the_static_manifest_is_not_served_in_development_either(tmp_path, settings, db):
    (tmp_path / "staticfiles.json").write_text('{"paths": {}}')
    settings.STATIC_ROOT = tmp_path
    settings.DEBUG = True
    client = Client()
    assert client.get("/static/staticfiles.json").status_code == 404
    assert client.get("/static/css/site.css").status_code == 200


def test_health_check_answers_ok_when_the_database_answers(client, db):
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies


@pytest.mark.django_db(transaction=True)  # each check in autocommit, as in production
@pytest.mark.parametrize("fault", ["gone", "full", "read-only"])
def test_health_check_fails_when_the_database_cannot_take_a_write(client, fault):
    """A database that still answers reads but refuses writes fails every answer a patient sends."""
    assert client.get("/healthz/").status_code == 200
    with database_fault(fault):
        response = client.get("/healthz/")
    assert (response.status_code, response.content) == (503, b"database unavailable")
    assert client.get("/healthz/").status_code == 200  # and well again once the fault is gone


@contextmanager
def database_fault(fault: str):
    if fault == "read-only":  # the database itself refuses: a read-only file, a replica
        read_only = {"sqlite": ("PRAGMA query_only = ON", "PRAGMA query_only = OFF")}.get(
            connection.vendor, ("SET default_transaction_read_only = on", "SET default_transaction_read_only = off")
        )
        with connection.cursor() as cursor:
            cursor.execute(read_only[0])
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute(read_only[1])
        return
    message = {"gone": "server closed the connection unexpectedly", "full": "database or disk is full"}[fault]

    def refuse(execute, sql, params, many, context):
        if fault == "gone" or sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
            raise OperationalError(message)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(refuse):
        yield


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("mount"), reason="mounting a small disk needs root")
def test_health_check_fails_on_a_really_full_disk(tmp_path, static_root):
    """SQLite on a 2 MB disk under real gunicorn: reads still work when the disk is full, writes do not."""
    disk = tmp_path / "disk"
    disk.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(disk)], check=False).returncode:  # noqa: S607
        pytest.skip("this machine does not let us mount a small disk")
    try:
        env = production_env(disk / "db.sqlite3", DJANGO_STATIC_ROOT=str(static_root))
        manage(env, "migrate", "--noinput", "--verbosity", "0")
        with gunicorn({**env, "GUNICORN_THREADS": "1"}) as server:
            assert status(server.get("/healthz/")) == 200
            filler = os.open(disk / "filler", os.O_WRONLY | os.O_CREAT)
            with contextlib.suppress(OSError):
                while os.write(filler, b"\0" * 4096):
                    pass
            os.close(filler)
            assert status(server.get("/healthz/live/")) == 200
            assert status(server.get("/privacy/")) == 200  # reading still works
            answer = server.get("/healthz/")
        assert status(answer) == 503, answer
    finally:
        subprocess.run(["umount", str(disk)], check=False)  # noqa: S607


def test_liveness_check_touches_nothing(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz/live/")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert not response.cookies


def test_health_checks_only_answer_reads(client, db):
    assert client.post("/healthz/").status_code == 405
    assert client.post("/healthz/live/").status_code == 405


# --- gunicorn --------------------------------------------------------------------------------


def gunicorn_conf(monkeypatch, **env):
    for name in [n for n in os.environ if n.startswith(("GUNICORN_", "WEB_CONCURRENCY", "PORT", "HOST"))]:
        monkeypatch.delenv(name)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(ROOT / "gunicorn.conf.py"))


def test_gunicorn_defaults_are_sized_from_the_cpu_count(monkeypatch):
    conf = gunicorn_conf(monkeypatch)
    assert conf["workers"] == 2 * len(os.sched_getaffinity(0)) + 1
    assert conf["threads"] == 2
    assert conf["worker_class"] == "gthread"
    assert conf["bind"] == "127.0.0.1:8000"
    assert conf["accesslog"] is None  # no access log unless asked for
    assert conf["timeout"] == 30


def test_gunicorn_is_configured_from_the_environment(monkeypatch):
    conf = gunicorn_conf(
        monkeypatch,
        GUNICORN_WORKERS="7",
        GUNICORN_THREADS="1",
        GUNICORN_BIND="0.0.0.0:9000",
        GUNICORN_ACCESS_LOG="-",  # noqa: S104
    )
    assert (conf["workers"], conf["threads"], conf["worker_class"]) == (7, 1, "sync")
    assert conf["bind"] == "0.0.0.0:9000"
    assert conf["accesslog"] == "-"


def test_gunicorn_uses_web_concurrency_and_port_like_most_platforms(monkeypatch):
    conf = gunicorn_conf(monkeypatch, WEB_CONCURRENCY="5", HOST="0.0.0.0", PORT="8080")  # noqa: S104
    assert conf["workers"] == 5
    assert conf["bind"] == "0.0.0.0:8080"


def test_access_log_lines_never_carry_a_token_a_query_or_an_address(monkeypatch):
    from gunicorn.config import Config

    from twitchguide.serving import RedactingLogger

    conf = gunicorn_conf(monkeypatch)
    cfg = Config()
    cfg.set("accesslog", "-")
    logger = RedactingLogger(cfg)
    token = "s3cr3t-T0ken_abcdefghijklmnopqrstuvwxyz0123456"
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/advice/{token}/?print=1",
        "PATH_INFO": f"/advice/{token}/",
        "QUERY_STRING": "print=1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "203.0.113.9",
        "HTTP_USER_AGENT": "Mozilla/5.0",
        "HTTP_REFERER": f"https://example.org/advice/{token}/",
    }
    resp = mock.Mock(status="200 OK", sent=1234, headers=[("Content-Type", "text/html")])
    req = mock.Mock(headers=[("COOKIE", "sessionid=abc"), ("REFERER", environ["HTTP_REFERER"])])
    atoms = logger.atoms_wrapper_class(logger.atoms(resp, req, environ, timedelta(milliseconds=12)))
    line = conf["access_log_format"] % atoms
    assert line.endswith('"GET /advice/<token>/ HTTP/1.1" 200 1234 12ms')
    # Whatever an operator adds to the format, these stay out:
    everything = "%(h)s %(r)s %(U)s %(q)s %(a)s %(f)s %({cookie}i)s %({referer}i)s" % atoms  # noqa: UP031
    for secret in (token, "print=1", "203.0.113.9", "Mozilla", "sessionid"):
        assert secret not in everything


def test_questionnaire_run_ids_are_left_out_of_the_access_log():
    from twitchguide.serving import redact_path

    assert redact_path("/questions/0a1b2c3d4e5f/age/?change=1") == "/questions/<run>/age/"
    assert redact_path("/advice/abc/delete/") == "/advice/<token>/delete/"
    assert redact_path("/static/css/site.7546666e232d.css") == "/static/css/site.7546666e232d.css"


def test_responses_do_not_name_the_server_software(tmp_path, static_root):
    """Before: every response said "Server: gunicorn"."""
    env = production_env(tmp_path / "db.sqlite3", DJANGO_STATIC_ROOT=str(static_root))
    with gunicorn(env) as server:
        answers = [
            server.get("/healthz/live/"),
            server.get("/no-such-page/"),
            server.get("/static/css/site.css"),
            server.get("/", method="PUT"),
            server.send(b"NONSENSE\r\n\r\n"),  # refused by gunicorn itself
        ]
    assert [status(answer) for answer in answers] == [200, 404, 200, 405, 400]
    for answer in answers:
        headers = answer.split(b"\r\n\r\n", 1)[0].lower()
        assert b"\r\nserver:" not in headers, headers
        assert b"gunicorn" not in answer
