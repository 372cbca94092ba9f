"""Answers are health data: never in logs, URLs or error reports; result pages stay private."""

import logging
import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.sessions.backends import cached_db
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from tests.conftest import TYPICAL, persona
from triage.models import Answer, Assessment
from triage.questionnaire.questions import QUESTIONS, QUESTIONS_BY_NAME
from triage.questionnaire.runs import RUNS

# Personas whose answers are unusual enough to be found if they leaked anywhere.
PERSONAS = [
    persona(
        age="45_64",
        pregnancy=["breastfeeding"],
        timing=["during_sleep", "awake"],
        muscles=["whole_body", "face_eyelid"],
        character=["flicker", "eyelid"],
        awake_duration="2_weeks_or_more",
        strength="injury",
        frequency="less_than_weekly",
        duration="over_3_months",
        onset="long_standing",
        course="worse",
        with_it=["numbness", "urge_to_move"],
        restless_legs=["unpleasant_feeling"],
        sleep=["snoring", "sleepy_day"],
        health=["kidney_disease", "hard_training"],
        medication=["antidepressant", "changed"],
        family=["restless_legs"],
        triggers=["evening_exercise", "shift_work"],
    ),
    persona(age="65_plus", emergency=["stroke_now"]),
    persona(
        age="16_24",
        same_day=["seizure_signs"],
        medicine_signs=["withdrawal"],
        pregnancy=["prefer_not_to_say"],
        sleep=["breathing_pauses", "kicks"],
        health=["low_magnesium_diet", "bowel_disease"],
        medication=["acid_reducer"],
        family=["epilepsy"],
        triggers=["caffeine", "nicotine", "alcohol"],
    ),
]
STEP_NAMES = {q.name for q in QUESTIONS} | {"check"}


def traces(answers: dict) -> set[str]:
    """The codes and the words of every answer given, where they are distinctive enough to search for."""
    found = set()
    for name, value in answers.items():
        for code in value if isinstance(value, list) else [value]:
            if len(code) >= 6 and code not in STEP_NAMES:
                found.add(code)
            label = QUESTIONS_BY_NAME[name].label(code)
            if len(label) >= 12:
                found.add(label)
    return found


@pytest.mark.parametrize("answers", PERSONAS, ids=["many-answers", "emergency", "red-flags"])
def test_no_answer_reaches_a_log_or_a_url(patient, advice_content, caplog, answers):
    caplog.set_level(logging.DEBUG)
    visited = []
    # Even with SQL logging switched on (as DEBUG=True would), the queries with answers stay out.
    connection.force_debug_cursor = True
    try:
        patient.start()
        page = patient.client.get(patient.url("age"), follow=True)
        visited += [url for url, _ in page.redirect_chain] + [page.wsgi_request.get_full_path()]
        while (step := patient.step_of(page.wsgi_request.path)) not in (None, "check"):
            response = patient.post_step(step, answers[step])
            assert response.status_code == 302
            visited.append(response.url)
            page = patient.client.get(response.url, follow=True)
            visited += [url for url, _ in page.redirect_chain]
        if patient.step_of(page.wsgi_request.path) == "check":
            submitted = patient.submit()
            visited.append(submitted.url)
            page = patient.client.get(submitted.url)
        assert page.status_code == 200 and page.wsgi_request.path.startswith("/advice/")
    finally:
        connection.force_debug_cursor = False

    assert Answer.objects.count() > 0
    logged = caplog.text + "\n".join(f"{r.msg!r} {r.args!r}" for r in caplog.records)
    for trace in traces(answers):
        assert trace not in logged, f"{trace!r} was logged"
        for url in visited:
            assert trace not in url, f"{trace!r} is in {url}"
    assert all("?" not in url or url.endswith("?change=1") for url in visited)


def test_the_debug_sql_log_would_contain_answers_without_our_logging_config(patient, advice_content, caplog):
    """Shows the test above has teeth: the SQL log does carry answers when allowed through."""
    caplog.set_level(logging.DEBUG, logger="django.db.backends")
    connection.force_debug_cursor = True
    try:
        patient.complete(PERSONAS[0])
    finally:
        connection.force_debug_cursor = False
    assert "kidney_disease" in caplog.text


def test_views_hide_post_bodies_from_error_reports(patient, advice_content):
    assert patient.start().wsgi_request.sensitive_post_parameters == "__ALL__"
    assert patient.post_step("age", "25_44").wsgi_request.sensitive_post_parameters == "__ALL__"
    page = patient.complete(TYPICAL)
    token = page.wsgi_request.path.split("/")[2]
    delete = patient.client.post(f"/advice/{token}/delete/")
    assert delete.wsgi_request.sensitive_post_parameters == "__ALL__"


def test_result_page_is_private(patient, advice_content):
    page = patient.complete(TYPICAL)
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    assert "private" in page["Cache-Control"]
    assert "noindex" in page["X-Robots-Tag"]
    assert '<meta name="robots" content="noindex, nofollow">' in page.content.decode()
    # The token is the path and nothing else: no query string, no cookie, 256 random bits.
    match = re.fullmatch(r"/advice/([A-Za-z0-9_-]{43})/", page.wsgi_request.get_full_path())
    assert match
    token = match.group(1)
    assert all(token not in morsel.value for morsel in patient.client.cookies.values())
    delete_page = patient.client.get(f"/advice/{token}/delete/")
    assert "no-store" in delete_page["Cache-Control"]
    assert '<meta name="robots" content="noindex' in delete_page.content.decode()


def test_tokens_are_unique_and_unguessable(patient, advice_content):
    from triage.models import new_token

    tokens = {new_token() for _ in range(1000)}
    assert len(tokens) == 1000
    assert all(len(t) == 43 for t in tokens)


def test_nothing_identifying_is_stored():
    """No name, contact details, address or free text: only codes, times and random keys."""
    fields = {f.name: f for f in Assessment._meta.get_fields() if f.concrete}
    assert set(fields) == {
        "id",
        "token",
        "submission_key",
        "level",
        "findings",
        "consent_given_at",
        "questionnaire_version",
        "outcome",
        "rules_version",
        "created_at",
        "expires_at",
    }
    answer_fields = {f.name for f in Answer._meta.get_fields() if f.concrete}
    assert answer_fields == {"id", "assessment", "question", "value", "position"}


@pytest.mark.django_db
def test_privacy_page_says_what_is_kept_why_and_how_long(client):
    html = client.get("/privacy/").content.decode()
    for heading in ["What we keep", "Why we keep it", "How long we keep it", "Cookies"]:
        assert heading in html
    assert "IP address" in html
    assert "Delete my answers now" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "retention_days, session_seconds, session_words",
    [(30, 3 * 60 * 60, "3 hours"), (14, 60 * 60, "1 hour"), (7, 90 * 60, "90 minutes")],
)
def test_privacy_page_says_where_answers_live_and_for_how_long(
    client, settings, retention_days, session_seconds, session_words
):
    settings.ANSWER_RETENTION_DAYS = retention_days
    settings.SESSION_COOKIE_AGE = session_seconds
    html = client.get("/privacy/").content.decode()
    assert "<strong>Answers you have not sent yet</strong> are kept on our server, in a session" in html
    assert f"The session ends when you close your browser (the cookie is deleted) or {session_words} after" in html
    assert "they are deleted from our server within a day" in html
    assert "When you send your answers, they are removed from the session." in html
    assert f"are stored with your advice page and deleted automatically after {retention_days} days" in html


def test_unsent_answers_last_the_session_age_after_the_last_answer(patient, settings, db):
    """What the privacy page says about unsent answers, checked against the running site."""
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        patient.start()
        patient.post_step("age", "25_44")
    session_key = patient.client.session.session_key
    assert Session.objects.get(session_key=session_key).expire_date == start + timedelta(
        seconds=settings.SESSION_COOKIE_AGE
    )
    with time_machine.travel(start + timedelta(seconds=settings.SESSION_COOKIE_AGE - 1), tick=False):
        assert patient.client.get(patient.url("emergency")).status_code == 200
    if settings.SESSION_ENGINE == "twitchguide.cached_sessions":
        # Its copy in Redis lasts as long, by Redis's own clock (which time_machine cannot move): gone with it.
        copy = f"{cached_db.KEY_PREFIX}{session_key}"
        ttl = cache._cache.get_client().ttl(cache.make_key(copy))
        assert settings.SESSION_COOKIE_AGE - 60 < ttl <= settings.SESSION_COOKIE_AGE
        cache.delete(copy)
    with time_machine.travel(start + timedelta(seconds=settings.SESSION_COOKIE_AGE + 1), tick=False):
        assert "Sorry, your session has ended" in patient.client.get(patient.url("emergency")).content.decode()


def test_sent_answers_leave_the_session(patient, advice_content):
    patient.complete(TYPICAL)
    session = dict(patient.client.session)
    assert not session.get(RUNS)
    stored = repr(session)
    for code in traces(TYPICAL):
        assert code not in stored


def test_questionnaire_pages_are_not_cached(patient, advice_content):
    patient.start()
    assert "no-store" in patient.client.get(patient.url("age"))["Cache-Control"]
    check = patient.answer_all(TYPICAL)  # shows every answer
    assert "no-store" in check["Cache-Control"]
    assert "private" in check["Cache-Control"]
