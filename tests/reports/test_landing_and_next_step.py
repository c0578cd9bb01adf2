"""Each person lands on their work; reports sent back are pinned first; every report page says
what happens next."""

import pytest

from agencies.models import User
from tasks.models import ProgressReport, ReportingPeriod
from tasks.services import reporting

from .conftest import file_report, report_of

pytestmark = pytest.mark.django_db
State = ProgressReport.State


def test_each_persona_lands_on_their_work_on_the_home_page(
    reporting_plan, office_supervisor, reporter_a, approver_a, viewer_a, login
):
    assert login(office_supervisor).get("/").url == "/dashboard/"
    assert login(approver_a).get("/").url == "/reports/#signoff"
    assert login(reporter_a).get("/").url == "/reports/"
    assert login(viewer_a).get("/").url == "/reports/"
    nobody = User.objects.create_user(username="visitor", password="pw-visitor")
    assert login(nobody).get("/").url == "/plans/"
    assert "行动计划" in login(nobody).get("/plans/").content.decode()


def test_logging_in_takes_a_reporter_to_the_inbox(reporting_plan, reporter_b, client):
    response = client.post(
        "/login/", {"username": "reporter-b", "password": "pw-reporter-b"}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/reports/"
    assert "本季度待填报" in response.content.decode()


def test_anonymous_visitors_are_sent_to_log_in(client):
    assert client.get("/").url.startswith("/login/")


def _rows(page: str) -> list[str]:
    """The inbox's report rows, each as the text of its first cell."""
    body = page.split('class="grid stack rp-inbox"', 1)[1].split("</table>", 1)[0]
    return [row.split("</td>", 1)[0] for row in body.split("<tr class=")[1:]]


def test_a_returned_report_is_pinned_first_with_its_reason_above_earlier_drafts(
    reporting_plan, office_supervisor, reporter_b, login
):
    second = reporting.period_quarter_get_or_create(plan=reporting_plan, year=2024, quarter=2)
    reporting.period_open(period=second)
    later = file_report(report_of(reporting_plan, "（二）", "省商务厅", second), reporter_b)
    reporting.report_return(report=later, by=office_supervisor, reason="请补充统计口径说明")
    rows = _rows(login(reporter_b).get("/reports/").content.decode())
    # Due 2024-07 yet first; the 2024-04 drafts follow by due date.
    assert "2024年第二季度" in rows[0] and "请补充统计口径说明" in rows[0]
    assert all("2024年第一季度" in row for row in rows[1:3])
    assert "pinned" in login(reporter_b).get("/reports/").content.decode().split("<tr")[2]
    page = login(reporter_b).get("/reports/").content.decode()
    assert "1 份被退回，已置顶" in page


def test_a_draft_sent_back_by_the_approver_is_pinned_too(
    reporting_plan, reporter_a, approver_a, login
):
    report = file_report(report_of(reporting_plan, "（一）", "省科技厅"), reporter_a)
    reporting.report_send_back(report=report, by=approver_a, reason="口径不一致")
    rows = _rows(login(reporter_a).get("/reports/").content.decode())
    assert "审核人退回" in rows[0] and "口径不一致" in rows[0]


def next_step(client, report) -> str:
    page = client.get(f"/reports/{report.pk}/").content.decode()
    return page.split('id="next-step">', 1)[1].split("</p>", 1)[0]


def test_the_report_page_says_what_happens_next_in_every_state(
    reporting_plan, reporter_a, approver_a, office_supervisor, reporter_b, login
):
    a = report_of(reporting_plan, "（一）", "省科技厅")
    reporter = login(reporter_a)
    assert "待填报：请省科技厅在2024年4月10日前填写并提交省科技厅审核人审核。" in next_step(
        reporter, a
    )
    # 省商务厅 has no approver: its draft goes straight to the office.
    b = report_of(reporting_plan, "（二）", "省商务厅")
    assert "填写并提交联席办。" in next_step(login(reporter_b), b)

    a = file_report(a, reporter_a)
    assert "等待省科技厅审核" in next_step(reporter, a)
    reporting.report_send_back(report=a, by=approver_a, reason="请补充数据来源")
    assert "已被本单位审核人退回：请补充数据来源。请修改后重新提交审核。" in next_step(reporter, a)

    a.refresh_from_db()
    a = file_report(a, reporter_a)
    reporting.report_sign_off(report=a, by=approver_a)
    assert "待联席办审核" in next_step(login(office_supervisor), a)
    reporting.report_return(report=a, by=office_supervisor, reason="请补充：平台上线时间")
    assert "已退回：请补充：平台上线时间。请省科技厅修改后重新报送。" in next_step(reporter, a)

    a.refresh_from_db()
    a = file_report(a, reporter_a)
    reporting.report_sign_off(report=a, by=approver_a)
    reporting.report_accept(report=a, by=office_supervisor)
    assert "已采纳，本期无需再操作。" in next_step(reporter, a)
    reporting.report_reopen(report=a, by=office_supervisor, reason="指标值有误")
    assert "联席办已重新打开：指标值有误。" in next_step(reporter, a)

    reporting.period_close(period=ReportingPeriod.objects.get(pk=a.period_id))
    assert "填报周期已关闭" in next_step(reporter, a)
