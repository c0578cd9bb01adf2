"""Measures changed since T: a measure whose report changed appears, whoever wrote the report.

The filter reads ``Measure.reports_changed_at``, which triggers on the reports table keep
(tasks migration 0013). Every way a report is written is walked here, through the surface a
person or a system uses, and a sync client must see the measure afterwards: a writer the
column missed would drop that change from every client silently.

These tests commit (``transaction=True``): on PostgreSQL the trigger fires when the writing
transaction commits, so that reports of one measure written by several agencies at once do
not queue on the measure's row; a test inside a rolled-back transaction would never see it.
"""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client

from core import clock
from tasks.models import Measure, ProgressReport, ReportingPeriod
from tasks.services.reporting import period_open, period_quarter_get_or_create
from tests.excel.conftest import confirm, download, preview_of, upload
from tests.reports.conftest import file_report, form_data

from .conftest import agency, report_of

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def sync(reporting_plan, office_token, client_for):
    """``sync()`` marks the time; ``sync.changed()`` lists the measures changed since."""
    client = client_for(office_token)

    class Sync:
        mark: datetime.datetime

        def __call__(self) -> None:
            self.mark = clock.now()

        def changed(self) -> list[str]:
            body = client.get(
                "/api/v1/measures/", {"updated_since": self.mark.isoformat(), "page_size": 100}
            ).json()
            return [measure["label"] for measure in body["results"]]

    return Sync()


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_nothing_changed_lists_no_measure(sync):
    sync()
    assert sync.changed() == []


def test_a_report_saved_and_submitted_on_its_page_brings_its_measure(
    reporting_plan, reporter_b, sync
):
    report = report_of(reporting_plan, "（二）", "省商务厅")
    web = logged_in(reporter_b)
    sync()
    saved = web.post(f"/reports/{report.pk}/", form_data(report, progress_text="申请量增长。"))
    assert saved.status_code == 302
    assert sync.changed() == ["（二）"]
    report.refresh_from_db()
    sync()
    web.post(
        f"/reports/{report.pk}/", form_data(report, progress_text="申请量增长。", action="submit")
    )
    report.refresh_from_db()
    assert report.state == ProgressReport.State.SUBMITTED
    assert sync.changed() == ["（二）"]


def test_the_office_accepting_or_returning_a_report_brings_its_measure(
    reporting_plan, reporter_b, office_supervisor, sync
):
    office = logged_in(office_supervisor)
    returned = file_report(report_of(reporting_plan, "（二）", "省商务厅"), reporter_b)
    accepted = file_report(report_of(reporting_plan, "（一）", "省商务厅"), reporter_b)
    sync()
    office.post(f"/reports/{returned.pk}/return/", {"text": "请补充数据来源。"})
    returned.refresh_from_db()
    assert returned.state == ProgressReport.State.RETURNED
    assert sync.changed() == ["（二）"]
    sync()
    office.post(f"/reports/{accepted.pk}/accept/", {"text": ""})
    accepted.refresh_from_db()
    assert accepted.state == ProgressReport.State.ACCEPTED
    assert sync.changed() == ["（一）"]


def test_an_excel_upload_brings_the_measures_of_the_rows_it_changed(
    reporting_plan, reporter_b, sync
):
    period = ReportingPeriod.objects.get(plan=reporting_plan, year=2024, number=1)
    web = logged_in(reporter_b)
    template = download(web, period, agency("省商务厅"))
    template.fill("（一）", 配合工作="提供企业名录 35 家。")
    sync()
    location, page = preview_of(web, upload(web, period, agency("省商务厅"), template.bytes()))
    assert sync.changed() == []  # the preview rehearses the writes and rolls them back
    assert confirm(web, location, page).status_code == 302
    assert sync.changed() == ["（一）"]


def test_a_report_written_through_the_api_brings_its_measure(
    reporting_plan, reporter_b_token, client_for, sync
):
    report = report_of(reporting_plan, "（二）", "省商务厅")
    sync()
    response = client_for(reporter_b_token).patch(
        f"/api/v1/reports/{report.pk}/",
        {"progress_text": "申请量增长。"},
        format="json",
        HTTP_IF_MATCH=f'"v{report.version}"',
    )
    assert response.status_code == 200, response.content
    assert sync.changed() == ["（二）"]


def test_opening_a_period_brings_every_measure_given_new_reports(reporting_plan, sync):
    sync()
    period_open(period=period_quarter_get_or_create(plan=reporting_plan, year=2024, quarter=2))
    assert sync.changed() == ["（一）", "（二）"]


def test_a_bulk_update_or_a_data_fix_that_touches_updated_at_brings_its_measure(
    reporting_plan, sync
):
    # Reports have no admin form; operators and scripts change them in bulk or in SQL.
    sync()
    report = report_of(reporting_plan, "（一）", "省科技厅")
    ProgressReport.objects.filter(pk=report.pk).update(updated_at=clock.now())
    assert sync.changed() == ["（一）"]


def test_a_write_that_leaves_updated_at_alone_is_no_change_as_for_the_reports(
    reporting_plan, office_token, client_for, sync
):
    # The nightly lateness sweep stores late_days without touching updated_at: the reports'
    # own updated_since does not list them, and neither does the measures'.
    sync()
    ProgressReport.objects.update(late_days=3)
    assert sync.changed() == []
    reports = client_for(office_token).get(
        "/api/v1/reports/", {"updated_since": sync.mark.isoformat()}
    )
    assert reports.json()["count"] == 0


def test_a_measure_saved_from_an_old_copy_keeps_its_reports_latest_change(reporting_plan, sync):
    stale = Measure.objects.get(plan=reporting_plan, label="（一）")
    sync()
    report = report_of(reporting_plan, "（一）", "省科技厅")
    ProgressReport.objects.filter(pk=report.pk).update(updated_at=clock.now())
    stale.title = "改了小标题"
    stale.save()  # writes every column, its stale reports_changed_at included
    stale.refresh_from_db()
    assert stale.reports_changed_at >= sync.mark
    assert sync.changed() == ["（一）"]


def test_the_triggers_exist_after_every_migration():
    # SQLite rebuilds a table for many schema changes and drops its triggers with it: a later
    # migration altering reports or measures must create them again (see tasks 0013).
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        names = {row[0] for row in cursor.fetchall()}
    assert {
        "report_inserted_measure_changed",
        "report_updated_measure_changed",
        "measure_reports_changed_never_back",
    } <= names
