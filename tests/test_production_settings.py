"""The production settings path: DJANGO_DEBUG=false plus a few variables, nothing else."""

import json
import os
import secrets
import subprocess
import sys

from django.conf import settings

PRODUCTION_PROBE = """
import json
import django
django.setup()
from django.conf import settings
from django.test import Client

client = Client()
plain = client.get("/", HTTP_HOST="twitchguide.example")
secure = client.get("/", secure=True, HTTP_HOST="twitchguide.example")
print(json.dumps({
    "plain_status": plain.status_code,
    "plain_location": plain.get("Location"),
    "status": secure.status_code,
    "headers": dict(secure.headers),
    "cookies": {name: dict(morsel.items()) for name, morsel in secure.cookies.items()},
    "session_cookie": settings.SESSION_COOKIE_NAME,
    "proxy_header": settings.SECURE_PROXY_SSL_HEADER,
}))
"""


def production_env(tmp_path, **extra):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "SQLITE_", "RATE_LIMIT", "AXES_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="twitchguide.settings",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="twitchguide.example",
        SQLITE_PATH=str(tmp_path / "prod.sqlite3"),
        DJANGO_STATIC_ROOT=str(tmp_path / "static"),
        **extra,
    )
    return env


def collected(env):
    """Production pages name hashed static files from collectstatic's manifest: collect them, as a deploy does."""
    result = run(["manage.py", "collectstatic", "--noinput", "--verbosity", "0"], env)
    assert result.returncode == 0, result.stderr
    return env


def run(args, env):
    return subprocess.run(  # noqa: S603 (our own interpreter and manage.py)
        [sys.executable, *args], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_passes_with_production_environment(tmp_path):
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], production_env(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_fails_with_development_defaults(tmp_path):
    env = production_env(tmp_path)
    env["DJANGO_DEBUG"] = "true"
    env.pop("DJANGO_SECRET_KEY")
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)
    assert result.returncode != 0


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = production_env(tmp_path)
    env.pop("DJANGO_SECRET_KEY")
    result = run(["manage.py", "check"], env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_production_redirects_to_https_and_sends_strict_headers(tmp_path):
    result = run(["-c", PRODUCTION_PROBE], collected(production_env(tmp_path)))
    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout)
    assert probe["plain_status"] == 301
    assert probe["plain_location"] == "https://twitchguide.example/"
    assert probe["status"] == 200
    headers = probe["headers"]
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Content-Security-Policy"].startswith("default-src 'none'; ")
    csrf = probe["cookies"]["__Host-csrftoken"]
    assert csrf["secure"] is True
    assert csrf["httponly"] is True
    assert csrf["samesite"] == "Lax"
    assert csrf["path"] == "/"
    assert csrf["domain"] == ""  # a __Host- cookie must not name a domain
    assert probe["session_cookie"] == "__Host-sessionid"
    assert probe["proxy_header"] is None  # not trusted unless we say we are behind a proxy


def test_proxy_header_is_trusted_only_when_configured(tmp_path):
    result = run(["-c", PRODUCTION_PROBE], collected(production_env(tmp_path, DJANGO_BEHIND_PROXY="true")))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["proxy_header"] == ["HTTP_X_FORWARDED_PROTO", "https"]
