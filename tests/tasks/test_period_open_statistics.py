"""Opening a period refreshes the planner's statistics of the reports it bulk-created when
they change the table's picture as autovacuum would judge it (more than 50 + 10 % new rows).

Without it the reminder sweep run right after the opening planned its batch query for an
empty reports table (bench/reminders.py): 34 plans of 300 reports each, every opening below
the old fixed floor of 500 rows, left the planner believing the table empty.
"""

from __future__ import annotations

import pytest
from django.db import connection

from tasks.models import Plan, ProgressReport
from tasks.services.reporting import period_open, period_quarter_get_or_create
from tasks.synthetic import synthetic_generate

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("planner statistics are PostgreSQL's (CI runs this on PostgreSQL)")


def planner_rows() -> float:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples FROM pg_class WHERE relname = %s",
            [ProgressReport._meta.db_table],
        )
        return cursor.fetchone()[0]


def forget_statistics() -> None:
    """What the planner knew before: an empty reports table (as after a fresh install)."""
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {ProgressReport._meta.db_table}")
    assert planner_rows() <= 0


def open_first_quarter(plan, django_capture_on_commit_callbacks) -> int:
    period = period_quarter_get_or_create(plan=plan, year=plan.period_start_year, quarter=1)
    with django_capture_on_commit_callbacks(execute=True):
        return period_open(period=period)


def test_plan_after_plan_opening_keeps_the_planner_s_row_count_current(
    directory, django_capture_on_commit_callbacks
):
    synthetic_generate(scale=0.3)  # 24 plans of 30 measures with 3 reporting bodies each
    ProgressReport.objects.all().delete()
    forget_statistics()

    plans = list(Plan.objects.filter(slug__startswith="synthetic-").order_by("slug")[:5])
    for plan in plans:
        created = open_first_quarter(plan, django_capture_on_commit_callbacks)
        assert 50 < created < 500  # each opening below the old fixed floor
        assert planner_rows() == pytest.approx(ProgressReport.objects.count(), rel=0.2)


def test_a_small_opening_on_a_table_the_planner_knows_is_left_to_autovacuum(
    directory, django_capture_on_commit_callbacks
):
    synthetic_generate(scale=0.3)
    plans = list(Plan.objects.filter(slug__startswith="synthetic-").order_by("slug"))
    for plan in plans[:-1]:
        open_first_quarter(plan, django_capture_on_commit_callbacks)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {ProgressReport._meta.db_table}")
    known = planner_rows()
    assert known == ProgressReport.objects.count() >= 700

    created = open_first_quarter(plans[-1], django_capture_on_commit_callbacks)
    assert created < 50 + known / 10  # not stale by autovacuum's measure: no ANALYZE
    assert planner_rows() == known
