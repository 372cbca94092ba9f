"""Shared fixtures: a patient who walks through the questionnaire with Django's test client."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from django.test import Client

# A person with typical, harmless sleep starts: the base every persona changes.
TYPICAL = {
    "age": "25_44",
    "sex": "male",
    "timing": ["falling_asleep"],
    "muscles": ["legs"],
    "frequency": "some_nights",
    "duration": "2_weeks_to_3_months",
    "sleep_impact": "none",
    "daytime_impact": "none",
    "sensations": ["falling"],
    "warning_signs": ["none"],
    "triggers": ["none"],
    "magnesium": ["none"],
    "medicines": "no",
}


def persona(**changes) -> dict:
    return {**TYPICAL, **changes}


class Patient:
    """Drives the questionnaire as a browser would: GET each page, then POST its form."""

    def __init__(self, client: Client):
        self.client = client
        self.run = None

    def start(self, consent: bool = True):
        response = self.client.post("/", {"consent": "on"} if consent else {})
        if response.status_code == 302:
            self.run = response.url.split("/")[2]
        return response

    def url(self, step: str) -> str:
        return f"/questions/{self.run}/{step}/"

    @property
    def management_field(self) -> str:
        return f"questionnaire_{self.run}-current_step"

    def post_step(self, step: str, value, *, current_step: str | None = None, extra: dict | None = None):
        data = {self.management_field: current_step or step}
        if value is not None:
            data[f"{step}-answer"] = value
        data.update(extra or {})
        return self.client.post(self.url(step), data)

    def answer_all(self, answers: dict):
        """Answer each page the site asks for, in the order it asks; return the check-answers page."""
        self.asked = []
        response = self.client.get(self.url("age"), follow=True)
        while (step := self.step_of(response.wsgi_request.path)) not in (None, "check"):
            assert step not in self.asked, f"{step} was asked twice"
            self.asked.append(step)
            response = self.post_step(step, answers[step])
            assert response.status_code == 302, f"{step} was not accepted: {self.errors(response)}"
            response = self.client.get(response.url, follow=True)
        return response

    def submit(self):
        return self.client.post(self.url("check"), {self.management_field: "check"})

    def complete(self, answers: dict):
        """Consent, answer everything, submit, and return the advice page."""
        self.start()
        check = self.answer_all(answers)
        assert check.status_code == 200
        response = self.submit()
        assert response.status_code == 302 and response.url.startswith("/advice/"), response
        return self.client.get(response.url)

    @staticmethod
    def step_of(path: str) -> str | None:
        match = re.fullmatch(r"/questions/\w+/([\w-]+)/", path.split("?")[0])
        return match.group(1) if match else None

    @staticmethod
    def errors(response) -> list[str]:
        return re.findall(
            r'<p class="mb-1"><span class="visually-hidden">Error:</span> (.*?)</p>', response.content.decode()
        )


@pytest.fixture
def patient(client) -> Patient:
    return Patient(client)


@pytest.fixture
def advice_content(db):
    call_command("load_advice_content", verbosity=0)


@pytest.fixture(autouse=True)
def _static_files_without_collectstatic(settings):
    """Tests never run collectstatic, so use unhashed static files even when DJANGO_DEBUG=false.

    (tests/test_serving.py collects them itself to test the production storage.)
    """
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
