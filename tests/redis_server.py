"""A Redis for the tests that need one: ``REDIS_URL`` if the run has it, else a redis-server of our own.

Like the browser tests (tests/e2e/tools.py ``missing``): without Redis they skip on a developer's
machine and fail in CI, which installs Debian's redis-server (.ci/run).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from contextlib import contextmanager

import pytest

from tests.e2e.tools import missing
from tests.served import free_port


def worker_database() -> int:
    """A Redis database of its own for each pytest-xdist worker (1, 2, …), so workers never share keys."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    return 1 + int(worker.removeprefix("gw") or 0) % 15


def with_database(url: str, number: int) -> str:
    base, _, last = url.rstrip("/").rpartition("/")
    return f"{base}/{number}" if last.isdigit() else f"{url.rstrip('/')}/{number}"


@contextmanager
def redis_server():
    """A redis-server on a free port, nothing saved to disk, stopped when the block ends; its URL."""
    binary = shutil.which("redis-server")
    if binary is None:
        missing("redis-server is not installed (apt-get install redis-server)")
    port = free_port()
    process = subprocess.Popen(  # noqa: S603 - the installed redis-server
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def redis_url():
    """A Redis URL for this test worker's own database: the run's REDIS_URL, or a server started here."""
    if os.environ.get("REDIS_URL"):
        yield with_database(os.environ["REDIS_URL"], worker_database())
        return
    with redis_server() as url:
        yield with_database(url, worker_database())
