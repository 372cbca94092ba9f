from django.conf import settings
from django.urls import reverse

SITE_PAGES = ("start", "about", "privacy", "glossary", "feedback", "safety_concern")


def site_links() -> dict[str, str]:
    """The URLs of the pages every page links to (start, about, privacy, glossary, feedback, safety concern)."""
    return {name: reverse(f"triage:{name}") for name in SITE_PAGES}


def service(request):
    """Values every page shows: the emergency number, how long answers are kept, site links."""
    return {
        "emergency_number": settings.EMERGENCY_NUMBER,
        "retention_days": settings.ANSWER_RETENTION_DAYS,
        "site_links": site_links(),
    }
