"""Django's PostgreSQL backend, connecting with a psycopg connection that never waits for ever.

A server that does not answer at all (a frozen process, a network that drops packets) never
says so: the server's own timeouts (``statement_timeout``, ``lock_timeout``) cannot run, libpq
has no client-side limit on a query, and TCP keepalives and ``tcp_user_timeout`` do not fire
while the kernel at the other end still acknowledges (tests/test_frozen_database.py freezes a
proxy that does exactly that). So every wait for an answer is bounded here:
``OPTIONS["answer_timeout"]`` seconds, or less inside ``twitchguide.waits.at_most``. Then the
connection is dropped (it is mid-query, no use to anyone) and the request gets Django's
``OperationalError``: the 503 page.

That is all this backend changes: connecting, the health check (``CONN_HEALTH_CHECKS``) and
everything else are Django's own.
"""

import psycopg
from django.db.backends.postgresql import base
from psycopg.errors import _WaitTimeout  # what Connection.wait(timeout=…) raises (psycopg 3.3)

from twitchguide import waits


class BoundedConnection(psycopg.Connection):
    """A psycopg connection that waits at most ``answer_timeout`` seconds for each answer."""

    answer_timeout: float | None = None

    def wait(self, gen, interval=0.1, timeout=None):
        timeout = waits.limit(self.answer_timeout) if timeout is None else timeout
        try:
            return super().wait(gen, interval, timeout)
        except _WaitTimeout:
            self.pgconn.finish()  # mid-query and silent: drop it, so nothing waits on it again
            raise psycopg.OperationalError(f"the database did not answer within {timeout:.1f} s") from None


class _Psycopg:
    """psycopg as Django's backend uses it (``DatabaseWrapper.Database``), connecting with BoundedConnection."""

    connect = staticmethod(BoundedConnection.connect)

    def __getattr__(self, name):
        return getattr(psycopg, name)


class DatabaseWrapper(base.DatabaseWrapper):
    Database = _Psycopg()

    def get_connection_params(self):
        params = super().get_connection_params()
        params.pop("answer_timeout", None)  # ours, not libpq's
        return params

    def get_new_connection(self, conn_params):
        connection = super().get_new_connection(conn_params)
        connection.answer_timeout = self.settings_dict["OPTIONS"].get("answer_timeout")
        return connection
