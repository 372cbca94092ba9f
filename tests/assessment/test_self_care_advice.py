"""Self-care findings that choose the advice: triggers, magnesium, pregnancy, kidney disease."""

import pytest

from tests.assessment.expected import TRIGGER_EXPECTED, S, check
from triage.clinical.assessment import AgeBand, Finding

TRIGGER_FINDINGS = set(TRIGGER_EXPECTED.values())


@pytest.mark.parametrize("trigger", list(TRIGGER_EXPECTED), ids=str)
def test_trigger_alone_gives_its_finding_and_stays_self_care(trigger):
    result = check(triggers={trigger})
    finding = TRIGGER_EXPECTED[trigger]
    assert result.findings[finding] == (("triggers", trigger),)
    assert set(result.findings) & TRIGGER_FINDINGS == {finding}
    assert result.level is S
    assert result.fits_sleep_starts


@pytest.mark.parametrize("triggers", [{"none"}, {"not_sure"}, set()])
def test_no_trigger_gives_no_trigger_finding(triggers):
    assert not set(check(triggers=triggers).findings) & TRIGGER_FINDINGS


def test_all_triggers_together_give_all_findings_and_stay_self_care():
    result = check(triggers=set(TRIGGER_EXPECTED))
    assert set(result.findings) & TRIGGER_FINDINGS == TRIGGER_FINDINGS
    assert result.level is S


# --- magnesium: a higher need, or a risk of a low level (NIH ODS) -------------------------------

MAGNESIUM_EVIDENCE = [
    {"health": {"low_magnesium_diet"}},
    {"health": {"hard_training"}},
    {"health": {"bowel_disease"}},
    {"health": {"diabetes"}},
    {"health": {"heavy_drinking"}},
    {"medication": {"diuretic"}},
    {"medication": {"acid_reducer"}},
    {"age": "65_plus"},
]


@pytest.mark.parametrize("given", MAGNESIUM_EVIDENCE)
def test_each_reason_for_a_magnesium_need(given):
    result = check(**given)
    ((question, value),) = given.items()
    code = value if isinstance(value, str) else next(iter(value))
    assert result.findings[Finding.MAGNESIUM_NEED] == ((question, code),)


@pytest.mark.parametrize(
    "given", [g for g in MAGNESIUM_EVIDENCE if "health" not in g or "heavy_drinking" not in g["health"]]
)
def test_a_magnesium_need_with_long_standing_jerks_stays_self_care(given):
    assert check(**given, duration="over_3_months").level is S


@pytest.mark.parametrize(
    "given",
    [
        {"pregnancy": {"breastfeeding"}},  # corrected: breastfeeding does not raise the need
        {"pregnancy": {"gave_birth"}},
        {"pregnancy": {"pregnant_20_plus"}},  # UK figures: the same need in pregnancy
        {"health": {"kidney_disease"}},
        {"health": {"liver_disease"}},
        {"medication": {"sleeping_tablets"}},
        {"age": "45_64"},
    ],
)
def test_what_is_not_a_magnesium_need(given):
    assert Finding.MAGNESIUM_NEED not in check(**given).findings


def test_all_reasons_together_are_evidence_of_one_need():
    result = check(
        age=AgeBand.AGE_65_PLUS,
        pregnancy=set(),
        health={"low_magnesium_diet", "hard_training", "bowel_disease", "diabetes", "heavy_drinking"},
        medication={"diuretic", "acid_reducer"},
    )
    assert len(result.findings[Finding.MAGNESIUM_NEED]) == 8


@pytest.mark.parametrize(
    ("pregnancy", "finding"),
    [
        ("pregnant_under_20", Finding.PREGNANT),
        ("pregnant_20_plus", Finding.PREGNANT),
        ("breastfeeding", Finding.BREASTFEEDING),
    ],
)
def test_pregnant_or_breastfeeding_gives_its_own_finding(pregnancy, finding):
    result = check(pregnancy={pregnancy})
    assert result.findings[finding] == (("pregnancy", pregnancy),)
    assert result.level is S


def test_pregnant_and_breastfeeding_together_give_both():
    result = check(pregnancy={"pregnant_20_plus", "breastfeeding"})
    assert {Finding.PREGNANT, Finding.BREASTFEEDING} <= set(result.findings)


@pytest.mark.parametrize("pregnancy", [{"neither"}, {"prefer_not_to_say"}, set()])
def test_not_pregnant_or_not_saying_gives_no_pregnancy_finding(pregnancy):
    result = check(pregnancy=pregnancy)
    assert not {Finding.PREGNANT, Finding.BREASTFEEDING, Finding.MAGNESIUM_NEED} & set(result.findings)


def test_kidney_disease_gets_its_own_advice_and_never_the_magnesium_advice():
    result = check(health={"kidney_disease", "low_magnesium_diet"}, age="65_plus", medication={"diuretic"})
    assert result.findings[Finding.KIDNEY_DISEASE] == (("health", "kidney_disease"),)
    assert Finding.MAGNESIUM_NEED not in result.findings


def test_drinking_a_lot_most_days_gives_the_gp_and_magnesium_advice_not_the_evening_drink_advice():
    result = check(health={"heavy_drinking"})
    assert result.findings[Finding.HEAVY_DRINKING] == (("health", "heavy_drinking"),)
    assert result.findings[Finding.MAGNESIUM_NEED] == (("health", "heavy_drinking"),)
    assert Finding.ALCOHOL not in result.findings


def test_a_recent_head_injury_with_no_sign_gives_advice_on_what_to_watch_for():
    result = check(same_day={"head_injury"}, head_injury={"none"})
    assert result.findings[Finding.RECENT_HEAD_INJURY] == (("same_day", "head_injury"),)
    assert result.level is S
    assert result.fits_sleep_starts
