"""How long a request waits for the database: never long, and an emergency answer hardly at all.

A database that stops answering (a frozen process, a network that drops packets, a lock held
for ever) must give a person the "not saved, try again" page in a few seconds, not hang their
request. Each wait has its bound, set in settings.py from the environment (docs/deployment.md):

- PostgreSQL: ``connect_timeout``, ``lock_timeout`` and ``statement_timeout`` (the server gives
  up), and ``answer_timeout``, one second longer, for a server that is not answering at all
  (twitchguide/postgresql: the client gives up and drops the connection);
- SQLite: the busy timeout, how long a write waits for another one's lock.

``at_most(seconds)`` bounds every wait inside it more tightly still, whatever those settings
say: an emergency answer uses it (triage.faults.EmergencyFirstMiddleware), so that the
emergency card never waits on a database write.
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import DEFAULT_DB_ALIAS, connections

_deadline: ContextVar[float | None] = ContextVar("database_deadline", default=None)


def limit(seconds: float | None) -> float | None:
    """The longest the next wait may take: ``seconds``, or less if ``at_most`` is running out."""
    deadline = _deadline.get()
    if deadline is None:
        return seconds
    left = max(0.0, deadline - time.monotonic())
    return left if seconds is None else min(seconds, left)


@contextmanager
def at_most(seconds: float, using: str = DEFAULT_DB_ALIAS):
    """Every wait for the database inside this block ends within ``seconds`` of its start."""
    token = _deadline.set(time.monotonic() + seconds)
    connection = connections[using]
    sqlite = connection.vendor == "sqlite"
    if sqlite:  # SQLite's own wait for a lock, which the deadline above cannot reach
        _busy_timeout(connection, seconds)
    try:
        yield
    finally:
        _deadline.reset(token)
        if sqlite:
            _busy_timeout(connection, connection.settings_dict["OPTIONS"].get("timeout", 5))


def _busy_timeout(connection, seconds: float) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA busy_timeout = {int(seconds * 1000)}")
