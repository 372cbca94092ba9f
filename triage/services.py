"""Writing assessments: the one place that turns a finished questionnaire into rows."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import IntegrityError, transaction

from .assessment import RULES_VERSION, Answers, TriageResult, assess
from .models import Answer, Assessment


def store_assessment(
    answers: Mapping[str, object],
    result: TriageResult | None = None,
    *,
    consent_given_at,
    submission_key: str,
) -> Assessment:
    """Store one questionnaire and the outcome it was given, once: replaying the same submission returns the first copy.

    ``result`` is the outcome of ``answers`` by today's rules, worked out once by the caller (here if
    not given); it is stored as given (level, findings, each finding's level and answers, the rules' fingerprint), and
    shown from here on as stored, whatever the rules say later.
    """
    result = result or assess(Answers.from_mapping(dict(answers)))
    try:
        with transaction.atomic():
            assessment = Assessment.objects.create(
                submission_key=submission_key,
                level=result.level,
                findings=sorted(result.findings),
                outcome=Assessment.outcome_record(result),
                rules_version=RULES_VERSION,
                consent_given_at=consent_given_at,
            )
            chosen = [
                (question, code)
                for question, value in answers.items()
                for code in (value if isinstance(value, list | tuple) else [value])
            ]
            Answer.objects.bulk_create(
                Answer(assessment=assessment, question=question, value=code, position=position)
                for position, (question, code) in enumerate(chosen)
            )
    except IntegrityError:
        existing = Assessment.objects.filter(submission_key=submission_key).first()
        if existing is None:
            raise
        return existing
    return assessment
