"""Storing a finished questionnaire (triage/services.py): once, all of it, in the order given."""

from unittest import mock

import pytest
from django.db import IntegrityError

from tests.conftest import TYPICAL, persona
from triage.models import Answer, Assessment
from triage.services import store_assessment

pytestmark = pytest.mark.django_db
CONSENT = "2026-01-01T00:00:00+00:00"


def test_each_chosen_option_is_a_row_in_the_order_given():
    answers = persona(triggers=["stress", "caffeine", "alcohol"])
    assessment = store_assessment(answers, consent_given_at=CONSENT, submission_key="k")
    rows = list(Answer.objects.filter(assessment=assessment).values_list("question", "value", "position"))
    expected = [
        (question, code)
        for question, value in answers.items()
        for code in (value if isinstance(value, list) else [value])
    ]
    assert [(q, v) for q, v, _ in rows] == expected
    assert [position for *_, position in rows] == list(range(len(expected)))


def test_the_same_submission_key_returns_the_first_copy_and_stores_nothing_new():
    first = store_assessment(TYPICAL, consent_given_at=CONSENT, submission_key="same")
    again = store_assessment(persona(age="65_plus"), consent_given_at=CONSENT, submission_key="same")
    assert again == first
    assert Assessment.objects.count() == 1
    assert Answer.objects.filter(question="age").get().value == TYPICAL["age"]


def test_another_integrity_error_is_not_taken_for_a_replay():
    refused = mock.patch.object(Answer.objects, "bulk_create", side_effect=IntegrityError("something else"))
    with refused, pytest.raises(IntegrityError):
        store_assessment(TYPICAL, consent_given_at=CONSENT, submission_key="k")
    assert Assessment.objects.count() == 0
