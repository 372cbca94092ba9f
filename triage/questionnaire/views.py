"""The patient's pages: start, the questionnaire (one question a page), the advice and the rest.

Thin on purpose: the questions and their branching are in ``questions.py``, the clinical decision
in ``assessment.py``, what a run keeps in the session in ``runs.py``, storing in ``services.py``.
"""

from functools import lru_cache
from urllib.parse import urlsplit

from crispy_forms.utils import render_crispy_form
from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from triage.clinical import assessment as clinical
from triage.clinical import outcome
from triage.clinical.assessment import AgeBand, Finding, Level, TriageResult
from triage.content import advice, glossary
from triage.context_processors import service
from triage.handover.summary import answer_rows, doctor_summary
from triage.models import Assessment, Feedback
from triage.questionnaire import forms
from triage.questionnaire.forms import FORMS, ButtonForm, ConsentForm
from triage.questionnaire.questions import CHECK, QUESTIONS, QUESTIONS_BY_NAME, VERSION, asked_questions
from triage.questionnaire.runs import STEP_FIELD, Run, forget_result, result_of
from triage.security import answer_limits, rate_limited
from triage.services import store_assessment, store_feedback
from triage.staff.stats import count_assessment


@sensitive_post_parameters()
@rate_limited
def start(request):
    """What the check is, what it stores, and consent before the first question."""
    form = ConsentForm(
        request.POST if request.method == "POST" else None, retention_days=settings.ANSWER_RETENTION_DAYS
    )
    if request.method == "POST" and form.is_valid():
        run = Run.begin(request.session)
        return redirect("triage:question", run=run.id, step=QUESTIONS[0].name)
    unfinished = Run.latest_unfinished(request.session)
    context = {"form": form, "continue_url": unfinished and _url(unfinished, unfinished.next_step())}
    return render(request, "triage/start.html", context)


# --- the questionnaire: one URL a question, /questions/<run>/<step>/, then check answers ------
#
# "Change this answer" travels in the URL (?change=1) and then in the form (a hidden field), never in
# the session: a GET writes nothing, and an answer sent from check answers goes back there.

CHANGE_FIELD = "change"


@never_cache
@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
@rate_limited(limits=answer_limits)
def question(request, run, step):
    """One question a page. A page is only drawn for a question the person can open."""
    current = Run.find(request.session, run)
    if current is None:
        return _run_ended(request, run)
    if step not in QUESTIONS_BY_NAME or not current.can_open(step):
        return _go_to(current, current.next_step())
    if request.method == "POST":
        if request.POST.get(STEP_FIELD) != step:
            return _go_to(current, current.next_step())
        return _answer(request, current, QUESTIONS_BY_NAME[step])
    changing = request.GET.get(CHANGE_FIELD) == "1"
    answer = current.answers.get(step)
    drawn = _blank_form(step, answer if answer is None or isinstance(answer, str) else tuple(answer), changing)
    context = {
        **_page_context(current, step, changing),
        "form_html": mark_safe(drawn.replace(CSRF_PLACEHOLDER, get_token(request))),  # noqa: S308 (crispy's, escaped)
        "page_title": QUESTIONS_BY_NAME[step].text,
    }
    return render(request, "triage/question.html", context)


@lru_cache(maxsize=1024)
def _blank_form(step: str, answer: str | tuple | None, changing: bool) -> SafeString:
    """A question's form as crispy draws it before it is sent, with the answer given before ticked.

    The same for everyone with that answer, so each process draws it once (drawing it was most of a
    question page's time: make profile). The placeholder is each browser's CSRF token. A form sent
    back with errors is drawn afresh (_question_page).
    """
    form = FORMS[step](initial={"answer": answer}, hidden=_hidden(step, changing))
    return render_crispy_form(form, context={"csrf_token": CSRF_PLACEHOLDER})


@never_cache
@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
@rate_limited(limits=answer_limits)
def check_answers(request, run):
    """Every answer with a link to change it, then send them: stored with their outcome, once."""
    current = Run.find(request.session, run)
    if current is None:
        return _run_ended(request, run)
    if current.next_step() != CHECK:
        return _go_to(current, current.next_step())
    if request.method == "POST":
        if request.POST.get(STEP_FIELD) != CHECK:
            return _go_to(current, CHECK)
        return _send(request, current)
    return _check_page(request, current)


def _hidden(step: str, changing: bool) -> list[tuple[str, str]]:
    """What a question page sends besides the answer: its step, and that it came from check answers."""
    return [(STEP_FIELD, step), *([(CHANGE_FIELD, "1")] if changing else [])]


def _answer(request, run: Run, question):
    changing = request.POST.get(CHANGE_FIELD) == "1"
    form = FORMS[question.name](request.POST, hidden=_hidden(question.name, changing))
    if not form.is_valid():
        return _question_page(request, run, question, form, changing=changing)
    answer = form.cleaned_data["answer"]
    if question.name == "age" and answer == AgeBand.UNDER_16:
        # Nothing is kept for a child: no answer at all. The run stays (empty), so that Back, or
        # the page's link, returns to the age question of a person who chose it by mistake.
        run.clear(counting=question)
        return redirect(reverse("triage:under_16") + f"?run={run.id}")
    run.save(question, answer)
    if run.next_step() == CHECK and (result := run.outcome()).level == Level.EMERGENCY:
        # An emergency ends the questionnaire: no more questions, no check answers, the card now.
        # If it cannot be stored, triage.faults shows the card from request.emergency all the same.
        request.emergency = result
        return _send(request, run, result)
    if changing:  # back to check answers, through any question the change opened
        return _go_to(run, run.next_step(), changing=True)
    return _go_to(run, run.step_after(question.name))


def _send(request, run: Run, result: TriageResult | None = None):
    """Store the answers and their outcome once (a replay returns the first copy) and show the advice."""
    if run.next_step() != CHECK:
        return _go_to(run, run.next_step())
    if result is None:
        run.count(CHECK)
    assessment = store_assessment(
        run.asked_answers(),
        result or run.outcome(),
        consent_given_at=run.consent_at,
        submission_key=run.submission_key,
    )
    run.finish(assessment.token)
    return redirect(assessment)


def _go_to(run: Run, step: str, changing: bool = False):
    return redirect(_url(run, step) + (f"?{CHANGE_FIELD}=1" if changing and step != CHECK else ""))


def _url(run: Run, step: str) -> str:
    if step == CHECK:
        return reverse("triage:check_answers", kwargs={"run": run.id})
    return reverse("triage:question", kwargs={"run": run.id, "step": step})


def _page_context(run: Run, step: str, changing: bool = False) -> dict:
    steps = run.steps()
    index = steps.index(step)
    previous = _url(run, steps[index - 1]) if index else reverse("triage:start")
    back = _url(run, CHECK) if changing else previous
    return {"run": run.id, "back_url": back}


def _question_page(request, run: Run, question, form, changing: bool = False):
    context = {
        **_page_context(run, question.name, changing),
        "form": form,
        "page_title": f"Error: {question.text}" if form.errors else question.text,
    }
    return render(request, "triage/question.html", context)


def _check_page(request, run: Run):
    context = {
        **_page_context(run, CHECK),
        "rows": answer_rows(run.asked_answers()),
        "send_form": ButtonForm("Send answers and see advice", hidden=[(STEP_FIELD, CHECK)]),
        "page_title": "Check your answers",
    }
    if run.outcome().level == Level.EMERGENCY:  # only when storing it failed before
        context["emergency"] = outcome.fill(outcome.care_card(run.outcome()).heading)
    return render(request, "triage/check_answers.html", context)


def _run_ended(request, run_id: str):
    """A run this browser no longer has: its advice if it was sent, otherwise a page to start again."""
    token = result_of(request.session, run_id)
    if token and Assessment.objects.filter(token=token).exists():
        messages.info(request, "Your answers have already been sent. This is your advice.")
        return redirect("triage:result", token=token)
    return render(request, "triage/session_ended.html", {"page_title": "Your session has ended"})


CARE_VARIANTS = {Level.EMERGENCY: "emergency", Level.TODAY: "urgent", Level.GP: "non-urgent"}
"""NHS.UK's care cards: immediate action required, urgent and non-urgent. Self-care is a plain card."""


def card_context(result: TriageResult) -> dict:
    """The care card and what to do, for the advice page and the emergency page."""
    card = outcome.care_card(result)
    return {
        "page_title": outcome.fill(card.heading),
        "level": result.level,
        "card_heading": outcome.fill(card.heading),
        "card_action": outcome.fill(card.action),
        "urgency": card.urgency,
        "care_variant": CARE_VARIANTS.get(result.level),
        "signposts": outcome.signposts(result.level),
        "call_999": result.level == Level.EMERGENCY and result.call_999,
        "steps": outcome.steps(result),
        "reasons": advice.reason_lines(result.reasons),
    }


def _gone(request):
    """410 for a result past its retention date: deleted, even if the purge has not run yet."""
    return render(
        request, "triage/deleted.html", {"page_title": "Your answers have been deleted", "expired": True}, status=410
    )


# The advice page is drawn once per assessment and reused (make bench: 8–9 ms of CPU a view before):
# its outcome is stored and never changes, so the page changes only with the rules (the "more urgent
# today" warning), the articles (the newest article version) or the code. The cached copy holds a
# placeholder where each browser's own CSRF token goes; browsers are still told never to cache it.
ADVICE_PAGE_SECONDS = 60 * 60
CSRF_PLACEHOLDER = "csrf-token-of-this-browser-5Vq8TzL1"


@never_cache
@require_safe
def result(request, token):
    """The advice as it was given: the stored outcome, and a warning if today's rules would be more urgent."""
    assessment = get_object_or_404(Assessment, token=token)
    if assessment.has_expired():
        return _gone(request)
    if messages.get_messages(request):  # a note for this browser alone ("already sent"): drawn afresh
        response = render(request, "triage/result.html", _advice_context(assessment))
    else:
        response = HttpResponse(advice_page(assessment).replace(CSRF_PLACEHOLDER, get_token(request)))
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def advice_page_key(assessment: Assessment) -> str:
    return f"advice-page:{assessment.pk}:{assessment.rules_version}:{clinical.RULES_VERSION}:{advice.content_version()}"


def advice_page(assessment: Assessment) -> str:
    """The advice page's HTML, from the cache (LocMem, or Redis with REDIS_URL) or drawn and kept there."""
    key = advice_page_key(assessment)
    page = cache.get(key)
    if page is None:
        context = {**service(None), **_advice_context(assessment), "csrf_token": CSRF_PLACEHOLDER, "messages": ()}
        page = render_to_string("triage/result.html", context)
        kept_for = min(ADVICE_PAGE_SECONDS, (assessment.expires_at - timezone.now()).total_seconds())
        cache.set(key, page, timeout=max(1, int(kept_for)))
    return page


def _advice_context(assessment: Assessment) -> dict:
    answers = assessment.answers()
    given = assessment.given_outcome(answers)
    context = {
        **card_context(given),
        "assessment": assessment,
        "likely": outcome.likely(given),
        "sections": advice.select_sections(given.findings, level=given.level),
        "get_help_sooner": outcome.get_help_sooner(given.findings, given.level),
        "summary": _summary_groups(answers, assessment.questions),
        "page_title": "Your advice",
    }
    context["reasons"] += assessment.retired_reasons()
    today = assessment.outcome_today(answers)
    if today is not None and today.level > given.level:
        context["more_urgent_today"] = card_context(today)
    if assessment.questionnaire_version > 1:
        context["gp_summary"] = doctor_summary(answers, given, assessment.questions)
    if assessment.questionnaire_version == VERSION:  # a FHIR form is published for today's questionnaire only
        context["fhir_url"] = reverse("triage:fhir_response", kwargs={"token": assessment.token})
        if given.level == Level.EMERGENCY:
            context["mistake_form"] = ButtonForm(
                "I ticked this by mistake",
                action=reverse("triage:ticked_by_mistake", kwargs={"token": assessment.token}),
                kind="secondary",
            )
    context["delete_form"] = ButtonForm(
        "Delete my answers now", action=reverse("triage:delete", kwargs={"token": assessment.token}), kind="secondary"
    )
    return context


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
        triggers = list(assessment.answer_set.filter(question="triggers").values_list("value", flat=True))
        cache.delete(advice_page_key(assessment))
        if assessment.delete()[0]:  # not already deleted by another request
            count_assessment(assessment, triggers, by=-1)
        forget_result(request.session, token)
        return redirect("triage:deleted")
    context = {
        "assessment": assessment,
        "form": ButtonForm("Delete my answers", kind="warning"),
        "page_title": "Delete your answers",
    }
    return render(request, "triage/delete.html", context)


@never_cache
@require_POST
@rate_limited
def ticked_by_mistake(request, token):
    """Back to the screening question whose answer ended the questionnaire with an emergency, to change it.

    The emergency advice stays stored as it was given: the answers so far go into a new run, and a
    changed answer is sent as a new questionnaire.
    """
    assessment = get_object_or_404(Assessment, token=token)
    if assessment.has_expired():
        return _gone(request)
    answers = assessment.answers()
    if assessment.questionnaire_version != VERSION or assessment.given_outcome(answers).level != Level.EMERGENCY:
        return redirect(assessment)
    run = Run.resume(request.session, answers, consent_at=assessment.consent_given_at.isoformat())
    return _go_to(run, asked_questions(answers)[-1].name)  # an emergency answer is the last one asked


@require_safe
def deleted(request):
    return render(request, "triage/deleted.html", {"page_title": "Your answers have been deleted"})


@require_safe
def under_16(request):
    """For parents. After "Under 16" in the questionnaire, Back returns to the age question (a mistake)."""
    run_id = request.GET.get("run")
    run = run_id and Run.find(request.session, run_id)  # the session is read only when coming from the age question
    context = {
        "page_title": "Twitching at sleep in children and teenagers",
        "age_url": run and _url(run, QUESTIONS[0].name),
    }
    return render(request, "triage/under_16.html", context)


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
    context = {
        "page_title": "Privacy: what we keep and why",
        "session_age": _duration(settings.SESSION_COOKIE_AGE),
        "feedback_retention_days": settings.FEEDBACK_RETENTION_DAYS,
    }
    return render(request, "triage/privacy.html", context)


def _duration(seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    if hours and not rest:
        return f"{hours} hour{'s' if hours != 1 else ''}"
    minutes = seconds // 60
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


@never_cache  # its Back link can be a person's own advice page
@require_safe
def glossary_page(request):
    """The medical words our advice cannot always avoid, in plain words; advice links each to its entry.

    Back goes to the page of this site the person came from (the browser says which: the referrer
    policy is same-origin), or to the start page.
    """
    context = {"terms": glossary.TERMS, "page_title": "Medical words explained", "back_url": _came_from(request)}
    return render(request, "triage/glossary.html", context)


def _came_from(request) -> str | None:
    referrer = urlsplit(request.headers.get("Referer", ""))
    same_site = referrer.netloc == request.get_host() and referrer.scheme in ("http", "https")
    if not same_site or referrer.path == request.path:
        return None
    return referrer.path


@require_safe
def accessibility(request):
    return render(request, "triage/accessibility.html", {"page_title": "Accessibility statement"})


# --- feedback and safety concerns: post-release monitoring ----------------------------------


def _report_page(request, form_class, kind, template: str, title: str, sent: str):
    """Show a feedback form; store a valid one without anything about who sent it, then say thank you."""
    form = form_class(request.POST if request.method == "POST" else None)
    if form.is_valid():
        store_feedback(kind=kind, **form.cleaned_data)
        return redirect(sent)
    return render(request, template, {"form": form, "page_title": title})


@never_cache
@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
@rate_limited
def feedback(request):
    """Was this useful, and what could we do better."""
    return _report_page(
        request,
        forms.FeedbackForm,
        Feedback.Kind.FEEDBACK,
        "triage/feedback.html",
        "Give feedback",
        "triage:feedback_sent",
    )


@require_safe
def feedback_sent(request):
    return render(request, "triage/feedback_sent.html", {"page_title": "Thank you for your feedback"})


@never_cache
@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
@rate_limited
def safety_concern(request):
    """For anyone who thinks our advice was wrong or unsafe: the clinical safety case's incident report."""
    return _report_page(
        request,
        forms.SafetyConcernForm,
        Feedback.Kind.SAFETY_CONCERN,
        "triage/safety_concern.html",
        "Report a safety concern",
        "triage:safety_concern_sent",
    )


@require_safe
def safety_concern_sent(request):
    return render(request, "triage/safety_concern_sent.html", {"page_title": "Thank you for your report"})


# --- error pages --------------------------------------------------------------------------


def csrf_failure(request, reason=""):
    """A form arrived without its security token: usually an old page or blocked cookies."""
    return render(request, "403_csrf.html", {"page_title": "Sorry, we could not accept that form"}, status=403)


def bad_request(request, exception=None):
    """A request we could not read (too big, malformed, not valid). Never a server error."""
    match = getattr(request, "resolver_match", None)
    if request.method == "POST" and match and match.view_name in ("triage:question", "triage:check_answers"):
        # A step that cannot be read is a step not answered: back to where the person is.
        return redirect(request.path)
    status = 413 if isinstance(exception, RequestDataTooBig) else 400
    return render(request, "400.html", {"page_title": "Sorry, we could not read that"}, status=status)


def permission_denied(request, exception=None):
    return render(request, "403.html", {"page_title": "You cannot see this page"}, status=403)
