"""Many people finishing the questionnaire at the same moment.

Imported by tests/test_concurrency.py, and run as a script (``python -m tests.concurrent_submits``)
against a fresh SQLite file, because the test database for SQLite lives in memory.
"""

from __future__ import annotations

import json
import threading


def submit_concurrently(threads: int = 16, runs_per_thread: int = 2) -> dict:
    """Each thread is a browser doing full runs, submitting each twice; return what was stored."""
    from django.db import connection
    from django.test import Client, RequestFactory

    from tests.conftest import TYPICAL, Patient
    from triage.models import Assessment
    from triage.security import client_key

    errors: list[str] = []
    tokens: list[str] = []
    posts: list[int] = []
    barrier = threading.Barrier(threads)

    class CountingClient(Client):
        def post(self, path, *args, **kwargs):
            if path == "/":  # starting a questionnaire: what the address limit counts
                posts.append(1)
            return super().post(path, *args, **kwargs)

    def browser():
        try:
            barrier.wait()
            for _ in range(runs_per_thread):
                patient = Patient(CountingClient())
                patient.start()
                assert patient.answer_all(TYPICAL).status_code == 200
                first, again = patient.submit(), patient.submit()
                assert first.status_code == 302, first.status_code
                assert again.url == first.url
                tokens.append(first.url.split("/")[2])
        except Exception as error:  # noqa: BLE001 - reported to the test
            errors.append(repr(error))
        finally:
            connection.close()

    workers = [threading.Thread(target=browser) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return {
        "expected": threads * runs_per_thread,
        "stored": Assessment.objects.count(),
        "distinct_tokens": len(set(tokens)),
        "errors": errors,
        # Every start counts against the (shared, here very high) limit of their one address (the
        # test client's), none lost in a race: all threads start at once.
        "posts": len(posts),
        "posts_counted": _counted(client_key(RequestFactory().post("/"))),
        "journal_mode": _journal_mode(connection),
    }


def _counted(key: str) -> int:
    """The address's starts counted in this window and the one before (in Redis or the database)."""
    import time

    from django.conf import settings
    from django.core.cache import cache
    from django.db.models import Sum

    from triage.models import RateLimitCount

    if settings.RATE_LIMIT_IN_CACHE:
        window = int(time.time() // settings.RATE_LIMIT_WINDOW)
        return sum(cache.get(f"rate-limit:{w}:{key}", 0) for w in (window - 1, window))
    return RateLimitCount.objects.filter(client=key).aggregate(total=Sum("count"))["total"]


def _journal_mode(connection) -> str | None:
    if connection.vendor != "sqlite":
        return None
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        return cursor.fetchone()[0]


if __name__ == "__main__":
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    print(json.dumps(submit_concurrently()))
