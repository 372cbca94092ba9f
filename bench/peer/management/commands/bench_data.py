"""``manage.py bench_data N``: N realistic stored assessments, quickly, for measuring the staff pages.

Each is a person walked through today's questionnaire by its own branching (``asked_questions``):
mostly the typical answers, the rest chosen at random, so the levels, findings, triggers and the
questions asked vary as they do in life. Their outcome is worked out by today's rules and stored as
a submit stores it. ``created_at`` is spread over the last ``--days`` days (31 by default, a day more
than the retention period, so about one in thirty has expired and is waiting for the purge).

PostgreSQL: COPY in batches (1,000,000 assessments in a few minutes); SQLite: bulk inserts. For
``make bench-data`` only (``bench.peer.settings``, like ``make bench``): never on real patients' data.
"""

from __future__ import annotations

import json
import random
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone

from tests.personas import TYPICAL
from triage.clinical.assessment import RULES_VERSION, Answers, assess
from triage.models import Answer, Assessment
from triage.questionnaire.questions import QUESTIONS, VERSION, asked_questions
from triage.staff.stats import recount

PEOPLE = 5000
"""Distinct sets of answers drawn; the N assessments are made from them (outcomes are worked out once each)."""


def random_person(rng: random.Random) -> dict[str, object]:
    """One person's answers to the questions they are asked: typical, with a third of them changed."""
    answers: dict[str, object] = {}
    for question in QUESTIONS:
        codes = [code for code, _ in question.choices]
        if rng.random() < 0.7 and question.name in TYPICAL:
            answers[question.name] = TYPICAL[question.name]
        elif question.multiple:
            others = [code for code in codes if code != "none"]
            answers[question.name] = sorted(rng.sample(others, k=min(len(others), rng.choice([1, 1, 2, 3]))))
        else:
            answers[question.name] = rng.choice(codes)
    # An emergency now and then, not one person in ten: those would skew everything after them.
    if rng.random() < 0.97:
        answers["emergency"] = ["none"]
    return {q.name: answers[q.name] for q in asked_questions(answers)}


def stored_form(answers: dict[str, object]) -> tuple[dict, list[tuple[str, str]]]:
    """What a submit stores of one person: the assessment's fields, and the (question, code) answer rows."""
    result = assess(Answers.from_mapping(answers))
    fields = {
        "level": int(result.level),
        "findings": sorted(result.findings),
        "outcome": Assessment.outcome_record(result),
    }
    rows = [(q, code) for q, value in answers.items() for code in (value if isinstance(value, list) else [value])]
    return fields, rows


class Command(BaseCommand):
    help = "Add N realistic stored assessments (default 100000) for measuring the staff pages. Never on real data."

    def add_arguments(self, parser):
        parser.add_argument("count", type=int, nargs="?", default=100_000)
        parser.add_argument("--days", type=int, default=settings.ANSWER_RETENTION_DAYS + 1)
        parser.add_argument("--seed", type=int, default=21)
        parser.add_argument("--batch", type=int, default=50_000)

    def handle(self, *args, count, days, seed, batch, **options):
        rng = random.Random(seed)  # noqa: S311 - made-up data, the same for the same seed
        people = [stored_form(random_person(rng)) for _ in range(PEOPLE)]
        now = timezone.now()
        made = 0
        while made < count:
            size = min(batch, count - made)
            assessments, answers = [], []
            for _ in range(size):
                fields, rows = rng.choice(people)
                created = now - timedelta(seconds=rng.uniform(0, days * 86400))
                assessments.append(
                    {
                        **fields,
                        "token": secrets.token_urlsafe(32),
                        "submission_key": secrets.token_hex(16),
                        "consent_given_at": created - timedelta(minutes=5),
                        "created_at": created,
                        "expires_at": created + timedelta(days=settings.ANSWER_RETENTION_DAYS),
                    }
                )
                answers.append(rows)
            with transaction.atomic():
                if connection.vendor == "postgresql":
                    self.copy(assessments, answers)
                else:
                    self.insert(assessments, answers)
            made += size
            self.stdout.write(f"{made} of {count} assessments")
        self.stdout.write(f"The statistics' roll-up made again: {recount()} rows")

    def copy(self, assessments: list[dict], answers: list[list]) -> None:
        """PostgreSQL: ids taken from the tables' own sequences, then COPY (text format) for both tables."""
        table, answer_table = Assessment._meta.db_table, Answer._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                           [table, len(assessments)])  # fmt: skip
            ids = [row[0] for row in cursor.fetchall()]
            n_answers = sum(len(rows) for rows in answers)
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                           [answer_table, n_answers])  # fmt: skip
            answer_ids = iter(row[0] for row in cursor.fetchall())
            columns = ["id", "token", "submission_key", "level", "findings", "consent_given_at",
                       "questionnaire_version", "outcome", "rules_version", "created_at", "expires_at"]  # fmt: skip
            with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for pk, a in zip(ids, assessments, strict=True):
                    copy.write_row([pk, a["token"], a["submission_key"], a["level"], json.dumps(a["findings"]),
                                    a["consent_given_at"], VERSION, json.dumps(a["outcome"]), RULES_VERSION,
                                    a["created_at"], a["expires_at"]])  # fmt: skip
            with cursor.cursor.copy(
                f"COPY {answer_table} (id, assessment_id, question, value, position) FROM STDIN"
            ) as copy:
                for pk, rows in zip(ids, answers, strict=True):
                    for position, (question, code) in enumerate(rows):
                        copy.write_row([next(answer_ids), pk, question, code, position])

    def insert(self, assessments: list[dict], answers: list[list]) -> None:
        made = Assessment.objects.bulk_create(
            (Assessment(**a, questionnaire_version=VERSION, rules_version=RULES_VERSION) for a in assessments),
            batch_size=2000,
        )
        Answer.objects.bulk_create(
            (
                Answer(assessment_id=assessment.pk, question=question, value=code, position=position)
                for assessment, rows in zip(made, answers, strict=True)
                for position, (question, code) in enumerate(rows)
            ),
            batch_size=5000,
        )
