"""Sessions with ``REDIS_URL``: Django's ``cached_db`` engine, kept in the database and read from Redis.

Every session is written to the database (as without Redis: twitchguide/sessions.py, with its two
safety behaviours) and a copy kept in Redis, shared by every app server, so that a page that only
reads the session (a question) asks Redis, not the database (make bench: docs/performance.md).

The copy must never be older than the database: a person who changed an answer would otherwise be
shown, and assessed on, the answer before (hazard log H38). Django's engine writes the database
first and then the copy, and only logs a copy it could not write, so a Redis that failed for a
moment could keep the old one. Here:

- a save first removes the copy; if Redis cannot do that, nothing is saved (the "not saved" page,
  triage/faults.py) and the person sends the answer again;
- a read that finds no copy reads the database and adds the copy only where there is still none
  (``cache.add``), so it never overwrites a newer one saved meanwhile;
- a read that cannot reach Redis reads the database and leaves Redis alone.

Redis waits are bounded as the database's are (twitchguide/redis_waits.py).
"""

from contextlib import suppress

from django.contrib.sessions.backends import cached_db, db
from redis.exceptions import RedisError

from twitchguide.sessions import Safeguards


class SessionStore(Safeguards, cached_db.SessionStore):
    def load(self):
        try:
            data = self._cache.get(self.cache_key)
        except RedisError:
            return db.SessionStore.load(self)
        if data is not None:
            return data
        stored = self._get_session_from_db()
        if stored is None:
            return {}
        data = self.decode(stored.session_data)
        with suppress(RedisError):  # no copy then: the next read asks the database again
            self._cache.add(self.cache_key, data, self.get_expiry_age(expiry=stored.expire_date))
        return data

    def save(self, must_create=False):
        if self.session_key is not None:
            self._cache.delete(self.cache_key)
        super().save(must_create)  # the database (Safeguards), then the copy (Django's, logged if it fails)
