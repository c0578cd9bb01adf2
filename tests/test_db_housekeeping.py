"""ipplan.db: a session's unflushed commits end with the block, whatever happens in it."""

from __future__ import annotations

import pytest
from django.db import connection

from ipplan.db import commits_unflushed

pytestmark = pytest.mark.django_db(transaction=True)


def setting() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        return cursor.fetchone()[0]


def test_commits_wait_for_the_disk_again_after_the_block_even_when_it_fails():
    if connection.vendor != "postgresql":
        pytest.skip("synchronous_commit is PostgreSQL's (CI runs this on PostgreSQL)")
    with commits_unflushed():
        assert setting() == "off"
    assert setting() == "on"
    with pytest.raises(RuntimeError), commits_unflushed():
        raise RuntimeError("a delivery failed")
    assert setting() == "on"
