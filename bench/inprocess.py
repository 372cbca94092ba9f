"""``make profile``: what a page costs inside Django, without a server or a network in the way.

Calls Django's WSGI handler directly (production settings, a throw-away SQLite file) and prints
the CPU time per request of the minimal view, the layout-only privacy page, a question page
part-way through the questionnaire and the same question in the stock formtools wizard that
``make bench`` serves beside it (bench/peer/), best of several interleaved batches. Much
steadier than wrk on a shared machine, so use it to measure a change before and after; ``make bench`` gives
the figures with a real server. With ``--profile`` it also prints a pyinstrument profile of
the question page.

    PROFILE_PAGE=/about-sleep-starts/ make profile   # profile another page instead
"""

from __future__ import annotations

import html
import io
import os
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BATCH, ROUNDS = 200, 15


def setup(workdir: str):
    sys.path.insert(0, str(ROOT))
    os.environ.update(
        DJANGO_SETTINGS_MODULE="bench.peer.settings",  # TwitchGuide, and the stock wizard at /peer/
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="profile-" + "x" * 50,
        DJANGO_SECURE_SSL_REDIRECT="false",
        DJANGO_SESSION_COOKIE_SECURE="false",
        DJANGO_CSRF_COOKIE_SECURE="false",
        SQLITE_PATH=f"{workdir}/profile.sqlite3",
        DJANGO_STATIC_ROOT=f"{workdir}/static",
        RATE_LIMIT_SESSION_POSTS="1000000000",
        RATE_LIMIT_ADDRESS_STARTS="1000000000",
        RATE_LIMIT_QUESTIONNAIRE_POSTS="1000000000",
    )
    os.environ.pop("DATABASE_URL", None)
    import django
    from django.core.management import call_command

    django.setup()
    for command in ("migrate", "load_advice_content", "collectstatic"):
        call_command(command, verbosity=0, **({"interactive": False} if command == "collectstatic" else {}))


STEP = "frequency"  # the question ``make bench`` measures, part-way through the questionnaire


def patient_part_way() -> tuple[str, str]:
    """A typical patient's browser up to the measured question: (its cookies, that question's path)."""
    from django.test import Client

    from tests.personas import TYPICAL

    client = Client()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', client.get("/").text).group(1)
    path = client.post("/", {"consent": "on", "csrfmiddlewaretoken": token})["Location"]
    while not path.endswith(f"/{STEP}/"):  # the site's own branching decides what comes next
        step = path.rstrip("/").rsplit("/", 1)[1]
        data = {"step": step, f"{step}-answer": TYPICAL[step], "csrfmiddlewaretoken": token}
        response = client.post(path, data)
        assert response.status_code == 302, step
        path = response["Location"]
    cookies = "; ".join(f"{name}={morsel.value}" for name, morsel in client.cookies.items())
    return cookies, path


def peer_part_way() -> str:
    """A browser in the stock wizard (bench/peer/) at the same question: its cookies."""
    from django.test import Client

    from tests.personas import TYPICAL

    client = Client()
    page = client.get("/peer/", follow=True).text
    for _ in range(len(TYPICAL)):
        step = re.search(r'name="peer_questionnaire-current_step" value="([\w-]+)"', page).group(1)
        if step == STEP:
            break
        data = {"peer_questionnaire-current_step": step, f"{step}-answer": TYPICAL[step]}
        response = client.post(f"/peer/{step}/", data)
        assert response.status_code == 302, step
        page = client.get(response["Location"]).text
    return "; ".join(f"{name}={morsel.value}" for name, morsel in client.cookies.items())


def main():
    with tempfile.TemporaryDirectory() as workdir:
        setup(workdir)
        from django.core.handlers.wsgi import WSGIHandler

        handler = WSGIHandler()
        cookies, question = patient_part_way()
        peer_cookies, peer_question = peer_part_way(), f"/peer/{STEP}/"

        def get(path: str) -> bytes:
            environ = {
                "REQUEST_METHOD": "GET",
                "PATH_INFO": path,
                "SERVER_NAME": "127.0.0.1",
                "SERVER_PORT": "80",
                "HTTP_HOST": "127.0.0.1",
                "HTTP_COOKIE": peer_cookies if path.startswith("/peer/") else cookies,
                "SERVER_PROTOCOL": "HTTP/1.1",
                "wsgi.input": io.BytesIO(),
                "wsgi.url_scheme": "http",
                "wsgi.errors": sys.stderr,
            }
            status = []
            response = handler(environ, lambda s, headers: status.append(s))
            body = b"".join(response)
            response.close()
            assert status[0].startswith("200"), (path, status)
            return body

        def batch(path: str) -> float:
            start = time.process_time()
            for _ in range(BATCH):
                get(path)
            return (time.process_time() - start) / BATCH * 1000

        from triage.questionnaire.questions import QUESTIONS_BY_NAME

        words = html.escape(QUESTIONS_BY_NAME[STEP].text).encode()
        assert words in get(question)
        # The stock wizard at the same question, drawn by crispy (not a redirect or another step).
        assert words in get(peer_question) and f'id="div_id_{STEP}-answer"'.encode() in get(peer_question)
        pages = {
            "minimal view": "/healthz/live/",
            "privacy (layout only)": "/privacy/",
            "question page": question,
            "peer question page": peer_question,
        }
        page = os.environ.get("PROFILE_PAGE")
        if page:
            pages["PROFILE_PAGE"] = page
        for path in pages.values():
            for _ in range(50):
                get(path)  # warm every cache
        times = {name: [] for name in pages}
        for _ in range(ROUNDS):
            for name, path in pages.items():
                times[name].append(batch(path))
        minimal = min(times["minimal view"])
        print(f"CPU per request, best of {ROUNDS} batches of {BATCH} (in-process, SQLite):")
        for name, values in times.items():
            print(f"  {name:<22} {min(values):6.3f} ms   minimal view / this = {minimal / min(values):.2f}")
        peer_cost = min(times["peer question page"]) / min(times["question page"])
        print(f"  the peer's question page costs {peer_cost:.2f} x TwitchGuide's")

        if "--profile" in sys.argv:
            from pyinstrument import Profiler

            profiler = Profiler(interval=0.0002)
            profiler.start()
            for _ in range(int(os.environ.get("PROFILE_REQUESTS", "2000"))):
                get(page or question)
            profiler.stop()
            print(profiler.output_text(unicode=False, color=False))


if __name__ == "__main__":
    main()
