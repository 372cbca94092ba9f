"""Protection against abuse: who a client is (without keeping their address), rate limits,
and the staff sign-in trail. See docs/security.md."""

from __future__ import annotations

import functools
import hashlib
import hmac
import ipaddress
import logging
import math
import time
from datetime import UTC, datetime

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver
from django.shortcuts import render

from .models import RateLimitCount, add_one

logger = logging.getLogger("twitchguide.security")


def client_ip(request) -> str | None:
    """The client's address: REMOTE_ADDR, or the hop our own proxy added when behind one.

    Only the right-most X-Forwarded-For entry is trusted: that one our proxy wrote; anything
    to its left came from the client and could be forged to dodge a limit or a lockout.
    None when there is no valid address (a test request, a malformed header).
    """
    address = request.META.get("REMOTE_ADDR", "")
    if settings.BEHIND_PROXY:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
        address = hops[-1] if hops else address
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def client_key(request) -> str:
    """A keyed hash of the client's address: stable for counting, never the address itself."""
    address = client_ip(request) or "unknown"
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()[:32]


def rate_limited(view):
    """Allow each client RATE_LIMIT_POSTS POSTs per RATE_LIMIT_WINDOW seconds, then answer 429.

    Counts live in the database (``RateLimitCount``), so every server process sees the same
    numbers, and counting is exact under concurrency. The window is fixed (it starts at a
    multiple of its length), which is simple and good enough here.
    """

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method != "POST":
            return view(request, *args, **kwargs)
        window = settings.RATE_LIMIT_WINDOW
        now = time.time()
        count = count_post(client_key(request), int(now // window), window)
        if count > settings.RATE_LIMIT_POSTS:
            if count == settings.RATE_LIMIT_POSTS + 1:
                logger.warning("Rate limit reached by client %s on %s", client_key(request)[:12], view.__name__)
            wait_minutes = max(1, math.ceil((window - now % window) / 60))
            response = render(
                request,
                "rate_limited.html",
                {"page_title": "Please wait a moment", "wait_minutes": wait_minutes},
                status=429,
            )
            response["Retry-After"] = str(wait_minutes * 60)
            return response
        return view(request, *args, **kwargs)

    return wrapper


def count_post(client: str, window: int, length: int) -> int:
    """Add one POST to ``client``'s count for the ``window``-th window of ``length`` seconds.

    Returns the count so far. In the steady state this is two queries (an atomic UPDATE and a
    SELECT); a client's first POST in a window also clears its rows from earlier windows.
    ``purge_expired_assessments`` removes everyone else's old rows.
    """
    expires_at = datetime.fromtimestamp((window + 1) * length, tz=UTC)
    if add_one(RateLimitCount, defaults={"expires_at": expires_at}, client=client, window=window):
        RateLimitCount.objects.filter(client=client, window__lt=window).delete()
        return 1
    return RateLimitCount.objects.filter(client=client, window=window).values_list("count", flat=True).get()


class AxesBackend(AxesStandaloneBackend):
    """django-axes' lockout check, for sign-ins that come with a request.

    The admin sign-in always passes the request. Code without one (the test client's
    ``login()``, a shell) cannot be reached by a guesser, so it is left to ModelBackend.
    """

    def authenticate(self, request=None, *args, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, *args, **kwargs)


@receiver(user_login_failed)
def log_failed_sign_in(sender, credentials, request=None, **kwargs):
    # Django already masks the password in ``credentials``; only the username is logged.
    logger.warning("Staff sign-in failed for username=%r", credentials.get("username", ""))


@receiver(user_logged_in)
def log_sign_in(sender, request, user, **kwargs):
    logger.info("Staff sign-in succeeded for username=%r", user.get_username())
