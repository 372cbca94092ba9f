"""The summary for the doctor: a clinician's order, pertinent negatives, and the rule that set the level."""

from __future__ import annotations

import pytest

from tests.conftest import TYPICAL, asked_only, persona
from triage.clinical.assessment import Answers, assess
from triage.handover.summary import NEGATIVES, doctor_summary
from triage.questionnaire.questions import QUESTIONS_BY_NAME


def summary_of(answers: dict) -> dict[str, dict[str, str]]:
    answers = asked_only(answers) if "triggers" in answers else answers
    sections = doctor_summary(answers, assess(Answers.from_mapping(answers)))
    return {section.heading: {line.label: line.text for line in section.lines} for section in sections}


SECTIONS_IN_A_CLINICIANS_ORDER = [
    "Presenting complaint",
    "History of the complaint",
    "Red flags asked",
    "Medicines, pregnancy and conditions",
    "Sleep and daytime effect",
    "Possible triggers",
    "Result of this check",
]


def test_the_sections_come_in_a_clinicians_order():
    assert list(summary_of(TYPICAL)) == SECTIONS_IN_A_CLINICIANS_ORDER


def test_the_history_of_the_complaint_has_onset_pattern_strength_frequency_and_course():
    history = summary_of(TYPICAL)["History of the complaint"]
    for question in ("duration", "onset", "muscles", "strength", "frequency", "course", "with_it"):
        short = QUESTIONS_BY_NAME[question].short
        assert history[short] == QUESTIONS_BY_NAME[question].label(
            TYPICAL[question] if isinstance(TYPICAL[question], str) else TYPICAL[question][0]
        )
    assert summary_of(TYPICAL)["Presenting complaint"]["Complaint"] == "Twitching or jerking of muscles, age 25 to 44"


def test_red_flags_answered_no_are_pertinent_negatives():
    red_flags = summary_of(TYPICAL)["Red flags asked"]
    assert red_flags["Denied"].startswith(
        "No stroke signs, no fits, no sudden confusion, no fever with neck stiffness, rash, severe headache or "
        "drowsiness, no TIA symptoms, no first fit"
    )
    assert "no head injury in the last 3 months" in red_flags["Denied"]
    assert "no features of neuroleptic malignant syndrome, no features of lithium toxicity" in red_flags["Denied"]
    assert "fits in pregnancy" not in red_flags["Denied"]  # not an option of this questionnaire
    history = summary_of(TYPICAL)["History of the complaint"]
    assert history["Denied"] == (
        "No limb weakness, no muscle wasting, no spreading fasciculation, no dysarthria or dysphagia, "
        "no numbness, tingling or pain, no new drowsiness"
    )
    conditions = summary_of(TYPICAL)["Medicines, pregnancy and conditions"]
    assert conditions["Denied"] == (
        "No kidney disease, no liver disease, no diabetes, no epilepsy, no long-term neurological condition"
    )
    assert summary_of(TYPICAL)["Sleep and daytime effect"]["Denied"].startswith("No loud snoring, no witnessed apnoeas")


def test_a_red_flag_given_is_in_the_persons_words_and_not_denied():
    summary = summary_of(persona(same_day=["head_injury", "seizure_signs"], head_injury=["none"]))
    red_flags = summary["Red flags asked"]
    assert red_flags[QUESTIONS_BY_NAME["same_day"].short] == "; ".join(
        QUESTIONS_BY_NAME["same_day"].label(code) for code in ("head_injury", "seizure_signs")
    )
    assert "head injury in the last 3 months" not in red_flags["Denied"]
    assert red_flags["After the head injury"].startswith("No fit since the injury, no new neurological signs")
    assert "episodes of lost awareness" not in red_flags["Denied"]


def test_questions_never_asked_are_never_denied():
    summary = summary_of({"age": "45_64", "emergency": ["stroke_now"]})
    assert summary["Red flags asked"]["Denied"] == (
        "No fits, no sudden confusion, no fever with neck stiffness, rash, severe headache or drowsiness"
    )
    assert "History of the complaint" not in summary  # never asked: no empty heading
    assert summary["Result of this check"]["Questions"] == (
        "Ended at “Emergency signs”: an emergency answer ends the questionnaire"
    )


@pytest.mark.parametrize(
    ("answers", "level", "rule"),
    [
        (TYPICAL, "Self-care", "No answer called for a doctor (self-care)"),
        (persona(with_it=["numbness"]), "See your GP", "Numbness, tingling or pain"),
        (persona(same_day=["stroke_gone"]), "See a doctor today", "Signs of a stroke earlier"),
    ],
)
def test_the_result_names_the_level_and_the_rule_that_set_it(answers, level, rule):
    result = summary_of(answers)["Result of this check"]
    assert result["Suggested care"] == level
    assert result["Set by the rule"].startswith(rule)


def test_lower_reasons_are_listed_after_the_rule_that_set_the_level():
    result = summary_of(persona(same_day=["stroke_gone"], with_it=["numbness"]))["Result of this check"]
    assert result["Also"] == "Numbness, tingling or pain"


def test_every_red_flag_option_of_the_screens_has_a_clinical_name():
    screens = ("emergency", "same_day", "spreading", "head_injury", "pregnancy_signs", "medicine_signs")
    for question in screens:
        options = {code for code, _ in QUESTIONS_BY_NAME[question].choices} - QUESTIONS_BY_NAME[question].exclusive
        assert options <= set(NEGATIVES[question]), question
