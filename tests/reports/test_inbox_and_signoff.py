"""本季度待填报 and the approver's 待审核: what each person sees and can do from the list."""

import pytest

from tasks.models import ProgressReport
from tasks.services.reporting import report_return

from .conftest import file_report, report_of

pytestmark = pytest.mark.django_db
State = ProgressReport.State


def rows(html: str) -> str:
    return html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]


def test_inbox_lists_the_agencys_reports_with_role_state_due_date_and_days_left(
    reporting_plan, reporter_a, reporter_b, login, frozen
):
    frozen(2024, 4, 7, 9, 0)  # the 2024 Q1 period is due 10 April: three days left
    page = login(reporter_a).get("/reports/").content.decode()
    listed = rows(page)
    assert "（一）" in listed and "建设知识产权公共服务平台" in listed
    assert "（二）" not in listed  # led by 省商务厅 alone: not 省科技厅's business
    assert "牵头" in listed and "草稿" in listed
    assert "2024年4月10日" in listed and "还剩 3 天" in listed
    assert 'href="/reports/excel/"' in page  # the offline route: download the Excel template

    b_rows = rows(login(reporter_b).get("/reports/").content.decode())
    assert "（一）" in b_rows and "（二）" in b_rows
    assert "配合" in b_rows and "牵头" in b_rows


def test_overdue_reports_say_by_how_many_days(reporting_plan, reporter_b, login, frozen):
    frozen(2024, 4, 15, 9, 0)
    assert "已逾期 5 天" in login(reporter_b).get("/reports/").content.decode()


def test_a_returned_report_shows_the_offices_reason_in_the_inbox(
    reporting_plan, reporter_b, office_supervisor, login
):
    report = file_report(report_of(reporting_plan, "（二）", "省商务厅"), reporter_b)
    report_return(report=report, by=office_supervisor, reason="请补充发明专利申请量的统计口径。")
    page = rows(login(reporter_b).get("/reports/").content.decode())
    assert "已退回" in page
    assert "联席办退回" in page and "请补充发明专利申请量的统计口径。" in page


def test_the_inbox_escapes_what_people_typed(reporting_plan, reporter_b, office_supervisor, login):
    report = file_report(report_of(reporting_plan, "（二）", "省商务厅"), reporter_b)
    report.measure.text = "推进<script>alert(1)</script>工作"
    report.measure.save()
    report_return(report=report, by=office_supervisor, reason="<b>口径</b> & 数据")
    page = rows(login(reporter_b).get("/reports/").content.decode())
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "&lt;b&gt;口径&lt;/b&gt; &amp; 数据" in page


def test_approver_signs_off_from_the_list_and_the_report_goes_to_the_office(
    reporting_plan, reporter_a, approver_a, login
):
    report = file_report(report_of(reporting_plan, "（一）", "省科技厅"), reporter_a)
    assert report.state == State.PENDING_SIGNOFF  # 省科技厅 has an approver
    approver = login(approver_a)
    page = approver.get("/reports/").content.decode()
    signoff = page.split('id="signoff"', 1)[1]
    assert "（一）" in signoff and "审核通过并报送" in signoff

    response = approver.post(f"/reports/{report.pk}/sign-off/", {"next": "/reports/"})
    assert response.status_code == 302 and response.url == "/reports/"
    report.refresh_from_db()
    assert report.state == State.SUBMITTED and report.versions.count() == 1
    follow = approver.get("/reports/").content.decode()
    assert "已审核通过" in follow and "没有等待您审核的报告" in follow


def test_a_closed_periods_reports_leave_the_approvers_list(
    reporting_plan, reporter_a, approver_a, login
):
    from tasks.services.reporting import period_close

    report = file_report(report_of(reporting_plan, "（一）", "省科技厅"), reporter_a)
    period_close(period=report.period)  # frozen: sign-off would be refused
    page = login(approver_a).get("/reports/").content.decode()
    assert "没有等待您审核的报告" in page and "审核通过并报送" not in page


def test_sending_back_needs_a_reason_and_then_the_report_reads_returned(
    reporting_plan, reporter_a, approver_a, login
):
    report = file_report(report_of(reporting_plan, "（一）", "省科技厅"), reporter_a)
    approver = login(approver_a)
    page = approver.post(
        f"/reports/{report.pk}/send-back/", {"text": "  ", "next": "/reports/"}, follow=True
    )
    assert "退回时必须填写理由。" in page.content.decode()
    report.refresh_from_db()
    assert report.state == State.PENDING_SIGNOFF

    approver.post(f"/reports/{report.pk}/send-back/", {"text": "数据口径不对，请重填。"})
    report.refresh_from_db()
    assert report.state == State.RETURNED  # 已退回, as when the office returns it
    inbox = rows(login(reporter_a).get("/reports/").content.decode())
    assert "审核人退回" in inbox and "数据口径不对，请重填。" in inbox


def test_nav_shows_only_the_links_a_person_can_use(
    reporting_plan, reporter_a, approver_a, office_supervisor, login
):
    def nav(user) -> str:
        return (
            login(user).get("/plans/").content.decode().split("<nav>", 1)[1].split("</nav>", 1)[0]
        )

    assert "待填报" in nav(reporter_a) and "待审核" not in nav(reporter_a)
    assert "审核</a>" not in nav(reporter_a).replace("待审核</a>", "")
    assert "待审核" in nav(approver_a)
    office = nav(office_supervisor)
    assert "/reports/review/" in office and "待填报" not in office
