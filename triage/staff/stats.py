"""Counting without identifying: the completion funnel, the statistics page and the export.

The funnel is kept in ``StepCount`` rows (day, step, count), so "started" and the drop-off
per step are known without storing anyone's answers. The statistics are kept the same way, in
``AssessmentCount`` rows (day of expiry, level/finding/trigger/week, count), so the page reads a
fixed number of small queries however many assessments there are (at a million, counting them
from the table took 7 s), and every count below ``MIN_COUNT`` is shown
as "fewer than 5" so that no small group of people can be picked out.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from django.db import connections, router, transaction
from django.db.models import Count, Sum
from django.db.models.functions import TruncDate, TruncWeek
from django.utils import timezone

from triage.clinical.assessment import Level, Trigger
from triage.clinical.findings import describe_finding
from triage.models import LEVEL_LABELS, Answer, Assessment, AssessmentCount, StepCount, add_one, add_to_counts
from triage.questionnaire.questions import CHECK, QUESTIONS, QUESTIONS_BY_NAME

Kind = AssessmentCount.Kind
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
    """Everything on the statistics page, in three queries whatever the amount of data.

    Only assessments within their retention period count: past it they are deleted, purged or not.
    Those that expire after today are summed from the roll-up (``AssessmentCount``, a few rows a
    day); today's, some expired already, are counted from the table (a thirtieth of it).
    """
    now = timezone.now()
    today = timezone.localdate(now)
    counts: Counter = Counter()
    rolled_up = AssessmentCount.objects.filter(expires_on__gt=today).order_by().values_list("kind", "code")
    for kind, code, n in rolled_up.annotate(n=Sum("count")):
        counts[kind, code] += n
    tomorrow = timezone.make_aware(datetime.combine(today + timedelta(days=1), time()))
    for (_, kind, code), n in tally(Assessment.objects.filter(expires_at__gt=now, expires_at__lt=tomorrow)).items():
        counts[kind, code] += n
    steps = dict(StepCount.objects.order_by().values_list("step").annotate(n=Sum("count")))

    def of(kind) -> dict[str, int]:
        return {code: n for (k, code), n in counts.items() if k == kind and n > 0}

    by_level, total = of(Kind.LEVEL), sum(of(Kind.LEVEL).values())
    trigger_labels = dict(QUESTIONS_BY_NAME["triggers"].choices)
    return Statistics(
        total=Tally("Assessments stored now", total),
        per_week=protect_partition(_weeks({date.fromisoformat(w): n for w, n in of(Kind.WEEK).items()})),
        levels=protect_partition([Tally(LEVEL_LABELS[lv], by_level.get(str(lv.value), 0), total) for lv in Level]),
        findings=[
            Tally(describe_finding(code), n, total) for code, n in sorted(of(Kind.FINDING).items(), key=_most)[:top]
        ],
        triggers=[
            Tally(trigger_labels.get(code, code), n, total)
            for code, n in sorted(of(Kind.TRIGGER).items(), key=_most)[:top]
        ],
        funnel=_funnel(steps),
    )


# --- the roll-up --------------------------------------------------------------------------------

NOT_TRIGGERS = {Trigger.NONE.value, Trigger.NOT_SURE.value}


def count_assessment(assessment: Assessment, triggers, by: int = 1) -> None:
    """Add a stored assessment to the statistics' roll-up (``by=-1``: take a deleted one away). One statement."""
    expires_on = timezone.localdate(assessment.expires_at)
    created = timezone.localdate(assessment.created_at)
    codes = [
        (Kind.LEVEL, str(int(assessment.level))),
        (Kind.WEEK, (created - timedelta(days=created.weekday())).isoformat()),
        *((Kind.FINDING, code) for code in set(assessment.findings or ())),
        *((Kind.TRIGGER, code) for code in set(triggers) - NOT_TRIGGERS),
    ]
    add_to_counts(AssessmentCount, [{"expires_on": expires_on, "kind": k, "code": c} for k, c in codes], by)


def recount() -> int:
    """The roll-up made again from the stored assessments within their retention period (a migration, a
    bulk load, or a check that it is right). Returns how many rows it has."""
    rows = [
        AssessmentCount(expires_on=day, kind=kind, code=code, count=n)
        for (day, kind, code), n in tally(Assessment.objects.filter(expires_at__gt=timezone.now())).items()
    ]
    with transaction.atomic():
        AssessmentCount.objects.all().delete()
        AssessmentCount.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def tally(assessments) -> Counter:
    """``{(day of expiry, kind, code): how many}`` of ``assessments``, counted by the database (3 queries)."""
    counts: Counter = Counter()
    assessments = assessments.order_by()
    expiry = TruncDate("expires_at")
    by_level_and_week = assessments.values_list(expiry, TruncWeek("created_at"), "level").annotate(n=Count("*"))
    for day, week, level, n in by_level_and_week:
        counts[day, Kind.LEVEL, str(level)] += n
        counts[day, Kind.WEEK, (week.date() if hasattr(week, "date") else week).isoformat()] += n
    triggers = (
        Answer.objects.filter(question="triggers", assessment__in=assessments.values("pk"))
        .exclude(value__in=NOT_TRIGGERS)
        .order_by()
        .values_list(TruncDate("assessment__expires_at"), "value")
        .annotate(n=Count("*"))
    )
    for day, code, n in triggers:
        counts[day, Kind.TRIGGER, code] += n
    for day, code, n in _finding_counts(assessments):
        counts[day, Kind.FINDING, code] += n
    return counts


def _finding_counts(assessments) -> list[tuple[date, str, int]]:
    """How many of ``assessments`` have each finding, by day of expiry: their JSON lists (a finding once in
    each) unnested and counted by the database."""
    connection = connections[router.db_for_read(Assessment)]
    quote = connection.ops.quote_name
    table, findings = quote(Assessment._meta.db_table), quote("findings")
    ids, params = assessments.values("pk").query.sql_with_params()
    if connection.vendor == "postgresql":
        each, code = f"jsonb_array_elements_text({table}.{findings}) AS finding (code)", "finding.code"
        day = f"({table}.{quote('expires_at')} AT TIME ZONE %s)::date"
    else:  # SQLite's JSON1
        each, code = f"json_each({table}.{findings}) AS finding", "finding.value"
        day = f"date({table}.{quote('expires_at')})"  # SQLite keeps UTC; TIME_ZONE is UTC
    zone = [timezone.get_current_timezone_name()] if connection.vendor == "postgresql" else []
    # Only quoted names and Django's own compiled query are put in the text; values are parameters.
    sql = (
        f"SELECT {day}, {code}, COUNT(*) FROM {table}, {each} "  # noqa: S608
        f"WHERE {table}.{quote('id')} IN ({ids}) GROUP BY 1, 2"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*zone, *params])
        return [(d if isinstance(d, date) else date.fromisoformat(d), c, n) for d, c, n in cursor.fetchall()]


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
