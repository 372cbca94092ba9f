from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone

from triage.models import Answer, Assessment, RateLimitCount


class Command(BaseCommand):
    help = (
        "Delete stored answers whose retention period (ANSWER_RETENTION_DAYS) has passed, and "
        "expired sessions (with any unfinished answers in them), and rate-limit counts of past windows. "
        "Run it at least daily."
    )

    def handle(self, *args, **options):
        now = timezone.now()
        _, deleted = Assessment.objects.expired(now).delete()
        sessions = Session.objects.filter(expire_date__lt=now).count()
        call_command("clearsessions")
        RateLimitCount.objects.filter(expires_at__lt=now).delete()
        # Counts only: never what was deleted.
        self.stdout.write(
            f"Deleted {deleted.get(Assessment._meta.label, 0)} expired assessment(s) "
            f"with {deleted.get(Answer._meta.label, 0)} answer(s), and {sessions} expired session(s)."
        )
