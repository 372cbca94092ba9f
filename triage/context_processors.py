from functools import cache

from django.conf import settings
from django.urls import get_script_prefix, reverse


@cache
def _site_links(script_prefix: str) -> dict[str, str]:
    # Every page links these in its header and footer. Reversing a URL costs more than the
    # rest of the layout, and these never change while the process runs (only the script
    # prefix could, hence the key), so each is reversed once.
    names = ("start", "about", "privacy", "glossary", "feedback", "safety_concern")
    return {name: reverse(f"triage:{name}") for name in names}


def site_links() -> dict[str, str]:
    """The URLs of the pages every page links to (start, about, privacy, glossary, feedback, safety concern)."""
    return _site_links(get_script_prefix())


def service(request):
    """Values every page shows: the emergency number, how long answers are kept, site links."""
    return {
        "emergency_number": settings.EMERGENCY_NUMBER,
        "retention_days": settings.ANSWER_RETENTION_DAYS,
        "site_links": site_links(),
    }
