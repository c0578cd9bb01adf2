"""Every surface agrees on a due date that falls on a weekend, and on how late a report is.

2025年第四季度 is due 2026-01-10, a Saturday: the due date moves to Monday 2026-01-12
(ipplan.workcalendar). On the Saturday, the Sunday and the Monday nothing is late; on the
Tuesday a report not yet delivered is 1 day late, and one delivered that day is 1 day late.
The report page, the dashboard, the 催办 page, the nightly sweep, submit, the matrix, the
export, the API and the annual grade are each asked, on each of those days.
"""

from __future__ import annotations

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from agencies.models import Agency
from api.tokens import token_create
from ipplan.workcalendar import WorkingCalendar
from notifications.services import reports_mark_late
from tasks.exports.progress import write_progress_summary
from tasks.models import ProgressReport
from tasks.selectors.dashboard import (
    DashboardFilters,
    agency_period_matrix,
    evaluation_rows,
)
from tasks.services.reporting import (
    ReportInput,
    period_close,
    period_open,
    period_quarter_get_or_create,
    report_save,
    report_submit,
)

D = datetime.date
SHANGHAI = ZoneInfo("Asia/Shanghai")
MOVED_DUE = D(2026, 1, 12)

# day → (days late of a report not delivered by then, the report page's deadline text)
DAYS = {
    D(2026, 1, 10): (0, "还剩 2 天"),  # the Saturday written in the plan
    D(2026, 1, 11): (0, "还剩 1 天"),
    D(2026, 1, 12): (0, "今天截止"),  # the moved due date: still on time
    D(2026, 1, 13): (1, "已逾期 1 天"),
}


@pytest.fixture
def q4(reporting_plan, monkeypatch):
    # Only this period is open: the fixture's 2024 Q1 would be late on every page.
    for old in reporting_plan.periods.all():
        period_close(period=old)
    period = period_quarter_get_or_create(plan=reporting_plan, year=2025, quarter=4)
    assert period.due_on == D(2026, 1, 10) and period.due_on.weekday() == 5
    period_open(period=period)
    return period


def freeze(monkeypatch, day: datetime.date) -> None:
    moment = datetime.datetime.combine(day, datetime.time(10), tzinfo=SHANGHAI)
    monkeypatch.setattr("core.clock.now", lambda: moment)


def test_the_calendar_moves_the_saturday_due_date_to_monday():
    cal = WorkingCalendar()
    assert cal.due_date(D(2026, 1, 10)) == MOVED_DUE
    assert [cal.days_late(D(2026, 1, 10), day) for day in DAYS] == [0, 0, 0, 1]


@pytest.mark.parametrize("day", list(DAYS), ids=lambda d: d.strftime("%a-%m-%d"))
def test_every_surface_agrees_around_a_moved_due_date(
    client, q4, day, monkeypatch, office_supervisor, reporter_a, reporter_b
):
    late, deadline = DAYS[day]
    freeze(monkeypatch, day)
    agency_a = Agency.objects.get(short_name="省科技厅")
    agency_b = Agency.objects.get(short_name="省商务厅")
    pending = ProgressReport.objects.get(period=q4, agency=agency_a)
    delivered = ProgressReport.objects.get(period=q4, agency=agency_b, role="lead")

    # The report page of a report not yet delivered.
    client.force_login(reporter_a)
    page = client.get(f"/reports/{pending.pk}/").content.decode()
    assert deadline in page
    assert "截止 2026年1月12日" in page

    # The dashboard: the red rule "截止日期已过仍未报送" fires only once the moved date passed.
    client.force_login(office_supervisor)
    overview = client.get(f"/dashboard/?plan={q4.plan_id}&period={q4.pk}").content.decode()
    assert ("截止日期已过仍未报送" in overview) is bool(late)
    assert "截止 2026年1月12日（原定 2026年1月10日 为节假日，顺延）" in overview

    # The 催办 page says how late the period is, in the same days.
    urge = client.get("/notifications/urge/").content.decode()
    assert (f"已逾期 {late} 天" in urge) is bool(late)

    # The nightly sweep marks late exactly the reports the pages show late.
    marked = reports_mark_late(today=day)
    pending.refresh_from_db()
    assert pending.late_days == late
    assert bool(marked) is bool(late)

    # Submit records the same lateness.
    report_save(
        report=delivered,
        by=reporter_b,
        data=ReportInput(progress_status="on_track", progress_text="按计划推进。"),
        expected_version=delivered.version,
    )
    report_submit(report=delivered, by=reporter_b)
    delivered.refresh_from_db()
    assert delivered.late_days == late
    assert delivered.versions.get().late_days == late

    # The matrix and the annual grade count it on time or late accordingly.
    filters = DashboardFilters(plan=q4.plan, period=q4)
    (row_b,) = [r for r in agency_period_matrix(filters, [q4]) if r.agency_id == agency_b.pk]
    assert (row_b.on_time, row_b.late) == ((0, 1) if late else (1, 0))
    (grade_b,) = [r for r in evaluation_rows(q4.plan, 2025) if r.agency_id == agency_b.pk]
    assert (grade_b.on_time, grade_b.late) == ((0, 1) if late else (1, 0))

    # The progress export: 是否逾期 / 逾期天数 of the delivered report.
    out = io.BytesIO()
    write_progress_summary(q4, out)
    sheet = load_workbook(io.BytesIO(out.getvalue())).worksheets[1]
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    header_row = next(i for i, r in enumerate(rows) if "逾期天数" in r)
    header = rows[header_row]
    (exported,) = [r for r in rows[header_row + 1 :] if r[0] == "（二）"]
    assert exported[header.index("是否逾期")] == ("是" if late else "否")
    assert exported[header.index("逾期天数")] == (late or None)

    # The API: the report's late_days and the period summary.
    secret = token_create(
        name="due dates", user=office_supervisor, agency=None, scopes={"read"}
    ).secret
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    body = client.get(f"/api/v1/reports/{delivered.pk}/", **auth).json()
    assert body["late_days"] == late
    assert client.get(f"/api/v1/reports/{pending.pk}/", **auth).json()["late_days"] == late
    summary = client.get(f"/api/v1/periods/{q4.pk}/summary/", **auth).json()
    assert summary["due_date"] == "2026-01-12"
    assert (summary["on_time"], summary["late"]) == ((0, 1) if late else (1, 0))


def test_a_year_without_holiday_data_is_said_on_the_dashboard_and_the_calendar_page(
    client, q4, monkeypatch, office_supervisor, admin_user
):
    from notifications.models import CalendarOverride

    # In November the fourth quarter's January due date matters: 2027 has no official data.
    freeze(monkeypatch, D(2026, 11, 2))
    client.force_login(office_supervisor)
    overview = client.get(f"/dashboard/?plan={q4.plan_id}&period={q4.pk}").content.decode()
    assert "2027年节假日安排尚未录入" in overview
    client.force_login(admin_user)
    admin_page = client.get("/admin/notifications/calendaroverride/").content.decode()
    assert "2027年节假日安排尚未录入" in admin_page

    # Once the office enters the 2027 holidays the warning goes, and they count.
    CalendarOverride.objects.create(day=D(2027, 1, 11), is_workday=False, note="测试放假")
    assert WorkingCalendar.load().due_date(D(2027, 1, 10)) == D(2027, 1, 12)
    client.force_login(office_supervisor)
    overview = client.get(f"/dashboard/?plan={q4.plan_id}&period={q4.pk}").content.decode()
    assert "节假日安排尚未录入" not in overview


def test_the_api_says_how_late_an_undelivered_report_is_today_not_as_of_the_last_sweep(
    client, q4, monkeypatch, office_supervisor, reporter_a
):
    # The sweep ran on the Tuesday (1 day late) and not since: on Friday the 16th the page
    # says 4 days, and so does every API surface — read now, not from the column it stored.
    agency_a = Agency.objects.get(short_name="省科技厅")
    pending = ProgressReport.objects.get(period=q4, agency=agency_a)
    reports_mark_late(today=D(2026, 1, 13))
    freeze(monkeypatch, D(2026, 1, 16))

    client.force_login(reporter_a)
    assert "已逾期 4 天" in client.get(f"/reports/{pending.pk}/").content.decode()

    secret = token_create(name="lag", user=office_supervisor, agency=None, scopes={"read"}).secret
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    assert client.get(f"/api/v1/reports/{pending.pk}/", **auth).json()["late_days"] == 4
    listed = client.get(f"/api/v1/reports/?period={q4.pk}&agency={agency_a.pk}", **auth).json()
    assert {r["id"]: r["late_days"] for r in listed["results"]}[pending.pk] == 4
    measure = client.get(f"/api/v1/measures/{pending.measure_id}/?period={q4.pk}", **auth).json()
    (status,) = [r for r in measure["status_reports"] if r["id"] == pending.pk]
    assert status["late_days"] == 4
