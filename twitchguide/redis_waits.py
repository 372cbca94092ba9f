"""Django's Redis cache, waiting for Redis no longer than for the database (twitchguide/waits.py).

Every answer from Redis waits ``socket_timeout`` seconds at most (settings.py). Inside
``waits.at_most`` (an emergency answer: triage.faults.EmergencyFirstMiddleware) it waits no longer
than what is left of that bound, as an answer from PostgreSQL does (twitchguide/postgresql): with
``REDIS_URL`` the session is read and saved through Redis too (twitchguide/cached_sessions.py), so
a Redis that stops answering must not hold the emergency card back. Used as the cache's
``pool_class``; everything else is redis-py's own.
"""

from functools import cache

import redis
from redis.connection import SENTINEL

from twitchguide import waits


class _BoundedAnswers:
    def read_response(self, *args, timeout=SENTINEL, **kwargs):
        if timeout is SENTINEL and waits.limit(None) is not None:
            timeout = waits.limit(self.socket_timeout)
        return super().read_response(*args, timeout=timeout, **kwargs)


@cache
def _bounded(connection_class: type) -> type:
    return type(f"Bounded{connection_class.__name__}", (_BoundedAnswers, connection_class), {})


class ConnectionPool(redis.ConnectionPool):
    """redis-py's pool of connections (plain, TLS or a Unix socket, as ``REDIS_URL`` says) that wait as above."""

    def __init__(self, connection_class=redis.Connection, **kwargs):
        super().__init__(connection_class=_bounded(connection_class), **kwargs)
