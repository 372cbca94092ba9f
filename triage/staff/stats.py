"""Counting without identifying: the completion funnel, the statistics page and the export.

The funnel is kept in ``StepCount`` rows (day, step, count), so "started" and the drop-off
per step are known without storing anyone's answers. Statistics read a fixed number of
queries however many assessments there are, and every count below ``MIN_COUNT`` is shown
as "fewer than 5" so that no small group of people can be picked out.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import timedelta

from django.db import connections, router
from django.db.models import Count, Sum
from django.db.models.functions import TruncWeek
from django.utils import timezone

from triage.clinical.assessment import Level, Trigger
from triage.clinical.findings import describe_finding
from triage.models import LEVEL_LABELS, Answer, Assessment, StepCount, add_one
from triage.questionnaire.questions import CHECK, QUESTIONS, QUESTIONS_BY_NAME

MIN_COUNT = 5
SUPPRESSED = "fewer than 5"

START_STEP = "start"
SUBMITTED_STEP = "submitted"
FUNNEL_STEPS: list[str] = [START_STEP, *(q.name for q in QUESTIONS), CHECK, SUBMITTED_STEP]
FUNNEL_LABELS: dict[str, str] = {
    START_STEP: "Agreed to store answers and started",
    **{q.name: f"{q.short}: “{q.text}”" for q in QUESTIONS},
    CHECK: "Checked answers",
    SUBMITTED_STEP: "Sent answers (finished)",
}


# --- recording ------------------------------------------------------------------------
# ``runs.Run.count`` calls this once per questionnaire run and step.


def increment(step: str, day=None) -> None:
    add_one(StepCount, day=day or timezone.localdate(), step=step)


# --- statistics -------------------------------------------------------------------------


@dataclass(frozen=True)
class Tally:
    """A count as shown: the number only when it is big enough to keep people anonymous."""

    label: str
    value: int
    share_of: int = 0
    hidden: bool = False
    """Hidden although big enough, so that a hidden small count cannot be worked out from a total."""

    @property
    def suppressed(self) -> bool:
        return self.hidden or self.value < MIN_COUNT

    @property
    def shown(self) -> str:
        return SUPPRESSED if self.suppressed else str(self.value)

    @property
    def percent(self) -> str:
        if self.suppressed or not self.share_of or self.share_of < MIN_COUNT:
            return ""
        return f"{round(100 * self.value / self.share_of)}%"


@dataclass(frozen=True)
class FunnelStep:
    step: str
    label: str
    reached: Tally
    dropped: Tally | None
    """How many reached the previous step but not this one; None for the first step."""
    conditional: bool = False
    """Asked only to some people (branching), so a lower count here is not a drop-off."""


@dataclass(frozen=True)
class Statistics:
    total: Tally
    per_week: list[Tally]
    levels: list[Tally]
    findings: list[Tally]
    triggers: list[Tally]
    funnel: list[FunnelStep]


def protect_partition(tallies: list[Tally]) -> list[Tally]:
    """Secondary suppression for counts that add up to a shown total.

    If exactly one count is hidden, total minus the others would reveal it, so the next
    smallest count is hidden too.
    """
    if sum(t.suppressed for t in tallies) != 1:
        return tallies
    shown = [t for t in tallies if not t.suppressed]
    if not shown:
        return tallies
    smallest = min(shown, key=lambda t: t.value)
    return [replace(t, hidden=True) if t is smallest else t for t in tallies]


def _weeks(counts: dict) -> list[Tally]:
    """One count per week from the first to the last, weeks without assessments included."""
    if not counts:
        return []
    week, last = min(counts), max(counts)
    tallies = []
    while week <= last:
        tallies.append(Tally(f"{week.day} {week:%b %Y}", counts.get(week, 0)))
        week += timedelta(days=7)
    return tallies


def compute_statistics(top: int = 10) -> Statistics:
    """Everything on the statistics page, counted by the database in four queries whatever the amount of data.

    Only assessments within their retention period count: past it they are deleted, purged or not.
    """
    now = timezone.now()
    current = Assessment.objects.filter(expires_at__gt=now).order_by()
    per_week: Counter = Counter()
    by_level: Counter = Counter()
    for week, level, n in current.values_list(TruncWeek("created_at"), "level").annotate(n=Count("*")):
        per_week[week.date() if hasattr(week, "date") else week] += n
        by_level[level] += n
    total = sum(by_level.values())

    trigger_labels = dict(QUESTIONS_BY_NAME["triggers"].choices)
    not_triggers = {Trigger.NONE, Trigger.NOT_SURE}
    trigger_counts = (
        Answer.objects.filter(question="triggers", assessment__expires_at__gt=now)
        .exclude(value__in=not_triggers)
        .order_by()
        .values_list("value")
        .annotate(n=Count("*"))
    )
    steps = dict(StepCount.objects.order_by().values_list("step").annotate(n=Sum("count")))

    return Statistics(
        total=Tally("Assessments stored now", total),
        per_week=protect_partition(_weeks(per_week)),
        levels=protect_partition([Tally(LEVEL_LABELS[level], by_level.get(level.value, 0), total) for level in Level]),
        findings=[Tally(describe_finding(code), n, total) for code, n in sorted(_finding_counts(now), key=_most)[:top]],
        triggers=[
            Tally(trigger_labels.get(code, code), n, total) for code, n in sorted(trigger_counts, key=_most)[:top]
        ],
        funnel=_funnel(steps),
    )


def _finding_counts(now) -> list[tuple[str, int]]:
    """How many current assessments have each finding: their JSON lists (a finding once in each) unnested
    and counted by the database, where reading every list into Python took seconds at a million."""
    connection = connections[router.db_for_read(Assessment)]
    quote = connection.ops.quote_name
    table, findings, expires_at = quote(Assessment._meta.db_table), quote("findings"), quote("expires_at")
    if connection.vendor == "postgresql":
        each, code = f"jsonb_array_elements_text({table}.{findings}) AS finding (code)", "finding.code"
    else:  # SQLite's JSON1
        each, code = f"json_each({table}.{findings}) AS finding", "finding.value"
    # Only quoted names are put in the text; the time is a parameter.
    sql = f"SELECT {code}, COUNT(*) FROM {table}, {each} WHERE {table}.{expires_at} > %s GROUP BY {code}"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [connection.ops.adapt_datetimefield_value(now)])
        return cursor.fetchall()


def _most(item):
    code, n = item
    return (-n, code)


def _funnel(steps: dict[str, int]) -> list[FunnelStep]:
    conditional = {q.name for q in QUESTIONS if q.follow_up}
    started = steps.get(START_STEP, 0)
    rows = []
    previous = None
    for step in FUNNEL_STEPS:
        reached = steps.get(step, 0)
        dropped = None
        if previous is not None and step not in conditional:
            dropped = Tally("", max(previous - reached, 0), started)
        rows.append(
            FunnelStep(
                step=step,
                label=FUNNEL_LABELS[step],
                reached=Tally(FUNNEL_LABELS[step], reached, started),
                dropped=dropped,
                conditional=step in conditional,
            )
        )
        if step not in conditional:
            previous = reached
    return rows


# --- export -----------------------------------------------------------------------------

EXPORT_QUESTIONS = [q.name for q in QUESTIONS]
EXPORT_HEADER = ["created_week", "level", "questionnaire", "rules", "findings", *EXPORT_QUESTIONS]
"""Today's questions. An assessment of the first questionnaire (``questionnaire`` 1) has only the
answers to the questions the two share here; its own questions are in triage/questionnaire/legacy.py."""


EXPORT_CHUNK = 2000


def anonymised_rows(assessments) -> Iterator[list[str]]:
    """One row per assessment: ISO week, level, findings and answer codes. Never a token or key.

    Expired assessments are left out: past their retention date they count as deleted. Read in
    chunks of ``EXPORT_CHUNK`` in the order they were stored (id), each chunk after the last id read
    (keyset, never OFFSET), with its answers in one more query: the first row comes at once and memory stays
    flat however many there are (at a million, the whole answer table held in a dict took 4 GB).
    """
    queryset = (
        assessments.current()
        .order_by("pk")
        .only("pk", "level", "questionnaire_version", "rules_version", "findings", "created_at")
    )
    chunk = list(queryset[:EXPORT_CHUNK])
    while chunk:
        given: dict[int, dict[str, list[str]]] = {}
        answers = Answer.objects.filter(assessment_id__in=[a.pk for a in chunk]).order_by("assessment_id", "position")
        for assessment_id, question, value in answers.values_list("assessment_id", "question", "value"):
            given.setdefault(assessment_id, {}).setdefault(question, []).append(value)
        for assessment in chunk:
            yield _row(assessment, given.get(assessment.pk, {}))
        chunk = list(queryset.filter(pk__gt=chunk[-1].pk)[:EXPORT_CHUNK])


def _row(assessment: Assessment, given: dict[str, list[str]]) -> list[str]:
    year, week, _ = assessment.created_at.isocalendar()
    return [
        f"{year}-W{week:02d}",
        Level(assessment.level).name.lower(),
        str(assessment.questionnaire_version),
        assessment.rules_version,
        ";".join(sorted(assessment.findings or ())),
        *(";".join(given.get(name, ())) for name in EXPORT_QUESTIONS),
    ]


class _Echo:
    def write(self, value):
        return value


def csv_lines(rows: Iterable[list[str]]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(EXPORT_HEADER)
    for row in rows:
        yield writer.writerow(row)
