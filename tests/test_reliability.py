"""Nothing lost, nothing mixed up: expiry, tampering, two tabs, a failing database."""

from html import unescape

import pytest

from tests.conftest import TYPICAL, Patient, checked_values, persona
from triage.models import Assessment
from triage.questionnaire.runs import Run


def given(answers: dict, patient: Patient) -> dict:
    """The answers to the questions this patient was asked, as they are stored."""
    return {step: answers[step] for step in patient.asked}


# --- the session ends mid-questionnaire --------------------------------------------------


def test_an_ended_session_explains_and_offers_to_start_again(patient, advice_content):
    patient.start()
    patient.post_step("age", "25_44")
    patient.client.session.flush()
    patient.client.cookies.clear()  # what a closed browser or an expired cookie leaves behind

    for response in [
        patient.client.get(patient.url("emergency")),
        patient.post_step("emergency", ["none"]),
        patient.submit(),
    ]:
        assert response.status_code == 200
        html = response.content.decode()
        assert "Sorry, your session has ended" in html
        assert 'href="/">Start again</a>' in html
    assert Assessment.objects.count() == 0


def test_a_session_deleted_on_the_server_is_the_same(patient, advice_content):
    from django.contrib.sessions.models import Session
    from django.core.cache import cache

    patient.start()
    patient.post_step("age", "25_44")
    Session.objects.all().delete()
    cache.clear()  # with REDIS_URL, its copy there too (docs/deployment.md)
    response = patient.post_step("emergency", ["none"])
    assert response.status_code == 200
    assert "Sorry, your session has ended" in response.content.decode()


# --- tampering ----------------------------------------------------------------------------


@pytest.fixture
def started(patient, db):
    patient.start()
    return patient


def errors(patient, response):
    return [unescape(error) for error in patient.errors(response)]


def first_unanswered(response, patient, step):
    assert response.status_code == 302, response.status_code
    assert response.url == patient.url(step)


def test_skipping_ahead_goes_back_to_the_first_unanswered_step(started):
    started.post_step("age", "25_44")
    first_unanswered(started.post_step("frequency", "some_nights"), started, "emergency")
    first_unanswered(started.client.get(started.url("medication")), started, "emergency")
    first_unanswered(started.submit(), started, "emergency")
    assert Assessment.objects.count() == 0


def test_a_forged_management_form_is_ignored(started):
    first_unanswered(started.post_step("age", "25_44", current_step="emergency"), started, "age")
    first_unanswered(started.post_step("age", "25_44", current_step="nonsense"), started, "age")
    response = started.client.post(started.url("age"), {"age-answer": "25_44"})  # no management field
    first_unanswered(response, started, "age")
    response = started.client.post(started.url("age"), {"current_step": "age"})
    first_unanswered(response, started, "age")


@pytest.mark.parametrize("step", ["nope", "done", "..", "x" * 300])  # a NUL in a URL: a 404 (test_http.py)
def test_unknown_steps_go_to_the_first_unanswered_step(started, step):
    response = started.client.post(started.url(step), {started.management_field: step})
    first_unanswered(response, started, "age")


def test_a_list_where_one_answer_is_expected_takes_the_last_as_any_form_does(started):
    first_unanswered(started.post_step("age", ["25_44", "45_64"]), started, "emergency")
    assert checked_values(started.client.get(started.url("age")).content.decode()) == ["45_64"]


@pytest.mark.parametrize("value", ["not_a_band", "", None, "25_44\x00", "<script>alert(1)</script>"])
def test_wrong_values_get_a_form_error(started, value):
    response = started.post_step("age", value)
    assert response.status_code == 200
    assert started.errors(response) == ["Select your age"]
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_unknown_codes_in_a_multiple_choice_are_an_error(started):
    for step in ["age", "emergency", "same_day", "pregnancy", "medicine_signs"]:
        started.post_step(step, TYPICAL[step])
    response = started.post_step("timing", ["falling_asleep", "sideways"])
    assert response.status_code == 200
    assert errors(started, response) == ["Select when the twitches or jerks happen"]
    started.post_step("timing", ["falling_asleep"])
    response = started.post_step("muscles", ["not_sure", "legs"])
    assert errors(started, response) == ["Select 'I'm not sure' on its own, or untick it"]


def test_extra_fields_are_not_stored(started):
    started.post_step("age", "25_44", extra={"name": "Jane Example", "emergency-answer": "none", "age-extra": "x"})
    assert Run.find(started.client.session, started.run).answers == {"age": "25_44"}


def test_a_huge_body_is_refused_without_a_server_error(started, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024
    big = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = started.post_step("age", big)
    first_unanswered(response, started, "age")
    response = started.client.post("/", {"consent": "on", "padding": big})
    assert response.status_code == 413
    assert "Sorry, we could not read that" in response.content.decode()


def test_too_many_fields_are_refused_without_a_server_error(started, settings):
    fields = {f"f{i}": "1" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    response = started.post_step("age", "25_44", extra=fields)
    first_unanswered(response, started, "age")
    assert started.client.post("/", fields).status_code == 400


def test_invalid_utf8_is_read_safely(started):
    body = f"{started.management_field}=age&age-answer=25_44\xff\xfe".encode("latin-1")
    response = started.client.post(started.url("age"), body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert started.errors(response) == ["Select your age"]
    body = b"age-answer=%ff%fe%fd&" + f"{started.management_field}=age".encode()
    response = started.client.post(started.url("age"), body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    body = f"{started.management_field}=\xff\xfe".encode("latin-1")
    response = started.client.post(started.url("age"), body, content_type="application/x-www-form-urlencoded")
    first_unanswered(response, started, "age")


def test_a_broken_multipart_body_is_not_a_server_error(started):
    response = started.client.generic(
        "POST", started.url("age"), b"--xx\r\nnot really\r\n", content_type="multipart/form-data; boundary=xx"
    )
    first_unanswered(response, started, "age")
    started.client.raise_request_exception = False
    response = started.client.generic("POST", "/", b"garbage", content_type="multipart/form-data")
    assert response.status_code == 400
    assert "Sorry, we could not read that" in response.content.decode()


def test_after_tampering_the_questionnaire_still_finishes(started, advice_content):
    started.post_step("frequency", "some_nights")
    started.post_step("age", ["x"] * 3)
    check = started.answer_all(TYPICAL)
    assert check.status_code == 200
    assert started.submit().status_code == 302
    assert Assessment.objects.get().answers() == given(TYPICAL, started)


# --- two tabs -----------------------------------------------------------------------------


def test_two_tabs_never_mix_answers(client, advice_content):
    first, second = Patient(client), Patient(client)
    first.start()
    second.start()
    assert first.run != second.run
    other = persona(age="65_plus", triggers=["caffeine"], with_it=["none"])

    # Interleave the two runs, page by page, in the same browser session.
    first.post_step("age", TYPICAL["age"])
    second.post_step("age", other["age"])
    first.post_step("emergency", TYPICAL["emergency"])
    second.post_step("emergency", other["emergency"])
    assert first.answer_all(TYPICAL).status_code == 200
    assert second.answer_all(other).status_code == 200
    first_result = first.submit()
    second_result = second.submit()

    assert Assessment.objects.count() == 2
    first_assessment = Assessment.objects.get(token=first_result.url.split("/")[2])
    second_assessment = Assessment.objects.get(token=second_result.url.split("/")[2])
    assert first_assessment.answers() == given(TYPICAL, first)
    assert second_assessment.answers() == given(other, second)
    assert first_assessment.submission_key != second_assessment.submission_key


def test_two_tabs_show_their_own_check_answers(client, advice_content):
    first, second = Patient(client), Patient(client)
    first.start()
    second.start()
    first_check = first.answer_all(TYPICAL).content.decode()
    second_check = second.answer_all(persona(age="65_plus")).content.decode()
    assert "25 to 44" in first_check and "65 or over" not in first_check
    assert "65 or over" in second_check and "25 to 44" not in second_check


# --- submit happens once (database faults: test_database_faults.py) ----------------------


def test_two_submits_racing_on_one_session_store_one_copy(patient, advice_content):
    """Both requests read the session before either saves it, as two quick clicks or two tabs can.

    The second finds the run still there and stores again: only the run's submission key
    (kept in the session since consent) makes the database return the first copy.
    """
    from django.contrib.sessions.models import Session

    patient.start()
    patient.answer_all(TYPICAL)
    key = patient.client.session.session_key
    before = Session.objects.get(session_key=key).session_data
    first = patient.submit()
    Session.objects.filter(session_key=key).update(session_data=before)  # what the racing request read
    second = patient.submit()
    assert (first.status_code, second.status_code) == (302, 302)
    assert second.url == first.url
    assert Assessment.objects.count() == 1


def test_a_repeated_option_counts_once(patient, advice_content):
    """Found by Hypothesis: a doubled checkbox value used to fail the unique answer constraint on submit."""
    patient.start()
    for step in ["age", "emergency", "same_day", "pregnancy", "medicine_signs"]:
        patient.post_step(step, TYPICAL[step])
    assert patient.post_step("timing", ["falling_asleep", "falling_asleep"]).status_code == 302
    assert patient.answer_all(TYPICAL).status_code == 200
    assert patient.submit().status_code == 302
    assert Assessment.objects.get().answers()["timing"] == ["falling_asleep"]
