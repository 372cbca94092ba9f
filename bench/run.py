"""``make bench``: gunicorn on a free port, 50 simulated patients, baselines, one report.

The server runs ``bench.peer.settings``: TwitchGuide plus a stock formtools wizard of the same
questions at /peer/ (bench/peer/), so that the two question pages are measured side by side.

Runs on SQLite (a fresh bench-results/bench.sqlite3) or, when DATABASE_URL is set, on that
PostgreSQL database. Everything is configurable from the environment:

    BENCH_USERS=50          simulated patients at once
    BENCH_SECONDS=60        how long they keep coming (each finishes its questionnaire after)
    BENCH_THINK=0.5-1.5     seconds a patient pauses on each page (0 for none)
    BENCH_RUSH_SECONDS=30   a second phase with no pauses at all, to find the ceiling (0 skips)
    BENCH_WRK_SECONDS=2     per single-URL measurement with wrk ...
    BENCH_WRK_ROUNDS=3      ... repeated in this many interleaved rounds (medians reported)
    BENCH_WRK_SESSIONS=50   patients part-way through whose cookies wrk takes in turn on the
                            two question pages (one per connection by default)
    GUNICORN_WORKERS, GUNICORN_THREADS as for production (see gunicorn.conf.py)

Results: bench-results/<time>-<database>/ (summary.md, results.json, Locust CSVs, server log).
"""

from __future__ import annotations

import csv
import html
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

import requests
from personas import TYPICAL  # bench/ is sys.path[0] when run as bench/run.py

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
TARGET_P95_MS = 250
# TwitchGuide's question page against the stock wizard's (bench/peer/) and the layout alone.
TARGET_VS_PEER = 3.0
TARGET_VS_LAYOUT = 0.5

USERS = int(os.environ.get("BENCH_USERS", "50"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "60"))
RUSH_SECONDS = int(os.environ.get("BENCH_RUSH_SECONDS", "30"))
THINK = os.environ.get("BENCH_THINK", "0.5-1.5")
WRK_SECONDS = int(os.environ.get("BENCH_WRK_SECONDS", "2"))
WRK_ROUNDS = int(os.environ.get("BENCH_WRK_ROUNDS", "3"))
WRK_CONNECTIONS = int(os.environ.get("BENCH_WRK_CONNECTIONS", str(USERS)))
WRK_SESSIONS = int(os.environ.get("BENCH_WRK_SESSIONS", str(WRK_CONNECTIONS)))
# The question both question pages are measured at, part-way through the questionnaire.
MEASURED_STEP = "frequency"

PAGE_TYPES = ["start", "consent", "question", "answer", "check", "submit", "advice", "under-16", "static", "healthz"]


def say(*args):
    print(*args, flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(out: Path) -> dict:
    env = {
        **os.environ,
        # TwitchGuide with the stock wizard beside it at /peer/ (bench/peer/settings.py).
        "DJANGO_SETTINGS_MODULE": "bench.peer.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        # Plain http on 127.0.0.1: no HTTPS redirect, cookies without the Secure flag.
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_SESSION_COOKIE_SECURE": "false",
        "DJANGO_CSRF_COOKIE_SECURE": "false",
        # All simulated patients share 127.0.0.1, where real ones each have their own address:
        # the rate limits for POSTs still run (and cost what they cost) but must not refuse them.
        "RATE_LIMIT_SESSION_POSTS": "1000000000",
        "RATE_LIMIT_ADDRESS_STARTS": "1000000000",
        "RATE_LIMIT_QUESTIONNAIRE_POSTS": "1000000000",
        "DJANGO_STATIC_ROOT": str(ROOT / "bench-results" / "static"),
        "PYTHONUNBUFFERED": "1",
    }
    if not env.get("DATABASE_URL"):
        env["SQLITE_PATH"] = str(ROOT / "bench-results" / "bench.sqlite3")
    return env


def manage(env, *args) -> str:
    result = subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    return result.stdout


DB_FACTS = """
import json, django
from django.db import connection
from triage.models import Assessment
with connection.cursor() as c:
    c.execute("select sqlite_version()" if connection.vendor == "sqlite" else "show server_version")
    version = c.fetchone()[0]
print(json.dumps({"assessments": Assessment.objects.count(), "vendor": connection.vendor, "version": version,
                  "django": django.get_version()}))
"""


def db_facts(env) -> dict:
    return json.loads(manage(env, "shell", "-c", DB_FACTS).strip().splitlines()[-1])


def expected_question(env, step: str) -> dict:
    """What the page of ``step`` must show a typical patient: its words, options and number."""
    names = list(TYPICAL)  # in questionnaire order
    answers = {name: TYPICAL[name] for name in names[: names.index(step)]}
    code = (
        "import json; from triage.questionnaire.questions import QUESTIONS, asked_questions; "
        f"q = next(q for q in QUESTIONS if q.name == {step!r}); "
        f"asked = [a.name for a in asked_questions({answers!r})]; "
        "print(json.dumps({'text': q.text, 'choices': len(q.choices), "
        f"'number': asked.index({step!r}) + 1, 'of': len(asked)}}))"
    )
    return {"step": step, **json.loads(manage(env, "shell", "-c", code).strip().splitlines()[-1])}


def machine() -> dict:
    cpuinfo = Path("/proc/cpuinfo").read_text().splitlines()
    cpu = next((line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")), "?")
    meminfo = Path("/proc/meminfo").read_text().splitlines()
    mem_kb = next(int(line.split()[1]) for line in meminfo if line.startswith("MemTotal"))
    return {
        "cores": len(os.sched_getaffinity(0)),
        "cpu": cpu,
        "memory_gb": round(mem_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
        "load_average": round(os.getloadavg()[0], 1),
        "kernel": platform.release(),
    }


class Server:
    def __init__(self, env, port, log: Path):
        self.url = f"http://127.0.0.1:{port}"
        self.log = open(log, "w")  # noqa: SIM115 - open while the server runs
        self.process = subprocess.Popen(
            [str(Path(PY).with_name("gunicorn")), "--config", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url + "/healthz/", timeout=2) as r:  # noqa: S310
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise SystemExit(f"gunicorn did not answer /healthz/ in 30 s; see {log}")

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log.close()


def run_locust(url, out: Path, label: str, seconds: int, think: str) -> dict:
    """One Locust phase; returns per-page-type stats and the completed count."""
    prefix = out / f"locust-{label}"
    counts_file = out / f"completed-{label}.json"
    env = {**os.environ, "BENCH_THINK": think, "BENCH_COMPLETED_FILE": str(counts_file)}
    say(f"== Locust ({label}): {USERS} patients for {seconds} s, think time {think} s")
    started = time.monotonic()
    with open(out / f"locust-{label}.log", "w") as log:
        subprocess.run(
        [PY, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
         "--users", str(USERS + 1), "--spawn-rate", str(max(USERS // 5, 1)), "--run-time", f"{seconds}s",
         "--stop-timeout", "120", "--host", url, "--csv", str(prefix), "--only-summary",
         "--loglevel", "WARNING", "--exit-code-on-error", "0"],
        cwd=ROOT, env=env, check=False, stdout=log, stderr=subprocess.STDOUT,
      )  # fmt: skip
    elapsed = time.monotonic() - started
    pages, total = {}, {}
    with open(f"{prefix}_stats.csv") as f:
        for row in csv.DictReader(f):
            stats = {
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "rps": float(row["Requests/s"]),
                "p50": float(row["50%"] or 0),
                "p95": float(row["95%"] or 0),
                "p99": float(row["99%"] or 0),
                "max": float(row["Max Response Time"] or 0),
            }
            if row["Name"] == "Aggregated":
                total = stats
            else:
                pages[row["Name"]] = stats
    failures = []
    failures_csv = Path(f"{prefix}_failures.csv")
    if failures_csv.exists():
        with open(failures_csv) as f:
            failures = [f"{r['Occurrences']}x {r['Name']}: {r['Error']}" for r in csv.DictReader(f)]
    counts = json.loads(counts_file.read_text())
    return {"label": label, "seconds": seconds, "elapsed": round(elapsed, 1), "think": think,
            "pages": pages, "total": total, "failures": failures, **counts}  # fmt: skip


# --- single-URL figures with wrk --------------------------------------------------------------

UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0}
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def wrk(url, path, out: Path, label: str, method="GET", body="", headers=None, patients=()) -> dict:
    """One page for WRK_SECONDS.

    ``patients``: (path, Cookie header) pairs, taken in turn by successive requests instead of
    ``path`` alone: the same page for several patients, each with their own session.
    """
    script = out / f"wrk-{label}.lua"
    lines = [f'wrk.method = "{method}"', f"wrk.body = {json.dumps(body)}"]
    lines += [f'wrk.headers["{k}"] = {json.dumps(v)}' for k, v in (headers or {}).items()]
    if patients:
        lines += [
            "patients = {" + ", ".join(f"{{{json.dumps(p)}, {json.dumps(c)}}}" for p, c in patients) + "}",
            "i = 0",
            "request = function()",
            "  i = i % #patients + 1",
            '  wrk.headers["Cookie"] = patients[i][2]',
            "  return wrk.format(nil, patients[i][1])",
            "end",
        ]
    script.write_text("\n".join(lines) + "\n")
    # A 10 s timeout: a slow answer is latency (it shows in p99), only no answer is an error.
    cmd = [
        "wrk",
        "-t1",
        f"-c{WRK_CONNECTIONS}",
        f"-d{WRK_SECONDS}s",
        "--timeout",
        "10s",
        "--latency",
        "-s",
        str(script),
    ]
    cmd.append(url + path)
    text = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    (out / f"wrk-{label}.txt").write_text(text)
    result = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))}
    for pct in ("50", "99"):
        value, unit = re.search(rf"\s{pct}%\s+([\d.]+)(us|ms|s)", text).groups()
        result[f"p{pct}"] = round(float(value) * UNIT_MS[unit], 1)
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    result["errors"] = (int(bad.group(1)) if bad else 0) + (sum(map(int, sock.groups())) if sock else 0)
    return result


def prepared_patient(url, upto: str | None):
    """A browser session part-way through: returns (session, run, csrf token, last page)."""
    s = requests.Session()
    page = s.get(url + "/")
    token = CSRF_INPUT.search(page.text).group(1)
    r = s.post(url + "/", {"consent": "on", "csrfmiddlewaretoken": token}, allow_redirects=False)
    run = r.headers["Location"].split("/")[2]
    for step, value in TYPICAL.items():
        if step == upto:
            break
        s.get(f"{url}/questions/{run}/{step}/")
        r = s.post(
            f"{url}/questions/{run}/{step}/",
            {"step": step, f"{step}-answer": value, "csrfmiddlewaretoken": token},
            allow_redirects=False,
        )
        assert r.status_code == 302, (step, r.status_code)
    return s, run, token


def cookie_header(session) -> str:
    return "; ".join(f"{c.name}={c.value}" for c in session.cookies)


PEER_STEP = re.compile(r'name="([\w-]+-current_step)" value="([\w-]+)"')


def prepared_peer(url, upto: str):
    """A browser part-way through the stock wizard (bench/peer/), at ``upto``: its session.

    Follows the wizard's own redirects, so the steps it asks are its branching, not ours.
    """
    s = requests.Session()
    page = s.get(url + "/peer/")
    for _ in range(len(TYPICAL)):
        management_field, step = PEER_STEP.search(page.text).groups()
        if step == upto:
            return s
        token = CSRF_INPUT.search(page.text).group(1)
        data = {management_field: step, f"{step}-answer": TYPICAL[step], "csrfmiddlewaretoken": token}
        r = s.post(f"{url}/peer/{step}/", data, allow_redirects=False)
        if r.status_code != 302:
            raise SystemExit(f"the peer wizard did not accept the typical answer to {step!r}: {r.status_code}")
        page = s.get(url + r.headers["Location"])
    raise SystemExit(f"the peer wizard never asked {upto!r}")


def check_question_page(url, path, cookie: str, expected: dict, peer: bool):
    """Fail loudly unless ``path`` is the expected question page, as wrk will get it (no redirect).

    wrk counts a redirect as a success, so a page that lost its session would be measured as a
    fast "question page" without this. The stock wizard draws any step for a browser without a
    session too (starting one), so the page must also set no cookie other than those it was sent.
    """
    r = requests.get(url + path, headers={"Cookie": cookie}, allow_redirects=False)
    sent = dict(part.split("=", 1) for part in cookie.split("; ") if part)
    problems = [f"a new {name} cookie" for name, value in r.cookies.items() if sent.get(name) != value]
    if r.status_code != 200:
        problems.append(f"status {r.status_code} {r.headers.get('Location', '')}")
    elif html.escape(expected["text"]) not in r.text:
        problems.append(f"not the question {expected['text']!r}")
    elif peer:
        options = r.text.count(f'name="{expected["step"]}-answer"')
        number = f"Question {expected['number']} of {expected['of']}"
        wizard_step = PEER_STEP.search(r.text)
        if options != expected["choices"]:
            problems.append(f"{options} options instead of {expected['choices']}")
        if number not in r.text or not wizard_step or wizard_step.group(2) != expected["step"]:
            problems.append(f"not the wizard's step {expected['step']!r} as {number!r}")
    if problems:
        raise SystemExit(f"{path} is not the {expected['step']!r} question page: {'; '.join(problems)}")


def single_url_figures(url, out: Path, expected: dict) -> tuple[dict, list]:
    say(f"== wrk: one URL at a time, {WRK_CONNECTIONS} connections, {WRK_SECONDS} s each, {WRK_ROUNDS} rounds")
    start_html = requests.get(url + "/").text
    stylesheet = re.search(r'href="(/static/css/site[^"]+\.css)"', start_html).group(1)
    # The two question pages are measured alike: a GET of the same question, the requests taking
    # in turn the cookies of WRK_SESSIONS patients part-way through (each with their own session
    # row, as real patients have: the stock wizard writes its session on every page view).
    step = expected["step"]
    patients = [prepared_patient(url, upto=step) for _ in range(WRK_SESSIONS)]
    questions = [(f"/questions/{run}/{step}/", cookie_header(s)) for s, run, _ in patients]
    peer_questions = [(f"/peer/{step}/", cookie_header(prepared_peer(url, upto=step))) for _ in patients]

    def check_question_pages():
        for path, cookie in questions:
            check_question_page(url, path, cookie, expected, peer=False)
        for path, cookie in peer_questions:
            check_question_page(url, path, cookie, expected, peer=True)

    check_question_pages()
    answering, run, token = prepared_patient(url, upto=step)
    done, done_run, done_token = prepared_patient(url, upto=None)
    submit = done.post(
        f"{url}/questions/{done_run}/check/",
        {"step": "check", "csrfmiddlewaretoken": done_token},
        allow_redirects=False,
    )
    advice_path = submit.headers["Location"]
    checking, check_run, _ = prepared_patient(url, upto=None)
    answer_body = f"step={step}&{step}-answer={TYPICAL[step]}&csrfmiddlewaretoken={token}"
    cases = [
        ("static", stylesheet, {}),
        ("minimal", "/healthz/live/", {}),
        ("healthz", "/healthz/", {}),
        # The site's layout and nothing else (no form, no session, no query): the floor for any page.
        ("privacy", "/privacy/", {}),
        ("start", "/", {}),
        ("question", questions[0][0], {"patients": questions}),
        ("peer-question", peer_questions[0][0], {"patients": peer_questions}),
        ("answer", f"/questions/{run}/{step}/", {"method": "POST", "body": answer_body, "headers": {
            "Cookie": cookie_header(answering), "Content-Type": "application/x-www-form-urlencoded"}}),
        ("check", f"/questions/{check_run}/check/", {"headers": {"Cookie": cookie_header(checking)}}),
        ("advice", advice_path, {}),
        ("about", "/about-sleep-starts/", {}),
    ]  # fmt: skip
    # Rounds, each measuring every URL once: a machine that gets busier or quieter during the
    # run moves all URLs alike, so the median of the per-round ratios stays fair.
    rounds = [{label: wrk(url, path, out, f"{label}-{r}", **kwargs) for label, path, kwargs in cases}
              for r in range(WRK_ROUNDS)]  # fmt: skip
    check_question_pages()  # still the same pages at the end: nothing was measured as a redirect
    figures = {}
    for label, _, _ in cases:
        runs = [r[label] for r in rounds]
        figures[label] = {
            "rps": statistics.median(run["rps"] for run in runs),
            "p50": statistics.median(run["p50"] for run in runs),
            "p99": statistics.median(run["p99"] for run in runs),
            "errors": sum(run["errors"] for run in runs),
            "vs_minimal": statistics.median(r[label]["rps"] / r["minimal"]["rps"] for r in rounds),
            "vs_static": statistics.median(r[label]["rps"] / r["static"]["rps"] for r in rounds),
        }
        say(f"   {label:<13} {figures[label]['rps']:8.0f} req/s   x{figures[label]['vs_minimal']:.2f} minimal view")
    return figures, rounds


def median_ratio(rounds: list, page: str, baseline: str) -> float:
    """``page``'s requests per second over ``baseline``'s, the median of the interleaved rounds."""
    return statistics.median(r[page]["rps"] / r[baseline]["rps"] for r in rounds)


def worker_lifespan(log: Path, gunicorn_conf: str, single: dict) -> dict:
    """How often gunicorn recycled a worker (max_requests) during the run, and how long one lives at
    the fastest page's rate: a recycled worker starts again with cold caches."""
    config = subprocess.run(
        [PY, "-c", "import runpy; c = runpy.run_path('gunicorn.conf.py'); print(c['max_requests'], c['workers'])"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    max_requests, workers = int(config[0]), int(config[1])
    boots = log.read_text().count("Booting worker with pid")
    fastest = max(f["rps"] for name, f in single.items() if name != "static") / workers
    return {
        "max_requests": max_requests,
        "restarts": max(0, boots - workers),
        "fastest_rps_per_worker": round(fastest),
        "lifespan_at_fastest_s": round(max_requests / fastest) if fastest else None,
    }


# --- report ------------------------------------------------------------------------------------


PEER_TABLE = [
    ("static", "static file"),
    ("minimal", "minimal view"),
    ("privacy", "layout-only page (privacy)"),
    ("peer-question", "**peer question page** (stock wizard)"),
    ("question", "**TwitchGuide question page**"),
]


def report(results: dict) -> str:
    main = results["phases"][0]
    single = results["single_url"]
    lines = [
        f"# TwitchGuide benchmark, {results['when']}",
        "",
        f"Machine: {results['machine']['cores']} cores ({results['machine']['cpu']}), "
        f"{results['machine']['memory_gb']} GB RAM, Linux {results['machine']['kernel']}, "
        f"Python {results['machine']['python']}, Django {results['db']['django']}. "
        f"Load average (1 min) before the run: {results['machine']['load_average']}, "
        f"after: {results['load_after']}.",
        f"Database: {results['db']['vendor']} {results['db']['version']}"
        f"{', with Redis (REDIS_URL)' if results['redis'] else ''}. "
        f"Server: gunicorn, {results['gunicorn']} (on the same machine as the load generator).",
        "",
    ]
    for phase in results["phases"]:
        elapsed = phase["seconds"]
        lines += [
            f"## {phase['label']}: {USERS} patients, think time {phase['think']} s, {elapsed} s "
            f"(+ {phase['elapsed'] - elapsed:.0f} s to let everyone finish)",
            "",
            f"- completed questionnaires: {phase['completed']} ({phase['completed'] / phase['elapsed']:.1f}/s); "
            f"sent to the under-16 page: {phase['dropped_out']}",
            f"- requests: {phase['total']['requests']} ({phase['total']['rps']:.1f} req/s), "
            f"errors: {phase['total']['failures']}",
            "",
            "| page type | requests | errors | req/s | p50 ms | p95 ms | p99 ms | max ms |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for name in PAGE_TYPES:
            if name in phase["pages"]:
                p = phase["pages"][name]
                lines.append(
                    f"| {name} | {p['requests']} | {p['failures']} | {p['rps']:.1f} | {p['p50']:.0f} | "
                    f"{p['p95']:.0f} | {p['p99']:.0f} | {p['max']:.0f} |"
                )
        lines += [f"- failure: {failure}" for failure in phase["failures"]]
        lines.append("")
    lines += [
        f"## One URL at a time (wrk, {WRK_CONNECTIONS} connections, {WRK_SECONDS} s each, "
        f"median of {WRK_ROUNDS} interleaved rounds)",
        "",
        "| page type | req/s | p50 ms | p99 ms | errors | vs minimal view | vs static file |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, f in single.items():
        lines.append(
            f"| {name} | {f['rps']:.0f} | {f['p50']:.1f} | {f['p99']:.1f} | {f['errors']} | "
            f"{f['vs_minimal']:.2f} | {f['vs_static']:.2f} |"
        )
    peer = results["peer"]
    lines += [
        "",
        "## TwitchGuide against a stock wizard (bench/peer/), same run, same wrk settings",
        "",
        f"Both question pages: GET of {peer['step']!r} (question {peer['number']} of {peer['of']}) "
        f"with the cookies of {WRK_SESSIONS} patients part-way through, taken in turn.",
        "",
        "| page | req/s | p50 ms | p99 ms | errors |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, label in PEER_TABLE:
        f = single[name]
        lines.append(f"| {label} | {f['rps']:.0f} | {f['p50']:.1f} | {f['p99']:.1f} | {f['errors']} |")
    lines += [
        "",
        f"- TwitchGuide question / peer question: **{peer['vs_peer']:.2f}x** (target >= {TARGET_VS_PEER:g}x)",
        f"- TwitchGuide question / layout-only page: **{peer['vs_layout']:.2f}x** (target >= {TARGET_VS_LAYOUT:g}x)",
        f"- peer question / layout-only page: {peer['peer_vs_layout']:.2f}x",
    ]
    w = results["workers"]
    lines += [
        "",
        "## Worker recycling",
        "",
        f"- max_requests {w['max_requests']}: {w['restarts']} worker restart(s) during the whole run; at the "
        f"fastest page's rate ({w['fastest_rps_per_worker']} req/s a worker) a worker lives "
        f"{w['lifespan_at_fastest_s']} s",
    ]
    answer_p95 = {p["label"]: p["pages"].get("answer", {}).get("p95", 0) for p in results["phases"]}
    stored, completed = results["stored"], sum(p["completed"] for p in results["phases"])
    lines += ["", "## Targets", ""]
    checks = [
        ("zero errors", all(p["total"]["failures"] == 0 for p in results["phases"])
         and all(f["errors"] == 0 for f in single.values())),
        (f"zero lost submissions: {stored} stored = {completed} completed", stored == completed),
        (f"p95 < {TARGET_P95_MS} ms for every page type with {USERS} patients",
         all(p["p95"] < TARGET_P95_MS for p in main["pages"].values())),
        (f"answer POSTs of {USERS} patients behind one address: p95 < {TARGET_P95_MS} ms in every phase "
         f"({', '.join(f'{k} {v:.0f} ms' for k, v in answer_p95.items())})",
         all(v < TARGET_P95_MS for v in answer_p95.values())),
        (f"question page >= 0.5 x minimal view ({single['question']['vs_minimal']:.2f}; "
         f"answering it {single['answer']['vs_minimal']:.2f})",
         single["question"]["vs_minimal"] >= 0.5),
        (f"TwitchGuide question page >= {TARGET_VS_PEER:g} x the peer's ({peer['vs_peer']:.2f})",
         peer["vs_peer"] >= TARGET_VS_PEER),
        (f"TwitchGuide question page >= {TARGET_VS_LAYOUT:g} x the layout-only page ({peer['vs_layout']:.2f})",
         peer["vs_layout"] >= TARGET_VS_LAYOUT),
    ]  # fmt: skip
    lines += [f"- [{'x' if ok else ' '}] {text}: {'met' if ok else 'MISSED'}" for text, ok in checks]
    results["targets_met"] = all(ok for _, ok in checks)
    return "\n".join(lines) + "\n"


def main():
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install wrk (Debian/Ubuntu) or brew install wrk")
    when = datetime.now(UTC).strftime("%Y-%m-%dT%H%M%SZ")
    host = machine()
    if host["load_average"] > host["cores"] / 2:
        say(
            f"!! the machine is busy (load average {host['load_average']} on {host['cores']} cores): "
            "figures will be low"
        )
    results_dir = ROOT / "bench-results"
    results_dir.mkdir(exist_ok=True)
    db_label = "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    db_label += "-redis" if os.environ.get("REDIS_URL") else ""
    out = results_dir / f"{when}-{db_label}"
    out.mkdir()
    env = server_env(out)
    if not env.get("DATABASE_URL"):
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(env["SQLITE_PATH"] + suffix).unlink(missing_ok=True)

    say(f"== preparing the {db_label} database and static files")
    manage(env, "migrate", "--noinput")
    manage(env, "load_advice_content")
    manage(env, "collectstatic", "--noinput", "--clear")
    before = db_facts(env)
    expected = expected_question(env, MEASURED_STEP)

    port = free_port()
    server = Server(env, port, out / "gunicorn.log")
    gunicorn_conf = subprocess.run(
        [PY, "-c", "import runpy; c = runpy.run_path('gunicorn.conf.py'); "
         "print(f\"{c['workers']} workers x {c['threads']} threads ({c['worker_class']})\")"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    say(f"== gunicorn on {server.url}: {gunicorn_conf}")
    try:
        for _ in range(20):  # warm every worker's imports and templates
            requests.get(server.url + "/")
        phases = [run_locust(server.url, out, "patients", SECONDS, THINK)]
        if RUSH_SECONDS:
            phases.append(run_locust(server.url, out, "rush", RUSH_SECONDS, "0"))
        after = db_facts(env)
        single, rounds = single_url_figures(server.url, out, expected)
    finally:
        server.stop()

    results = {
        "workers": worker_lifespan(out / "gunicorn.log", gunicorn_conf, single),
        "redis": bool(os.environ.get("REDIS_URL")),
        "when": when,
        "machine": host,
        "db": after,
        "gunicorn": gunicorn_conf,
        "phases": phases,
        "stored": after["assessments"] - before["assessments"],
        "load_after": round(os.getloadavg()[0], 1),
        "single_url": single,
        "single_url_rounds": rounds,
        "peer": {
            **expected,
            "vs_peer": median_ratio(rounds, "question", "peer-question"),
            "vs_layout": median_ratio(rounds, "question", "privacy"),
            "peer_vs_layout": median_ratio(rounds, "peer-question", "privacy"),
        },
    }
    text = report(results)
    (out / "summary.md").write_text(text)
    (out / "results.json").write_text(json.dumps(results, indent=2))
    say("")
    say(text)
    say(f"Results: {out.relative_to(ROOT)}/summary.md")


if __name__ == "__main__":
    main()
