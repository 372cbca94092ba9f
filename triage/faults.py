"""What a person sees when the database fails (locked, full, gone): a 503, never a plain 500.

Redis, where it is set (``REDIS_URL``: the rate-limit counts, the sessions' copies), is treated as
the database is: a fault there is the same 503, and the same "not saved" page on a POST.

A POST that fails on the database has changed nothing the person can see: every write on a
public POST is a single statement or one transaction (the rate-limit count, the session, the
stored answers), and a 503 response is never followed by a session save (Django saves a
session only below 500). So the page says nothing was saved, keeps what was sent, and offers to
send exactly that again. The page is rendered without touching the database: its context is
built here, not by context processors.

``DatabaseFaultMiddleware`` catches the fault when a view raises it (the usual case: the rate
limit, a step's session, the stored answers); ``server_error`` (handler500) catches it when
middleware raises it, e.g. the session save after a view.

An emergency answer does not wait for the database to make up its mind: ``EmergencyFirstMiddleware``
gives every wait of such a request ``EMERGENCY_WAIT`` seconds at most (twitchguide/waits.py), so
a locked or silent database shows the emergency card at once, from the answer in the POST.
"""

from __future__ import annotations

import logging
import sys

from django.db import DatabaseError
from django.http import HttpResponse, HttpResponseServerError
from django.middleware.csrf import get_token
from django.template import loader
from django.urls import Resolver404, resolve
from django.utils.cache import add_never_cache_headers
from redis.exceptions import RedisError

from triage.clinical.assessment import Level, TriageResult
from triage.context_processors import service
from triage.questionnaire.forms import ButtonForm
from triage.questionnaire.questions import QUESTIONS_BY_NAME, SCREEN, screened
from triage.questionnaire.views import card_context
from twitchguide import waits

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 60
FAULTS = (DatabaseError, RedisError)
"""What a page may meet from the database or Redis: a 503, never a 500."""
EMERGENCY_WAIT = 0.5
"""Seconds an emergency answer may wait for the database, all waits together, before the card is shown unsaved."""
# Never sent back into a page: the CSRF token gets a fresh one, and a password never leaves the form.
NOT_RESENT = {"csrfmiddlewaretoken", "password"}


def _page(request, template: str, context: dict, status: int) -> HttpResponse:
    context = {**service(request), **context}
    response = HttpResponse(loader.render_to_string(template, context), status=status)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)  # the retry form carries the person's answers
    return response


def not_saved(request) -> HttpResponse:
    """503 for a POST whose write failed: nothing was stored; a button sends the same form again.

    An emergency answer gets the emergency card instead: help first, whatever the database does.
    """
    emergency = getattr(request, "emergency", None) or _emergency_sent(request)
    if emergency is not None and emergency.level == Level.EMERGENCY:
        context = {**card_context(emergency), "not_saved": True}
        return _page(request, "triage/emergency_not_saved.html", context, status=503)
    fields = [(name, value) for name in request.POST for value in request.POST.getlist(name) if name not in NOT_RESENT]
    submitting = request.resolver_match.url_name == "check_answers"
    context = {
        "page_title": "Your answers were not saved",
        "retry_form": ButtonForm(
            "Try again to send your answers" if submitting else "Try again", hidden=fields, action=request.path
        ),
        "csrf_token": get_token(request),
        "submitting": submitting,
    }
    return _page(request, "triage/not_saved.html", context, status=503)


def _emergency_sent(request) -> TriageResult | None:
    """The outcome of the screening answer in this POST alone (the session may be unreadable)."""
    step = request.resolver_match.kwargs.get("step")
    if step not in SCREEN:
        return None
    question = QUESTIONS_BY_NAME[step]
    values = request.POST.getlist(f"{step}-answer")
    return screened({step: values if question.multiple else (values[-1] if values else None)})


def unavailable(request) -> HttpResponse:
    """503 for a page that could not be read from the database."""
    return _page(request, "503.html", {"page_title": "Sorry, this page is not available just now"}, status=503)


def _is_patient_page(request) -> bool:
    match = getattr(request, "resolver_match", None)
    return match is not None and match.namespace == "triage"


def response_for(request, error: Exception) -> HttpResponse:
    # The kind of failure and where in our code: the log filter leaves out a database
    # error's message, which can quote the values being written.
    logger.error("Database fault on a %s request: %s", request.method, type(error).__name__, exc_info=error)
    if request.method == "POST" and _is_patient_page(request):
        return not_saved(request)
    return unavailable(request)


class DatabaseFaultMiddleware:
    """Turns a database fault raised by a view into a 503 page (last in MIDDLEWARE)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, FAULTS):
            return response_for(request, exception)
        return None


class EmergencyFirstMiddleware:
    """A POST whose screening answer alone means an emergency waits ``EMERGENCY_WAIT`` at most for the database.

    Before the session is read or saved (so it comes before SessionMiddleware): storing the
    answers is worth a moment, never the person's time. If the database cannot take them that
    fast, the fault becomes the emergency card (``not_saved``), not the "not saved" form.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and _is_emergency_answer(request):
            with waits.at_most(EMERGENCY_WAIT):
                return self.get_response(request)
        return self.get_response(request)


def _is_emergency_answer(request) -> bool:
    if request.content_type != "application/x-www-form-urlencoded":  # what our forms send
        return False
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    if match.view_name != "triage:question" or match.kwargs.get("step") not in SCREEN:
        return False
    request.resolver_match = match  # what _emergency_sent reads; Django sets the same again
    try:
        result = _emergency_sent(request)
    except Exception:  # noqa: BLE001 - an unreadable body is the view's to refuse, not ours
        return False
    return result is not None and result.level == Level.EMERGENCY


def server_error(request):
    """handler500: a database fault raised outside a view is still a 503; anything else a 500."""
    error = sys.exception()
    if isinstance(error, FAULTS):
        return response_for(request, error)
    return HttpResponseServerError(loader.render_to_string("500.html"))
