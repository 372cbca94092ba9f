"""Assessments stored by the first questionnaire still display as the person was told, in their words."""

import pytest

from tests.conftest import VERSION_1_ANSWERS, card_heading, make_version_1_assessment
from triage.models import Answer

pytestmark = pytest.mark.django_db


def test_a_version_1_result_shows_the_level_and_findings_it_was_stored_with(client, advice_content):
    assessment = make_version_1_assessment()
    page = client.get(assessment.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert "care-card--gp" in html and "See your GP" in html
    # The reasons are the stored findings that needed a doctor, in plain words.
    assert "Face or eyelid twitches while awake, for 2 weeks or more" in html
    assert "restless legs" in html.lower()
    assert 'id="restless-legs"' in html  # today's article for a stored finding
    assert "Your answers fit sleep starts" not in html


def test_a_version_1_summary_uses_the_words_that_person_saw(client, advice_content):
    html = client.get(make_version_1_assessment().get_absolute_url()).content.decode()
    summary = html.split('id="summary"')[1]
    assert 'Sex registered at birth</dt><dd class="nhsuk-summary-list__value">Female' in summary
    assert "An urge to move my legs in the evening that gets better when I move them" in summary
    assert "Cramps in my calves at night; I have kidney disease" in summary
    assert "Warning signs" in summary


def test_a_version_1_emergency_still_says_call_999(client, advice_content):
    answers = {"age": "45_64", "sex": "male", "warning_signs": ["stroke_now"]}
    assessment = make_version_1_assessment(level=4, findings=["stroke_signs", "needs_doctor"], answers=answers)
    html = client.get(assessment.get_absolute_url()).content.decode()
    assert card_heading(html) == "Call 999 now"
    assert "Right now: my face is drooping, one side of my body is weak, or my speech is slurred" in html


def test_the_admin_shows_a_version_1_assessment_in_its_own_words(editor_client):
    assessment = make_version_1_assessment()
    html = editor_client.get(f"/admin/triage/assessment/{assessment.pk}/change/").content.decode()
    assert "Cramps in my calves at night" in html
    assert "Sex registered at birth" in html


def test_a_version_1_answer_is_valid_against_its_own_questionnaire():
    assessment = make_version_1_assessment()
    for answer in Answer.objects.filter(assessment=assessment):
        answer.full_clean()
    assert Answer.objects.filter(assessment=assessment).count() == sum(
        len(v) if isinstance(v, list) else 1 for v in VERSION_1_ANSWERS.values()
    )


def test_the_export_marks_which_questionnaire_each_row_answered(editor_client, patient, advice_content):
    import csv
    import io

    from tests.conftest import TYPICAL

    make_version_1_assessment()
    patient.complete(TYPICAL)
    response = editor_client.get("/admin/triage/assessment/export/")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert sorted(row["questionnaire"] for row in rows) == ["1", "3"]
    version_1 = next(row for row in rows if row["questionnaire"] == "1")
    assert version_1["timing"] == "falling_asleep;awake" and version_1["triggers"] == "caffeine"
