"""Database sessions, read with one precompiled query instead of building it with the ORM.

Every questionnaire page reads the session (the answers so far live there), so its read is
on the hot path of every patient request. Django's database backend builds the same
``Session.objects.get(session_key=..., expire_date__gt=now)`` through the ORM each time,
which costs several times more than running the query (docs/performance.md). This store runs
that exact query as SQL and keeps everything else (saving, expiry, key rotation) Django's.
Set as ``SESSION_ENGINE``; the table, the rows and the cookie are Django's own.

A cookie whose key Django could not have made (a NUL, any character but a-z and 0-9) is no
session at all, as Django treats a key that is too short: passed on, a NUL reached PostgreSQL,
which refuses it (a 503 and a traceback for every such request).

Saving is Django's too, except for one thing: a locked or failing database while saving is
raised as the database fault it is (a 503 "not saved" page, triage/faults.py), where Django
would take it for a session deleted meanwhile (a 400, and the answer silently dropped).
"""

from django.contrib.sessions.backends import db
from django.contrib.sessions.backends.base import VALID_KEY_CHARS, UpdateError
from django.core.exceptions import ObjectNotUpdated
from django.db import connections, router
from django.utils import timezone

_KEY_CHARACTERS = frozenset(VALID_KEY_CHARS)


class SessionStore(db.SessionStore):
    def _validate_session_key(self, key):
        return super()._validate_session_key(key) and set(key) <= _KEY_CHARACTERS

    def save(self, must_create=False):
        try:
            super().save(must_create)
        except UpdateError as interrupted:
            if isinstance(interrupted.__context__, ObjectNotUpdated):
                raise  # the row is gone: really deleted meanwhile
            raise interrupted.__context__ from None

    def load(self):
        data = self._session_data_from_db()
        return {} if data is None else self.decode(data)

    def _session_data_from_db(self) -> str | None:
        model = self.model
        connection = connections[router.db_for_read(model)]
        quote = connection.ops.quote_name
        # Only quoted names are put in the text; the key and the time are parameters.
        sql = (
            f"SELECT {quote('session_data')} FROM {quote(model._meta.db_table)} "  # noqa: S608
            f"WHERE {quote('session_key')} = %s AND {quote('expire_date')} > %s"
        )
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(sql, [self.session_key, now])
            row = cursor.fetchone()
        if row is None:
            self._session_key = None  # unknown or expired: a new session gets a new key
            return None
        return row[0]
