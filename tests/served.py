"""The app under real gunicorn, as production runs it: for the tests that need a whole server
(its logs, its headers, a database that stops answering)."""

from __future__ import annotations

import html
import http.client
import os
import re
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def static_root(tmp_path_factory) -> Path:
    """The static files as production serves them (``collectstatic``), collected once per test run."""
    root = tmp_path_factory.mktemp("staticfiles")
    manage(production_env(root / "unused.sqlite3", DJANGO_STATIC_ROOT=str(root)), "collectstatic", "--noinput", "-v0")
    return root


def production_env(sqlite_path: Path, **env: str) -> dict[str, str]:
    """The environment of ``make serve`` (production settings on plain http), with ``env`` on top.

    Pages need the collected static files: pass ``DJANGO_STATIC_ROOT=str(static_root)``.
    """
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_", "GUNICORN_", "RATE_", "REDIS_"))
    }
    return {
        **clean,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "x" * 50,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_SESSION_COOKIE_SECURE": "false",
        "DJANGO_CSRF_COOKIE_SECURE": "false",
        "SQLITE_PATH": str(sqlite_path),
        **env,
    }


def manage(env: dict[str, str], *args: str) -> str:
    """``manage.py args`` in that environment; its output."""
    done = subprocess.run(  # noqa: S603 - our own manage.py
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout


@dataclass
class Server:
    port: int
    process: subprocess.Popen
    output: str = field(default="")
    """Everything gunicorn and Django wrote (access log, error log, Django's log), once it has stopped."""

    def send(self, data: bytes, timeout: float = 30) -> bytes:
        """Send raw bytes (a request exactly as given, however malformed) and return the raw answer."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=timeout) as connection:
            connection.sendall(data)
            answer = b""
            while chunk := connection.recv(65536):
                answer += chunk
            return answer

    def get(self, target: str, method: str = "GET", headers: str = "", body: bytes = b"") -> bytes:
        head = f"{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n{headers}"
        if body:
            head += f"Content-Length: {len(body)}\r\n"
        return self.send(head.encode("latin-1") + b"\r\n" + body)


@contextmanager
def gunicorn(env: dict[str, str]):
    """gunicorn with gunicorn.conf.py and ``env`` on a free port, until the block ends."""
    port = free_port()
    process = subprocess.Popen(  # noqa: S603 - our own gunicorn and config
        [str(Path(PYTHON).parent / "gunicorn"), "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env={"GUNICORN_WORKERS": "1", "GUNICORN_THREADS": "2", **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    server = Server(port, process)
    try:
        for _ in range(200):  # gunicorn loads Django before listening: wait for the port (bounded)
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        yield server
    finally:
        process.terminate()
        server.output, _ = process.communicate(timeout=60)


def status(answer: bytes) -> int:
    """The status code of a raw HTTP answer (0 if there was none)."""
    parts = answer.split(b" ", 2)
    return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: str
    seconds: float
    """How long the server took to answer."""


class Browser:
    """A person's browser against a ``Server``: its own cookies, our forms posted with their CSRF
    token, redirects not followed (each answer is looked at)."""

    def __init__(self, server: Server):
        self.server = server
        self.cookies: dict[str, str] = {}
        self.run = ""

    def request(self, method: str, path: str, form: dict | None = None, timeout: float = 60) -> Answer:
        connection = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=timeout)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode({**form, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.monotonic()
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read().decode()
        seconds = time.monotonic() - started
        connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return Answer(response.status, dict(response.headers), content, seconds)

    def get(self, path: str) -> Answer:
        return self.request("GET", path)

    def post(self, path: str, form: dict) -> Answer:
        return self.request("POST", path, form)

    def start(self) -> Answer:
        """Open the start page and agree: the first question's address is in ``run``."""
        self.get("/")
        answer = self.post("/", {"consent": "on"})
        assert answer.status == 302, answer
        self.run = answer.headers["Location"].split("/")[2]
        return answer

    def url(self, step: str) -> str:
        return f"/questions/{self.run}/{step}/"

    def answer(self, step: str, value) -> Answer:
        return self.post(self.url(step), {"step": step, f"{step}-answer": value})

    def send_again(self, page: Answer) -> Answer:
        """Press "Try again" on a "not saved" page: post its hidden fields exactly as a browser would."""
        action = html.unescape(re.search(r'<form[^>]*\saction="([^"]+)"', page.body).group(1))
        fields: dict[str, list[str]] = {}
        for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page.body):
            if name != "csrfmiddlewaretoken":
                fields.setdefault(html.unescape(name), []).append(html.unescape(value))
        return self.post(action, fields)
