"""Database housekeeping shared by bulk writers."""

from __future__ import annotations

from django.db import connection, models, transaction

# Below this many new rows autovacuum's own ANALYZE (within a minute) is soon enough.
BULK_ROWS = 500


def statistics_refresh(*tables: type[models.Model], rows: int | None = None) -> None:
    """Refresh the planner's statistics of ``tables`` (all tables when none) after a bulk write.

    A table that held few rows when it was last analysed keeps an empty table's plan: the
    reminder sweep right after a period opened chose a join that discarded 5 M rows per
    batch (1.2 s instead of 20 ms) until autovacuum caught up. Runs after commit, on
    PostgreSQL only; ``rows`` below BULK_ROWS skips it.
    """
    if connection.vendor != "postgresql" or (rows is not None and rows < BULK_ROWS):
        return
    names = ", ".join(connection.ops.quote_name(t._meta.db_table) for t in tables)

    def analyze() -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {names}" if names else "ANALYZE")

    transaction.on_commit(analyze)
