"""Django's PostgreSQL backend with a health check that needs no round trip when all is well.

With ``CONN_HEALTH_CHECKS``, Django sends ``SELECT 1`` before the first query of every request
that reuses a connection, so that a connection the server has dropped (a restart, a failover,
an administrator) is replaced before it fails a patient's request. On the question page that
round trip is half of the page's database work (docs/performance.md).

A server that ends a connection says so on its socket: it sends a "terminating connection"
error and closes, or the socket is reset. An idle connection, outside a transaction, on which
nothing has arrived has not been dropped in any way the server could tell us about, and
``SELECT 1`` would only confirm it. So this backend first asks the operating system whether
the socket has anything to read (no round trip); only if it has, or the connection is not idle,
does it run Django's own check, which then replaces the connection as before.

A server that does not answer at all (a frozen process, a network that drops packets) never
says so: the server's own timeouts cannot run, and the operating system keeps the connection
open. So every wait for an answer is bounded here too: ``OPTIONS["answer_timeout"]`` seconds,
or less inside ``twitchguide.waits.at_most``. Then the connection is dropped (it is mid-query,
no use to anyone) and the request gets Django's ``OperationalError``: the 503 page.
"""

import select

import psycopg
from django.db.backends.postgresql import base
from psycopg import pq
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

    def close_if_health_check_failed(self):
        if self.health_check_enabled and not self.health_check_done and self._idle_and_quiet():
            self.health_check_done = True
            return
        super().close_if_health_check_failed()

    def _idle_and_quiet(self) -> bool:
        """Open, idle, and nothing (a message, end of file, an error) waiting on its socket."""
        connection = self.connection
        if connection is None or connection.closed or connection.info.transaction_status != pq.TransactionStatus.IDLE:
            return False
        poller = select.poll()
        poller.register(connection.fileno(), select.POLLIN | select.POLLPRI)
        return not poller.poll(0)
