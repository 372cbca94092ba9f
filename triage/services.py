"""Writing assessments: the one place that turns a finished questionnaire into rows."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import IntegrityError, transaction

from .assessment import Answers, TriageResult, assess
from .models import Answer, Assessment


def store_assessment(answers: Mapping[str, object], *, consent_given_at, submission_key: str) -> Assessment:
    """Store one questionnaire once: replaying the same submission returns the first copy."""
    result: TriageResult = assess(Answers.from_mapping(answers))
    try:
        with transaction.atomic():
            assessment = Assessment.objects.create(
                submission_key=submission_key,
                level=result.level,
                findings=sorted(result.findings),
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
