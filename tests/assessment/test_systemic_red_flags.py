"""Systemic, progressive, metabolic and medicine red flags, and the look-alikes NICE NG127 names (pure unit tests).

Each case is a presentation from clinical-facts.md ("Systemic, progressive, metabolic and medicine red
flags"), with the level its source gives.
"""

import pytest

from tests.assessment.expected import MEDICINE_SIGNS_EXPECTED, E, G, S, T, check, every_set_of, set_id
from triage.clinical.assessment import Finding

# --- the emergency screen's new signs ------------------------------------------------------------------


def test_an_older_person_suddenly_confused_tonight_with_new_jerks_calls_999():
    result = check(age="65_plus", emergency={"sudden_confusion"})
    assert result.level is E and result.call_999
    assert result.reasons[0].finding == Finding.SUDDEN_CONFUSION


def test_a_high_temperature_with_a_stiff_neck_or_a_rash_calls_999():
    result = check(emergency={"fever_signs"})
    assert result.level is E and result.call_999
    assert Finding.MENINGITIS_SIGNS in result.findings


# --- spreading weakness: same day, 999 when breathing or swallowing is affected or it spreads fast --------


def test_weakness_spreading_over_days_needs_a_doctor_today():
    result = check(same_day={"spreading_weakness"}, spreading={"none"})
    assert result.level is T
    assert result.reasons[0].finding == Finding.SPREADING_WEAKNESS


@pytest.mark.parametrize("ticked", every_set_of(["breathing", "swallowing_or_speech", "fast"]), ids=set_id)
def test_spreading_weakness_that_affects_breathing_swallowing_or_spreads_fast_calls_999(ticked):
    result = check(same_day={"spreading_weakness"}, spreading=ticked)
    assert result.level is E and result.call_999
    assert result.reasons[0].finding == Finding.RAPID_WEAKNESS


@pytest.mark.parametrize("onset", [{"duration": "under_2_weeks"}, {"onset": "sudden"}], ids=str)
def test_numbness_or_weakness_that_started_recently_or_suddenly_and_is_worse_needs_a_doctor_today(onset):
    result = check(with_it={"numbness", "weakness"}, course="worse", **onset)
    assert result.level is T
    assert Finding.SPREADING_WEAKNESS in result.findings


def test_slow_weakness_that_is_not_getting_worse_stays_with_the_gp():
    result = check(with_it={"weakness"}, course="same", duration="over_3_months", onset="gradual")
    assert result.level is G


# --- pregnancy: pre-eclampsia signs from 20 weeks until 6 weeks after the birth ---------------------------


@pytest.mark.parametrize("stage", ["pregnant_20_plus", "gave_birth"])
@pytest.mark.parametrize("sign", ["severe_headache", "vision", "rib_pain", "vomiting", "swelling"])
def test_each_sign_of_pre_eclampsia_needs_the_maternity_unit_today(stage, sign):
    result = check(pregnancy={stage}, pregnancy_signs={sign})
    assert result.level is T
    assert result.reasons[0].finding == Finding.PRE_ECLAMPSIA


def test_the_35_weeks_pregnant_woman_with_headache_flashing_lights_and_swollen_hands_is_seen_today():
    result = check(pregnancy={"pregnant_20_plus"}, pregnancy_signs={"severe_headache", "vision", "swelling"})
    assert result.level is T
    assert Finding.PRE_ECLAMPSIA in result.findings


@pytest.mark.parametrize("stage", ["pregnant_under_20", "pregnant_20_plus", "gave_birth", "pregnant"])
def test_a_fit_in_pregnancy_or_after_a_birth_is_eclampsia_until_proven_otherwise(stage):
    result = check(same_day={"seizure_signs"}, pregnancy={stage})
    assert result.level is E and result.call_999
    assert Finding.ECLAMPSIA in result.findings


# --- medicines and alcohol ----------------------------------------------------------------------------------


@pytest.mark.parametrize("option", list(MEDICINE_SIGNS_EXPECTED), ids=str)
def test_each_medicine_sign_alone_gives_its_level(option):
    finding, level = MEDICINE_SIGNS_EXPECTED[option]
    result = check(medicine_signs={option})
    assert result.level is level
    assert result.reasons[0].finding == finding
    assert result.findings[finding] == (("medicine_signs", option),)


@pytest.mark.parametrize("ticked", every_set_of(MEDICINE_SIGNS_EXPECTED), ids=set_id)
def test_every_combination_of_medicine_signs_is_at_least_the_most_urgent_one(ticked):
    result = check(medicine_signs=ticked)
    assert result.level is max(MEDICINE_SIGNS_EXPECTED[option][1] for option in ticked)


def test_an_antipsychotic_with_fever_stiffness_and_confusion_is_999_not_today():
    result = check(medication={"antipsychotic", "changed"}, medicine_signs={"nms"})
    assert result.level is E and result.call_999
    assert result.reasons[0].finding == Finding.NEUROLEPTIC_MALIGNANT_SYNDROME
    assert Finding.SEROTONIN_SYNDROME not in result.findings


@pytest.mark.parametrize("new_or_worse", [{"duration": "under_2_weeks"}, {"course": "worse"}], ids=str)
def test_lithium_on_a_steady_dose_with_new_or_worse_twitching_is_seen_today(new_or_worse):
    result = check(medication={"lithium"}, **new_or_worse)
    assert result.level is T
    assert result.reasons[0].finding == Finding.LITHIUM_TOXICITY


def test_lithium_with_new_drowsiness_is_seen_today():
    result = check(medication={"lithium"}, duration="over_3_months", course="same", with_it={"drowsy"})
    assert result.level is T


def test_lithium_with_long_standing_unchanged_jerks_is_never_self_care():
    result = check(medication={"lithium"}, duration="over_3_months", course="same")
    assert result.level is G
    assert Finding.LITHIUM_JERKS in result.findings
    assert not result.fits_sleep_starts


def test_night_hypos_on_insulin_that_keep_happening_go_to_the_gp():
    result = check(medication={"diabetes_medicine"}, sleep={"night_sweats"})
    assert result.level is G
    assert Finding.POSSIBLE_NIGHT_HYPOS in result.findings


def test_a_night_hypo_with_confusion_or_needing_help_is_seen_today():
    result = check(medication={"diabetes_medicine"}, sleep={"night_sweats"}, medicine_signs={"hypo"})
    assert result.level is T
    assert result.reasons[0].finding == Finding.SEVERE_NIGHT_HYPOS


# --- kidney and liver disease ---------------------------------------------------------------------------------


@pytest.mark.parametrize("condition", ["kidney_disease", "liver_disease"])
def test_kidney_or_liver_disease_with_new_jerks_sees_a_gp_soon(condition):
    result = check(health={condition}, duration="under_2_weeks")
    assert result.level is G
    assert Finding.KIDNEY_OR_LIVER_JERKS in result.findings


@pytest.mark.parametrize("medicine", ["nerve_medicine", "strong_painkiller"])
def test_gabapentin_pregabalin_or_an_opioid_with_kidney_disease_and_new_jerks_is_seen_today(medicine):
    result = check(health={"kidney_disease"}, medication={medicine}, duration="2_weeks_to_3_months")
    assert result.level is T
    assert result.reasons[0].finding == Finding.MEDICINE_BUILD_UP


@pytest.mark.parametrize("condition", ["kidney_disease", "liver_disease"])
def test_kidney_or_liver_disease_with_new_drowsiness_is_seen_today(condition):
    result = check(health={condition}, with_it={"drowsy"})
    assert result.level is T


def test_kidney_disease_with_jerks_for_years_that_are_not_worse_is_self_care_without_magnesium():
    result = check(health={"kidney_disease"}, duration="over_3_months", course="same", age="65_plus")
    assert result.level is S
    assert Finding.KIDNEY_DISEASE in result.findings
    assert Finding.MAGNESIUM_NEED not in result.findings


def test_a_condition_of_the_brain_or_nerves_with_worse_jerks_sees_a_gp():
    result = check(health={"nerve_condition"}, course="worse", duration="over_3_months")
    assert result.level is G
    assert Finding.NERVE_CONDITION_JERKS in result.findings


# --- acid reducers, diuretics, alcohol ------------------------------------------------------------------------


@pytest.mark.parametrize("medicine", ["acid_reducer", "diuretic"])
def test_long_term_acid_reducers_or_water_tablets_with_new_twitching_see_a_gp_for_a_magnesium_test(medicine):
    result = check(medication={medicine}, duration="under_2_weeks")
    assert result.level is G
    assert Finding.POSSIBLE_LOW_MAGNESIUM in result.findings


def test_heavy_daily_drinking_sees_a_gp_and_is_told_not_to_stop_suddenly():
    result = check(health={"heavy_drinking"})
    assert result.level is G
    assert Finding.HEAVY_DRINKING in result.findings


# --- the look-alikes NICE NG127 names -------------------------------------------------------------------------


def test_trunk_jerks_at_sleep_onset_most_nights_for_months_are_not_simple_sleep_starts():
    result = check(muscles={"trunk"}, frequency="most_nights", duration="over_3_months")
    assert result.level is G
    assert Finding.PROPRIOSPINAL_MYOCLONUS in result.findings
    assert not result.fits_sleep_starts


def test_stereotyped_attacks_from_sleep_see_a_gp_for_an_urgent_referral():
    result = check(timing={"during_sleep"}, night_movements={"attacks"})
    assert result.level is G
    assert Finding.SLEEP_EPILEPSY in result.findings


def test_acting_out_dreams_sees_a_gp():
    result = check(timing={"falling_asleep", "during_sleep"}, night_movements={"acting_out_dreams"})
    assert result.level is G
    assert Finding.ACTING_OUT_DREAMS in result.findings


# --- advice that fits the person --------------------------------------------------------------------------------


@pytest.mark.parametrize("stage", ["pregnant_under_20", "pregnant_20_plus"])
def test_alcohol_in_pregnancy_gets_the_no_alcohol_advice_not_the_units_advice(stage):
    result = check(pregnancy={stage}, triggers={"alcohol"})
    assert Finding.ALCOHOL_IN_PREGNANCY in result.findings
    assert Finding.ALCOHOL not in result.findings


def test_pregnancy_alone_is_no_longer_a_magnesium_need_on_uk_figures():
    assert Finding.MAGNESIUM_NEED not in check(pregnancy={"pregnant_20_plus"}).findings
