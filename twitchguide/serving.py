"""Production serving helpers used by ``gunicorn.conf.py``.

The access log must never let anyone reopen a person's advice or link it to them: the result
token in ``/advice/<token>/`` is the only key to a person's answers, so it is replaced before a
line is written (by ``logs.redact_path``: the same redaction as every other log line), query
strings are left out, and no IP address or user agent is logged. The error log ("Invalid
request from ip=…") goes through the same filter as Django's logs (twitchguide/logs.py).
"""

from gunicorn.glogging import Logger
from gunicorn.http import wsgi

from .logs import REDACT, redact_path

_NEVER_LOGGED = {"h", "q", "a", "f", "u", "{cookie}i", "{x-forwarded-for}i", "{referer}i", "{user-agent}i"}


class Response(wsgi.Response):
    """Gunicorn's response without its ``Server: gunicorn`` header, which tells a scanner what to try."""

    def default_headers(self):
        return [header for header in super().default_headers() if not header.startswith("Server:")]


def hide_server_header() -> None:
    """Make gunicorn send every response without a ``Server`` header (gunicorn has no setting for it)."""
    wsgi.Response = Response  # gunicorn.http.wsgi.create() makes each response from this name


class RedactingLogger(Logger):
    """Gunicorn's logger, with the access-log fields that could identify a person removed."""

    def setup(self, cfg):
        super().setup(cfg)
        for handler in [*self.error_log.handlers, *self.access_log.handlers]:
            handler.addFilter(REDACT)

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key in list(atoms):
            if key in _NEVER_LOGGED or key.endswith("}i") and key not in {"{host}i"}:
                atoms[key] = "-"
            elif isinstance(atoms[key], str):
                atoms[key] = redact_path(atoms[key])
        method, protocol = environ.get("REQUEST_METHOD", "-"), environ.get("SERVER_PROTOCOL", "-")
        atoms["r"] = f"{method} {redact_path(environ.get('RAW_URI') or environ.get('PATH_INFO', ''))} {protocol}"
        return atoms
