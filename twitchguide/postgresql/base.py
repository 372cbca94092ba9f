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
"""

import select

from django.db.backends.postgresql import base
from psycopg import pq


class DatabaseWrapper(base.DatabaseWrapper):
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
