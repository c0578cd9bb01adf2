"""Row locks of the reporting services (PostgreSQL): at the quarter-end everyone saves and
submits at once, so writes to different reports of one quarter must not wait for each other,
while closing the quarter still waits for the writes in flight (a closed period is frozen).

A second thread holds one report's lock in an open transaction, as a save in progress does;
the main thread, with a short ``lock_timeout``, shows whether its own write had to wait.
"""

from __future__ import annotations

import threading

import pytest
from django.db import OperationalError, connection, transaction

from tasks.models import ProgressReport
from tasks.services.reporting import ReportInput, _locked, period_close, report_save

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def report_lock_held():
    """Start holding a report's lock in another connection; released when the test ends."""
    release = threading.Event()
    threads = []

    def start(report: ProgressReport) -> None:
        ready = threading.Event()

        def hold():
            try:
                with transaction.atomic():
                    _locked(report)
                    ready.set()
                    release.wait(30)
            finally:
                connection.close()

        thread = threading.Thread(target=hold)
        thread.start()
        threads.append(thread)
        assert ready.wait(30)

    yield start
    release.set()
    for thread in threads:
        thread.join(30)


def lock_timeout(cursor_seconds: str = "1s") -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL lock_timeout = '{cursor_seconds}'")


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's (CI runs this on PostgreSQL)")


def test_another_agencys_save_in_the_same_quarter_does_not_wait(
    reporting_plan, reporter_a, reporter_b, report_lock_held
):
    reports = ProgressReport.objects.filter(period__plan=reporting_plan)
    report_a = reports.get(agency__short_name="省科技厅")
    report_lock_held(report_a)

    report_b = reports.filter(agency__short_name="省商务厅").first()
    with transaction.atomic():
        lock_timeout()  # before: the period's row was locked for update too, so this timed out
        saved = report_save(
            report=report_b,
            by=reporter_b,
            data=ReportInput(progress_text="已完成年度目标的一半。"),
            expected_version=report_b.version,
        )
    assert saved.version == report_b.version + 1
    report_b.refresh_from_db()
    assert report_b.progress_text == "已完成年度目标的一半。"


def test_closing_the_quarter_waits_for_a_save_in_flight(
    reporting_plan, reporter_a, report_lock_held
):
    report = ProgressReport.objects.filter(period__plan=reporting_plan).first()
    report_lock_held(report)
    with pytest.raises(OperationalError, match="lock timeout"), transaction.atomic():
        lock_timeout()
        period_close(period=report.period)
    report.period.refresh_from_db()
    assert report.period.status == report.period.Status.OPEN
