"""Gunicorn settings for TwitchGuide: ``gunicorn -c gunicorn.conf.py`` (``make serve`` does this).

Everything can be set from the environment; the defaults suit one small machine. See
docs/deployment.md for why these numbers, and docs/performance.md for the measurements.
"""

import os

from twitchguide.serving import RedactingLogger, hide_server_header


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value else default


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))  # honours CPU pinning, unlike os.cpu_count()
    except AttributeError:
        return os.cpu_count() or 1


CORES = _cores()

wsgi_app = "twitchguide.wsgi:application"
bind = os.environ.get("GUNICORN_BIND") or f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"

# A request is mostly Python holding the GIL, so parallelism comes from processes: 2 per
# core + 1, so a core always has one ready while another waits on the database or a client.
# Two threads each keep connections alive and overlap those waits without the GIL
# contention of many threads. Measured on 2 cores in docs/performance.md.
workers = _int("GUNICORN_WORKERS", _int("WEB_CONCURRENCY", 2 * CORES + 1))
threads = _int("GUNICORN_THREADS", 2)
worker_class = "gthread" if threads > 1 else "sync"
# A database connection is kept per thread (CONN_MAX_AGE): workers x threads per server.

# A worker whose request takes longer than this is restarted (sync workers; a gthread worker only
# if its main loop stalls). Every wait for the database ends well before it (at most a few
# seconds: settings.DATABASE_* and twitchguide/waits.py), so a silent database gives the 503 page,
# never a killed worker and a dropped connection (tests/test_frozen_database.py, both kinds).
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# Restart a worker now and then so a slow leak can never grow without bound, but seldom: a new
# worker starts with cold caches (templates, memos, the advice pages it has drawn). 5000 recycled
# each worker about every 25 s under full load; 200,000 is about 6 minutes at the fastest page
# make bench measured (600 requests/s a worker) and hours at a busy day's rate (docs/performance.md).
max_requests = _int("GUNICORN_MAX_REQUESTS", 200_000)
max_requests_jitter = max_requests // 10
# Load Django once before forking: faster restarts, less memory per worker.
preload_app = True

# Behind a load balancer or TLS proxy, list its addresses here so the scheme it reports
# (X-Forwarded-Proto) is believed.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# No access log unless asked for (GUNICORN_ACCESS_LOG=- writes it to stdout). When it is on,
# lines carry no IP address, no query string, and no result token (see twitchguide/serving.py).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
access_log_format = '%(t)s "%(r)s" %(s)s %(B)s %(M)sms'
logger_class = RedactingLogger
errorlog = "-"
# Gunicorn 24+ opens a control socket in the home directory; several servers on one machine
# (or a benchmark next to ``make serve``) would fight over it, and we do not use it.
control_socket_disable = True
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# No "Server: gunicorn" header: it only tells a scanner which software to attack.
hide_server_header()
