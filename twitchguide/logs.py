"""What may reach a log line: the one filter on every log handler (settings.LOGGING, gunicorn).

A result token is the only key to a person's answers, a run id opens their unfinished
questionnaire, an IP address points at them, and a typed username may be a password typed
into the wrong box. Django, gunicorn and django-axes write paths, addresses and usernames into
their own messages ("Not Found: /advice/<token>/", "Invalid request from ip=…"), so rather
than trust every message, each record is rewritten before a handler writes it:

- the message is formatted and then redacted (``redact``: anything shaped like a result token,
  wherever it is and however the link around it was mangled; what follows ``/advice/`` and
  ``/questions/``; addresses; ``username=…``);
- Django's ``request`` attached to the record (path, headers, cookies) is dropped;
- a traceback is redacted too, and a database error's message is left out (it can quote the
  values being written); a refused request (a 4xx response, or ``django.security``: a bad
  Host header, an unreadable body) is logged without one: the client's mistake, not ours.

Answers never reach a log in the first place (docs/security.md, V16); this filter is for what
other code writes about requests.
"""

from __future__ import annotations

import ipaddress
import logging
import re
import sqlite3
import traceback
from urllib.parse import unquote

from django.db import DatabaseError
from redis.exceptions import RedisError

# What follows /advice/ or /questions/ (any case, any number of slashes), whatever its length.
_SECRET_PATHS = [
    (re.compile(r"(?i)(/advice/+)[^/?#\s'\"]+"), r"\1<token>"),
    (re.compile(r"(?i)(/questions/+)[^/?#\s'\"]+"), r"\1<run>"),
]
# A run of URL-safe characters, percent-escapes included (a link can arrive encoded, even twice).
_RUN = re.compile(r"(?:[A-Za-z0-9_-]|%[0-9A-Fa-f]{2})+")
_DECODED_RUN = re.compile(r"[A-Za-z0-9_-]+")
TOKEN_SHAPED_LENGTH = 16
"""A result token is 43 characters; any run of 16 or more (96 bits of a token) is treated as one."""
# Runs that long which are names, not secrets, and stay readable in a traceback: snake_case and
# kebab-case (the first part all letters), CamelCase with a vowel in every word, UPPER_CASE. A whole
# random token looks like one of them far less than once in a million, a 16-character piece of one
# about once in 20,000 (tests/test_logging.py::test_a_token_is_never_taken_for_a_name).
_WORDS = re.compile(r"[a-z]+(?:[_-][a-z0-9]+)*|(?:[A-Z][a-z]*[aeiouy][a-z]*)+|[A-Z]+(?:_[A-Z0-9]+)*")
_USERNAME = re.compile(r"""(username['"]?\s*[:=]\s*)(?:'[^']*'|"[^"]*"|[^\s,;}]+)""", re.IGNORECASE)
_IPV4 = re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w.])")
_IPV6 = re.compile(r"(?<![\w:])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![\w:])")


def _address(match: re.Match) -> str:
    try:
        ipaddress.ip_address(match.group(0))
    except ValueError:
        return match.group(0)  # a time (12:30:45), a version number (1.2.3.4.5): not an address
    return "<ip>"


def token_shaped(text: str) -> bool:
    """Whether ``text`` (one run of URL-safe characters) could be all or much of a result token."""
    return len(text) >= TOKEN_SHAPED_LENGTH and not _WORDS.fullmatch(text)


def _token(match: re.Match) -> str:
    run = decoded = match.group(0)
    for _ in range(3):  # %2541 -> %41 -> A
        if "%" not in decoded:
            break
        decoded = unquote(decoded)
    return "<token>" if any(token_shaped(part) for part in _DECODED_RUN.findall(decoded)) else run


def redact(text: str) -> str:
    """``text`` with result tokens, run ids, IP addresses and usernames replaced.

    The one redaction for every log line, Django's and gunicorn's: a token is found by its shape
    anywhere (``/Advice//<token>``, ``/advice<token>``, ``%20<token>``, ``%54oken…``, inside a quoted
    request line), not only after the exact ``/advice/``.
    """
    for pattern, replacement in _SECRET_PATHS:
        text = pattern.sub(replacement, text)
    text = _RUN.sub(_token, text)
    text = _USERNAME.sub(r"\1<username>", text)
    text = _IPV4.sub(_address, text)
    return _IPV6.sub(_address, text)


def redact_path(path: str) -> str:
    """A request path as an access log may show it: without its query string, redacted."""
    return redact(path.split("?", 1)[0])


def _database_errors() -> tuple[type[BaseException], ...]:
    # Redis's too (REDIS_URL): it holds copies of sessions.
    errors: list[type[BaseException]] = [DatabaseError, sqlite3.Error, RedisError]
    try:
        import psycopg

        errors.append(psycopg.Error)
    except ImportError:  # pragma: no cover - psycopg is in requirements.txt
        pass
    return tuple(errors)


_DATABASE_ERRORS = _database_errors()


def _chain(error: BaseException | None):
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        yield error
        error = error.__cause__ or error.__context__


def traceback_text(error: BaseException) -> str:
    """The traceback of ``error``; without the message when a database error is involved."""
    if any(isinstance(link, _DATABASE_ERRORS) for link in _chain(error)):
        frames = "".join(traceback.format_tb(error.__traceback__))
        return f"Traceback (most recent call last):\n{frames}{type(error).__module__}.{type(error).__qualname__}"
    return "".join(traceback.format_exception(error)).rstrip("\n")


def _refused(record: logging.LogRecord) -> bool:
    return record.name.startswith("django.security") or getattr(record, "status_code", 500) < 500


class RedactingFilter(logging.Filter):
    """Rewrites each record in place, so every handler after it sees only the redacted record."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a bad format string must not stop logging
            message = str(record.msg)
        record.msg, record.args = redact(message), ()
        record.__dict__.pop("request", None)
        error = record.exc_info[1] if record.exc_info else None
        if error is not None:
            record.exc_text = None if _refused(record) else redact(traceback_text(error))
            record.exc_info = None
        elif record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


# One instance for handlers made outside settings.LOGGING (gunicorn's), so adding it twice is a no-op.
REDACT = RedactingFilter()
