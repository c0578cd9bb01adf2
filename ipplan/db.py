"""Database housekeeping shared by bulk writers."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, models, transaction

# autovacuum's own criterion for a stale table (autovacuum_analyze_threshold and
# autovacuum_analyze_scale_factor, PostgreSQL's defaults): more new rows than 50 + 10 % of
# the rows the planner believes the table holds.
ANALYZE_THRESHOLD = 50
ANALYZE_SCALE_FACTOR = 0.1


def statistics_refresh(*tables: type[models.Model], rows: int | None = None) -> None:
    """Refresh the planner's statistics of ``tables`` (all tables when none) after a bulk write.

    A table that held few rows when it was last analysed keeps an empty table's plan: the
    reminder sweep right after a period opened chose a join that discarded 5 M rows per
    batch (1.2 s instead of 20 ms) until autovacuum caught up. With ``rows`` (how many rows
    the write added) a table is analysed only when autovacuum would find it stale: more new
    rows than 50 + 10 % of what the planner knows. So every opening of a plan's 300 reports
    counts while the table is young (34 plans opened one after another left it "empty"
    when a fixed 500-row floor decided), and none does on a table of a million. Runs after
    commit, on PostgreSQL only.
    """
    if connection.vendor != "postgresql":
        return
    if rows is not None and tables:
        tables = tuple(t for t in tables if rows > _stale_after(t))
        if not tables:
            return
    names = ", ".join(connection.ops.quote_name(t._meta.db_table) for t in tables)

    def analyze() -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {names}" if names else "ANALYZE")

    transaction.on_commit(analyze)


def _stale_after(table: type[models.Model]) -> float:
    """How many new rows make the planner's picture of ``table`` stale (one small query)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples FROM pg_class WHERE oid = %s::regclass",
            [connection.ops.quote_name(table._meta.db_table)],
        )
        known = cursor.fetchone()
    # -1: never analysed (PostgreSQL 14+)
    return ANALYZE_THRESHOLD + ANALYZE_SCALE_FACTOR * max(known[0] if known else 0, 0)


@contextmanager
def commits_unflushed() -> Iterator[None]:
    """Within the block, this connection's commits return before PostgreSQL has flushed them
    to disk (``synchronous_commit = off``, this session only, reset afterwards).

    For many small commits whose loss on a *database server* crash is harmless because it
    is recoverable: a commit is visible to every other session at once as usual; what a
    crash can lose is the last fraction of a second of them. The delivery worker marks each
    email sent in its own commit, ~75 per batch, and each waited for a disk flush (6 ms on
    the shared VM, 40 % of a batch's database time); a lost mark means that email is sent
    again after its lease, as when the worker itself dies between sending and marking.
    """
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO OFF")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")
