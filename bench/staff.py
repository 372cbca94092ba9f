"""``make bench-staff``: the staff pages on a database loaded by ``make bench-data``.

In-process (Django's test client, production settings, the database in DATABASE_URL or SQLITE_PATH),
signed in as a staff member with a second factor, as staff are. Prints, as Markdown and JSON:

- the statistics page: wall time (median of 3);
- the CSV export: time to its first assessment's row (after the header line), to its last, and
  the process's peak memory meanwhile;
- the assessments list in the admin (first page, and page 50 or the last): wall time and its queries, and
  whether any of them counts every row;
- the advice page of one stored assessment: first view and again (median of 20);
- with ``--purge``: ``purge_expired_assessments``, its wall time and peak memory (it deletes).

The server's statement timeout is off here (DATABASE_STATEMENT_TIMEOUT=0) so that a slow page is
measured instead of cut off; the app servers run with 3 s, past which a page is a 503.
"""

from __future__ import annotations

import io
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup():
    sys.path.insert(0, str(ROOT))
    os.environ.update(
        DJANGO_SETTINGS_MODULE="bench.peer.settings",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=os.environ.get("DJANGO_SECRET_KEY", "bench-staff-" + "x" * 50),
        DJANGO_ALLOWED_HOSTS="testserver",
        DJANGO_SECURE_SSL_REDIRECT="false",
        DJANGO_SESSION_COOKIE_SECURE="false",
        DJANGO_CSRF_COOKIE_SECURE="false",
        DATABASE_STATEMENT_TIMEOUT="0",
        DJANGO_STATIC_ROOT=os.environ.get("DJANGO_STATIC_ROOT", str(ROOT / "bench-results" / "static")),
    )
    import django

    django.setup()


def peak_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def reset_peak_rss() -> None:
    Path("/proc/self/clear_refs").write_text("5")  # Linux: VmHWM starts again from the current size


def signed_in_client():
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from twitchguide.staff import has_authenticator, set_up_authenticator

    user, _ = get_user_model().objects.get_or_create(
        username="bench-staff", defaults={"is_staff": True, "is_superuser": True}
    )
    user.set_password("bench-staff-password-1")
    user.save()
    if not has_authenticator(user):
        set_up_authenticator(user)
    device = TOTPDevice.objects.get(user=user)
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    code = f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):0{device.digits}d}"
    client = Client()
    response = client.post(
        "/admin/login/", {"username": user.username, "password": "bench-staff-password-1", "code": code}
    )
    assert response.status_code == 302, response.status_code
    return client


def timed(fn, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main():
    setup()
    from django.core.management import call_command
    from django.core.signals import request_started
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from triage.models import Answer, Assessment

    client = signed_in_client()
    results: dict = {"vendor": connection.vendor, "assessments": Assessment.objects.count(),
                     "answers": Answer.objects.count()}  # fmt: skip
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_database_size(current_database())")
            results["database_mb"] = round(cursor.fetchone()[0] / 2**20)

    def page(path):
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        return response

    results["statistics_s"] = timed(lambda: page("/admin/triage/assessment/statistics/"))

    reset_peak_rss()
    before = peak_rss_mb()
    started = time.perf_counter()
    response = page("/admin/triage/assessment/export/")
    size, rows = 0, 0
    for chunk in response.streaming_content:
        size, rows = size + len(chunk), rows + chunk.count(b"\n")
        if rows >= 2 and "export_first_byte_s" not in results:  # the header, then the first assessment
            results["export_first_byte_s"] = time.perf_counter() - started
    results["export_all_s"] = time.perf_counter() - started
    results["export_rows"] = rows - 1
    results["export_mb"] = round(size / 2**20, 1)
    results["export_peak_memory_mb"] = round(peak_rss_mb() - before, 1)

    request_started.disconnect(reset_queries)  # so that the queries of one request can be counted
    later = min(50, Assessment.objects.current().count() // 100)  # a page further on
    for label, path in (
        ("admin_list", "/admin/triage/assessment/"),
        ("admin_list_later_page", f"/admin/triage/assessment/?p={later}"),
    ):
        with CaptureQueriesContext(connection) as queries:
            page(path)
        results[f"{label}_s"] = timed(lambda path=path: page(path))
        results[f"{label}_queries"] = len(queries)
        counts = [q["sql"].upper() for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
        results[f"{label}_counts_every_row"] = any("LIMIT" not in sql for sql in counts)

    advice = Assessment.objects.current().order_by("-pk").only("token").first().get_absolute_url()
    reader = type(client)()
    started = time.perf_counter()
    assert reader.get(advice).status_code == 200
    results["advice_first_view_ms"] = (time.perf_counter() - started) * 1000
    results["advice_again_ms"] = timed(lambda: reader.get(advice), repeat=20) * 1000

    if "--purge" in sys.argv:
        reset_peak_rss()
        before = peak_rss_mb()
        out = io.StringIO()
        started = time.perf_counter()
        call_command("purge_expired_assessments", stdout=out)
        results["purge_s"] = time.perf_counter() - started
        results["purge_peak_memory_mb"] = round(peak_rss_mb() - before, 1)
        results["purge_output"] = out.getvalue().strip()

    for key, value in results.items():
        print(f"| {key} | {round(value, 3) if isinstance(value, float) else value} |")
    print(json.dumps(results))


if __name__ == "__main__":
    main()
