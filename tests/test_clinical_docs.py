"""The clinical documents are the code: docs/clinical-rules.md is current, and each question's claims hold."""

import pytest

from tests.assessment.expected import QUESTION_ENUMS, answers
from triage.clinical.assessment import assess
from triage.management.commands import clinical_rules
from triage.questionnaire.questions import ADVICE, OUTCOME, QUESTIONS, SUMMARY


def test_clinical_rules_document_is_current():
    assert clinical_rules.DOC_PATH.read_text(encoding="utf-8") == clinical_rules.render(), (
        "docs/clinical-rules.md is out of date: run `make clinical-rules` and commit it"
    )


def test_clinical_rules_document_lists_every_rule_with_its_source():
    from triage.clinical.assessment import RULES

    text = clinical_rules.render()
    for number, rule in enumerate(RULES, start=1):
        assert f"### R{number}. {rule.when}" in text
        assert f"- **Source:** {rule.source}" in text


# The answers that other answers depend on, so that every rule can be reached.
BASES = [
    {},
    {"timing": {"awake"}, "character": {"flicker"}, "awake_duration": "under_2_weeks"},
    {"timing": {"awake"}, "character": {"flicker"}, "awake_duration": "2_weeks_or_more"},
    {"medication": {"changed"}, "duration": "over_3_months", "course": "same"},
    {"medication": {"diabetes_medicine"}},
    {"with_it": {"urge_to_move"}, "restless_legs": {"eased_by_moving"}},
    {"same_day": {"head_injury"}, "head_injury": {"none"}},
    {"same_day": {"seizure_signs"}},
    {"same_day": {"spreading_weakness"}},
    {"pregnancy": {"pregnant_20_plus"}},
    {"timing": {"during_sleep"}},
    {"muscles": {"trunk"}, "frequency": "most_nights", "duration": "over_3_months"},
    {"frequency": "most_nights", "duration": "over_3_months"},
    {"with_it": {"weakness"}, "course": "worse", "duration": "over_3_months", "onset": "gradual"},
]


def _effects(name: str) -> set[str]:
    """What changing this question's answer actually changes, over the bases above."""
    effects = set()
    for base in BASES:
        given = answers(**base)
        before = assess(given)
        for code in QUESTION_ENUMS[name]:
            if isinstance(getattr(given, name), frozenset):
                after = assess(answers(**{**base, name: set(getattr(given, name)) | {code}}))
            else:
                after = assess(answers(**{**base, name: code}))
            if after.level != before.level:
                effects.add(OUTCOME)
            if set(after.findings) != set(before.findings):
                effects.add(ADVICE)
    return effects


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.name)
def test_each_question_says_truly_what_its_answer_changes(question):
    assert SUMMARY in question.changes, "every answer goes into the doctor summary"
    assert question.changes - {SUMMARY} == _effects(question.name)
