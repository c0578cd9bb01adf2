"""Small helpers for tests."""

import time

import pytest


def wait_until(predicate, *, timeout: float = 60, what: str = "the background job"):
    """Poll until ``predicate()`` is true; a bounded wait, not a timing assertion."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            pytest.fail(f"{what} did not finish within {timeout:.0f} s")
        time.sleep(0.1)


def shared_database_url() -> str:
    """The test database as a URL a worker process can use; fails unless PostgreSQL."""
    from urllib.parse import quote

    from django.db import connection

    db = connection.settings_dict
    if db["ENGINE"] != "django.db.backends.postgresql":
        pytest.fail("a Celery worker needs a database it can share: set DATABASE_URL to PostgreSQL")
    password = f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else ""
    host = f"{db['HOST']}:{db['PORT'] or 5432}"
    return f"postgres://{quote(db['USER'])}{password}@{host}/{db['NAME']}"


def free_port() -> int:
    """A TCP port on the loopback address that nothing listens on now."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
