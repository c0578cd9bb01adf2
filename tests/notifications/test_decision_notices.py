"""Notices of decisions: 退回/采纳/重新打开 by the office, 审核通过/退回 by the agency's approver.

Each reaches the people concerned on the channels they chose, is logged like a reminder,
goes out only after the decision commits, and only once.
"""

import json

import pytest
from django.core import mail

from agencies.models import Agency
from notifications import services
from notifications.decisions import report_decision_notify
from notifications.models import AgencyWebhook, DeliveryLog, Notification
from notifications.selectors import deliveries_for_report
from tasks.models import ProgressReport, ReportEvent
from tasks.services import reporting
from tests.notifications.webhook_server import Robot
from tests.reports.conftest import file_report, report_of

pytestmark = pytest.mark.django_db
State = ProgressReport.State


def notes_of(user) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user).order_by("id"))


@pytest.fixture
def submitted_b(reporting_plan, people):
    """省商务厅 has no approver: its reporter's report goes straight to the office."""
    return file_report(report_of(reporting_plan, "（二）", "省商务厅"), people["reporter_b"])


def test_the_office_returning_a_report_tells_its_reporter_why_in_the_inbox_and_by_email(
    submitted_b, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        reporting.report_return(
            report=submitted_b, by=people["office"], reason="请补充专利申请量的统计口径"
        )
    (note,) = notes_of(people["reporter_b"])
    assert note.title == "【退回】（二） 省商务厅2024年第一季度进展报告被联席办退回"
    assert "退回理由：请补充专利申请量的统计口径" in note.body
    assert "请修改后重新报送。" in note.body
    assert note.links == [[note.links[0][0], f"/reports/{submitted_b.pk}/"]]
    assert note.read_at is None
    (email,) = mail.outbox
    assert email.to == ["reporter-b@example.gov.cn"]
    assert "请补充专利申请量的统计口径" in email.body
    rows = DeliveryLog.objects.filter(event__action=ReportEvent.Action.RETURNED)
    assert {(r.channel, r.recipient_id, r.status) for r in rows} == {
        ("inapp", people["reporter_b"].pk, "sent"),
        ("email", people["reporter_b"].pk, "sent"),
    }
    # The office is not told of its own decision.
    assert notes_of(people["office"]) == []


def test_the_unread_count_in_the_header_shows_the_notice(
    submitted_b, people, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        reporting.report_accept(report=submitted_b, by=people["office"], comment="内容翔实")
    client.force_login(people["reporter_b"])
    page = client.get("/notifications/").content.decode()
    assert 'title="未读通知">1</span>' in page
    assert "【采纳】（二） 省商务厅2024年第一季度进展报告已被联席办采纳" in page
    assert "采纳意见：内容翔实" in page


def test_a_decision_is_notified_exactly_once_however_often_it_is_dispatched(
    submitted_b, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        reporting.report_return(report=submitted_b, by=people["office"], reason="补充数据")
    event = ReportEvent.objects.get(action=ReportEvent.Action.RETURNED)
    # A retried caller, a second worker, the periodic resume: nothing more is logged or sent.
    with django_capture_on_commit_callbacks(execute=True):
        assert report_decision_notify(event=event) == 2  # offered again, refused by the DB
        services.deliveries_resume()
    assert DeliveryLog.objects.filter(event=event).count() == 2
    assert len(notes_of(people["reporter_b"])) == 1 and len(mail.outbox) == 1


def test_nothing_is_sent_before_the_decision_commits_nor_for_a_refused_one(
    submitted_b, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        reporting.report_return(report=submitted_b, by=people["office"], reason="补充数据")
    # Logged in the decision's transaction, but handed to the workers only on commit.
    assert DeliveryLog.objects.filter(status="pending").count() == 2
    assert Notification.objects.count() == 0 and len(callbacks) >= 1
    with pytest.raises(reporting.ReportingError):
        reporting.report_reopen(report=submitted_b, by=people["office"], reason="")
    assert DeliveryLog.objects.count() == 2


def test_the_approvers_sign_off_and_send_back_reach_the_reporter_who_filed_it(
    reporting_plan, people, django_capture_on_commit_callbacks
):
    report = file_report(report_of(reporting_plan, "（一）", "省科技厅"), people["reporter_a"])
    assert report.state == State.PENDING_SIGNOFF
    with django_capture_on_commit_callbacks(execute=True):
        reporting.report_send_back(report=report, by=people["approver_a"], reason="数据口径不一致")
    (note,) = notes_of(people["reporter_a"])
    assert note.title.startswith("【审核退回】（一） 省科技厅")
    assert "退回理由：数据口径不一致" in note.body and "请修改后重新提交审核。" in note.body
    assert notes_of(people["approver_a"]) == []

    report.refresh_from_db()
    report = file_report(report, people["reporter_a"])
    with django_capture_on_commit_callbacks(execute=True):
        reporting.report_sign_off(report=report, by=people["approver_a"], comment="同意报送")
    signed = notes_of(people["reporter_a"])[-1]
    assert signed.title.endswith("已由本单位审核通过并报送联席办")
    assert "审核意见：同意报送" in signed.body and "等待联席办审核。" in signed.body
    # The office's later decision reaches both the reporter and the approver.
    with django_capture_on_commit_callbacks(execute=True):
        reporting.report_accept(report=report, by=people["office"])
        reporting.report_reopen(report=report, by=people["office"], reason="指标值需更正")
    for person in ("reporter_a", "approver_a"):
        titles = [n.title for n in notes_of(people[person])]
        assert any(t.startswith("【采纳】") for t in titles)
        assert any(t.startswith("【重新打开】") for t in titles)
    assert notes_of(people["reporter_b"]) == []  # another agency hears nothing


def test_saving_and_submitting_notify_nobody(reporting_plan, people):
    file_report(report_of(reporting_plan, "（二）", "省商务厅"), people["reporter_b"])
    assert not DeliveryLog.objects.exists()


def test_the_channels_a_person_chose_are_the_ones_used(
    submitted_b, people, django_capture_on_commit_callbacks
):
    services.channels_choose(user=people["reporter_b"], codes=["inapp"])
    with django_capture_on_commit_callbacks(execute=True):
        reporting.report_return(report=submitted_b, by=people["office"], reason="补充数据")
    assert len(notes_of(people["reporter_b"])) == 1
    assert mail.outbox == []


def test_the_agencys_webhook_receives_the_return_as_a_decision_event(
    submitted_b, people, django_capture_on_commit_callbacks, django_assert_num_queries
):
    with Robot([200]) as robot:
        AgencyWebhook.objects.create(
            agency=Agency.objects.get(short_name="省商务厅"), url=robot.url, secret="s"
        )
        with django_capture_on_commit_callbacks(execute=True):
            reporting.report_return(report=submitted_b, by=people["office"], reason="补充数据")
        (received,) = robot.received
    payload = json.loads(received["body"])
    assert payload["event"] == "ipplan.decision"
    assert payload["kind_display"] == "退回"
    assert payload["reports"][0]["id"] == submitted_b.pk
    assert payload["reports"][0]["state"] == "已退回"
    assert "补充数据" in payload["text"]
    assert DeliveryLog.objects.get(channel="webhook").status == "sent"
    # The report page's list reads the webhook's agency and the decision in its one query.
    with django_assert_num_queries(1):
        hook = next(d for d in deliveries_for_report(submitted_b) if d.channel == "webhook")
        assert hook.target_label == "省商务厅（群机器人）"
        assert hook.event.get_action_display() == "退回修改"


def test_a_returned_report_resubmitted_still_gets_its_decision_notice(
    submitted_b, people, django_capture_on_commit_callbacks
):
    """Reminder rows are skipped once the report is submitted; a decision is news anyway."""
    with django_capture_on_commit_callbacks(execute=False):
        reporting.report_return(report=submitted_b, by=people["office"], reason="补充数据")
    submitted_b.refresh_from_db()
    file_report(submitted_b, people["reporter_b"])  # resubmitted before the worker ran
    with django_capture_on_commit_callbacks(execute=True):
        services.deliveries_resume()
    assert len(notes_of(people["reporter_b"])) == 1


def test_filing_for_an_agency_tells_its_people_who_filed_it_and_why(
    reporting_plan, people, django_capture_on_commit_callbacks
):
    from tasks.services.on_behalf import report_file_on_behalf

    report = report_of(reporting_plan, "（一）", "省科技厅")
    with django_capture_on_commit_callbacks(execute=True):
        report_file_on_behalf(
            report=report,
            by=people["office"],
            data=reporting.ReportInput(progress_status="on_track", progress_text="平台已上线。"),
            basis="省科技厅4月8日书面材料",
        )
    for person in ("reporter_a", "approver_a"):
        (note,) = notes_of(people[person])
        assert note.title == "【代报】（一） 省科技厅2024年第一季度进展报告已由联席办代为报送"
        assert "依据：省科技厅4月8日书面材料" in note.body
    assert notes_of(people["office"]) == [] and notes_of(people["reporter_b"]) == []


def test_bulk_acceptance_sends_each_person_one_notice_naming_every_report(
    reporting_plan, people, django_capture_on_commit_callbacks
):
    reports = [
        file_report(report_of(reporting_plan, label, "省商务厅"), people["reporter_b"])
        for label in ("（一）", "（二）")
    ]
    with django_capture_on_commit_callbacks(execute=True):
        accepted, refused = reporting.reports_accept_bulk(reports=reports, by=people["office"])
    assert (accepted, refused) == (2, [])
    (note,) = notes_of(people["reporter_b"])
    assert note.title == "【采纳】省商务厅2024年第一季度 2 份进展报告已被联席办采纳"
    assert "采纳了省商务厅关于措施（一）、（二）的2024年第一季度进展报告" in note.body
    assert [path for _, path in note.links] == [f"/reports/{r.pk}/" for r in reports]
    (email,) = mail.outbox
    assert "（一）" in email.body and "（二）" in email.body
    # Still one logged row per decision, person and channel: each marked sent.
    rows = DeliveryLog.objects.filter(event__action=ReportEvent.Action.ACCEPTED)
    assert rows.count() == 4 and set(rows.values_list("status", flat=True)) == {"sent"}


def test_opening_the_report_from_a_notice_marks_it_read(
    submitted_b, people, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        reporting.report_return(report=submitted_b, by=people["office"], reason="补充数据")
    (note,) = notes_of(people["reporter_b"])
    client.force_login(people["reporter_b"])
    inbox = client.get("/notifications/").content.decode()
    assert f'href="/notifications/{note.pk}/open/0/"' in inbox
    response = client.get(f"/notifications/{note.pk}/open/0/")
    assert response.url == f"/reports/{submitted_b.pk}/"
    note.refresh_from_db()
    assert note.read_at is not None
    assert 'title="未读通知"' not in client.get("/notifications/").content.decode()
    # Only one's own notices, only their own links.
    assert client.get(f"/notifications/{note.pk}/open/5/").status_code == 404
    client.force_login(people["reporter_a"])
    assert client.get(f"/notifications/{note.pk}/open/0/").status_code == 404
