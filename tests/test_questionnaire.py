"""The questionnaire through Django's test client: every branch, the personas, and bad input."""

import pytest

from tests.conftest import TYPICAL, card_heading, checked_values, persona
from triage.clinical.assessment import Level
from triage.models import Answer, Assessment
from triage.questionnaire.questions import QUESTIONS, QUESTIONS_BY_NAME
from triage.questionnaire.runs import RUNS, Run

pytestmark = pytest.mark.django_db


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
    assert RUNS not in patient.client.session
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

TYPICAL_ASKED = [
    "age",
    "emergency",
    "same_day",
    "pregnancy",
    "medicine_signs",
    "timing",
    "muscles",
    "strength",
    "frequency",
    "duration",
    "onset",
    "course",
    "with_it",
    "sleep",
    "health",
    "medication",
    "triggers",
]


def test_each_question_page_has_the_question_as_heading_hint_count_and_why_we_ask(patient):
    patient.start()
    page = text(patient.client.get(patient.url("age")))
    legend = '<legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--l"><h1 class="nhsuk-fieldset__heading">'
    assert f"{legend}How old are you?</h1></legend>" in page
    assert "If you are answering for someone else" in page
    assert '<fieldset class="nhsuk-fieldset" aria-describedby="id_age-answer_helptext">' in page
    assert "Question 1 of" not in page  # no count that could jump as the branching unfolds
    assert '<span class="nhsuk-details__summary-text">Why we ask this</span>' in page
    assert "This check is for people aged 16 and over" in page
    assert ">Continue</button>" in page
    assert "*" not in page.split("<form")[1].split("</form>")[0]


def test_every_question_explains_why_it_is_asked(patient):
    patient.start()
    patient.answer_all(persona(timing=["awake"], character=["flicker"], with_it=["urge_to_move"]))
    for step in [*patient.asked]:
        page = text(patient.client.get(patient.url(step)))
        assert ">Why we ask this</span></summary>" in page, step
        assert QUESTIONS_BY_NAME[step].why.replace("'", "&#x27;") in page, step


def test_not_sure_is_offered_where_it_is_honest(patient):
    patient.start()
    patient.answer_all(TYPICAL)
    for step in ["muscles", "strength", "frequency", "duration", "onset", "course", "triggers"]:
        assert "I&#x27;m not sure" in text(patient.client.get(patient.url(step))), step


def test_red_flags_come_straight_after_age_and_a_typical_person_answers_17_questions(patient):
    patient.start()
    patient.answer_all(TYPICAL)
    assert patient.asked == TYPICAL_ASKED


@pytest.mark.parametrize("age", ["16_24", "25_44", "45_64"])
def test_pregnancy_is_asked_of_everyone_aged_16_to_64_whatever_their_sex(patient, age):
    patient.start()
    patient.answer_all(persona(age=age))
    assert "pregnancy" in patient.asked


def test_pregnancy_is_not_asked_at_65_or_over(patient):
    patient.start()
    patient.answer_all(persona(age="65_plus"))
    assert patient.asked == [step for step in TYPICAL_ASKED if step != "pregnancy"]


def test_the_start_page_gives_the_true_range_of_questions(client, patient):
    asked = []
    for changes in [
        {},
        {"age": "65_plus"},
        {"timing": ["awake"], "character": ["jerk"]},
        {"with_it": ["urge_to_move"]},
    ]:
        patient.start()
        patient.answer_all(persona(**changes))
        asked.append(len(patient.asked))
    assert min(asked) >= 16 and max(asked) <= 20
    assert "Most people answer 16 to 20 short questions" in text(client.get("/"))


@pytest.mark.parametrize(
    ("changes", "follow_up", "after"),
    [
        ({"timing": ["falling_asleep", "awake"]}, "character", "muscles"),
        ({"with_it": ["urge_to_move"]}, "restless_legs", "with_it"),
        ({"same_day": ["head_injury"]}, "head_injury", "same_day"),
        ({"same_day": ["spreading_weakness"]}, "spreading", "same_day"),
        ({"pregnancy": ["pregnant_20_plus"]}, "pregnancy_signs", "pregnancy"),
        ({"timing": ["falling_asleep", "during_sleep"]}, "night_movements", "muscles"),
        ({"timing": ["after_waking"]}, "family", "medication"),
        ({"same_day": ["seizure_signs"]}, "family", "medication"),
        ({"health": ["epilepsy"]}, "family", "medication"),
    ],
    ids=[
        "character",
        "restless_legs",
        "head_injury",
        "spreading",
        "pregnancy_signs",
        "night_movements",
        "family-morning",
        "family-fits",
        "family-epilepsy",
    ],
)
def test_a_follow_up_question_is_asked_only_when_it_applies(patient, changes, follow_up, after):
    patient.start()
    patient.answer_all(TYPICAL)
    assert follow_up not in patient.asked
    patient.start()
    patient.answer_all(persona(**changes))
    assert patient.asked.index(follow_up) == patient.asked.index(after) + 1


# --- an emergency answer ends the questionnaire -------------------------------------------


@pytest.mark.parametrize(
    "emergency", ["stroke_now", "fit_now", "first_fit_now", "not_recovered", "sudden_confusion", "fever_signs"], ids=str
)
def test_an_emergency_answer_ends_the_questionnaire_with_the_card_at_once(patient, advice_content, emergency):
    patient.start()
    page = patient.answer_all(persona(emergency=[emergency]))
    assert patient.asked == ["age", "emergency"]
    assert page.wsgi_request.path == Assessment.objects.get().get_absolute_url()
    assert card_heading(text(page)) == "Call 999 now"
    assert Assessment.objects.get().level == Level.EMERGENCY
    assert Run.find(patient.client.session, patient.run) is None


def test_an_older_person_after_a_fall_is_asked_about_the_injury_then_sent_to_a_and_e(patient, advice_content):
    patient.start()
    page = patient.answer_all(
        persona(age="65_plus", same_day=["head_injury"], head_injury=["blood_thinners", "jerks_since"])
    )
    assert patient.asked == ["age", "emergency", "same_day", "head_injury"]
    assert card_heading(text(page)) == "Go to A&amp;E now"
    assert Assessment.objects.get().level == Level.EMERGENCY


def test_a_fit_since_a_head_injury_needs_an_ambulance_even_at_65(patient, advice_content):
    patient.start()
    page = patient.answer_all(persona(age="65_plus", same_day=["head_injury"], head_injury=["fit_since"]))
    assert card_heading(text(page)) == "Call 999 now"


def test_a_recent_head_injury_with_no_danger_sign_carries_on_with_the_history(patient):
    patient.start()
    check = patient.answer_all(persona(same_day=["head_injury"], head_injury=["none"]))
    assert "Check your answers" in text(check)
    assert patient.asked[:5] == ["age", "emergency", "same_day", "head_injury", "pregnancy"]


def test_a_fit_that_is_over_then_pregnancy_ends_the_questionnaire_at_the_pregnancy_question(patient):
    patient.start()
    page = patient.answer_all(persona(same_day=["first_fit_over"], pregnancy=["pregnant_under_20"]))
    assert patient.asked == ["age", "emergency", "same_day", "pregnancy"]
    assert card_heading(text(page)) == "Call 999 now"
    assert set(Assessment.objects.get().findings) >= {"eclampsia", "first_fit", "pregnant"}


def test_the_emergency_card_is_shown_even_if_storing_the_answers_fails(patient, monkeypatch):
    from django.db import DatabaseError

    def fail(*args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr("triage.questionnaire.views.store_assessment", fail)
    patient.start()
    patient.post_step("age", "45_64")
    response = patient.post_step("emergency", ["stroke_now"])
    assert response.status_code == 503  # the answers were not saved; the card is shown all the same
    page = text(response)
    assert card_heading(page) == "Call 999 now"
    assert "Note the time the signs started" in page
    assert "We could not save your answers" in page
    assert Assessment.objects.count() == 0
    monkeypatch.undo()
    # The answers are still there: sending them again stores them.
    retry = patient.post_step("emergency", ["stroke_now"])
    assert retry.url == Assessment.objects.get().get_absolute_url()


def test_changing_an_answer_to_an_emergency_on_check_answers_ends_the_questionnaire(patient):
    patient.start()
    patient.answer_all(TYPICAL)
    patient.client.get(patient.url("emergency") + "?change=1")
    response = patient.post_step("emergency", ["stroke_now"])
    assessment = Assessment.objects.get()
    assert response.url == assessment.get_absolute_url()
    assert set(assessment.answers()) == {"age", "emergency"}  # later answers no longer apply


def test_check_answers_has_no_emergency_banner_for_a_same_day_answer(patient):
    patient.start()
    page = text(patient.answer_all(persona(same_day=["seizure_signs"])))
    assert "Check your answers" in page and "emergency-note" not in page


def test_under_16_leaves_for_a_page_for_parents_and_stores_nothing(patient):
    patient.start()
    response = patient.post_step("age", "under_16")
    assert response.status_code == 302 and response.url == f"/under-16/?run={patient.run}"
    page = text(patient.client.get(response.url))
    assert "parents" in page and "We have not stored any answers" in page
    assert "infantile spasms" in page and "Babies and toddlers under 2" in page
    assert patient.client.session[RUNS][patient.run]["answers"] == {}  # not even the age
    assert Assessment.objects.count() == 0


def test_back_from_the_under_16_page_returns_to_the_age_question(patient):
    """Under 16 chosen by mistake: Back (the browser's, or the page's link) is the age question again."""
    patient.start()
    response = patient.post_step("age", "under_16")
    page = text(patient.client.get(response.url))
    assert f'<a class="nhsuk-back-link" href="{patient.url("age")}">Back</a>' in page
    assert f'<a href="{patient.url("age")}">Change your age</a>' in page
    assert 'href="/">Start the check again</a>' in page
    again = patient.client.get(patient.url("age"))  # the browser's Back
    assert again.status_code == 200 and "How old are you?" in text(again)
    assert checked_values(text(again)) == []
    assert patient.post_step("age", "25_44").url == patient.url("emergency")


def test_the_under_16_page_on_its_own_goes_back_to_the_start(client):
    page = text(client.get("/under-16/"))
    assert '<a class="nhsuk-back-link" href="/">Back</a>' in page and "Change your age" not in page


# --- going back and changing answers ----------------------------------------------------


def test_back_link_goes_to_the_previous_question_and_keeps_the_answer(patient):
    patient.start()
    patient.post_step("age", "45_64")
    page = text(patient.client.get(patient.url("emergency")))
    assert f'href="{patient.url("age")}">Back</a>' in page
    previous = text(patient.client.get(patient.url("age")))
    assert checked_values(previous) == ["45_64"]


def test_a_multiple_choice_answer_stays_ticked_and_stands_apart_from_none_of_these(patient):
    patient.start()
    patient.post_step("age", "25_44")
    patient.post_step("emergency", ["none"])
    patient.post_step("same_day", ["none"])
    patient.post_step("pregnancy", ["neither"])
    patient.post_step("medicine_signs", ["none"])
    patient.post_step("timing", ["falling_asleep", "during_sleep"])
    page = text(patient.client.get(patient.url("timing")))
    options = page.split("<fieldset")[1].split("</fieldset>")[0]
    assert checked_values(options) == ["falling_asleep", "during_sleep"]
    page = text(patient.client.get(patient.url("emergency")))
    options = page.split("<fieldset")[1].split("</fieldset>")[0]
    assert options.count('type="checkbox"') == len(QUESTIONS_BY_NAME["emergency"].choices)
    # "None of these" comes last, after NHS.UK's "or", and goes alone.
    divider, last = options.split('<div class="nhsuk-checkboxes__divider">or</div>')
    assert last.count("<input") == 1 and 'value="none"' in last and 'data-behaviour="exclusive"' in last


def test_check_answers_lists_every_answer_with_a_change_link(patient):
    patient.start()
    page = text(patient.answer_all(persona(triggers=["stress", "caffeine"])))
    assert "Check your answers" in page
    for step in TYPICAL_ASKED:
        assert f'href="{patient.url(step)}?change=1"' in page
    assert "Stress, worry or emotional strain" in page
    assert "Coffee, tea, cola or energy drinks after mid-afternoon" in page


def test_change_returns_to_check_answers(patient):
    patient.start()
    patient.answer_all(TYPICAL)
    page = text(patient.client.get(patient.url("frequency") + "?change=1"))
    assert '<input type="hidden" name="change" value="1">' in page
    assert f'href="{patient.url("check")}"' in page  # Back returns to check answers
    session_before = dict(patient.client.session)
    assert dict(patient.client.session) == session_before  # a GET writes nothing
    response = patient.post_step("frequency", "most_nights", extra={"change": "1"})
    assert response.url == patient.url("check")
    assert "4 or more nights a week" in text(patient.client.get(response.url))


def test_a_change_that_makes_a_new_question_apply_asks_it_before_returning(patient):
    patient.start()
    patient.answer_all(TYPICAL)
    patient.client.get(patient.url("timing") + "?change=1")
    response = patient.post_step("timing", ["falling_asleep", "awake"], extra={"change": "1"})
    assert response.url == patient.url("character") + "?change=1"
    assert '<input type="hidden" name="change" value="1">' in text(patient.client.get(response.url))
    response = patient.post_step("character", ["flicker"], extra={"change": "1"})
    assert response.url == patient.url("awake_duration") + "?change=1"
    response = patient.post_step("awake_duration", "under_2_weeks", extra={"change": "1"})
    assert response.url == patient.url("check")


def test_an_answer_to_a_question_no_longer_asked_is_never_stored_or_counted(patient, advice_content):
    patient.start()
    patient.answer_all(persona(timing=["awake"], character=["jerk"], awake_duration="2_weeks_or_more"))
    patient.client.get(patient.url("timing") + "?change=1")
    patient.post_step("timing", ["falling_asleep"], extra={"change": "1"})
    patient.submit()
    assessment = Assessment.objects.get()
    assert not Answer.objects.filter(assessment=assessment, question="character").exists()
    assert assessment.level == Level.SELF_CARE  # the jerk while awake it no longer asks about counts for nothing


# --- submitting -------------------------------------------------------------------------


def test_submit_stores_one_assessment_with_queryable_answers(patient, advice_content):
    patient.complete(persona(triggers=["stress", "caffeine"]))
    assessment = Assessment.objects.get()
    assert assessment.level == Level.SELF_CARE
    assert {"stress", "caffeine", "sleep_starts"} <= set(assessment.findings)
    assert set(Answer.objects.filter(question="triggers").values_list("value", flat=True)) == {"stress", "caffeine"}
    assert Answer.objects.filter(assessment=assessment).count() == 18  # 17 questions, 2 triggers
    assert assessment.questionnaire_version == 3
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
    for step in ["age", "medication", "check"]:
        response = patient.client.get(patient.url(step))
        assert response.url == Assessment.objects.get().get_absolute_url()
    response = patient.post_step("medication", ["none"])
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
    assert checked_values(page) == ["16_24"]


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
    response = patient.post_step("with_it", ["none", "weakness"])
    assert response.status_code == 200
    assert "Select &#x27;None of these&#x27; on its own" in text(response)


def test_posting_to_a_later_step_redirects_to_the_first_unanswered(patient):
    patient.start()
    patient.post_step("age", "25_44")
    response = patient.post_step("medication", ["none"])
    assert response.status_code == 302 and response.url == patient.url("emergency")
    assert patient.client.get(patient.url("medication")).url == patient.url("emergency")


def test_a_forged_management_form_redirects_to_the_first_unanswered(patient):
    patient.start()
    assert patient.post_step("age", "25_44", current_step="medication").url == patient.url("age")
    response = patient.client.post(patient.url("age"), {"age-answer": "25_44"})
    assert response.status_code == 302 and response.url == patient.url("age")


@pytest.mark.parametrize("step", ["done", "nonsense", "pregnancy", "head_injury"])
def test_unknown_or_unavailable_steps_redirect(patient, step):
    patient.start()
    assert patient.client.get(patient.url(step)).url == patient.url("age")
    assert patient.post_step(step, "x").url == patient.url("age")


def test_submitting_before_answering_everything_goes_to_the_first_unanswered(patient):
    patient.start()
    patient.post_step("age", "25_44")
    response = patient.submit()
    assert response.url == patient.url("emergency")
    assert Assessment.objects.count() == 0


def test_every_step_survives_garbage(patient):
    patient.start()
    patient.answer_all(TYPICAL)
    for step in [*(q.name for q in QUESTIONS), "check"]:
        for junk in ["", "\x00", "' OR 1=1", ["a", "b"], "x" * 5000]:
            response = patient.post_step(step, junk)
            assert response.status_code < 500, (step, junk)


def test_only_the_five_newest_runs_are_kept(patient):
    patient.start()
    first = patient.run
    patient.post_step("age", "25_44")
    for _ in range(5):
        patient.start()
    assert len(patient.client.session[RUNS]) == 5
    assert Run.find(patient.client.session, first) is None
    patient.run = first
    assert "your session has ended" in text(patient.client.get(patient.url("emergency"))).lower()
