"""The result page, deleting answers, the information pages and the minimal article admin."""

from pathlib import Path

import pytest

from tests.conftest import TYPICAL, persona
from tests.test_doctor_summary import SECTIONS_IN_A_CLINICIANS_ORDER
from triage.models import AdviceArticle, Assessment

pytestmark = pytest.mark.django_db


@pytest.fixture
def result(patient, advice_content):
    page = patient.complete(persona(with_it=["numbness"], triggers=["stress"]))
    return page, Assessment.objects.get()


def test_the_result_page_puts_the_care_card_first(result):
    page, _ = result
    html = page.content.decode()
    assert html.index("care-card--gp") < html.index("What is most likely going on") < html.index("Advice for you")
    assert html.index("Advice for you") < html.index("Get help sooner if") < html.index("Summary for your doctor")


def test_the_doctor_summary_reads_like_a_clinical_history(result):
    page, _ = result
    summary = page.content.decode().split('id="summary"')[1]
    positions = [summary.index(f">{heading}</h3>") for heading in SECTIONS_IN_A_CLINICIANS_ORDER]
    assert positions == sorted(positions)
    assert "Numbness, tingling or pain" in summary
    assert 'Suggested care</dt><dd class="nhsuk-summary-list__value">See your GP' in summary
    assert 'Set by the rule</dt><dd class="nhsuk-summary-list__value">Numbness, tingling or pain' in summary
    assert "From answers the patient gave online; not a diagnosis." in summary
    assert 'class="print-only summary-source"' in summary


def test_the_print_stylesheet_prints_only_the_summary_and_card():
    css = Path("static/css/site.css").read_text()
    print_rules = css.split("@media print")[1]
    assert ".no-print" in print_rules and "display: none" in print_rules
    assert ".nhsuk-header" in print_rules and "form" in print_rules
    assert ".tg-print-open::details-content" in print_rules  # the folded summary prints in full


def test_an_unknown_result_is_not_found(client):
    assert client.get("/advice/nope/").status_code == 404
    assert client.post("/advice/nope/delete/").status_code == 404


def test_the_retention_date_is_shown(result):
    page, assessment = result
    assert f"We will delete your answers on {assessment.expires_at:%-d %B %Y}" in page.content.decode()


def test_about_page_shows_general_advice_without_a_questionnaire(client, advice_content):
    page = client.get("/about-sleep-starts/").content.decode()
    assert "Sleep starts: what they are" in page
    assert "See a doctor if" in page


# --- minimal article admin --------------------------------------------------------------


@pytest.fixture
def superuser_client(superuser_client, advice_content):
    return superuser_client


def test_admin_lists_searches_and_filters_articles(superuser_client):
    listing = superuser_client.get("/admin/triage/advicearticle/").content.decode()
    assert "Restless legs syndrome" in listing
    found = superuser_client.get("/admin/triage/advicearticle/?q=magnesium").content.decode()
    assert "Magnesium from food" in found and "Restless legs syndrome" not in found
    filtered = superuser_client.get("/admin/triage/advicearticle/?finding=restless_legs").content.decode()
    assert "Restless legs syndrome" in filtered and "Magnesium from food" not in filtered


def test_admin_edits_words_and_findings(superuser_client, patient):
    article = AdviceArticle.objects.get(slug="stress")
    form = superuser_client.get(f"/admin/triage/advicearticle/{article.pk}/change/").content.decode()
    assert 'type="checkbox" name="findings" value="stress"' in form
    data = {
        "title": "Worry and sleep",
        "slug": "stress",
        "summary": article.summary,
        "body": "New words from an editor.",
        "findings": ["stress", "alcohol"],
        "order": 20,
        "published": "on",
        "sources": article.sources,
        "last_reviewed": "2026-11-25",
        "next_review": "2027-05-25",
    }
    response = superuser_client.post(f"/admin/triage/advicearticle/{article.pk}/change/", data)
    assert response.status_code == 302
    page = patient.complete(persona(triggers=["stress"])).content.decode()
    assert "Worry and sleep" in page and "New words from an editor." in page


def test_the_patient_journey_is_not_the_admin(client):
    assert client.get("/admin/triage/advicearticle/").status_code == 302


def test_a_typical_result_shows_the_delete_button(patient, advice_content):
    page = patient.complete(TYPICAL).content.decode()
    assert "Delete my answers now" in page
