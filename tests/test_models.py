"""What the models refuse on their own: answers the questionnaire does not offer."""

import pytest
from django.core.exceptions import ValidationError

from triage.models import Answer
from triage.questionnaire.questions import QUESTIONS

FIRST = QUESTIONS[0]
ANOTHER_QUESTIONS_ANSWER = next(
    code for question in QUESTIONS[1:] for code, _ in question.choices if code not in dict(FIRST.choices)
)


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.name)
def test_every_offered_answer_is_valid(question):
    for code, _ in question.choices:
        Answer(question=question.name, value=code).clean()


@pytest.mark.parametrize(
    "question, value",
    [
        (FIRST.name, "not-an-option"),
        (FIRST.name, ""),
        (FIRST.name, ANOTHER_QUESTIONS_ANSWER),
        ("no_such_question", FIRST.choices[0][0]),
    ],
)
def test_an_answer_the_questionnaire_does_not_offer_is_refused(question, value):
    with pytest.raises(ValidationError, match="Not an answer the questionnaire offers."):
        Answer(question=question, value=value).clean()
