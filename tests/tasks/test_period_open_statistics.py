"""Opening a period refreshes the planner's statistics of the reports it bulk-created.

Without it the reminder sweep run right after the opening planned its batch query for an
empty reports table and discarded millions of rows per batch (bench/reminders.py).
"""

from __future__ import annotations

import pytest
from django.db import connection

from tasks.models import Plan, ProgressReport
from tasks.services.reporting import period_open, period_quarter_get_or_create
from tasks.synthetic import synthetic_generate

pytestmark = pytest.mark.django_db


def planner_rows() -> float:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples FROM pg_class WHERE relname = %s",
            [ProgressReport._meta.db_table],
        )
        return cursor.fetchone()[0]


def test_opening_a_large_period_analyzes_the_reports_table(
    directory, monkeypatch, django_capture_on_commit_callbacks
):
    if connection.vendor != "postgresql":
        pytest.skip("planner statistics are PostgreSQL's (CI runs this on PostgreSQL)")
    monkeypatch.setattr("ipplan.db.BULK_ROWS", 20)
    synthetic_generate(scale=0.1)
    with connection.cursor() as cursor:  # forget what earlier tests taught the planner
        cursor.execute(f"ANALYZE {ProgressReport._meta.db_table}")
    assert planner_rows() <= 0

    plan = Plan.objects.filter(slug__startswith="synthetic-").first()
    period = period_quarter_get_or_create(plan=plan, year=plan.period_start_year, quarter=1)
    with django_capture_on_commit_callbacks(execute=True):
        created = period_open(period=period)

    assert created >= 20
    assert planner_rows() == pytest.approx(ProgressReport.objects.count(), rel=0.2)


def test_small_openings_leave_statistics_to_autovacuum(
    directory, django_capture_on_commit_callbacks
):
    from ipplan.db import statistics_refresh

    with django_capture_on_commit_callbacks() as callbacks:
        statistics_refresh(ProgressReport, rows=10)
    assert callbacks == []
