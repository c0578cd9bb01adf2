"""Agency × period matrix, the measure page, and the schedule timeline."""

from __future__ import annotations

import datetime

import pytest

from tasks.selectors.dashboard import DashboardFilters, agency_period_matrix, schedule_timeline

pytestmark = pytest.mark.django_db


def test_matrix_shows_each_agencys_record_per_quarter(supervised):
    filters = DashboardFilters(plan=supervised.plan, period=supervised.q2)
    rows = agency_period_matrix(filters, [supervised.q1, supervised.q2], sort="name")
    table = {r.name: [(c.expected, c.on_time, c.late, c.missing) for c in r.cells] for r in rows}
    assert table == {
        "省科技厅": [(3, 2, 1, 0), (3, 0, 0, 3)],
        "省商务厅": [(2, 1, 1, 0), (2, 0, 0, 2)],
        "省教育厅": [(1, 0, 0, 1), (1, 0, 0, 1)],
    }


def test_matrix_sorts_by_on_time_rate_and_by_missing(supervised):
    filters = DashboardFilters(plan=supervised.plan, period=supervised.q2)
    periods = [supervised.q1, supervised.q2]
    by_rate = [r.name for r in agency_period_matrix(filters, periods, "on_time_rate")]
    assert by_rate == ["省教育厅", "省商务厅", "省科技厅"]  # 0/2, 1/4, 2/6 on time
    by_missing = [r.missing for r in agency_period_matrix(filters, periods, "missing")]
    assert by_missing == sorted(by_missing, reverse=True)


def test_matrix_cell_drills_down_to_that_agencys_reports(client, supervised):
    client.force_login(supervised.office)
    response = client.get(
        f"/dashboard/matrix/?plan={supervised.plan.pk}&period={supervised.q1.pk}&sort=name"
    )
    row = next(r for r in response.context["rows"] if r.name == "省科技厅")
    drill = client.get(row.cells[-1].url)
    assert drill.status_code == 200
    agencies = {str(r.agency) for r in drill.context["page"]}
    assert agencies == {"省科技厅"} and drill.context["page"].paginator.count == 3


def test_measure_page_shows_roles_every_quarter_and_indicators(client, supervised):
    from tasks.models import Measure

    client.force_login(supervised.office)
    measure = Measure.objects.get(plan=supervised.plan, label="（一）")
    response = client.get(f"/dashboard/measures/{measure.pk}/")
    html = response.content.decode()
    assert [t.period.label for t in response.context["timeline"]] == [
        "2024年第二季度",
        "2024年第一季度",
    ]
    assert "省科技厅（牵头）" in html and "省商务厅（配合）" in html
    (indicator,) = response.context["indicators"]
    assert indicator.indicator.name == "专利申请量" and indicator.rating.rating == "exceeded"
    chart = response.context["charts"][0]
    assert chart["actual"] == [["2024-03-31", 130.0, "2024年第一季度"]]
    assert chart["trajectory"] == [["2023-12-31", 100.0], ["2025-12-31", 200.0]]


def test_timeline_colours_by_reports_and_marks_overdue_entries(supervised):
    from tasks.models import Measure, ScheduleEntry

    plan = supervised.plan
    measure_three = Measure.objects.get(plan=plan, label="（三）")
    measure_one = Measure.objects.get(plan=plan, label="（一）")
    early = ScheduleEntry.objects.create(
        plan=plan,
        measure=measure_three,
        stage="启动阶段",
        action="制定实施方案",
        period_text="2024年1-3月",
        start_month=datetime.date(2024, 1, 1),
        end_month=datetime.date(2024, 3, 1),
        order=1,
    )
    later = ScheduleEntry.objects.create(
        plan=plan,
        measure=measure_one,
        stage="实施阶段",
        action="建设公共服务平台",
        period_text="2024年2月-2025年6月",
        start_month=datetime.date(2024, 2, 1),
        end_month=datetime.date(2025, 6, 1),
        order=2,
    )
    gantt = schedule_timeline(plan)
    bars = {b.entry.pk: b for b in gantt["bars"]}
    # Q1 is the latest period already due: (三)'s 教育厅 never filed → 逾期未报; its window
    # ended in March and no report says 已完成 → overdue. (一) runs to 2025: not overdue;
    # its reports are accepted (科技厅) and submitted (商务厅): the worse, submitted, shows.
    assert bars[early.pk].overdue is True
    assert bars[later.pk].overdue is False
    assert bars[early.pk].state == "overdue_missing"
    assert bars[later.pk].state == "submitted"
    assert gantt["years"][0][0] == 2024 and 0 < gantt["today_left"] < 100


def test_matrix_rows_link_to_the_overview_and_escape_agency_names(client, supervised):
    from django.utils.html import escape

    keji = supervised.agencies["省科技厅"]
    keji.short_name = "省科技厅<&>"
    keji.save(update_fields=["short_name"])
    client.force_login(supervised.office)
    query = f"plan={supervised.plan.pk}&period={supervised.q2.pk}"
    response = client.get(f"/dashboard/matrix/?{query}&sort=name")
    html = response.content.decode()
    assert "省科技厅<&>" not in html
    overview = escape(f"/dashboard/?{query}&agency={keji.pk}")
    assert f'<a href="{overview}">省科技厅&lt;&amp;&gt;</a>' in html
    row = next(r for r in response.context["rows"] if r.agency_id == keji.pk)
    for cell in row.cells:
        assert f'data-period="{cell.period.pk}"><a href="{escape(cell.url)}"' in html
        assert f">{cell.on_time}/{cell.expected}</a>" in html


def test_matrix_filter_offers_every_period_of_the_plan(client, supervised):
    """The matrix shows the quarters up to the chosen one; its period filter still offers
    every period, later ones too."""
    client.force_login(supervised.office)
    response = client.get(f"/dashboard/matrix/?plan={supervised.plan.pk}&period={supervised.q1.pk}")
    assert [p.pk for p in response.context["periods"]] == [supervised.q1.pk]
    offered = [value for value, _ in response.context["period_options"]]
    assert offered == [supervised.q2.pk, supervised.q1.pk]
    assert f'<option value="{supervised.q1.pk}" selected>' in response.content.decode()


def test_timeline_never_calls_an_entry_without_reports_overdue(supervised):
    from tasks.models import ScheduleEntry

    unlinked = ScheduleEntry.objects.create(
        plan=supervised.plan,
        stage="启动阶段",
        action="召开动员会",
        period_text="2024年1月",
        start_month=datetime.date(2024, 1, 1),
        end_month=datetime.date(2024, 1, 1),
        order=3,
    )
    bar = next(b for b in schedule_timeline(supervised.plan)["bars"] if b.entry == unlinked)
    assert bar.state == "none" and bar.ended is True and bar.overdue is False


def test_timeline_shows_the_plan_chosen_even_without_a_schedule(client, supervised):
    from tasks.models import Plan, ScheduleEntry

    other = Plan.objects.create(
        title="通州区进度计划", slug="tongzhou-schedule", level="county", status="published"
    )
    ScheduleEntry.objects.create(
        plan=other,
        action="建设平台",
        period_text="2024年",
        start_month=datetime.date(2024, 1, 1),
        end_month=datetime.date(2024, 12, 1),
        order=1,
    )
    client.force_login(supervised.office)
    page = client.get(f"/dashboard/timeline/?plan={supervised.plan.pk}").content.decode()
    assert "《督查测试计划》没有带时序的进度安排" in page
    assert "建设平台" not in page  # not the other plan's rows under this plan's name
    page = client.get(f"/dashboard/timeline/?plan={other.pk}").content.decode()
    assert "建设平台" in page and 'class="gantt-today"' in page and "今天（2024年4月20日）" in page


def test_timeline_counts_a_report_its_own_approver_sent_back_as_not_yet_delivered(
    reporting_plan, reporter_a, approver_a, monkeypatch
):
    # 被退回 on the Gantt means what it means in every count (tasks.selectors.counts):
    # returned by the office. A report the agency's approver sent back never reached the
    # office: it is 待报送, as the overview, the matrix and the API count it.
    from tasks.models import Measure, ProgressReport, ScheduleEntry
    from tasks.selectors.counts import report_counts
    from tasks.services.reporting import (
        ReportInput,
        report_save,
        report_send_back,
        report_submit,
    )

    moment = datetime.datetime(2024, 4, 5, 10, tzinfo=datetime.UTC)  # before the due date
    monkeypatch.setattr("core.clock.now", lambda: moment)
    measure = Measure.objects.get(plan=reporting_plan, label="（一）")
    entry = ScheduleEntry.objects.create(
        plan=reporting_plan,
        measure=measure,
        stage="实施阶段",
        action="建设公共服务平台",
        period_text="2024年1-12月",
        start_month=datetime.date(2024, 1, 1),
        end_month=datetime.date(2024, 12, 1),
        order=1,
    )
    report = ProgressReport.objects.get(measure=measure, agency__short_name="省科技厅")
    data = ReportInput(progress_status="on_track", progress_text="推进中。")
    report = report_save(report=report, by=reporter_a, data=data, expected_version=0)
    report = report_submit(report=report, by=reporter_a)
    assert report.state == ProgressReport.State.PENDING_SIGNOFF
    report_send_back(report=report, by=approver_a, reason="数据不全。")

    (counts,) = report_counts(ProgressReport.objects.filter(measure=measure))
    assert (counts["returned"], counts["missing"]) == (0, 2)
    bar = next(b for b in schedule_timeline(reporting_plan)["bars"] if b.entry == entry)
    assert bar.state == "missing"
