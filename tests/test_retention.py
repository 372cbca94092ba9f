"""Answers are kept for ANSWER_RETENTION_DAYS, then purged; a person can delete them at once."""

from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.test import Client

from tests.conftest import TYPICAL, Patient, persona
from triage.models import Answer, Assessment
from triage.questionnaire.runs import RESULTS
from triage.services import store_assessment
from triage.staff import stats

DAY_0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def frozen(moment):
    return time_machine.travel(moment, tick=False)


def store(key, answers=TYPICAL):
    return store_assessment(answers, consent_given_at=DAY_0, submission_key=key)


def purge() -> str:
    out = StringIO()
    call_command("purge_expired_assessments", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_answers_expire_after_the_retention_period(settings):
    settings.ANSWER_RETENTION_DAYS = 30
    with frozen(DAY_0):
        assessment = store("a")
    assert assessment.expires_at == DAY_0 + timedelta(days=30)


@pytest.mark.django_db
def test_purge_deletes_expired_answers_only():
    with frozen(DAY_0):
        old = store("old", persona(triggers=["stress", "caffeine"]))
    with frozen(DAY_0 + timedelta(days=20)):
        recent = store("recent")
    old_answers = Answer.objects.filter(assessment=old).count()

    with frozen(DAY_0 + timedelta(days=29, hours=23)):
        assert "Deleted 0 expired assessment(s) with 0 answer(s)" in purge()
    assert Assessment.objects.count() == 2

    with frozen(DAY_0 + timedelta(days=30, minutes=1)):
        output = purge()
    assert f"Deleted 1 expired assessment(s) with {old_answers} answer(s)" in output
    assert list(Assessment.objects.all()) == [recent]
    assert not Answer.objects.filter(assessment_id=old.pk).exists()
    # Counts, never contents.
    assert "stress" not in output and old.token not in output

    with frozen(DAY_0 + timedelta(days=51)):
        assert "Deleted 1 expired assessment(s)" in purge()
    assert Assessment.objects.count() == 0


def test_purge_deletes_the_sessions_holding_unsent_answers(patient, settings, db):
    with frozen(DAY_0):
        patient.start()
        patient.post_step("age", "25_44")
    stale = patient.client.session.session_key
    with frozen(DAY_0 + timedelta(hours=2)):
        fresh = Patient(Client())
        fresh.start()
    fresh_key = fresh.client.session.session_key
    with frozen(DAY_0 + timedelta(seconds=settings.SESSION_COOKIE_AGE + 1)):
        output = purge()
    assert "1 expired session(s)" in output
    assert list(Session.objects.values_list("session_key", flat=True)) == [fresh_key]
    assert stale != fresh_key


@pytest.mark.django_db
def test_delete_my_answers_deletes_at_once_and_confirms(patient, advice_content):
    page = patient.complete(TYPICAL)
    token = page.wsgi_request.path.split("/")[2]
    assert f"/advice/{token}/delete/" in page.content.decode()
    assessment = Assessment.objects.get(token=token)

    confirm = patient.client.get(f"/advice/{token}/delete/")
    assert confirm.status_code == 200
    assert Assessment.objects.filter(pk=assessment.pk).exists()  # a GET deletes nothing

    response = patient.client.post(f"/advice/{token}/delete/", follow=True)
    assert response.redirect_chain == [("/deleted/", 302)]
    assert "Your answers have been deleted" in response.content.decode()
    assert not Assessment.objects.filter(pk=assessment.pk).exists()
    assert not Answer.objects.filter(assessment_id=assessment.pk).exists()
    assert patient.client.get(f"/advice/{token}/").status_code == 404
    assert patient.client.post(f"/advice/{token}/delete/").status_code == 404


# --- past expires_at the answers count as deleted, before the purge runs ---------------------------


@pytest.mark.django_db
def test_an_expired_result_is_gone_before_the_purge(client, settings):
    settings.ANSWER_RETENTION_DAYS = 30
    with frozen(DAY_0):
        assessment = store("expiring")
    advice, delete = f"/advice/{assessment.token}/", f"/advice/{assessment.token}/delete/"
    with frozen(DAY_0 + timedelta(days=30) - timedelta(seconds=1)):
        assert client.get(advice).status_code == 200
        assert client.get(delete).status_code == 200
    with frozen(DAY_0 + timedelta(days=30)):
        for response in [client.get(advice), client.get(delete), client.post(delete)]:
            assert response.status_code == 410
            html = response.content.decode()
            assert "<title>Your answers have been deleted – TwitchGuide</title>" in html
            assert "Your answers have been deleted" in html
            assert "Answers are deleted automatically 30 days after they are sent" in html
            assert "Delete my answers" not in html
    assert Assessment.objects.filter(pk=assessment.pk).exists()  # the purge has not run yet


@pytest.mark.django_db
def test_expired_answers_are_left_out_of_the_export_the_list_and_the_statistics(superuser_client):
    with frozen(DAY_0):
        store("old")
    with frozen(DAY_0 + timedelta(days=20)):
        store("recent", persona(age="65_plus"))
    with frozen(DAY_0 + timedelta(days=31)):
        export = b"".join(superuser_client.get("/admin/triage/assessment/export/").streaming_content).decode()
        listing = superuser_client.get("/admin/triage/assessment/").content.decode()
        statistics = stats.compute_statistics()
    rows = export.strip().splitlines()[1:]
    assert len(rows) == 1 and "65_plus" in rows[0]
    assert listing.count('class="field-level"') == 1
    assert statistics.total.value == 1


# --- Delete my answers removes every trace from the session too --------------------------------------


def test_delete_removes_the_result_and_the_steps_shown_from_the_session(patient, advice_content):
    page = patient.complete(TYPICAL)
    token = page.wsgi_request.path.split("/")[2]
    session_key = patient.client.session.session_key
    assert set(patient.client.session.keys()) == {RESULTS}  # sent: only the link to the result is left
    patient.client.post(f"/advice/{token}/delete/")
    assert not Session.objects.filter(session_key=session_key).exists()  # nothing else was in it
    assert patient.client.cookies["sessionid"].value == ""  # and the browser is told to forget it


def test_delete_keeps_a_questionnaire_in_progress_in_another_tab(client, advice_content):
    done, other = Patient(client), Patient(client)
    page = done.complete(TYPICAL)
    token = page.wsgi_request.path.split("/")[2]
    other.start()
    other.post_step("age", "45_64")
    client.post(f"/advice/{token}/delete/")
    session = client.session
    assert token not in repr(dict(session))
    page = client.get(other.url("emergency")).content.decode()  # the other questionnaire goes on
    assert "Right now, or in the last few hours" in page and "session has ended" not in page


def test_delete_keeps_the_link_to_another_result_of_the_same_browser(client, advice_content):
    first, second = Patient(client), Patient(client)
    deleted_token = first.complete(TYPICAL).wsgi_request.path.split("/")[2]
    kept_token = second.complete(persona(age="65_plus")).wsgi_request.path.split("/")[2]
    client.post(f"/advice/{deleted_token}/delete/")
    # Going back to the second run still finds its advice; the first run is simply over.
    assert client.get(second.url("check")).url == f"/advice/{kept_token}/"
    assert "session has ended" in client.get(first.url("check")).content.decode()


@pytest.mark.django_db
def test_the_purge_deletes_in_batches_each_its_own_transaction(monkeypatch):
    """Before: one DELETE … IN of every expired id (31,000 at a million), every row loaded first."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from triage.management.commands import purge_expired_assessments

    monkeypatch.setattr(purge_expired_assessments, "BATCH", 2)
    with frozen(DAY_0):
        old = [store(f"old-{i}") for i in range(5)]
    with frozen(DAY_0 + timedelta(days=20)):
        recent = store("recent")
    answers = Answer.objects.filter(assessment__in=old).count()
    with frozen(DAY_0 + timedelta(days=31)), CaptureQueriesContext(connection) as queries:
        output = purge()
    assert f"Deleted 5 expired assessment(s) with {answers} answer(s)" in output
    assert list(Assessment.objects.all()) == [recent]
    deletes = [q["sql"] for q in queries.captured_queries if q["sql"].startswith('DELETE FROM "triage_assessment"')]
    assert len(deletes) == 3  # 2 + 2 + 1
