"""Simulated patients for ``make bench``: each one goes through the whole questionnaire.

A patient opens the start page (and its stylesheet, as a browser would on a first visit),
consents, answers every question the site asks in the order it asks (GET the page, POST the
answer, follow the redirect), checks the answers, submits and opens the advice. Personas
differ so that the branching is exercised: pregnancy is only asked of some, someone with
stroke signs now is sent for help straight after the emergency question (the answers are
stored there and then), a child is sent to the under-16 page.

Request names are page types, so Locust's statistics are per page type. The number of
completed questionnaires is written to $BENCH_COMPLETED_FILE when the test stops.
"""

from __future__ import annotations

import json
import os
import random
import re
import threading

import gevent
from locust import HttpUser, between, constant, events, task
from personas import TYPICAL  # bench/ is on sys.path: locust adds the locustfile's folder

# (weight, answers): most people have ordinary sleep starts; a few need a doctor or help now.
PERSONAS = [
    (40, TYPICAL),
    (
        20,
        {
            **TYPICAL,
            "age": "16_24",
            "pregnancy": ["pregnant_under_20"],
            "triggers": ["stress", "caffeine", "short_sleep"],
        },
    ),
    (10, {**TYPICAL, "pregnancy": ["breastfeeding"], "muscles": ["legs", "arms", "whole_body"]}),
    (10, {**TYPICAL, "age": "65_plus", "sleep": ["kicks"], "medication": ["changed"]}),
    (8, {**TYPICAL, "same_day": ["seizure_signs"], "timing": ["falling_asleep", "awake"], "character": ["jerk"]}),
    (4, {**TYPICAL, "emergency": ["stroke_now"]}),
    (8, {**TYPICAL, "age": "under_16"}),
]

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
STYLESHEET = re.compile(r'href="(/static/css/[^"]+\.css)"')
QUESTION_URL = re.compile(r"^/questions/(\w+)/([\w-]+)/$")

_lock = threading.Lock()
completed = 0
dropped_out = 0  # under-16: sent to the children's page, nothing stored


def _think_time():
    low, _, high = os.environ.get("BENCH_THINK", "0.5-1.5").partition("-")
    return between(float(low), float(high or low)) if float(high or low) > 0 else constant(0)


class Patient(HttpUser):
    wait_time = _think_time()

    def _path(self, response) -> str:
        location = response.headers.get("Location", "")
        return re.sub(r"^https?://[^/]+", "", location)

    def pause(self):
        """Read the page. Not ``self.wait()``: Locust stops a user during that, and a patient
        who has started must be allowed to finish (``--stop-timeout``) so every stored
        submission can be matched with a completed questionnaire."""
        gevent.sleep(self.wait_time())

    def _csrf(self, html: str) -> str | None:
        match = CSRF_INPUT.search(html)
        return match.group(1) if match else None

    @task
    def questionnaire(self):
        global completed, dropped_out
        answers = random.choices([p for _, p in PERSONAS], weights=[w for w, _ in PERSONAS])[0]
        self.client.cookies.clear()

        start = self.client.get("/", name="start")
        token = self._csrf(start.text)
        if stylesheet := STYLESHEET.search(start.text):
            self.client.get(stylesheet.group(1), name="static")
        self.pause()

        with self.client.post(
            "/",
            {"consent": "on", "csrfmiddlewaretoken": token},
            name="consent",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"consent not accepted: {response.status_code}")
                return
        path = self._path(response)

        for _ in range(20):
            match = QUESTION_URL.match(path)
            if not match:
                break
            run, step = match.groups()
            if step == "check":
                break
            page = self.client.get(path, name="question")
            token = self._csrf(page.text) or token
            self.pause()
            with self.client.post(
                path,
                {
                    "step": step,
                    f"{step}-answer": answers[step],
                    "csrfmiddlewaretoken": token,
                },
                name="answer",
                allow_redirects=False,
                catch_response=True,
            ) as response:
                if response.status_code != 302:
                    response.failure(f"{step} not accepted: {response.status_code}")
                    return
            path = self._path(response)

        if path.startswith("/advice/"):  # an emergency answer: stored at once, no check-answers page
            self._open_advice(path)
            return

        if path.startswith("/under-16/"):  # with ?run=…, so that Back returns to the age question
            self.client.get(path, name="under-16")
            with _lock:
                dropped_out += 1
            return

        with self.client.get(path, name="check", catch_response=True) as check:
            if "/check/" not in path or check.status_code != 200:
                check.failure(f"expected check-answers, got {path} {check.status_code}")
                return
        self.pause()
        with self.client.post(
            path,
            {"step": "check", "csrfmiddlewaretoken": self._csrf(check.text) or token},
            name="submit",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            advice_path = self._path(response)
            if response.status_code != 302 or not advice_path.startswith("/advice/"):
                response.failure(f"submit not stored: {response.status_code} {advice_path}")
                return
        self._open_advice(advice_path)

    def _open_advice(self, path):
        global completed
        with self.client.get(path, name="advice", catch_response=True) as advice:
            if advice.status_code != 200 or "Your advice" not in advice.text:
                advice.failure("advice page missing")
                return
        with _lock:
            completed += 1


class LoadBalancer(HttpUser):
    """A load balancer's health check, once a second, as it would be in production."""

    fixed_count = 1
    wait_time = constant(1)

    @task
    def healthz(self):
        self.client.get("/healthz/", name="healthz")


@events.test_stop.add_listener
def _write_counts(environment, **kwargs):
    path = os.environ.get("BENCH_COMPLETED_FILE")
    if path:
        with open(path, "w") as f:
            json.dump({"completed": completed, "dropped_out": dropped_out}, f)
