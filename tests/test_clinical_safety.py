"""The clinical safety case is true of the code: its tests exist, and every red flag has a hazard."""

import re
from pathlib import Path

import pytest

from triage.clinical.assessment import RULES, Finding

ROOT = Path(__file__).resolve().parent.parent
SAFETY = ROOT / "docs" / "clinical-safety"
HAZARD_LOG = SAFETY / "hazard-log.md"
TEST_REFERENCE = re.compile(r"`(tests/[\w/]+\.py)::(test_\w+)`")
HAZARD = re.compile(r"^## (H\d\d)\. (.+)$", re.M)
FIELDS = ["Findings", "Owner / status", "Cause", "Effect", "Initial risk", "Controls", "Residual risk"]


def hazards() -> dict[str, str]:
    text = HAZARD_LOG.read_text(encoding="utf-8")
    starts = list(HAZARD.finditer(text))
    return {
        match.group(1): text[match.start() : starts[i + 1].start() if i + 1 < len(starts) else len(text)]
        for i, match in enumerate(starts)
    }


def findings_of(hazard: str) -> set[str]:
    line = next(line for line in hazard.splitlines() if line.startswith("- **Findings:**"))
    return set(re.findall(r"`(\w+)`", line))


def test_the_safety_case_has_its_documents():
    for name in [
        "README.md",
        "scope.md",
        "hazard-log.md",
        "safety-report.md",
        "risk-management-plan.md",
        "intended-purpose.md",
        "deployment-dcb0160.md",
        "monitoring.md",
        "issue-log.md",
        "removal-check.md",
    ]:
        assert (SAFETY / name).is_file(), name


@pytest.mark.parametrize("hazard_id", list(hazards()))
def test_every_hazard_has_cause_effect_risk_controls_and_tests(hazard_id):
    hazard = hazards()[hazard_id]
    for field in FIELDS:
        assert f"- **{field}:**" in hazard, f"{hazard_id} has no {field}"
    assert TEST_REFERENCE.search(hazard), f"{hazard_id} names no test for its controls"
    assert findings_of(hazard) <= {f.value for f in Finding}, f"{hazard_id} names an unknown finding"


def test_every_test_a_hazard_names_exists():
    missing = []
    for path, name in TEST_REFERENCE.findall(HAZARD_LOG.read_text(encoding="utf-8")):
        source = ROOT / path
        if not source.is_file() or not re.search(rf"^def {name}\(", source.read_text(encoding="utf-8"), re.M):
            missing.append(f"{path}::{name}")
    assert missing == []


def test_every_red_flag_rule_has_a_hazard():
    covered = set().union(*(findings_of(hazard) for hazard in hazards().values()))
    red_flags = {rule.finding.value for rule in RULES if rule.red_flag}
    assert red_flags - covered == set()


def test_a_missing_test_would_be_caught(tmp_path):
    """The check above can fail: a reference to a test that does not exist is found."""
    text = "`tests/test_clinical_safety.py::test_that_does_not_exist`"
    path, name = TEST_REFERENCE.findall(text)[0]
    assert not re.search(rf"^def {name}\(", (ROOT / path).read_text(encoding="utf-8"), re.M)


def test_every_control_has_a_removal_whose_text_is_still_in_the_code():
    """`make hazards` takes each control out by one edit: the edit must still match the code exactly once."""
    from tests.hazards import REMOVALS, ROOT, controls

    found = controls()
    assert {c.id for c in found} == set(REMOVALS), "a control without a removal, or a removal without a control"
    for control in found:
        assert control.tests, f"{control.id} names no test"
        removal = REMOVALS[control.id]
        assert (ROOT / removal.file).read_text(encoding="utf-8").count(removal.old) == 1, control.id


def test_every_risk_gives_its_reason():
    for hazard_id, hazard in hazards().items():
        for field in ("Initial risk", "Residual risk"):
            line = next(line for line in hazard.splitlines() if line.startswith(f"- **{field}:**"))
            assert re.search(r"= \d\. \S", line + hazard.split(line, 1)[1][:200]), f"{hazard_id}: {field} has no reason"
