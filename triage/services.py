"""Writing what patients send: a finished questionnaire into rows, and feedback or a safety concern."""

from __future__ import annotations

import re
from collections.abc import Mapping

from django.db import IntegrityError, transaction

from triage.clinical.assessment import RULES_VERSION, Answers, TriageResult, assess
from triage.models import Answer, Assessment, Feedback
from triage.staff.stats import count_assessment


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
    count_assessment(assessment, answers.get("triggers") or ())  # the statistics' roll-up, after the commit
    return assessment


# A link to someone's advice page, however it was pasted: with or without the site's address or
# the closing slash, or with its slashes percent-encoded (copied out of another link).
_ADVICE_LINK = re.compile(r"(?:/|%2F)advice(?:/|%2F)[A-Za-z0-9_-]+(?:/|%2F)?", re.IGNORECASE)
# A result token pasted on its own: 43 URL-safe characters (``models.new_token``) standing alone,
# upper and lower case mixed (a random token lacks either about once in 10^9; a long slug has no capitals).
_BARE_TOKEN = re.compile(r"(?<![\w-])(?=[\w-]*[A-Z])(?=[\w-]*[a-z])[A-Za-z0-9_-]{43}(?![\w-])", re.ASCII)


def without_advice_links(text: str) -> str:
    """``text`` with every advice link's token removed, so that it can never open anyone's answers."""
    return _BARE_TOKEN.sub("<removed>", _ADVICE_LINK.sub("/advice/<removed>/", text))


def store_feedback(*, kind: Feedback.Kind, text: str = "", **fields) -> Feedback:
    """Store feedback or a safety concern: what the person wrote, never where it came from."""
    return Feedback.objects.create(kind=kind, text=without_advice_links(text), **fields)
