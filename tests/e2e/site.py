"""Getting a browser to any page of the site, as a patient would or by the quickest way."""

from __future__ import annotations

import re
import secrets
from urllib.parse import urlencode

from django.utils import timezone

from tests.conftest import EVERY_QUESTION, TYPICAL, asked_only, persona
from triage.questionnaire.questions import QUESTIONS

STEPS = [q.name for q in QUESTIONS]


def longest_answers() -> dict:
    """The most one person can answer: every question they can be asked, as many options as go
    together and the longest words, without an emergency ending the questionnaire early."""
    from triage.clinical.assessment import Level
    from triage.questionnaire.questions import asked_questions, outcome_so_far

    answers = {"age": "45_64"}  # asked about pregnancy too
    for question in QUESTIONS[1:]:
        if question not in asked_questions(answers):
            continue
        if question.multiple:
            chosen = [code for code, _ in question.choices if code not in question.exclusive]
            while chosen and outcome_so_far({**answers, question.name: chosen}).level == Level.EMERGENCY:
                chosen.pop(0)
            answers[question.name] = chosen or [next(iter(sorted(question.exclusive)))]
        else:
            safe = [
                c for c, _ in question.choices if outcome_so_far({**answers, question.name: c}).level < Level.EMERGENCY
            ]
            answers[question.name] = max(safe, key=lambda code: len(question.label(code)))
    return answers


LONGEST = longest_answers()

# One person for each outcome level, keyed by the level's name as the care card class uses it.
OUTCOMES = {
    "self_care": asked_only(TYPICAL),
    "gp": asked_only(persona(with_it=["urge_to_move"], restless_legs=["eased_by_moving", "worse_in_evening"])),
    "today": asked_only(persona(same_day=["seizure_signs"])),
    "emergency": {"age": "45_64", "emergency": ["stroke_now"]},
}

# An article body well above the reading-age target for articles, with medical words left unexplained.
HARD_TO_READ = (
    "Polysomnographic investigation characteristically demonstrates that pharmacological interventions "
    "necessitate individualised consideration of comorbidities.\n\n"
    "- Fasciculation potentials occasionally accompany generalised neuromuscular excitability"
)

ADMIN_USER = {"username": "editor", "password": "a-long-test-password-for-editors"}


class Site:
    """The live server, and short cuts that set up state without clicking through pages."""

    def __init__(self, url: str):
        self.url = url

    @staticmethod
    def run_of(url: str) -> str:
        return re.search(r"/questions/(\w+)/", url).group(1)

    @staticmethod
    def step_of(url: str) -> str | None:
        match = re.search(r"/questions/\w+/([\w-]+)/", url)
        return match.group(1) if match else None

    def question_url(self, run: str, step: str) -> str:
        return f"{self.url}/questions/{run}/{step}/"

    def begin(self, context, answers: dict | None = None, until: str | None = None) -> str:
        """Consent and answer questions over HTTP in this browser context; return the run id.

        Answers are given in the order the site asks, up to (not including) ``until``. These
        requests share the context's cookies but not its cache, so the next page the browser
        loads is still a first visit.
        """
        request = context.request
        request.get(f"{self.url}/")
        location = self.post_form(context, f"{self.url}/", {"consent": "on"})
        run = self.run_of(location)
        step = self.step_of(location)
        while answers and step not in (None, "check", until):
            location = self.post_form(
                context,
                self.question_url(run, step),
                {"step": step, f"{step}-answer": answers[step]},
            )
            next_step = self.step_of(location)
            assert next_step != step, f"{step} was not accepted"
            step = next_step
        if until:
            assert step == until, f"expected to reach {until}, reached {step}"
        return run

    @staticmethod
    def post_form(context, url: str, data: dict) -> str:
        """POST a form as the browser would; return where the site redirects to."""
        token = next(c["value"] for c in context.cookies() if c["name"].endswith("csrftoken"))
        body = urlencode({"csrfmiddlewaretoken": token, **data}, doseq=True)
        response = context.request.post(
            url, data=body, headers={"Content-Type": "application/x-www-form-urlencoded"}, max_redirects=0
        )
        assert response.status == 302, f"POST {url} answered {response.status}, not a redirect"
        return response.headers["location"]

    def stored_advice(self, answers: dict) -> str:
        """Store a finished questionnaire directly; return the URL of its advice page."""
        from triage.services import store_assessment

        assessment = store_assessment(
            answers, consent_given_at=timezone.now(), submission_key=secrets.token_urlsafe(24)
        )
        return self.url + assessment.get_absolute_url()

    def staff_login(self, page):
        from django.contrib.auth import get_user_model

        from tests.conftest import authenticator_code
        from twitchguide.staff import set_up_authenticator

        user = get_user_model().objects.create_superuser(email="editor@example.org", **ADMIN_USER)
        set_up_authenticator(user)
        page.goto("/admin/login/")
        page.fill("#id_username", ADMIN_USER["username"])
        page.fill("#id_password", ADMIN_USER["password"])
        page.fill("#id_code", authenticator_code(user))
        page.click("input[type=submit], button[type=submit]")
        page.wait_for_url("**/admin/")


def submit_by(page, action):
    """Do ``action`` (a click, a tap, a key press) that sends a form, and wait for the new page."""
    with page.expect_navigation():
        action()


class BrowserPatient:
    """A patient going through the questionnaire in the browser with the mouse."""

    def __init__(self, page):
        self.page = page

    @property
    def step(self) -> str | None:
        return Site.step_of(self.page.url)

    def start(self):
        self.page.goto("/")
        self.page.check("#id_consent")
        submit_by(self.page, self.page.get_by_role("button", name="Start now").click)
        assert self.step == "age"

    def choose(self, step: str, value):
        for code in value if isinstance(value, list) else [value]:
            self.page.check(f'input[name="{step}-answer"][value="{code}"]')

    def continue_(self):
        submit_by(self.page, self.page.get_by_role("button", name="Continue").click)

    def answer_all(self, answers: dict, on_each_page=None) -> list[str]:
        """Answer every question the site asks, in its order; stop on check answers."""
        asked = []
        while (step := self.step) not in (None, "check"):
            assert step not in asked, f"{step} was asked twice"
            asked.append(step)
            if on_each_page:
                on_each_page(self.page)
            self.choose(step, answers[step])
            self.continue_()
        return asked

    def submit(self):
        submit_by(self.page, self.page.get_by_role("button", name="Send answers and see advice").click)
        assert "/advice/" in self.page.url


# Every page the site has, by name: what axe, the weight budget and the screenshots cover.
QUESTION_PAGES = [f"question-{step}" for step in STEPS]
PATIENT_PAGES = [
    "start",
    *QUESTION_PAGES,
    "check",
    *[f"advice-{level}" for level in OUTCOMES],
    "advice-version-1",
    "emergency-not-saved",
    "delete",
    "deleted",
    "under-16",
    "about",
    "privacy",
    "accessibility",
    "glossary",
    "session-ended",
    "feedback",
    "feedback-sent",
    "safety-concern",
    "safety-concern-sent",
]
ERROR_PAGES = [
    "start-error",
    *[f"{name}-error" for name in QUESTION_PAGES],
    "feedback-error",
    "safety-concern-error",
]
ADMIN_PAGES = [
    "admin-login",
    "admin-authenticator",
    "admin-article",
    "admin-article-hard",
    "admin-article-list",
    "admin-preview",
    "admin-feedback-list",
    "admin-safety-concern",
]
ALL_PAGES = PATIENT_PAGES + ERROR_PAGES + ADMIN_PAGES


def open_page(name: str, page, site: Site):
    """Bring ``page`` to the named page of the site, in the state the name says."""
    context = page.context
    if name == "start":
        page.goto("/")
    elif name == "start-error":
        page.goto("/")
        submit_by(page, page.get_by_role("button", name="Start now").click)
    elif name.startswith("question-"):
        step = name.removeprefix("question-").removesuffix("-error")
        run = site.begin(context, EVERY_QUESTION, until=step)
        page.goto(site.question_url(run, step))
        if name.endswith("-error"):
            submit_by(page, page.get_by_role("button", name="Continue").click)
    elif name == "check":
        run = site.begin(context, EVERY_QUESTION, until="check")
        page.goto(site.question_url(run, "check"))
    elif name == "advice-version-1":
        from tests.conftest import make_version_1_assessment

        page.goto(site.url + make_version_1_assessment().get_absolute_url())
    elif name == "emergency-not-saved":
        from unittest import mock

        from django.db import DatabaseError

        run = site.begin(context, {"age": "45_64"}, until="emergency")
        page.goto(site.question_url(run, "emergency"))
        page.check('input[name="emergency-answer"][value="stroke_now"]')
        with mock.patch("triage.questionnaire.views.store_assessment", side_effect=DatabaseError("disk full")):
            submit_by(page, page.get_by_role("button", name="Continue").click)
    elif name.startswith("advice-"):
        page.goto(site.stored_advice(OUTCOMES[name.removeprefix("advice-")]))
    elif name == "delete":
        page.goto(site.stored_advice(OUTCOMES["self_care"]) + "delete/")
    elif name == "deleted":
        page.goto("/deleted/")
    elif name == "under-16":
        page.goto("/under-16/")
    elif name == "about":
        page.goto("/about-sleep-starts/")
    elif name == "privacy":
        page.goto("/privacy/")
    elif name == "accessibility":
        page.goto("/accessibility/")
    elif name == "glossary":
        page.goto("/medical-words/")
    elif name == "session-ended":
        page.goto("/questions/000000000000/age/")
    elif name in ("feedback", "feedback-error"):
        page.goto("/feedback/")
        if name == "feedback-error":
            submit_by(page, page.get_by_role("button", name="Send feedback").click)
    elif name in ("safety-concern", "safety-concern-error"):
        page.goto("/report-a-safety-concern/")
        if name == "safety-concern-error":
            submit_by(page, page.get_by_role("button", name="Send report").click)
    elif name == "feedback-sent":
        page.goto("/feedback/thank-you/")
    elif name == "safety-concern-sent":
        page.goto("/report-a-safety-concern/thank-you/")
    elif name == "admin-login":
        page.goto("/admin/login/")
    elif name in ("admin-feedback-list", "admin-safety-concern"):
        from triage.models import Feedback
        from triage.services import store_feedback

        concern = store_feedback(kind=Feedback.Kind.SAFETY_CONCERN, text="The advice was wrong.", reporter="carer")
        store_feedback(kind=Feedback.Kind.FEEDBACK, useful="yes", text="Clear and quick.")
        site.staff_login(page)
        page.goto(
            f"/admin/triage/feedback/{concern.pk}/change/"
            if name == "admin-safety-concern"
            else "/admin/triage/feedback/"
        )
    elif name == "admin-authenticator":  # a new staff member's first sign-in: the code left empty
        from django.contrib.auth import get_user_model

        get_user_model().objects.create_user(is_staff=True, **ADMIN_USER)
        page.goto("/admin/login/")
        page.fill("#id_username", ADMIN_USER["username"])
        page.fill("#id_password", ADMIN_USER["password"])
        submit_by(page, page.get_by_role("button", name="Sign in").click)
        assert page.url.endswith("/admin/authenticator/"), page.url
    elif name.startswith("admin-"):
        from triage.models import AdviceArticle

        article = AdviceArticle.objects.order_by("pk").first()
        if name in ("admin-article-hard", "admin-article-list", "admin-preview"):
            # Above the reading-age target, with an unexplained medical word: every part of the panel and
            # the "Needs your attention" box is on the page.
            AdviceArticle.objects.filter(pk=article.pk).update(body=HARD_TO_READ)
        site.staff_login(page)
        path = {"admin-article-list": "", "admin-preview": f"{article.pk}/preview/"}.get(name, f"{article.pk}/change/")
        page.goto(f"/admin/triage/advicearticle/{path}")
    else:
        raise ValueError(f"no page called {name}")
    if name.endswith("-error") or name == "start-error":
        assert page.title().startswith("Error: "), f"{name}: title {page.title()!r} lacks 'Error: '"


def tab_through(page, script: str, key: str, most: int = 80) -> list[dict]:
    """Press Tab until focus comes back round (or leaves the page), evaluating ``script`` at each stop.

    ``key`` names what in the script's result tells one stop from another. At least 3 stops: a page
    whose Tab stops nowhere would otherwise pass any check of them.
    """
    stops: list[dict] = []
    for _ in range(most):
        page.keyboard.press("Tab")
        focus = page.evaluate(script)
        if focus[key].startswith("<body") or any(focus[key] == stop[key] for stop in stops):
            break
        stops.append(focus)
    assert len(stops) >= 3
    return stops
