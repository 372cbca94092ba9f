"""Shared fixtures: a patient who walks through the questionnaire with Django's test client."""

from __future__ import annotations

import re
import secrets

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from tests.personas import TYPICAL
from tests.redis_server import redis_url, with_database, worker_database
from triage.questionnaire.runs import STEP_FIELD

__all__ = ["redis_url"]  # a fixture


def persona(**changes) -> dict:
    return {**TYPICAL, **changes}


# Someone who is asked every question, follow-ups included, and meets no emergency.
EVERY_QUESTION = persona(
    same_day=["spreading_weakness", "head_injury"],
    spreading=["none"],
    head_injury=["none"],
    pregnancy=["pregnant_20_plus"],
    pregnancy_signs=["none"],
    timing=["falling_asleep", "during_sleep", "awake"],
    character=["flicker"],
    night_movements=["single_jerks"],
    with_it=["urge_to_move"],
    restless_legs=["unpleasant_feeling"],
)


def asked_only(answers: dict) -> dict:
    """The answers to the questions this person would be asked: what a finished questionnaire stores."""
    from triage.questionnaire.questions import asked_questions

    return {q.name: answers[q.name] for q in asked_questions(answers)}


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

    management_field = STEP_FIELD
    """The hidden field that says which step a form answers."""

    def post_step(self, step: str, value, *, current_step: str | None = None, extra: dict | None = None):
        data = {self.management_field: current_step or step}
        if value is not None:
            data[f"{step}-answer"] = value
        data.update(extra or {})
        return self.client.post(self.url(step), data)

    def answer_all(self, answers: dict):
        """Answer each page the site asks for, in the order it asks.

        Returns the check-answers page, or the advice page when an emergency answer ended the
        questionnaire (the answers are then stored at once).
        """
        self.asked = []
        response = self.client.get(self.url("age"), follow=True)
        while (step := self.step_of(response.wsgi_request.path)) not in (None, "check"):
            assert step not in self.asked, f"{step} was asked twice"
            self.asked.append(step)
            assert step in answers, f"{step} was asked, but the test gives no answer for it"
            response = self.post_step(step, answers[step])
            status = response.status_code
            assert status == 302, f"{step} was not accepted ({status}): {self.errors(response)}"
            response = self.client.get(response.url, follow=True)
        return response

    def submit(self):
        return self.client.post(self.url("check"), {self.management_field: "check"})

    def complete(self, answers: dict):
        """Consent, answer everything, submit, and return the advice page."""
        self.start()
        page = self.answer_all(answers)
        assert page.status_code == 200
        if page.wsgi_request.path.startswith("/advice/"):  # an emergency: stored without check-answers
            return page
        response = self.submit()
        assert response.status_code == 302 and response.url.startswith("/advice/"), response
        return self.client.get(response.url)

    @staticmethod
    def step_of(path: str) -> str | None:
        match = re.fullmatch(r"/questions/\w+/([\w-]+)/", path.split("?")[0])
        return match.group(1) if match else None

    @staticmethod
    def errors(response) -> list[str]:
        """The error messages shown by the fields (NHS.UK error message), in order."""
        return re.findall(
            r'<span class="nhsuk-u-visually-hidden">Error:</span> (.*?)(?:<br>|</span>)', response.content.decode()
        )


def card_heading(html: str) -> str | None:
    """What the care card says to do, as its heading shows it (after its urgency words, read by screen readers)."""
    match = re.search(
        r'id="care-card-heading"><span class="nhsuk-u-visually-hidden">[^<]*</span>(.*?)</h2>', html, re.S
    )
    return match and match.group(1).strip()


def checked_values(html: str) -> list[str]:
    """The values of the radios and checkboxes drawn ticked in a page."""
    return [
        re.search(r'value="([^"]*)"', tag).group(1)
        for tag in re.findall(r"<input\b[^>]*>", html)
        if re.search(r"\schecked\b", tag) and re.search(r'type="(radio|checkbox)"', tag)
    ]


@pytest.fixture
def patient(client) -> Patient:
    return Patient(client)


@pytest.fixture
def advice_content(db):
    call_command("load_advice_content", verbosity=0)


# --- the admin: editors, other staff, and stored assessments ----------------------------------

EDITOR_PASSWORD = "a-long-editor-passphrase-7"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test databases, dropped however they were left.

    PostgreSQL waits for other connections to a database before dropping it, and the app's 3 s
    statement timeout cut that wait off: the database was left behind for the next run to drop
    (.ci/run runs PostgreSQL twice). A server thread of a browser test can still hold a
    connection, so those are ended first and the drop runs without the timeout.
    """
    yield
    from django.db import connections

    for connection in connections.all():
        if connection.vendor != "postgresql":
            continue
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        connection.close()
        options = connection.settings_dict["OPTIONS"]
        options["options"] = re.sub(r"-c statement_timeout=\S+", "-c statement_timeout=0", options["options"])


@pytest.fixture(scope="session", autouse=True)
def _redis_database_per_worker():
    """With REDIS_URL set for the run, each pytest-xdist worker uses a Redis database of its own."""
    from django.conf import settings
    from django.core.cache import caches

    if settings.REDIS_URL:
        settings.CACHES["default"]["LOCATION"] = with_database(settings.REDIS_URL, worker_database())
        caches["default"].close()
        del caches["default"]  # made again from the settings above


@pytest.fixture(autouse=True)
def _empty_cache(_redis_database_per_worker):
    """Every test starts with an empty cache (LocMem, or this worker's Redis database)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Signing in is not what these tests measure: a fast hasher keeps them quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def editor(db):
    """A content editor made the way the README says: ``manage.py create_editor``."""
    from django.contrib.auth import get_user_model

    call_command("create_editor", username="ed", password=EDITOR_PASSWORD, interactive=False, verbosity=0)
    return get_user_model().objects.get(username="ed")


def authenticator_code(user) -> str:
    """The 6-digit code the user's authenticator app shows now."""
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get(user=user)
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):0{device.digits}d}"


def sign_in(client: Client, username: str, password: str = EDITOR_PASSWORD) -> Client:
    """Sign in to the admin as staff do: username, password and the code from their authenticator app.

    Gives the account an authenticator first if it has none. A code is accepted once; tests sign
    in more often than every 30 seconds, so the device forgets the last code it accepted.
    """
    from django.contrib.auth import get_user_model
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from twitchguide.staff import has_authenticator, set_up_authenticator

    user = get_user_model().objects.get(username=username)
    if not has_authenticator(user):
        set_up_authenticator(user)
    TOTPDevice.objects.filter(user=user).update(last_t=-1)
    response = client.post(
        "/admin/login/", {"username": username, "password": password, "code": authenticator_code(user)}
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    return client


@pytest.fixture
def editor_client(editor) -> Client:
    return sign_in(Client(), "ed")


@pytest.fixture
def staff_client(db) -> Client:
    """Staff, but not an editor: may sign in to the admin and is refused everything in it."""
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_user("other", password=EDITOR_PASSWORD, is_staff=True)
    return sign_in(Client(), "other")


@pytest.fixture
def superuser_client(db) -> Client:
    """A superuser, signed in with the second factor: sees every admin page."""
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_superuser("root", "root@example.org", EDITOR_PASSWORD)
    return sign_in(Client(), "root")


def make_assessments(count: int, *, level: int = 1, findings=("sleep_starts",), triggers=("stress",), start=None):
    """``count`` stored assessments with answers, made with two bulk inserts."""
    from datetime import timedelta

    from django.utils import timezone

    from triage.models import Answer, Assessment
    from triage.staff import stats

    start = start or timezone.now() - timedelta(days=20)
    assessments = Assessment.objects.bulk_create(
        Assessment(
            submission_key=f"bulk-{level}-{i}-{start.timestamp()}",
            level=level,
            findings=list(findings),
            consent_given_at=start + timedelta(hours=i),
            created_at=start + timedelta(hours=i),
        )
        for i in range(count)
    )
    if not all(a.pk for a in assessments):  # databases that do not return ids from bulk inserts
        assessments = list(Assessment.objects.filter(submission_key__startswith=f"bulk-{level}-"))
    answers = []
    for assessment in assessments:
        answers.append(Answer(assessment=assessment, question="age", value="25_44", position=0))
        answers += [
            Answer(assessment=assessment, question="triggers", value=code, position=1 + n)
            for n, code in enumerate(triggers)
        ]
    Answer.objects.bulk_create(answers)
    stats.recount()  # bulk inserts, like a bulk load, are added to the statistics' roll-up by recounting
    return assessments


def article_data(article=None, **changes) -> dict:
    """The admin change form's fields for ``article`` (or a new one), with ``changes`` applied."""
    data = {
        "title": article.title if article else "A new article",
        "slug": article.slug if article else "a-new-article",
        "summary": article.summary if article else "A short summary.",
        "body": article.body if article else "Some **advice**.",
        "findings": list(article.findings) if article else ["sleep_starts"],
        "order": article.order if article else 100,
        "published": article.published if article else True,
        "sources": article.sources if article else "",
        "last_reviewed": str(article.last_reviewed) if article else "2026-11-01",
        "next_review": str(article.next_review or "") if article else "2027-11-01",
    }
    data.update(changes)
    if data.pop("published"):
        data["published"] = "on"
    return data


@pytest.fixture(autouse=True)
def _static_files_without_collectstatic(settings):
    """Tests never run collectstatic, so use unhashed static files even when DJANGO_DEBUG=false.

    (tests/test_serving.py collects them itself to test the production storage.)
    """
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


# --- an assessment stored by the first questionnaire (version 1) -------------------------------

VERSION_1_ANSWERS = {
    "age": "65_plus",
    "sex": "female",
    "timing": ["falling_asleep", "awake"],
    "muscles": ["legs", "face_eyelid"],
    "frequency": "most_nights",
    "duration": "over_3_months",
    "sleep_impact": "most_nights",
    "daytime_impact": "tired",
    "sensations": ["falling"],
    "warning_signs": ["restless_legs"],
    "triggers": ["caffeine"],
    "magnesium": ["cramps", "kidney_disease"],
    "medicines": "no",
}


def make_version_1_assessment(**fields):
    """An assessment as the first questionnaire stored it: its own questions, level and findings."""
    from triage.models import Answer, Assessment

    answers = fields.pop("answers", VERSION_1_ANSWERS)
    assessment = Assessment.objects.create(
        submission_key=secrets.token_urlsafe(24),
        questionnaire_version=1,
        level=fields.pop("level", 2),
        findings=fields.pop(
            "findings",
            ["eyelid_twitching", "lasting_eyelid_twitching", "restless_legs", "sleep_starts", "needs_doctor"],
        ),
        consent_given_at=timezone.now(),
        **fields,
    )
    rows = []
    for question, value in answers.items():
        for code in value if isinstance(value, list) else [value]:
            rows.append(Answer(assessment=assessment, question=question, value=code, position=len(rows)))
    Answer.objects.bulk_create(rows)
    return assessment


def _stable(value) -> str:
    if isinstance(value, set | frozenset):
        return "{" + ", ".join(sorted(_stable(v) for v in value)) + "}"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k!r}: {_stable(v)}" for k, v in value.items()) + "}"
    return repr(value)


def pytest_make_parametrize_id(config, val, argname):
    """Test ids from sets in a stable order, so that every pytest-xdist worker collects the same tests."""
    if isinstance(val, set | frozenset | dict):
        return _stable(val)
    return None
