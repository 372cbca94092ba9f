"""One outcome gives one instruction: the care card, the steps, the built-in text, the shipped articles and
the rule's source line say the same place to go for each finding that needs a doctor."""

import json
import re

import pytest

from tests.assessment.expected import ABOVE_SELF_CARE
from triage.clinical.assessment import FINDING_LEVEL, RULES, Finding, Level, result_from
from triage.clinical.outcome import FALLBACK_TEXT, INSTRUCTIONS, STEPS, care_card, fill, instruction
from triage.content.advice import missing_instructions
from triage.management.commands.load_advice_content import FIXTURE_PATH
from triage.models import AdviceArticle

NEEDS_A_DOCTOR = [finding for finding, level in ABOVE_SELF_CARE.items() if level >= Level.GP]
PLACES = ("GP", "111", "A&E", "midwife", "maternity", "diabetes team", "kidney", "neurology team")
"""Words that name where to go: a step may name a place only if its card's instruction does."""


def _result(finding: Finding):
    return result_from({finding: (("q", "c"),)}, {finding: FINDING_LEVEL[finding]}, frozenset())


def _shipped_articles() -> list[AdviceArticle]:
    return [
        AdviceArticle(**{k: v for k, v in entry["fields"].items() if k not in ("last_reviewed", "next_review")})
        for entry in json.loads(FIXTURE_PATH.read_text(encoding="utf-8"))
    ]


@pytest.mark.parametrize("finding", NEEDS_A_DOCTOR, ids=str)
def test_the_card_gives_the_instruction_for_the_most_urgent_reason(finding):
    card = care_card(_result(finding))
    words = instruction(finding, FINDING_LEVEL[finding])
    assert words in card.action or fill(card.heading) == fill(words)


@pytest.mark.parametrize("finding", [f for f in NEEDS_A_DOCTOR if f in STEPS], ids=str)
def test_a_step_never_names_another_place_to_go(finding):
    step, words = STEPS[finding], instruction(finding, FINDING_LEVEL[finding])
    card = care_card(_result(finding))
    for place in PLACES:
        if re.search(rf"\b{re.escape(place)}\b", step):
            assert place in words or place in card.action, f"{finding}: the step names {place}"


@pytest.mark.parametrize("finding", [f for f in NEEDS_A_DOCTOR if f in FALLBACK_TEXT], ids=str)
def test_the_built_in_text_gives_the_same_instruction(finding):
    _, text = FALLBACK_TEXT[finding]
    assert instruction(finding, FINDING_LEVEL[finding]) in text


def test_every_shipped_article_gives_the_instruction_of_every_finding_it_is_shown_for():
    assert [(article.slug, words) for article, words in missing_instructions(_shipped_articles())] == []


def test_an_article_that_gives_another_instruction_is_flagged_for_editors():
    article = AdviceArticle(
        slug="serotonin", body="See your GP in the next 2 weeks.", summary="", findings=["serotonin_syndrome"]
    )
    ((flagged, words),) = missing_instructions([article])
    assert flagged is article and words == fill(INSTRUCTIONS[Finding.SEROTONIN_SYNDROME])


def test_a_rule_that_says_what_the_card_says_is_right():
    for rule in RULES:
        for claim in re.findall(r"The card (?:says|sends [^.;]*? to) ([^.;]+)", rule.source):
            words = instruction(rule.finding, rule.level).lower()
            for place in ("maternity unit", "midwife", "111", "a&e", "gp"):
                if place in claim.lower():
                    assert place in words, f"{rule.finding}: the source line says the card says {claim!r}"


def test_serotonin_syndrome_says_111_or_a_and_e_everywhere_never_a_gp():
    result = _result(Finding.SEROTONIN_SYNDROME)
    texts = [care_card(result).action, FALLBACK_TEXT[Finding.SEROTONIN_SYNDROME][1]]
    texts += [a.body for a in _shipped_articles() if "serotonin_syndrome" in a.findings]
    for text in texts:
        assert "call 111 now or go to a&e" in text.lower()
    for text in [*texts, STEPS[Finding.SEROTONIN_SYNDROME]]:
        assert "GP surgery" not in text and "see your GP" not in text


def test_pre_eclampsia_sends_her_to_the_maternity_unit_now():
    card = care_card(_result(Finding.PRE_ECLAMPSIA))
    assert "Call your maternity unit or midwife now. If you cannot reach them, call 111." in card.action


def test_with_two_reasons_the_card_gives_the_more_urgent_place():
    tia, serotonin = Finding.TIA, Finding.SEROTONIN_SYNDROME
    result = result_from({tia: (("q", "c"),), serotonin: (("q", "d"),)}, FINDING_LEVEL, frozenset())
    assert "Call 111 now or go to A&E" in care_card(result).action
