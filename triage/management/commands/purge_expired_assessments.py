from collections import Counter
from datetime import timedelta

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from triage.models import Answer, Assessment, AssessmentCount, Feedback, RateLimitCount

BATCH = 2000


def delete_in_batches(assessments) -> Counter:
    """Delete ``assessments`` and their answers ``BATCH`` at a time, each batch its own transaction: short
    locks and flat memory however many expired at once (one DELETE … IN of every id before, 31,000 at a
    million). Returns how many assessments and answers were deleted."""
    deleted: Counter = Counter()
    while ids := list(assessments.order_by().values_list("pk", flat=True)[:BATCH]):
        with transaction.atomic():
            deleted[Answer] += Answer.objects.filter(assessment_id__in=ids).delete()[0]
            deleted[Assessment] += Assessment.objects.filter(pk__in=ids).delete()[0]
    return deleted


class Command(BaseCommand):
    help = (
        "Delete stored answers whose retention period (ANSWER_RETENTION_DAYS) has passed, and "
        "expired sessions (with any unfinished answers in them), rate-limit counts of past windows, and staff "
        "sign-in failure records older than the same retention period, and feedback and safety concerns past "
        "FEEDBACK_RETENTION_DAYS. Run it at least daily."
    )

    def handle(self, *args, **options):
        now = timezone.now()
        deleted = delete_in_batches(Assessment.objects.expired(now))
        sessions = Session.objects.filter(expire_date__lt=now).count()
        call_command("clearsessions")
        RateLimitCount.objects.filter(expires_at__lt=now).delete()
        AssessmentCount.objects.filter(expires_on__lt=timezone.localdate(now)).delete()  # days no longer counted
        feedback, _ = Feedback.objects.expired(now).delete()
        kept_since = now - timedelta(days=settings.ANSWER_RETENTION_DAYS)
        sign_ins = sum(
            model.objects.filter(attempt_time__lt=kept_since).delete()[0]
            for model in (AccessAttempt, AccessFailureLog, AccessLog)
        )
        # Counts only: never what was deleted.
        self.stdout.write(
            f"Deleted {deleted[Assessment]} expired assessment(s) "
            f"with {deleted[Answer]} answer(s), {sessions} expired session(s) "
            f"and {sign_ins} old sign-in failure record(s). "
            f"Deleted {feedback} expired feedback or safety concern report(s)."
        )
