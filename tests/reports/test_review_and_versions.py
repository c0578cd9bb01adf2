"""The office's review queue, return and resubmission, and the version comparison page."""

import re

import pytest

from agencies.models import Agency
from tasks.models import Assignment, Measure, ProgressReport
from tasks.services.reporting import period_open, report_accept, report_return

from ..factories import AgencyFactory
from .conftest import file_report, form_data, report_of

pytestmark = pytest.mark.django_db
State = ProgressReport.State


def add_measures(plan, count: int, *, start: int = 10) -> None:
    """More measures led by 省商务厅 (which has no approver), then reopen the period."""
    agency = Agency.objects.get(short_name="省商务厅")
    chapter = plan.sections.get(number=1)
    for number in range(start, start + count):
        measure = Measure.objects.create(
            plan=plan,
            section=chapter,
            number=number,
            label=f"（{number}）",
            ref=f"m{number}",
            order=number,
            text=f"第 {number} 项措施。",
        )
        Assignment.objects.create(
            measure=measure, agency=agency, role="lead", name_as_written="省商务厅"
        )
    period_open(period=plan.periods.get())


def file_all(plan, reporter) -> list[ProgressReport]:
    reports = ProgressReport.objects.filter(period__plan=plan, agency__short_name="省商务厅")
    return [file_report(r, reporter) for r in reports if r.state == State.DRAFT]


def queue_rows(page: str) -> str:
    return page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]


def test_the_queue_lists_submitted_reports_with_agency_period_time_and_late_days(
    reporting_plan, reporter_b, office_supervisor, login, frozen
):
    frozen(2024, 4, 8, 10, 30)
    on_time = file_report(report_of(reporting_plan, "（二）", "省商务厅"), reporter_b)
    frozen(2024, 4, 13, 16, 0)  # three days after the 10 April deadline
    late = file_report(report_of(reporting_plan, "（一）", "省商务厅"), reporter_b)
    assert late.late_days == 3
    client = login(office_supervisor)
    rows = queue_rows(client.get("/reports/review/").content.decode())
    assert rows.count('name="report"') == 2
    assert "省商务厅" in rows and "2024年第一季度" in rows
    assert "2024年4月8日 10:30" in rows and "3 天" in rows

    late_only = queue_rows(client.get("/reports/review/", {"late": "yes"}).content.decode())
    assert f'value="{late.pk}"' in late_only and f'value="{on_time.pk}"' not in late_only
    on_time_only = queue_rows(client.get("/reports/review/", {"late": "no"}).content.decode())
    assert f'value="{on_time.pk}"' in on_time_only and f'value="{late.pk}"' not in on_time_only


def test_filters_live_in_the_url_and_the_state_defaults_to_submitted(
    reporting_plan, reporter_b, office_supervisor, login
):
    filed = file_report(report_of(reporting_plan, "（二）", "省商务厅"), reporter_b)
    draft = report_of(reporting_plan, "（一）", "省科技厅")
    client = login(office_supervisor)
    default = client.get("/reports/review/").content.decode()
    assert '<option value="submitted" selected>' in default
    assert f'value="{filed.pk}"' in default and f'value="{draft.pk}"' not in default

    everything = client.get("/reports/review/", {"state": "all"}).content.decode()
    assert f'value="{draft.pk}"' in everything
    agency = Agency.objects.get(short_name="省科技厅")
    by_agency = client.get(
        "/reports/review/", {"state": "all", "agency": agency.pk, "plan": reporting_plan.pk}
    ).content.decode()
    assert f'value="{draft.pk}"' in queue_rows(by_agency)
    assert f'value="{filed.pk}"' not in queue_rows(by_agency)
    # The chapter list is the chosen plan's chapters.
    assert "一、推进知识产权创造" in by_agency


def filter_options(page: str, name: str) -> str:
    return page.split(f'<select name="{name}"', 1)[1].split("</select>", 1)[0]


def test_the_plan_and_agency_filters_show_renames_and_new_agencies_at_once(
    reporting_plan, office_supervisor, login
):
    """The two lists are written once per state of the directory and kept (forms_reports):
    a rename, or an agency's first reports, shows on the very next request all the same."""
    client = login(office_supervisor)
    agency = Agency.objects.get(short_name="省商务厅")
    chosen = {"agency": agency.pk, "plan": reporting_plan.pk}
    page = client.get("/reports/review/", chosen).content.decode()
    assert f'<option value="{agency.pk}" selected>省商务厅</option>' in filter_options(
        page, "agency"
    )
    assert "测试行动计划" in filter_options(page, "plan")
    newcomer = AgencyFactory(short_name="省市场监管局")
    assert "省市场监管局" not in filter_options(page, "agency")  # no reports yet

    agency.short_name = "省商务和开放厅"
    agency.save()
    reporting_plan.title = "测试行动计划（修订）"
    reporting_plan.save()
    measure = reporting_plan.measures.get(label="（二）")
    Assignment.objects.create(measure=measure, agency=newcomer, role="co", name_as_written="x")
    period_open(period=reporting_plan.periods.get())
    page = client.get("/reports/review/", chosen).content.decode()
    agencies = filter_options(page, "agency")
    assert f'<option value="{agency.pk}" selected>省商务和开放厅</option>' in agencies
    assert ">省商务厅<" not in agencies
    assert f'<option value="{newcomer.pk}">省市场监管局</option>' in agencies
    assert f'<option value="{reporting_plan.pk}" selected>测试行动计划（修订）</option>' in (
        filter_options(page, "plan")
    )


def test_the_queue_pages_by_fifty_and_keeps_the_filters_in_the_page_links(
    reporting_plan, reporter_b, office_supervisor, login, frozen
):
    frozen(2024, 4, 1, 9, 0)  # all filed before the deadline
    add_measures(reporting_plan, 55)
    assert len(file_all(reporting_plan, reporter_b)) == 57
    client = login(office_supervisor)
    first = client.get("/reports/review/", {"late": "no"}).content.decode()
    assert queue_rows(first).count('name="report"') == 50
    assert "第 1 / 2 页" in first and "?late=no&amp;page=2" in first
    second = client.get("/reports/review/", {"late": "no", "page": 2}).content.decode()
    assert queue_rows(second).count('name="report"') == 7


def test_bulk_accept_accepts_what_it_can_and_says_what_was_refused_and_why(
    reporting_plan, reporter_b, office_supervisor, login
):
    one = file_report(report_of(reporting_plan, "（一）", "省商务厅"), reporter_b)
    two = file_report(report_of(reporting_plan, "（二）", "省商务厅"), reporter_b)
    report_accept(report=two, by=office_supervisor)  # accepted meanwhile in another tab
    client = login(office_supervisor)
    response = client.post(
        "/reports/review/accept/",
        {"report": [one.pk, two.pk], "next": "/reports/review/?late=no"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/reports/review/?late=no"
    page = response.content.decode()
    assert "已采纳 1 份报告。" in page
    assert "1 份未能采纳：（二） 省商务厅：该报告已被采纳，不能采纳" in page
    one.refresh_from_db()
    assert one.state == State.ACCEPTED


def test_office_returns_then_sees_the_changes_of_the_resubmission_and_accepts(
    reporting_plan, reporter_b, office_supervisor, login
):
    report = file_report(
        report_of(reporting_plan, "（二）", "省商务厅"), reporter_b, text="完成摸底调查。"
    )
    office = login(office_supervisor)
    refused = office.post(f"/reports/{report.pk}/return/", {"text": ""}, follow=True)
    assert "退回时必须填写理由。" in refused.content.decode()
    office.post(f"/reports/{report.pk}/return/", {"text": "请写明调查覆盖的企业数。"})
    report.refresh_from_db()
    assert report.state == State.RETURNED

    reporter = login(reporter_b)
    reporter.post(
        f"/reports/{report.pk}/",
        form_data(report, progress_text="完成摸底调查，覆盖企业 320 家。", action="submit"),
    )
    report.refresh_from_db()
    assert report.state == State.SUBMITTED and report.versions.count() == 2

    page = office.get(f"/reports/{report.pk}/").content.decode()
    changes = page.split("与上一版相比的修改", 1)[1].split("</section>", 1)[0]
    assert "进展情况" in changes and "<ins>，覆盖企业 320 家</ins>" in changes
    assert "存在问题" not in changes  # unchanged fields are left out

    diff = office.get(f"/reports/{report.pk}/versions/2/").content.decode()
    assert "第 1 版 → 第 2 版" in diff and "<ins>，覆盖企业 320 家</ins>" in diff
    history = page.split("处理记录", 1)[1]
    assert "请写明调查覆盖的企业数。" in history and "退回修改" in history

    office.post(f"/reports/{report.pk}/accept/", {"text": "内容完整。"})
    report.refresh_from_db()
    assert report.state == State.ACCEPTED
    reopened = office.post(f"/reports/{report.pk}/reopen/", {"text": "数据需更正。"})
    assert reopened.status_code == 302
    report.refresh_from_db()
    assert report.state == State.RETURNED


def test_the_first_version_page_shows_the_content_and_a_missing_version_is_404(
    reporting_plan, reporter_b, login
):
    report = file_report(
        report_of(reporting_plan, "（二）", "省商务厅"), reporter_b, text="首版内容"
    )
    client = login(reporter_b)
    page = client.get(f"/reports/{report.pk}/versions/1/").content.decode()
    assert "第 1 版（首次报送）" in page and "首版内容" in page
    assert client.get(f"/reports/{report.pk}/versions/2/").status_code == 404


def test_indicator_values_in_the_comparison_read_as_typed_not_as_stored(
    reporting_plan, reporter_b, office_supervisor, login
):
    # Versions store values as Decimal strings ("30000.0000"); the page must show 3万 as 30000.
    report = report_of(reporting_plan, "（二）", "省商务厅")
    indicator = report.measure.indicators.get()
    client = login(reporter_b)
    fields = {"progress_text": "稳步增长", f"value_{indicator.pk}": "３万", "action": "submit"}
    client.post(f"/reports/{report.pk}/", form_data(report, **fields))
    report.refresh_from_db()
    report_return(report=report, by=office_supervisor, reason="请核实。")
    report.refresh_from_db()
    fields[f"value_{indicator.pk}"] = "3.2万"
    client.post(f"/reports/{report.pk}/", form_data(report, **fields))
    assert report.versions.count() == 2
    page = client.get(f"/reports/{report.pk}/versions/2/").content.decode()
    row = page.split("指标：发明专利申请量", 1)[1].split("</tr>", 1)[0]
    assert ".0000" not in row
    cell = row.split("<td>", 1)[1].split("</td>", 1)[0]
    before = re.sub(r"<ins>.*?</ins>|</?del>", "", cell)
    after = re.sub(r"<del>.*?</del>|</?ins>", "", cell)
    assert (before, after) == ("30000", "32000")


def test_the_queue_holds_open_periods_unless_all_periods_are_asked_for(
    reporting_plan, reporter_b, office_supervisor, login
):
    from tasks.services.reporting import period_close

    filed = file_report(report_of(reporting_plan, "（二）", "省商务厅"), reporter_b)
    client = login(office_supervisor)
    assert f'value="{filed.pk}"' in queue_rows(client.get("/reports/review/").content.decode())

    period_close(period=filed.period)  # frozen: nothing left to accept or return
    default = client.get("/reports/review/").content.decode()
    assert f'value="{filed.pk}"' not in queue_rows(default)
    assert "开放中的周期" in default
    history = client.get("/reports/review/", {"period": "all"}).content.decode()
    assert f'value="{filed.pk}"' in queue_rows(history)
    # A link naming the closed period itself (as the dashboards make) shows it too.
    named = client.get("/reports/review/", {"period": filed.period_id}).content.decode()
    assert f'value="{filed.pk}"' in queue_rows(named)
    assert f'<option value="{filed.period_id}" selected>' in named
