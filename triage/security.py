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
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.cache import cache
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

from triage.models import RateLimitCount, add_one

logger = logging.getLogger("twitchguide.security")


def client_ip(request) -> str | None:
    """The client's address: REMOTE_ADDR, or the hop our own proxy added when behind one.

    Only the right-most X-Forwarded-For entry is trusted: that one our proxy wrote; anything
    to its left came from the client and could be forged to dodge a limit or a lockout.
    None when there is no valid address (a test request, a malformed header).
    """
    address = request.META.get("REMOTE_ADDR")
    if settings.BEHIND_PROXY:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
        address = hops[-1] if hops else address
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


# The IPv6 documentation prefix (RFC 3849): no real client ever has one of these addresses.
PSEUDONYMS = ipaddress.IPv6Network("2001:db8::/32")


def pseudonymous_address(request) -> str | None:
    """The client's address as django-axes stores it: a keyed hash, shaped as an IPv6 address.

    axes keeps sign-in failures in a database column for addresses, and locks out per username
    and address: a stable stand-in locks out just as well, and the real address is never stored.
    """
    address = client_ip(request)
    if address is None:
        return None
    digest = hmac.new(settings.SECRET_KEY.encode(), f"axes:{address}".encode(), hashlib.sha256).digest()
    return str(ipaddress.IPv6Address(int(PSEUDONYMS.network_address) | int.from_bytes(digest[:12])))


def _keyed_hash(text: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), text.encode(), hashlib.sha256).hexdigest()[:32]


def client_key(request) -> str:
    """A keyed hash of the client's address: stable for counting, never the address itself."""
    return _keyed_hash(client_ip(request) or "unknown")


def browser_key(request) -> str:
    """A keyed hash naming one browser session: its CSRF cookie.

    Every POST that reaches a view has passed the CSRF check, so it carries that cookie, from
    the first POST (consent) on; the cookie ends with the browser session (CSRF_COOKIE_AGE).
    A request without one is counted with every other such request from its address.
    """
    cookie = request.META.get("CSRF_COOKIE")
    return _keyed_hash(f"browser:{cookie}") if cookie else _keyed_hash(f"browser-less:{client_ip(request)}")


def sign_in_key(request) -> str:
    """A keyed hash of the address, counted apart from patients' POSTs."""
    return _keyed_hash(f"sign-in:{client_ip(request) or 'unknown'}")


def questionnaire_key(request, run: str) -> str:
    """A keyed hash naming one questionnaire: the browser session and the run id within it."""
    return _keyed_hash(f"questionnaire:{request.session.session_key}:{run}")


def public_limits(request) -> list[tuple[str, int]]:
    """Starting a questionnaire, or deleting one's answers: per browser, and per address (many browsers)."""
    return [
        (browser_key(request), settings.RATE_LIMIT_SESSION_POSTS),
        (client_key(request), settings.RATE_LIMIT_ADDRESS_STARTS),
    ]


def answer_limits(request) -> list[tuple[str, int]]:
    """An answer in a questionnaire: counted for that questionnaire alone, whoever shares its address.

    Never counted, so never refused: the screening questions (an emergency or a same-day answer
    must always get its outcome) and sending the answers at the end. An answer to a questionnaire
    this browser does not have writes nothing (the view only says the session has ended), so it
    is not counted either: a client that drops its cookies must start again, which the address
    limit counts.
    """
    from triage.questionnaire.questions import CHECK, SCREEN
    from triage.questionnaire.runs import Run

    run, step = request.resolver_match.kwargs["run"], request.resolver_match.kwargs.get("step", CHECK)
    if step in SCREEN or step == CHECK or Run.find(request.session, run) is None:
        return []
    return [(questionnaire_key(request, run), settings.RATE_LIMIT_QUESTIONNAIRE_POSTS)]


def sign_in_limits(request) -> list[tuple[str, int]]:
    return [(sign_in_key(request), settings.RATE_LIMIT_SIGN_IN_POSTS)]


def rate_limited(view=None, *, limits=public_limits):
    """Count each POST against ``limits(request)`` for the current window; over any of them, 429.

    ``limits`` gives (counter key, POSTs allowed per RATE_LIMIT_WINDOW seconds) pairs. Counts
    live in Redis when it is set (``REDIS_URL``), else in the database (``RateLimitCount``): either
    way every server process sees the same numbers, and counting is exact under concurrency. The
    window is fixed (it starts at a multiple of its length), which is simple and good enough here.
    Use as ``@rate_limited``, ``@rate_limited(limits=answer_limits)`` or ``rate_limited(view, limits=sign_in_limits)``.
    """
    if view is None:
        return functools.partial(rate_limited, limits=limits)

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        counted = limits(request) if request.method == "POST" else []
        refused = over_the_limit(request, counted, view.__name__) if counted else None
        return refused or view(request, *args, **kwargs)

    return wrapper


def over_the_limit(request, limits: list[tuple[str, int]], name: str):
    """Count this POST; the 429 page if that takes it over any of ``limits``, else None."""
    window = settings.RATE_LIMIT_WINDOW
    now = time.time()
    counts = count_posts([key for key, _ in limits], int(now // window), window)
    over = [(key, count, limit) for (key, limit), count in zip(limits, counts, strict=True) if count > limit]
    if not over:
        return None
    for key, count, limit in over:
        if count == limit + 1:
            logger.warning("Rate limit reached by client %s on %s", key[:12], name)
    wait_minutes = max(1, math.ceil((window - now % window) / 60))
    shared = any(key == client_key(request) for key, _, _ in over)
    response = render(request, "rate_limited.html", _what_to_do_now(request, wait_minutes, shared), status=429)
    response["Retry-After"] = str(wait_minutes * 60)
    add_never_cache_headers(response)  # its "Try again" form carries the person's answer
    return response


def _what_to_do_now(request, wait_minutes: int, shared: bool) -> dict:
    """The 429 page's context: how long to wait, a button that sends the same form again, and the
    outcome so far when it already means seeing a doctor today (a same-day answer)."""
    from triage.clinical.assessment import Level
    from triage.faults import NOT_RESENT
    from triage.questionnaire.forms import ButtonForm
    from triage.questionnaire.runs import Run
    from triage.questionnaire.views import card_context

    match = request.resolver_match
    patient_page = match is not None and match.namespace == "triage"  # staff sign in again, from the start
    fields = [(n, v) for n in request.POST for v in request.POST.getlist(n) if n not in NOT_RESENT]
    context = {
        "wait_minutes": wait_minutes,
        "shared_address": shared,
        "retry_form": ButtonForm("Try again", hidden=fields, action=request.path) if patient_page else None,
    }
    run = Run.find(request.session, match.kwargs["run"]) if patient_page and match.url_name == "question" else None
    if run is not None and (outcome := run.outcome()).level >= Level.TODAY:
        context.update(card_context(outcome))
    context["page_title"] = "Please wait a moment"
    return context


def count_posts(clients: list[str], window: int, length: int) -> list[int]:
    """Add one POST to each client's count for the ``window``-th window of ``length`` seconds.

    Returns the counts so far, in order. With ``REDIS_URL`` the counts live in Redis (the shared
    cache: an atomic INCR, no row lock, gone when the window is); otherwise in ``RateLimitCount``,
    one upsert each (``add_one``), rows of past windows left to ``purge_expired_assessments``.
    """
    ends = (window + 1) * length
    if settings.RATE_LIMIT_IN_CACHE:
        return [_count_in_cache(f"rate-limit:{window}:{key}", ends) for key in clients]
    expires_at = datetime.fromtimestamp(ends, tz=UTC)
    return [add_one(RateLimitCount, {"expires_at": expires_at}, client=key, window=window) for key in clients]


def _count_in_cache(key: str, ends: float) -> int:
    expires_in = max(1, math.ceil(ends - time.time()))
    cache.add(key, 0, timeout=expires_in)  # this window's counter, made once by whoever comes first
    try:
        return cache.incr(key)  # atomic in Redis
    except ValueError:  # it expired in between: this is the first POST of its window
        cache.add(key, 0, timeout=expires_in)
        return cache.incr(key)


class AxesBackend(AxesStandaloneBackend):
    """django-axes' lockout check, for sign-ins that come with a request.

    The admin sign-in always passes the request. Code without one (the test client's
    ``login()``, a shell) cannot be reached by a guesser, so it is left to ModelBackend.
    """

    def authenticate(self, request=None, **credentials):
        if request is None:
            return None
        return super().authenticate(request, **credentials)


def client_label(request) -> str:
    """What the sign-in log says about the client: the start of its keyed hash, or "-" without a request."""
    return client_key(request)[:12] if request is not None else "-"


def log_failed_sign_in(sender, credentials, request=None, **kwargs):
    # Never the typed username: it may be a password typed into the wrong box.
    logger.warning("Staff sign-in failed (client %s)", client_label(request))


def log_sign_in(sender, request, user, **kwargs):
    logger.info("Staff sign-in succeeded for user id %s", user.pk)


def log_lockout(sender, request=None, **kwargs):
    logger.warning("Staff sign-in locked out after repeated failures (client %s)", client_label(request))


user_login_failed.connect(log_failed_sign_in)
user_logged_in.connect(log_sign_in)
user_locked_out.connect(log_lockout)
