"""Every finding has a plain-English meaning, and the shipped content covers every finding."""

import json
from pathlib import Path

import pytest

from triage.clinical.assessment import Finding
from triage.clinical.findings import FINDING_CHOICES, FINDING_DESCRIPTIONS, describe_finding
from triage.content import advice
from triage.models import AdviceArticle

FIXTURE = Path(__file__).resolve().parent.parent / "triage" / "fixtures" / "advice_articles.json"


@pytest.mark.parametrize("finding", list(Finding))
def test_every_finding_has_a_plain_english_description(finding):
    description = FINDING_DESCRIPTIONS.get(finding, "")
    assert description.strip(), f"{finding.value} has no description in triage/clinical/findings.py"
    assert description != finding.value and "_" not in description


def test_descriptions_are_only_for_real_findings():
    assert set(FINDING_DESCRIPTIONS) == set(Finding)


def test_choices_show_descriptions_not_codes():
    assert [code for code, _ in FINDING_CHOICES] == [f.value for f in Finding]
    assert dict(FINDING_CHOICES)["stroke_signs"] == FINDING_DESCRIPTIONS[Finding.STROKE_SIGNS]
    assert describe_finding("not_a_finding") == "not_a_finding"


def test_the_fixture_file_has_a_published_article_for_every_finding():
    entries = [e["fields"] for e in json.loads(FIXTURE.read_text(encoding="utf-8"))]
    chosen = {code for fields in entries if fields["published"] for code in fields["findings"]}
    assert chosen >= {f.value for f in Finding}, f"not covered: {sorted({f.value for f in Finding} - chosen)}"


def test_the_loaded_content_leaves_no_finding_without_advice(advice_content):
    warnings = advice.content_warnings()
    assert warnings.uncovered == []
    assert warnings.fallback_only == []
    assert AdviceArticle.objects.count() == len(json.loads(FIXTURE.read_text(encoding="utf-8")))


@pytest.mark.parametrize("finding", list(Finding))
def test_every_finding_shows_some_advice_with_the_loaded_content(advice_content, finding):
    assert advice.select_sections({finding: ()}), f"a patient with {finding.value} would see no advice"


@pytest.mark.parametrize("finding", list(advice.FALLBACK_TEXT))
def test_urgent_findings_show_built_in_text_without_any_article(db, finding):
    sections = advice.select_sections({finding: ()})
    assert [s.slug for s in sections] == [f"built-in-{finding.value}"]
