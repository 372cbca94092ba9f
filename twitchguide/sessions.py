"""Django's database sessions, with two safety behaviours the stock engine lacks.

Everything else (reading, saving, expiry, key rotation, the table and the cookie) is Django's.
With ``REDIS_URL`` the same sessions are read through Redis (twitchguide/cached_sessions.py).

- A cookie whose key Django could not have made (a NUL, any character but a-z and 0-9) is no
  session at all, as Django treats a key that is too short: passed on, a NUL reached PostgreSQL,
  which refuses it (a 503 and a traceback for every such request; tests/test_sessions.py).
- A locked or failing database while saving is raised as the database fault it is (a 503 "not
  saved" page, triage/faults.py), where Django would take it for a session deleted meanwhile (a
  400, and the answer silently dropped; tests/test_database_faults.py).
"""

from django.contrib.sessions.backends import db
from django.contrib.sessions.backends.base import VALID_KEY_CHARS, UpdateError
from django.core.exceptions import ObjectNotUpdated

_KEY_CHARACTERS = frozenset(VALID_KEY_CHARS)


class Safeguards:
    """The two behaviours above, for any of Django's database-backed session stores."""

    def _validate_session_key(self, key):
        return super()._validate_session_key(key) and set(key) <= _KEY_CHARACTERS

    def save(self, must_create=False):
        try:
            super().save(must_create)
        except UpdateError as interrupted:
            if isinstance(interrupted.__context__, ObjectNotUpdated):
                raise  # the row is gone: really deleted meanwhile
            raise interrupted.__context__ from None


class SessionStore(Safeguards, db.SessionStore):
    pass
