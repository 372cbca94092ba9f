"""The questionnaire through Django's test client: every branch, the personas, and bad input."""

import pytest

from tests.conftest import TYPICAL, persona
from triage.assessment import Level
from triage.models import Answer, Assessment
from triage.questions import QUESTIONS, QUESTIONS_BY_NAME

pytestmark = pytest.mark.django_db

ALL_STEPS = [q.name for q in QUESTIONS]
WITHOUT_PREGNANCY = [s for s in ALL_STEPS if s != "pregnancy"]


def text(response) -> str:
    return response.content.decode()


# --- start and consent ------------------------------------------------------------------


def test_start_page_explains_the_check(client):
    page = text(client.get("/"))
    assert "<h1" in page and "sleep starts" in page
    assert "not a diagnosis" in page
    assert "about 5 minutes" in page
    assert "30 days" in page
    assert "Call 999 now if" in page
    assert 'type="checkbox" name="consent"' in page and "checked" not in page.split('name="consent"')[1][:80]


def test_without_consent_nothing_starts_and_the_person_is_told_why(patient):
    response = patient.start(consent=False)
    assert response.status_code == 200
    page = text(response)
    assert "<title>Error: " in page
    assert "There is a problem" in page
    assert "We need them to work out your advice" in page
    assert 'href="/about-sleep-starts/"' in page
    assert "triage_runs" not in patient.client.session
    assert Assessment.objects.count() == 0


def test_consent_leads_to_the_first_question(patient):
    response = patient.start()
    assert response.status_code == 302
    assert response.url == patient.url("age")


def test_a_step_url_without_a_started_run_explains_the_session_has_ended(client):
    response = client.get("/questions/abc123/age/")
    assert response.status_code == 200
    assert "your session has ended" in text(response).lower()
    assert 'href="/"' in text(response)


# --- one question per page --------------------------------------------------------------


def test_each_question_page_has_the_question_as_heading_hint_and_count(patient):
    patient.start()
    page = text(patient.client.get(patient.url("age")))
    assert '<legend class="question-legend"><h1 class="h2 mb-2">How old are you?</h1></legend>' in page
    assert "If you are asking for a child" in page
    assert 'aria-describedby="id_age-answer_helptext"' in page
    assert "Question 1 of 14" in page
    assert ">Continue</button>" in page
    assert "*" not in page.split("<form")[1].split("</form>")[0]


def test_not_sure_is_offered_where_it_is_honest(patient):
    patient.start()
    patient.answer_all(TYPICAL)  # reach every page once
    for step in ["timing", "muscles", "frequency", "duration", "triggers", "medicines"]:
        assert "I&#x27;m not sure" in text(patient.client.get(patient.url(step))), step


def test_typical_man_is_asked_everything_but_pregnancy(patient):
    patient.start()
    patient.answer_all(TYPICAL)
    assert patient.asked == WITHOUT_PREGNANCY


def test_woman_of_childbearing_age_is_asked_about_pregnancy(patient):
    patient.start()
    patient.answer_all(persona(sex="female", pregnancy="neither"))
    assert patient.asked == ALL_STEPS


@pytest.mark.parametrize("sex", ["female", "prefer_not_to_say"])
def test_pregnancy_is_not_asked_after_65(patient, sex):
    patient.start()
    patient.answer_all(persona(sex=sex, age="65_plus"))
    assert "pregnancy" not in patient.asked


def test_question_count_counts_only_the_steps_this_person_will_see(patient):
    patient.start()
    patient.answer_all(TYPICAL)
    assert "Question 13 of 13" in text(patient.client.get(patient.url("medicines")))
    patient.start()
    patient.answer_all(persona(sex="female", pregnancy="neither"))
    assert "Question 14 of 14" in text(patient.client.get(patient.url("medicines")))


def test_stroke_signs_now_skip_the_remaining_questions(patient):
    patient.start()
    check = patient.answer_all(persona(warning_signs=["stroke_now"]))
    assert patient.asked == ALL_STEPS[: ALL_STEPS.index("warning_signs") + 1]
    assert "Check your answers" in text(check)
    assert text(check).index("Call 999 now") < text(check).index("Check your answers</h1>")


def test_check_answers_has_no_emergency_banner_otherwise(patient):
    patient.start()
    assert "Call 999 now" not in text(patient.answer_all(persona(warning_signs=["seizure_signs"])))


def test_under_16_leaves_for_a_page_for_parents_and_stores_nothing(patient):
    patient.start()
    response = patient.post_step("age", "under_16")
    assert response.status_code == 302 and response.url == "/under-16/"
    page = text(patient.client.get(response.url))
    assert "parents" in page and "We have not stored any answers" in page
    assert patient.client.session.get("triage_runs") == {}
    assert not any(key.startswith("wizard_") for key in patient.client.session.keys())  # noqa: SIM118 - sessions have no __iter__
    assert Assessment.objects.count() == 0


# --- going back and changing answers ----------------------------------------------------


def test_back_link_goes_to_the_previous_question_and_keeps_the_answer(patient):
    patient.start()
    patient.post_step("age", "45_64")
    page = text(patient.client.get(patient.url("sex")))
    assert f'href="{patient.url("age")}">Back</a>' in page
    previous = text(patient.client.get(patient.url("age")))
    assert 'value="45_64" id="id_age-answer_3" checked' in previous


def test_a_multiple_choice_answer_stays_ticked_and_stands_apart_from_none_of_these(patient):
    patient.start()
    for step in ["age", "sex", "timing", "muscles", "frequency", "duration", "sleep_impact", "daytime_impact"]:
        patient.post_step(step, TYPICAL[step])
    patient.post_step("sensations", ["falling", "flash"])
    page = text(patient.client.get(patient.url("sensations")))
    options = page.split("<fieldset")[1].split("</fieldset>")[0]
    ticked = [part.split('value="')[1].split('"')[0] for part in options.split("<input")[1:] if " checked>" in part]
    assert ticked == ["falling", "flash"]
    assert options.count('type="checkbox"') == len(QUESTIONS_BY_NAME["sensations"].choices)
    # "None of these" comes last, after an "or" that screen readers skip.
    divider, last = options.split('<p class="option-divider mb-2" aria-hidden="true">or</p>')
    assert last.count("<input") == 1 and 'value="none"' in last


def test_check_answers_lists_every_answer_with_a_change_link(patient):
    patient.start()
    page = text(patient.answer_all(persona(triggers=["stress", "caffeine"])))
    assert "Check your answers" in page
    for step in WITHOUT_PREGNANCY:
        assert f'href="{patient.url(step)}?change=1"' in page
    assert "Stress, worry or emotional strain" in page
    assert "Coffee, tea, cola or energy drinks after mid-afternoon" in page


def test_change_returns_to_check_answers(patient):
    patient.start()
    patient.answer_all(TYPICAL)
    patient.client.get(patient.url("frequency") + "?change=1")
    response = patient.post_step("frequency", "most_nights")
    assert response.url == patient.url("check")
    assert "4 or more nights a week" in text(patient.client.get(response.url))


def test_a_change_that_makes_a_new_question_apply_asks_it_before_returning(patient):
    patient.start()
    patient.answer_all(TYPICAL)
    patient.client.get(patient.url("sex") + "?change=1")
    response = patient.post_step("sex", "female")
    assert response.url == patient.url("pregnancy")
    response = patient.post_step("pregnancy", "pregnant")
    assert response.url == patient.url("check")


# --- submitting -------------------------------------------------------------------------


def test_submit_stores_one_assessment_with_queryable_answers(patient, advice_content):
    patient.complete(persona(triggers=["stress", "caffeine"]))
    assessment = Assessment.objects.get()
    assert assessment.level == Level.SELF_CARE
    assert {"stress", "caffeine", "sleep_starts"} <= set(assessment.findings)
    assert set(Answer.objects.filter(question="triggers").values_list("value", flat=True)) == {"stress", "caffeine"}
    assert Answer.objects.filter(assessment=assessment).count() == 14  # 13 questions, 2 triggers
    assert assessment.consent_given_at is not None


def test_the_result_lives_at_an_unguessable_url(patient, advice_content):
    patient.complete(TYPICAL)
    token = Assessment.objects.get().token
    assert len(token) >= 43  # 32 random bytes, base64
    assert patient.client.get("/advice/" + "x" * 43 + "/").status_code == 404


def test_submitting_twice_stores_one_copy_and_shows_the_same_result(patient, advice_content):
    patient.complete(TYPICAL)
    again = patient.submit()
    assert again.status_code == 302
    assert again.url == Assessment.objects.get().get_absolute_url()
    assert Assessment.objects.count() == 1


def test_going_back_after_submitting_shows_the_result_not_a_new_copy(patient, advice_content):
    patient.complete(TYPICAL)
    for step in ["age", "medicines", "check"]:
        response = patient.client.get(patient.url(step))
        assert response.url == Assessment.objects.get().get_absolute_url()
    response = patient.post_step("medicines", "no")
    assert response.url == Assessment.objects.get().get_absolute_url()
    assert Assessment.objects.count() == 1


def test_a_replayed_submission_key_returns_the_first_copy(db):
    from triage.services import store_assessment

    first = store_assessment({"age": "25_44"}, consent_given_at="2026-11-25T10:00:00+00:00", submission_key="k")
    second = store_assessment({"age": "45_64"}, consent_given_at="2026-11-25T10:00:00+00:00", submission_key="k")
    assert first.pk == second.pk
    assert Assessment.objects.count() == 1


def test_two_runs_in_one_browser_keep_their_own_answers(patient, advice_content):
    patient.start()
    first_run = patient.run
    patient.post_step("age", "16_24")
    patient.start()
    patient.post_step("age", "65_plus")
    patient.run = first_run
    page = text(patient.client.get(patient.url("age")))
    assert 'value="16_24" id="id_age-answer_1" checked' in page


# --- bad input --------------------------------------------------------------------------


def test_an_empty_step_shows_an_error_summary_linked_to_the_field(patient):
    patient.start()
    response = patient.post_step("age", None)
    assert response.status_code == 200
    page = text(response)
    assert "<title>Error: How old are you?" in page
    assert '<a href="#id_age-answer_0">Select your age</a>' in page


def test_an_unknown_choice_is_a_form_error(patient):
    patient.start()
    response = patient.post_step("age", "not-an-age")
    assert response.status_code == 200
    assert "Select your age" in text(response)


def test_none_of_these_cannot_be_ticked_with_another_option(patient):
    patient.start()
    patient.answer_all(TYPICAL)
    response = patient.post_step("warning_signs", ["none", "weakness"])
    assert response.status_code == 200
    assert "Select &#x27;None of these&#x27; on its own" in text(response)


def test_posting_to_a_later_step_redirects_to_the_first_unanswered(patient):
    patient.start()
    patient.post_step("age", "25_44")
    response = patient.post_step("medicines", "no")
    assert response.status_code == 302 and response.url == patient.url("sex")
    assert patient.client.get(patient.url("medicines")).url == patient.url("sex")


def test_a_forged_management_form_redirects_to_the_first_unanswered(patient):
    patient.start()
    assert patient.post_step("age", "25_44", current_step="medicines").url == patient.url("age")
    response = patient.client.post(patient.url("age"), {"age-answer": "25_44"})
    assert response.status_code == 302 and response.url == patient.url("age")


@pytest.mark.parametrize("step", ["done", "nonsense", "pregnancy"])
def test_unknown_or_unavailable_steps_redirect(patient, step):
    patient.start()
    assert patient.client.get(patient.url(step)).url == patient.url("age")
    assert patient.post_step(step, "x").url == patient.url("age")


def test_submitting_before_answering_everything_goes_to_the_first_unanswered(patient):
    patient.start()
    patient.post_step("age", "25_44")
    response = patient.submit()
    assert response.url == patient.url("sex")
    assert Assessment.objects.count() == 0


def test_every_step_survives_garbage(patient):
    patient.start()
    patient.answer_all(persona(sex="female", pregnancy="neither"))
    for step in [*ALL_STEPS, "check"]:
        for junk in ["", "\x00", "' OR 1=1", ["a", "b"], "x" * 5000]:
            response = patient.post_step(step, junk)
            assert response.status_code < 500, (step, junk)


def test_only_the_five_newest_runs_are_kept(patient):
    patient.start()
    first = patient.run
    patient.post_step("age", "25_44")
    for _ in range(5):
        patient.start()
    assert len(patient.client.session["triage_runs"]) == 5
    assert f"wizard_questionnaire_{first}" not in patient.client.session.keys()  # noqa: SIM118
    patient.run = first
    assert "your session has ended" in text(patient.client.get(patient.url("sex"))).lower()
