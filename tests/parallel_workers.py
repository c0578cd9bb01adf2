"""Keeps pytest-xdist's parallel workers out of each other's way on a shared Redis.

Loaded with ``-p`` (pyproject.toml) so that it runs before pytest-django reads the settings:
each worker (``PYTEST_XDIST_WORKER``: gw0, gw1, …) gets its own cache key prefix, and the
Celery workers and web servers the tests start inherit it with the environment. Without it
two tests in two workers could share a throttle window or a cached summary whose row ids
happen to coincide in their separate test databases. Each worker already has its own test
database (pytest-django) and its own Celery queue (``tests/conftest.py``).
"""

import os

_worker = os.environ.get("PYTEST_XDIST_WORKER")
if _worker:
    os.environ.setdefault("CACHE_KEY_PREFIX", f"ipplan-test-{_worker}")
