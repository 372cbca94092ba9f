import secrets

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_safe
from django.views.generic.base import ContextMixin
from formtools.wizard.forms import ManagementForm
from formtools.wizard.views import NamedUrlSessionWizardView, WizardView

from . import advice, glossary, outcome, stats
from .assessment import AgeBand, Answers, Finding, Level, Reason, TriageResult, assess
from .findings import describe_finding
from .forms import ConfirmForm, ConsentForm
from .legacy import LEVELS as VERSION_1_LEVELS
from .models import Assessment
from .questions import (
    FORMS,
    QUESTIONS,
    QUESTIONS_BY_NAME,
    VERSION,
    QuestionField,
    answer_rows,
    asked_questions,
    clean_answer,
    outcome_so_far,
)
from .security import rate_limited
from .services import store_assessment
from .summary import doctor_summary

RUNS_KEY = "triage_runs"
RESULTS_KEY = "triage_results"
MAX_RUNS = 5
CHECK_STEP = "check"


@sensitive_post_parameters()
@rate_limited
def start(request):
    """What the check is, what it stores, and consent before the first question."""
    form = ConsentForm(
        request.POST if request.method == "POST" else None, retention_days=settings.ANSWER_RETENTION_DAYS
    )
    if request.method == "POST" and form.is_valid():
        run = QuestionnaireView.begin(request)
        stats.record_step(request, stats.START_STEP)
        return redirect("triage:question", run=run, step=QUESTIONS[0].name)
    return render(request, "triage/start.html", {"form": form})


def _condition(question):
    return lambda wizard: question.name in wizard.asked_names()


@method_decorator([never_cache, sensitive_post_parameters(), rate_limited], name="dispatch")
class QuestionnaireView(NamedUrlSessionWizardView):
    """The history, one question per page. The questions themselves live in questions.py.

    Each run through the questionnaire has its own id in the URL and its own storage in the
    session, so two questionnaires in two tabs of one browser never mix their answers.
    """

    form_list = [*FORMS.items(), (CHECK_STEP, ConfirmForm)]
    storage_name = "triage.wizard_storage.SessionStorageWritingOnChange"
    condition_dict = {q.name: _condition(q) for q in QUESTIONS if q.asked_if}

    @classmethod
    def begin(cls, request) -> str:
        """Start a fresh run for this browser with consent recorded; return its id."""
        run = secrets.token_hex(6)
        runs = request.session.get(RUNS_KEY, {})
        for old in list(runs)[: max(0, len(runs) - MAX_RUNS + 1)]:
            cls.forget(request, old)  # also removes it from ``runs``, the session's own dict
        runs[run] = {"consent_at": timezone.now().isoformat(), "submission_key": secrets.token_urlsafe(24)}
        request.session[RUNS_KEY] = runs
        return run

    @staticmethod
    def forget(request, run):
        """Drop a run and every answer stored for it."""
        request.session.pop(f"wizard_questionnaire_{run}", None)
        runs = request.session.get(RUNS_KEY, {})
        if runs.pop(run, None) is not None:
            request.session[RUNS_KEY] = runs

    def get_prefix(self, request, *args, **kwargs):
        return f"questionnaire_{kwargs['run']}"

    @property
    def management_field(self) -> str:
        """The name of the hidden field that says which step a POST answers."""
        return f"{self.prefix}-current_step"

    def get_step_url(self, step):
        return reverse(self.url_name, kwargs={"run": self.kwargs["run"], "step": step})

    def get_template_names(self):
        # The page of the step in the URL: a page is only ever drawn for the step it is at.
        if self.kwargs["step"] == CHECK_STEP:
            return ["triage/check_answers.html"]
        return ["triage/question.html"]

    # --- flow -------------------------------------------------------------------------

    def dispatch(self, request, *args, **kwargs):
        self.run = request.session.get(RUNS_KEY, {}).get(kwargs["run"])
        if self.run is None:
            token = request.session.get(RESULTS_KEY, {}).get(kwargs["run"])
            if token and Assessment.objects.filter(token=token).exists():
                messages.info(request, "Your answers have already been sent. This is your advice.")
                return redirect("triage:result", token=token)
            return render(request, "triage/session_ended.html", {"page_title": "Your session has ended"})
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        step = kwargs.get("step")
        if request.GET.get("change"):
            self.storage.extra_data = {**self.storage.extra_data, "returning": True}
        if step == self.done_step_name or step not in self.get_form_list():
            return redirect(self.get_step_url(self.first_unanswered_step()))
        if self.step_index(step) > self.step_index(self.first_unanswered_step()):
            return redirect(self.get_step_url(self.first_unanswered_step()))
        if step == CHECK_STEP:
            if self.storage.extra_data.get("returning"):
                self.storage.extra_data = {**self.storage.extra_data, "returning": False}
            return super().get(request, *args, **kwargs)
        # Opening a question page shows the question and any stored answer, so it needs no
        # form, and formtools' GET (which builds and validates one) is skipped: the most
        # requested page costs half as much (docs/performance.md). POST still uses formtools.
        field = QuestionField.from_answer(QUESTIONS_BY_NAME[step], self.answers_so_far().get(step))
        return self.render_to_response(self.page_context(step, {"field": field}))

    def post(self, request, *args, **kwargs):
        step = kwargs.get("step")
        management = ManagementForm(request.POST, prefix=self.prefix)
        if (
            step not in self.get_form_list()
            or not management.is_valid()
            or management.cleaned_data["current_step"] != step
            or self.step_index(step) > self.step_index(self.first_unanswered_step())
        ):
            return redirect(self.get_step_url(self.first_unanswered_step()))
        self.storage.current_step = step
        try:
            return super().post(request, *args, **kwargs)
        except SuspiciousOperation:
            return redirect(self.get_step_url(self.first_unanswered_step()))

    def get_form_step_data(self, form):
        """Keep only this step's own fields, never the rest of the request body."""
        names = [form.add_prefix(name) for name in form.fields]
        return {key: form.data.getlist(key) for key in names if key in form.data}

    def process_step(self, form):
        stats.record_step(self.request, self.steps.current)
        return super().process_step(form)

    def render_next_step(self, form, **kwargs):
        if self.steps.current == "age" and form.cleaned_data["answer"] == AgeBand.UNDER_16:
            self.storage.reset()
            self.forget(self.request, self.kwargs["run"])
            return redirect("triage:under_16")
        if self.first_unanswered_step() == CHECK_STEP and self.outcome().level == Level.EMERGENCY:
            return self.send_for_help_now()
        if self.storage.extra_data.get("returning"):
            return redirect(self.get_step_url(self.first_unanswered_step()))
        return super().render_next_step(form, **kwargs)

    def send_for_help_now(self):
        """An emergency answer ends the questionnaire: store what was said and show the card at once.

        No check-answers page and no further questions. If storing fails, triage.faults shows
        the card all the same (with the 503 of answers not saved), from ``request.emergency``.
        """
        self.request.emergency = self.outcome()
        response = self.store(self.asked_answers())
        self.storage.reset()
        self.forget(self.request, self.kwargs["run"])
        return response

    def render_done(self, form, **kwargs):
        # Store on the POST that sends the answers, never on a GET. A database fault raised
        # here leaves nothing stored (store_assessment is atomic) and the answers in the
        # session (the wizard resets its storage only after done() succeeds, and a 503 never
        # saves the session): triage.faults answers it with the "not saved" page.
        response = WizardView.render_done(self, form, **kwargs)
        if getattr(self, "stored", False):
            self.forget(self.request, self.kwargs["run"])
        return response

    def done(self, form_list, form_dict, **kwargs):
        return self.store({name: form.cleaned_data["answer"] for name, form in form_dict.items() if name != CHECK_STEP})

    def store(self, answers):
        """Store the answers once and send the person to their advice."""
        assessment = store_assessment(
            answers,
            consent_given_at=self.run["consent_at"],
            submission_key=self.run["submission_key"],
        )
        self.stored = True
        stats.record_step(self.request, stats.SUBMITTED_STEP)
        self.request.session[RESULTS_KEY] = {
            **self.request.session.get(RESULTS_KEY, {}),
            self.kwargs["run"]: assessment.token,
        }
        return redirect(assessment)

    # --- reading the stored answers ------------------------------------------------------

    def answers_so_far(self):
        """Valid answers in storage, read without resolving the form list (which depends on them)."""
        return self._remembered("answers", self._answers_so_far)

    def _answers_so_far(self):
        stored = self.storage.data[self.storage.step_data_key]  # {step: {field: [values]}}
        answers = {}
        for question in QUESTIONS:
            value = clean_answer(question, stored.get(question.name), question.name)
            if value:
                answers[question.name] = value
        return answers

    def get_form_list(self):
        # The step list depends on the stored answers. formtools asks for it many times per
        # request and rebuilds a signature of every condition on each call to check its own
        # cache, which it only clears after a valid POST; this is remembered per state of the
        # answers instead.
        return self._remembered("form_list", super().get_form_list)

    def _remembered(self, name, compute):
        """``compute()``, worked out again only when the stored answers have changed."""
        memo = self.__dict__.setdefault("_memo", {})
        if name not in memo or memo[name][0] != self.storage.changes:
            memo[name] = (self.storage.changes, compute())
        return memo[name][1]

    def asked_names(self) -> frozenset[str]:
        """The questions this person is asked, given the stored answers (worked out once per change)."""
        return self._remembered("asked", lambda: frozenset(q.name for q in asked_questions(self.answers_so_far())))

    def first_unanswered_step(self):
        answers = self.answers_so_far()
        return next((step for step in self.get_form_list() if step not in answers), CHECK_STEP)

    def asked_answers(self):
        """The stored answers to the questions this person is asked now (a change can drop some)."""
        steps = self.get_form_list()
        return {name: value for name, value in self.answers_so_far().items() if name in steps}

    def outcome(self) -> TriageResult:
        return outcome_so_far(self.asked_answers())

    def step_index(self, step):
        return list(self.get_form_list()).index(step)

    def get_context_data(self, form, **kwargs):
        # formtools' own get_context_data also builds a ManagementForm for every page, which
        # the templates never render (they write its one hidden field out): skip it.
        context = ContextMixin.get_context_data(self, form=form, **kwargs)
        step = self.steps.current
        if step != CHECK_STEP:
            context["field"] = QuestionField.from_form(form)
        context = self.page_context(step, context)
        if form.errors:
            context["page_title"] = f"Error: {context['page_title']}"
        return context

    def page_context(self, step, context):
        """What question.html or check_answers.html shows for ``step``, besides the form."""
        steps = list(self.get_form_list())
        index = steps.index(step)
        questions = steps[:-1]  # the check step is always last
        if step == CHECK_STEP:
            context["rows"] = answer_rows(self.asked_answers())
            if self.outcome().level == Level.EMERGENCY:  # only when storing it failed before
                context["emergency"] = outcome.fill(outcome.care_card(self.outcome()).heading)
            context["page_title"] = "Check your answers"
        else:
            context["progress"] = f"Question {index + 1} of {len(questions)}"
            context["page_title"] = QUESTIONS_BY_NAME[step].text
        context["step"] = step
        context["run"] = self.kwargs["run"]
        context["management_field"] = self.management_field
        context["back_url"] = self.get_step_url(steps[index - 1]) if index else reverse("triage:start")
        return context


def card_context(result: TriageResult) -> dict:
    """The care card and what to do, for the advice page and the emergency page."""
    card = outcome.care_card(result)
    return {
        "page_title": outcome.fill(card.heading),
        "level": result.level,
        "card_heading": outcome.fill(card.heading),
        "card_action": outcome.fill(card.action),
        "card_icon": card.icon,
        "steps": outcome.steps(result),
        "reasons": advice.reason_lines(result.reasons),
    }


def stored_outcome(assessment: Assessment, answers: dict) -> TriageResult:
    """The outcome as the person was given it.

    Today's answers are scored by today's rules. An assessment of the first questionnaire keeps
    the level and findings it was stored with (its questions are not today's).
    """
    if assessment.questionnaire_version == VERSION:
        return assess(Answers.from_mapping(answers))
    known = {code for code in assessment.findings if code in Finding}
    reasons = sorted(
        (Reason(Finding(code), VERSION_1_LEVELS[code], ()) for code in known if code in VERSION_1_LEVELS),
        key=lambda reason: -reason.level,
    )
    return TriageResult(
        level=Level(assessment.level),
        findings={Finding(code): () for code in known},
        reasons=tuple(reasons),
        fits_sleep_starts=Level(assessment.level) == Level.SELF_CARE and set(known) <= {"sleep_starts"},
    )


def version_1_reasons(assessment: Assessment) -> list[str]:
    """The stored findings that set a first-questionnaire level, most urgent first, in plain words."""
    codes = sorted((c for c in assessment.findings if c in VERSION_1_LEVELS), key=lambda c: -VERSION_1_LEVELS[c])
    return [describe_finding(code) for code in codes]


def _gone(request):
    """410 for a result past its retention date: deleted, even if the purge has not run yet."""
    return render(
        request, "triage/deleted.html", {"page_title": "Your answers have been deleted", "expired": True}, status=410
    )


@never_cache
@require_safe
def result(request, token):
    assessment = get_object_or_404(Assessment, token=token)
    if assessment.has_expired():
        return _gone(request)
    answers = assessment.answers()
    triage = stored_outcome(assessment, answers)
    context = {
        **card_context(triage),
        "assessment": assessment,
        "likely": outcome.likely(triage),
        "sections": advice.select_sections(triage.findings),
        "get_help_sooner": outcome.get_help_sooner(triage.findings),
        "summary": _summary_groups(answers, assessment.questions),
        "page_title": "Your advice",
    }
    if assessment.questionnaire_version != VERSION:
        context["reasons"] = version_1_reasons(assessment)
    else:
        context["fhir_url"] = reverse("triage:fhir_response", kwargs={"token": token})
        context["gp_summary"] = doctor_summary(answers, triage)
    response = render(request, "triage/result.html", context)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _summary_groups(answers, questions):
    groups: dict[str, list] = {}
    for row in answer_rows(answers, questions):
        groups.setdefault(row.question.summary_heading, []).append(row)
    return list(groups.items())


@never_cache
@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
@rate_limited
def delete(request, token):
    assessment = get_object_or_404(Assessment, token=token)
    if assessment.has_expired():
        return _gone(request)
    if request.method == "POST":
        assessment.delete()
        _forget_result(request.session, token)
        return redirect("triage:deleted")
    return render(request, "triage/delete.html", {"assessment": assessment, "page_title": "Delete your answers"})


def _forget_result(session, token):
    """Remove every trace of a deleted result from the session: its link and the steps counted.

    The steps counted for the funnel are the questions this person was shown, which hint at
    their answers. A session left with nothing else in it is deleted, cookie and all.
    """
    results = {run: t for run, t in session.get(RESULTS_KEY, {}).items() if t != token}
    session[RESULTS_KEY] = results
    session.pop(stats.SESSION_KEY, None)
    for key in (RESULTS_KEY, RUNS_KEY):
        if not session.get(key):
            session.pop(key, None)
    if not session.keys():
        session.flush()


@require_safe
def deleted(request):
    return render(request, "triage/deleted.html", {"page_title": "Your answers have been deleted"})


@require_safe
def under_16(request):
    return render(request, "triage/under_16.html", {"page_title": "Twitching at sleep in children and teenagers"})


@require_safe
def about(request):
    """General advice about sleep starts, for people who do not want to answer questions."""
    sections = advice.select_sections({Finding.SLEEP_STARTS: ()}, heading_shift=0)
    context = {
        "sections": sections,
        "get_help_sooner": outcome.get_help_sooner({}),
        "page_title": "About sleep starts",
    }
    return render(request, "triage/about.html", context)


@require_safe
def privacy(request):
    context = {"page_title": "Privacy: what we keep and why", "session_age": _duration(settings.SESSION_COOKIE_AGE)}
    return render(request, "triage/privacy.html", context)


def _duration(seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    if hours and not rest:
        return f"{hours} hour{'s' if hours != 1 else ''}"
    minutes = seconds // 60
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def glossary_page(request):
    """The medical words our advice cannot always avoid, in plain words; advice links each to its entry."""
    return render(request, "triage/glossary.html", {"terms": glossary.TERMS, "page_title": "Medical words explained"})


# --- error pages --------------------------------------------------------------------------


def csrf_failure(request, reason=""):
    """A form arrived without its security token: usually an old page or blocked cookies."""
    return render(request, "403_csrf.html", {"page_title": "Sorry, we could not accept that form"}, status=403)


def bad_request(request, exception=None):
    """A request we could not read (too big, malformed, not valid). Never a server error."""
    match = getattr(request, "resolver_match", None)
    if request.method == "POST" and match and match.view_name == "triage:question":
        # A step that cannot be read is a step not answered: back to where the person is.
        return redirect(request.path)
    status = 413 if isinstance(exception, RequestDataTooBig) else 400
    return render(request, "400.html", {"page_title": "Sorry, we could not read that"}, status=status)


def permission_denied(request, exception=None):
    return render(request, "403.html", {"page_title": "You cannot see this page"}, status=403)
