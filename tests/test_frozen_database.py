"""A database that stops answering: the "not saved" page within seconds, with the person's answer
kept in its retry form; the emergency card at once; nothing hangs.

Frozen, not stopped: a TCP proxy between the app and PostgreSQL stops forwarding, as a frozen
server process (SIGSTOP) or a network that drops packets would. The connections stay open and
nothing says anything, so the server's own timeouts cannot help: only the client's. The app is
real gunicorn with production settings (tests/served.py).
"""

from __future__ import annotations

import select
import socket
import threading
import time

import pytest
from django.db import connection

from tests.served import Browser, gunicorn, production_env, static_root

__all__ = ["static_root"]  # a fixture

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="a database server to freeze")
pytestmark = [postgres_only, pytest.mark.django_db(transaction=True)]  # the server process sees committed rows

NOT_SAVED = "Sorry, your answers were not saved"
CALL_999 = '<span class="nhsuk-u-visually-hidden">Immediate action required: </span>Call 999 now</h2>'


class Proxy:
    """Forwards TCP connections to PostgreSQL until ``freeze()``: from then on it holds every byte,
    both ways, and every new connection, without closing anything (``stop()`` closes everything)."""

    def __init__(self, host: str, port: int):
        self.upstream = (host, port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.frozen = threading.Event()
        self.stopped = threading.Event()
        self.sockets: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def freeze(self):
        self.frozen.set()

    def thaw(self):
        self.frozen.clear()

    def stop(self):
        """Every connection closed, new ones refused."""
        self.stopped.set()
        self.listener.close()
        for sock in self.sockets:
            sock.close()

    def _accept(self):
        while not self.stopped.is_set():
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.upstream)
            self.sockets += [client, server]
            threading.Thread(target=self._pump, args=(client, server), daemon=True).start()

    def _pump(self, client: socket.socket, server: socket.socket):
        other = {client: server, server: client}
        try:
            while not self.stopped.is_set():
                if self.frozen.is_set():
                    time.sleep(0.02)
                    continue
                readable, _, _ = select.select([client, server], [], [], 0.02)
                for sock in readable:
                    data = sock.recv(65536)
                    if not data:
                        return
                    other[sock].sendall(data)
        except OSError:
            return
        finally:
            client.close()
            server.close()


@pytest.fixture
def proxy():
    settings = connection.settings_dict
    proxy = Proxy(settings["HOST"] or "127.0.0.1", int(settings["PORT"] or 5432))
    yield proxy
    proxy.stop()  # before the test database is dropped: no connection of ours may stay open


@pytest.fixture(params=["2"], ids=["threads"])
def server(proxy, static_root, tmp_path, request):
    """The app under gunicorn, talking to the test database through the proxy."""
    settings = connection.settings_dict
    url = f"postgres://{settings['USER']}:{settings['PASSWORD']}@127.0.0.1:{proxy.port}/{settings['NAME']}"
    env = production_env(tmp_path / "unused.sqlite3", DJANGO_STATIC_ROOT=str(static_root), DATABASE_URL=url)
    with gunicorn({**env, "GUNICORN_THREADS": request.param}) as server:
        yield server


def started(server, *, age="25_44") -> Browser:
    person = Browser(server)
    person.start()
    assert person.answer("age", age).status == 302
    return person


@pytest.mark.parametrize("server", ["2", "1"], ids=["threads", "sync workers"], indirect=True)
def test_a_frozen_database_gives_the_not_saved_page_in_seconds_and_keeps_the_answer(proxy, server):
    """Before: the request hung for as long as the database did (45 s observed), no 503; a sync worker
    was killed by gunicorn's timeout (30 s) first, and the person got no page at all."""
    person = started(server)
    proxy.freeze()
    page = person.answer("emergency", ["none"])
    assert page.status == 503
    assert page.seconds < 10, page.seconds
    assert NOT_SAVED in page.body
    assert '<input type="hidden" name="emergency-answer" value="none">' in page.body  # kept for "Try again"
    health = Browser(server).get("/healthz/")
    assert (health.status, health.body) == (503, "database unavailable")
    assert health.seconds < 10
    print(f"\nfrozen database: 'not saved' after {page.seconds:.1f} s, /healthz/ 503 after {health.seconds:.1f} s")

    proxy.thaw()
    again = person.send_again(page)
    assert (again.status, again.headers["Location"]) == (302, person.url("same_day"))


def test_an_emergency_answer_shows_the_card_at_once_when_the_database_is_frozen(proxy, server):
    person = started(server, age="45_64")
    proxy.freeze()
    page = person.answer("emergency", ["fit_now"])
    assert page.status == 503
    assert CALL_999 in page.body
    assert page.seconds < 10, page.seconds
    print(f"\nfrozen database: emergency card after {page.seconds:.1f} s")
    proxy.thaw()
    stored = person.answer("emergency", ["fit_now"])  # sent again once the database is back
    assert stored.status == 302 and stored.headers["Location"].startswith("/advice/")
