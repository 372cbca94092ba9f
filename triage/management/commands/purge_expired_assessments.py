from datetime import timedelta

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone

from triage.models import Answer, Assessment, Feedback, RateLimitCount


class Command(BaseCommand):
    help = (
        "Delete stored answers whose retention period (ANSWER_RETENTION_DAYS) has passed, and "
        "expired sessions (with any unfinished answers in them), rate-limit counts of past windows, and staff "
        "sign-in failure records older than the same retention period, and feedback and safety concerns past "
        "FEEDBACK_RETENTION_DAYS. Run it at least daily."
    )

    def handle(self, *args, **options):
        now = timezone.now()
        _, deleted = Assessment.objects.expired(now).delete()
        sessions = Session.objects.filter(expire_date__lt=now).count()
        call_command("clearsessions")
        RateLimitCount.objects.filter(expires_at__lt=now).delete()
        feedback, _ = Feedback.objects.expired(now).delete()
        kept_since = now - timedelta(days=settings.ANSWER_RETENTION_DAYS)
        sign_ins = sum(
            model.objects.filter(attempt_time__lt=kept_since).delete()[0]
            for model in (AccessAttempt, AccessFailureLog, AccessLog)
        )
        # Counts only: never what was deleted.
        self.stdout.write(
            f"Deleted {deleted.get(Assessment._meta.label, 0)} expired assessment(s) "
            f"with {deleted.get(Answer._meta.label, 0)} answer(s), {sessions} expired session(s) "
            f"and {sign_ins} old sign-in failure record(s). "
            f"Deleted {feedback} expired feedback or safety concern report(s)."
        )
