from django.conf import settings


def service(request):
    """Values every page shows: the emergency number and how long answers are kept."""
    return {
        "emergency_number": settings.EMERGENCY_NUMBER,
        "retention_days": settings.ANSWER_RETENTION_DAYS,
    }
