"""Database sessions, read with one precompiled query instead of building it with the ORM.

Every questionnaire page reads the session (the answers so far live there), so its read is
on the hot path of every patient request. Django's database backend builds the same
``Session.objects.get(session_key=..., expire_date__gt=now)`` through the ORM each time,
which costs several times more than running the query (docs/performance.md). This store runs
that exact query as SQL and keeps everything else (saving, expiry, key rotation) Django's.
Set as ``SESSION_ENGINE``; the table, the rows and the cookie are Django's own.
"""

from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone


class SessionStore(db.SessionStore):
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
