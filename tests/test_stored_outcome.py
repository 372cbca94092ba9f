"""What a person was told is a record: the outcome is stored at submission and shown as given, never re-scored.

A later change of the rules can never silently change what an old advice page, its summary, its FHIR
file or the admin say. If today's rules would be more urgent for the same answers, the page says so,
prominently, above the advice as it was given; it never lowers it.
"""

import pytest

from tests.conftest import TYPICAL, persona
from triage.clinical import assessment
from triage.clinical.assessment import RULES, RULES_VERSION, Finding, Level, Rule, said
from triage.models import Assessment

pytestmark = pytest.mark.django_db


def stored(patient, answers) -> Assessment:
    patient.complete(answers)
    return Assessment.objects.get()


def with_rules(monkeypatch, rules: tuple[Rule, ...]) -> None:
    """Today's rules become ``rules``: their levels and their fingerprint, as a deployment would change them."""
    monkeypatch.setattr(assessment, "RULES", rules)
    monkeypatch.setattr(assessment, "FINDING_LEVEL", assessment._levels_by_finding())
    monkeypatch.setattr(assessment, "RULES_VERSION", assessment.rules_version(rules))
    import triage.models

    monkeypatch.setattr(triage.models, "RULES_VERSION", assessment.RULES_VERSION)
    monkeypatch.setattr(triage.models, "RULES", rules)


def test_the_outcome_is_stored_with_each_findings_level_answers_and_the_rules_version(patient, advice_content):
    saved = stored(patient, persona(same_day=["stroke_gone"], with_it=["numbness"]))
    assert saved.rules_version == RULES_VERSION
    assert saved.outcome["levels"][0] == ["tia", int(Level.TODAY)]
    assert saved.outcome["evidence"]["tia"] == [["same_day", "stroke_gone"]]
    assert saved.outcome["fits_sleep_starts"] is False


def test_a_rule_made_less_urgent_later_never_lowers_an_advice_page_already_given(
    patient, advice_content, client, monkeypatch
):
    saved = stored(patient, persona(same_day=["stroke_gone"]))
    weaker = tuple(
        Rule(r.finding, Level.GP, r.when, r.source, said("same_day", "renamed")) if r.finding == Finding.TIA else r
        for r in RULES
    )
    with_rules(monkeypatch, weaker)
    html = client.get(saved.get_absolute_url()).content.decode()
    assert "See a doctor today" in html
    # The answers behind it are the ones stored, even though today's rule reads other answers.
    reasons = html.split("This is because you said</h3>")[1].split("</ul>")[0]
    assert "Signs of a stroke that came on suddenly and then fully went away" in reasons
    assert "Our advice has changed" not in html  # never says "less urgent now"
    fhir = client.get(f"{saved.get_absolute_url()}fhir/").json()
    assert fhir["questionnaire"].endswith("|3")


def test_a_rule_made_more_urgent_later_is_said_prominently_above_the_advice_as_given(
    patient, advice_content, client, monkeypatch
):
    saved = stored(patient, TYPICAL)
    stricter = (*RULES, Rule(Finding.TIA, Level.TODAY, "a test rule", "NHS", said("timing", "falling_asleep")))
    with_rules(monkeypatch, stricter)
    html = client.get(saved.get_absolute_url()).content.decode()
    assert html.index("Our advice has changed since you answered") < html.index('id="care-card-heading"')
    assert "With the same answers, we would now say: <strong>See a doctor today</strong>" in html
    assert "You can look after this yourself" in html  # the card as given stays, below the warning


def test_the_same_rules_show_no_warning(patient, advice_content, client):
    saved = stored(patient, TYPICAL)
    assert "Our advice has changed" not in client.get(saved.get_absolute_url()).content.decode()


def test_an_assessment_stored_before_outcomes_were_keeps_its_stored_level_and_findings(patient, client, advice_content):
    saved = stored(patient, persona(with_it=["urge_to_move"], restless_legs=["eased_by_moving", "worse_in_evening"]))
    Assessment.objects.filter(pk=saved.pk).update(outcome={}, rules_version="", questionnaire_version=2)
    html = client.get(saved.get_absolute_url()).content.decode()
    assert "See your GP" in html
    assert "restless legs" in html.lower()
    assert "Your answers fit sleep starts" not in html
