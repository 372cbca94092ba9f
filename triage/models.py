import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connections, models, router
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from triage.clinical.assessment import (
    RULES,
    RULES_VERSION,
    Answers,
    Finding,
    Level,
    Reason,
    TriageResult,
    assess,
    result_from,
)
from triage.questionnaire.legacy import levels_for, questions_for
from triage.questionnaire.questions import QUESTIONS, VERSION

LEVEL_LABELS = {
    Level.SELF_CARE: "Self-care",
    Level.GP: "See your GP",
    Level.TODAY: "See a doctor today",
    Level.EMERGENCY: "Call an emergency number now",
}


def new_token() -> str:
    """256 random bits, URL-safe: the only key to a person's result."""
    return secrets.token_urlsafe(32)


def default_expiry():
    return timezone.now() + timedelta(days=settings.ANSWER_RETENTION_DAYS)


class AssessmentQuerySet(models.QuerySet):
    def expired(self, now=None):
        return self.filter(expires_at__lte=now or timezone.now())

    def current(self):
        """Assessments within their retention period: past it they count as deleted, purged or not."""
        return self.filter(expires_at__gt=timezone.now())


class Assessment(models.Model):
    """One completed questionnaire. Holds no name, contact details, IP address or free text."""

    # Unique through Meta.constraints, not unique=True: on PostgreSQL that also made a second,
    # text-pattern index (_like) on each, which no query uses (issue 21: 344 MB at a million).
    token = models.CharField(max_length=64, default=new_token, editable=False)
    submission_key = models.CharField(
        max_length=64,
        editable=False,
        help_text="Identifies one run through the questionnaire, so a replayed submit stores nothing new.",
    )
    level = models.PositiveSmallIntegerField(choices=[(level.value, label) for level, label in LEVEL_LABELS.items()])
    findings = models.JSONField(default=list, help_text="Finding codes, from the fixed vocabulary.")
    consent_given_at = models.DateTimeField()
    questionnaire_version = models.PositiveSmallIntegerField(
        default=VERSION,
        help_text="Which questionnaire was answered: its questions and words (earlier ones: questionnaire/legacy.py).",
    )
    outcome = models.JSONField(
        default=dict,
        blank=True,
        editable=False,
        help_text="The outcome as given: each finding's level and the answers behind it. Never re-scored.",
    )
    rules_version = models.CharField(
        max_length=16,
        blank=True,
        editable=False,
        help_text="The fingerprint of the rules that gave the outcome (clinical/assessment.py, RULES_VERSION).",
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    expires_at = models.DateTimeField(default=default_expiry, db_index=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["token"], name="assessment_token_unique"),
            models.UniqueConstraint(fields=["submission_key"], name="assessment_submission_key_unique"),
            models.CheckConstraint(
                condition=models.Q(level__gte=Level.SELF_CARE, level__lte=Level.EMERGENCY),
                name="assessment_level_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("created_at")),
                name="assessment_expires_after_created",
            ),
        ]

    def __str__(self):
        return f"Assessment {self.pk} ({self.get_level_display()}, {self.created_at:%Y-%m-%d})"

    def get_absolute_url(self):
        return reverse("triage:result", kwargs={"token": self.token})

    @staticmethod
    def outcome_record(result: TriageResult) -> dict:
        """What is stored of an outcome: each reason's level, each finding's answers, and "fits sleep starts"."""
        return {
            "levels": [[reason.finding.value, int(reason.level)] for reason in result.reasons],
            "evidence": {
                finding.value: [list(pair) for pair in evidence] for finding, evidence in result.findings.items()
            },
            "fits_sleep_starts": result.fits_sleep_starts,
        }

    def has_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def questions(self):
        """The questions this person answered, in the words they saw."""
        return questions_for(self.questionnaire_version)

    def given_outcome(self, answers: dict[str, object]) -> TriageResult:
        """The outcome as the person was given it: stored at submission, never worked out again.

        ``answers`` are this assessment's ``answers()``. An assessment stored before outcomes were
        (questionnaires 1 and 2) keeps its stored level and findings, each at the level it had then;
        the answers behind a finding are the person's answers that meet today's rule for it, if any.
        """
        if self.outcome:
            levels = {Finding(code): Level(level) for code, level in self.outcome["levels"] if code in Finding}
            found = {
                Finding(code): tuple(tuple(pair) for pair in evidence)
                for code, evidence in self.outcome["evidence"].items()
                if code in Finding
            }
            reasons = tuple(Reason(finding, level, found.get(finding, ())) for finding, level in levels.items())
            return TriageResult(Level(self.level), found, reasons, bool(self.outcome["fits_sleep_starts"]))
        levels = levels_for(self.questionnaire_version)
        person = Answers.from_mapping(answers)
        found = {
            Finding(code): tuple(pair for rule in RULES if rule.finding == code for pair in rule.test(person))
            for code in self.findings
            if code in Finding
        }
        result = result_from(found, {f: levels[f] for f in found if f in levels}, person.timing)
        known = set(self.findings) - {Finding.NEEDS_DOCTOR}
        return TriageResult(
            Level(self.level),
            result.findings,
            result.reasons,
            fits_sleep_starts=self.level == Level.SELF_CARE and known <= {Finding.SLEEP_STARTS},
        )

    def retired_reasons(self) -> list[str]:
        """Stored findings of an earlier questionnaire that today's vocabulary no longer has, in plain words."""
        from triage.clinical.findings import describe_finding

        levels = levels_for(self.questionnaire_version) if not self.outcome else {}
        codes = [code for code in self.findings if code not in Finding and levels.get(code, Level.SELF_CARE) > 1]
        return [describe_finding(code) for code in sorted(codes, key=lambda code: -levels[code])]

    def outcome_today(self, answers: dict[str, object]) -> TriageResult | None:
        """Today's rules' outcome for the same answers, where the rules have changed since (else None).

        Questionnaire 1 asked other questions: today's rules cannot read its answers.
        """
        if self.rules_version == RULES_VERSION or self.questionnaire_version == 1:
            return None
        return assess(Answers.from_mapping(answers))

    def answers(self) -> dict[str, object]:
        """``{question: code or list of codes}``, as the questionnaire gave them."""
        multiple = {q.name for q in self.questions if q.multiple}
        result: dict[str, object] = {}
        for answer in self.answer_set.all():
            if answer.question in multiple:
                result.setdefault(answer.question, []).append(answer.value)
            else:
                result[answer.question] = answer.value
        return result


class Answer(models.Model):
    """One chosen option; a multi-select question gives one row per option ticked."""

    # No index of its own: the unique (assessment, question, value) index serves every lookup by assessment.
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, db_index=False)
    question = models.CharField(max_length=32, help_text="The question's name in the assessment's questionnaire.")
    value = models.CharField(max_length=32)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        # By the column: "assessment" would sort by Assessment's own ordering, a join for nothing.
        ordering = ["assessment_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "question", "value"], name="answer_unique_per_question"),
        ]
        indexes = [models.Index(fields=["question", "value"])]

    def __str__(self):
        return f"{self.question}={self.value}"

    def clean(self):
        questions = self.assessment.questions if self.assessment_id else QUESTIONS
        question = next((q for q in questions if q.name == self.question), None)
        if question is None or self.value not in dict(question.choices):
            raise ValidationError("Not an answer the questionnaire offers.")


class AdviceArticleManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class AdviceArticle(models.Model):
    """A piece of advice, written and kept up to date by editors in the admin."""

    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=200)
    summary = models.CharField(max_length=400, help_text="One or two sentences, shown under the title.")
    body = models.TextField(help_text="Markdown. Use ### for headings, - for lists, [text](https://…) for links.")
    findings = models.JSONField(
        default=list,
        blank=True,
        help_text="The findings that show this article to a patient.",
    )
    order = models.PositiveSmallIntegerField(default=100, help_text="Lower numbers are shown first.")
    published = models.BooleanField(default=True)
    sources = models.TextField(blank=True, help_text="One source per line: title | https://link")
    last_reviewed = models.DateField(default=timezone.localdate)
    next_review = models.DateField(null=True, blank=True)

    objects = AdviceArticleManager()
    history = HistoricalRecords(verbose_name="advice article version", verbose_name_plural="advice article versions")

    class Meta:
        ordering = ["order", "title"]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.slug,)

    def clean(self):
        unknown = set(self.findings or ()) - {f.value for f in Finding}
        if unknown:
            raise ValidationError({"findings": f"Unknown findings: {', '.join(sorted(unknown))}"})

    def source_links(self) -> list[tuple[str, str]]:
        """``[(title, url)]`` from the sources text; a line without a link is a title alone."""
        links = []
        for line in self.sources.splitlines():
            title, _, url = line.partition("|")
            if title.strip() or url.strip():
                links.append((title.strip() or url.strip(), url.strip()))
        return links


class StepCount(models.Model):
    """How many questionnaires reached a step on a day: the completion funnel, and nothing else.

    Only a step name, a date and a count: no answers, no session, nothing that links to a person
    or an Assessment. ``triage.questionnaire.runs.Run.count`` adds one when a person first completes a step.
    """

    day = models.DateField(default=timezone.localdate)
    step = models.CharField(max_length=32)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["day", "step"]
        constraints = [models.UniqueConstraint(fields=["day", "step"], name="stepcount_unique_per_day")]
        verbose_name = "questionnaire step count"

    def __str__(self):
        return f"{self.day} {self.step}: {self.count}"


class AssessmentCount(models.Model):
    """The statistics page's roll-up: how many stored assessments that expire on a day had a level, a
    finding, a trigger, or were stored in a week. Counts only, like ``StepCount``.

    Added to when an assessment is stored, taken from when a person deletes theirs
    (``triage.staff.stats.count_assessment``), rows of past days deleted by the purge; ``stats.recount``
    makes them again from the stored assessments. Kept by the day of expiry, so that the assessments
    still within their retention period are exactly the rows of the days after today (today's are
    counted from the table: some have expired already).
    """

    class Kind(models.TextChoices):
        LEVEL = "level"
        FINDING = "finding"
        TRIGGER = "trigger"
        WEEK = "week", "week stored (its Monday)"

    expires_on = models.DateField()
    kind = models.CharField(max_length=8, choices=Kind.choices)
    code = models.CharField(max_length=32)
    count = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["expires_on", "kind", "code"], name="assessmentcount_unique_per_day")
        ]

    def __str__(self):
        return f"{self.expires_on} {self.kind} {self.code}: {self.count}"


class RateLimitCount(models.Model):
    """How many public POSTs one client sent in one fixed window: the rate limit's counter.

    ``client`` is a keyed hash of the address (``security.client_key``), never the address.
    Kept in the database so that every server process and machine counts together.
    """

    client = models.CharField(max_length=32)
    window = models.PositiveBigIntegerField(help_text="The window's number: seconds since 1970 // window length.")
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["client", "window"], name="ratelimit_unique_per_window")]

    def __str__(self):
        return f"{self.client[:8]}… window {self.window}: {self.count}"


def feedback_expiry():
    return timezone.now() + timedelta(days=settings.FEEDBACK_RETENTION_DAYS)


class FeedbackQuerySet(models.QuerySet):
    def expired(self, now=None):
        return self.filter(expires_at__lte=now or timezone.now())

    def open_safety_concerns(self):
        return self.filter(kind=Feedback.Kind.SAFETY_CONCERN).exclude(status=Feedback.Status.CLOSED)


class Feedback(models.Model):
    """Feedback on the service, or a report that its advice was wrong or unsafe: post-release monitoring.

    Holds what the person chose to tell us and nothing about where it came from: no IP address,
    no session, no link to an Assessment, no result token (``services.store_feedback`` removes
    any advice link typed in). Staff change only ``status`` and ``staff_notes``.
    """

    class Kind(models.TextChoices):
        FEEDBACK = "feedback", "Feedback"
        SAFETY_CONCERN = "safety_concern", "Safety concern"

    class Status(models.TextChoices):
        NEW = "new", "New"
        LOOKING = "looking", "Being looked at"
        CLOSED = "closed", "Closed"

    class Useful(models.TextChoices):
        YES = "yes", "Yes"
        PARTLY = "partly", "Partly"
        NO = "no", "No"

    class Outcome(models.TextChoices):
        """The advice a concern is about: the four outcome levels (the patient's words are in forms.py)."""

        EMERGENCY = "emergency", "Call an emergency number or go to A&E now"
        TODAY = "today", "See a doctor today"
        GP = "gp", "See a GP"
        SELF_CARE = "self_care", "Look after it yourself"
        NOT_SURE = "not_sure", "I don't know"

    class Reporter(models.TextChoices):
        PATIENT = "patient", "Patient"
        CARER = "carer", "Carer or family"
        PROFESSIONAL = "professional", "Health professional"
        OTHER = "other", "Other"

    kind = models.CharField(max_length=16, choices=Kind.choices)
    useful = models.CharField("was this useful?", max_length=8, choices=Useful.choices, blank=True)
    text = models.TextField(
        "what they wrote",
        blank=True,
        help_text="Feedback: what could we do better. Safety concern: what happened. Advice links removed.",
    )
    advice_outcome = models.CharField("advice it was about", max_length=16, choices=Outcome.choices, blank=True)
    reporter = models.CharField("who is reporting", max_length=16, choices=Reporter.choices, blank=True)
    contact_email = models.EmailField(blank=True, help_text="Given only to get a reply about this report.")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.NEW, db_index=True)
    staff_notes = models.TextField(blank=True, help_text="For staff only. Never shown to the person.")
    created_at = models.DateTimeField("sent", default=timezone.now, db_index=True)
    expires_at = models.DateTimeField("deleted automatically on", default=feedback_expiry, db_index=True)

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "feedback or safety concern"
        verbose_name_plural = "feedback and safety concerns"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("created_at")), name="feedback_expires_after_created"
            ),
        ]

    def __str__(self):
        # Also what the admin's change history records: never the person's words.
        return f"{self.get_kind_display()} {self.pk} ({self.created_at:%Y-%m-%d})"

    def first_line(self, length: int = 80) -> str:
        line = next((line.strip() for line in self.text.splitlines() if line.strip()), "")
        return line if len(line) <= length else line[: length - 1].rstrip() + "…"


def add_one(model: type[models.Model], defaults: dict | None = None, **key) -> int:
    """``count += 1`` on the ``model`` row matching ``key`` (made with count 1 and ``defaults`` if there
    is none); returns the new count. With ``add_to_counts``, the one counter of the database: the
    funnel (``StepCount``), the statistics' roll-up (``AssessmentCount``), the rate limits without
    Redis and the health check's write (``RateLimitCount``).

    One statement, ``INSERT … ON CONFLICT (key) DO UPDATE SET count = count + 1 RETURNING count``
    (PostgreSQL; SQLite 3.35+): exact when many processes count at once, with no read-then-write
    race and no savepoint. ``key`` must be the fields of a unique constraint of ``model``.
    """
    with connections[router.db_for_write(model)].cursor() as cursor:
        cursor.execute(*_upsert(model, [key], 1, defaults or {}, returning=True))
        return cursor.fetchone()[0]


def add_to_counts(model: type[models.Model], keys: list[dict], by: int = 1) -> None:
    """``count += by`` on the ``model`` row of each of ``keys`` (made if there is none), in one statement.

    The rows are always written in the same order (sorted), so two requests counting some of the
    same rows at once never wait for each other in a circle (a deadlock).
    """
    if keys:
        with connections[router.db_for_write(model)].cursor() as cursor:
            cursor.execute(*_upsert(model, sorted(keys, key=lambda k: sorted(k.items())), by, {}))


def _upsert(model, keys: list[dict], by: int, defaults: dict, returning: bool = False) -> tuple[str, list]:
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    fields = [model._meta.get_field(name) for name in [*keys[0], *defaults]]
    columns = ", ".join(quote(field.column) for field in fields)
    conflict = ", ".join(quote(model._meta.get_field(name).column) for name in keys[0])
    table, count = quote(model._meta.db_table), quote(model._meta.get_field("count").column)
    row = f"({', '.join(['%s'] * (len(fields) + 1))})"
    # Only quoted names are put in the text; every value is a parameter.
    sql = (
        f"INSERT INTO {table} ({columns}, {count}) VALUES {', '.join([row] * len(keys))} "  # noqa: S608
        f"ON CONFLICT ({conflict}) DO UPDATE SET {count} = {table}.{count} + EXCLUDED.{count}"
        + (f" RETURNING {count}" if returning else "")
    )
    params = []
    for key in keys:
        values = {**key, **defaults}
        params += [field.get_db_prep_save(values[field.name], connection) for field in fields] + [by]
    return sql, params
