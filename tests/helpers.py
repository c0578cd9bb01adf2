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
