"""Due reminders, urges and escalations: who hears what, when, and never twice.

The fixture plan's 2024 Q1 period is due 2024-04-10 (Wednesday). Around it lie 清明
(Apr 4–6 off, Sunday Apr 7 a make-up working day), so the default rules fall on:
-5 → Apr 2, -2 → Apr 8, 0 → Apr 10, +1 (催办) → Apr 11, +5 (督办) → Apr 17.
"""

import pytest
from django.core import mail

from notifications import services
from notifications.models import DeliveryLog, Notification, ReminderRule
from notifications.selectors import deliveries_for_report
from tasks.models import ProgressReport
from tasks.services.reporting import ReportInput, report_save, report_submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(reporting_plan, people):
    return reporting_plan


def sweep(clock, day: str, django_capture_on_commit_callbacks) -> dict:
    clock.set(day)
    with django_capture_on_commit_callbacks(execute=True):
        return services.reminders_sweep()


def inbox_titles(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("title", flat=True))


def submit(report: ProgressReport, by) -> None:
    data = ReportInput(progress_status="on_track", progress_text="平台已上线运行。")
    report = report_save(report=report, by=by, data=data, expected_version=report.version)
    report_submit(report=report, by=by)


def test_nothing_is_sent_before_the_first_reminder_day(
    plan, frozen_clock, django_capture_on_commit_callbacks
):
    sweep(frozen_clock, "2024-04-01", django_capture_on_commit_callbacks)
    assert not DeliveryLog.objects.exists()
    assert not Notification.objects.exists() and not mail.outbox


def test_five_working_days_before_each_reporter_hears_once_about_all_pending_measures(
    plan, people, frozen_clock, django_capture_on_commit_callbacks
):
    sweep(frozen_clock, "2024-04-02", django_capture_on_commit_callbacks)
    (note_b,) = Notification.objects.filter(recipient=people["reporter_b"])
    # 2024-04-02 is five working days before 04-10 (04-03, 04-07 调休, 04-08, 04-09, 04-10);
    # the message counts calendar days, as every page does (ipplan.workcalendar): 8 days.
    assert note_b.title == "【提醒】2024年第一季度进展报告还有 8 天截止"
    reports_b = ProgressReport.objects.filter(agency__short_name="省商务厅").order_by(
        "measure__order"
    )
    assert [label for label, _ in note_b.links] == [
        "（一） 建设知识产权公共服务平台。",
        "（二） 发明专利申请量比2023年增长10%。",
    ]
    assert [url for _, url in note_b.links] == [f"/reports/{r.pk}/" for r in reports_b]
    assert "省商务厅有 2 项措施" in note_b.body
    (note_a,) = Notification.objects.filter(recipient=people["reporter_a"])
    assert [label for label, _ in note_a.links] == ["（一） 建设知识产权公共服务平台。"]
    # The approver and the office are not bothered by a plain reminder.
    assert not Notification.objects.filter(
        recipient__in=[people["approver_a"], people["office"]]
    ).exists()
    assert sorted(m.to[0] for m in mail.outbox) == [
        "reporter-a@example.gov.cn",
        "reporter-b@example.gov.cn",
    ]
    _, mimetype = mail.outbox[0].alternatives[0]
    assert mimetype == "text/html" and "【提醒】" in mail.outbox[0].subject
    assert f'href="http://127.0.0.1:8000/reports/{reports_b[0].pk}/"' in "".join(
        m.alternatives[0][0] for m in mail.outbox
    )
    assert "截止日期 2024年4月10日" in mail.outbox[0].body
    # Logged per (report, rule, channel, recipient): A 1 report, B 2 reports, × 2 channels.
    assert DeliveryLog.objects.filter(status="sent").count() == 6


def test_the_sweep_run_twice_sends_nothing_twice(
    plan, people, frozen_clock, django_capture_on_commit_callbacks
):
    sweep(frozen_clock, "2024-04-02", django_capture_on_commit_callbacks)
    sweep(frozen_clock, "2024-04-02", django_capture_on_commit_callbacks)
    # The next day the latest rule that has come due is still the same one.
    sweep(frozen_clock, "2024-04-03", django_capture_on_commit_callbacks)
    assert Notification.objects.count() == 2
    assert len(mail.outbox) == 2
    assert DeliveryLog.objects.count() == 6


def test_each_rule_fires_on_its_working_day_and_escalation_reaches_approver_and_office(
    plan, people, frozen_clock, django_capture_on_commit_callbacks
):
    for day in ["2024-04-02", "2024-04-08", "2024-04-10", "2024-04-11", "2024-04-17"]:
        sweep(frozen_clock, day, django_capture_on_commit_callbacks)
    assert inbox_titles(people["reporter_a"])[::-1] == [
        "【提醒】2024年第一季度进展报告还有 8 天截止",
        "【提醒】2024年第一季度进展报告还有 2 天截止",
        "【提醒】今天是2024年第一季度进展报告截止日",
        "【催办】省科技厅2024年第一季度进展报告已逾期 1 天",
    ]
    # 04-11, 04-12, 04-15, 04-16, 04-17: five working days late, so 督办 goes out; the
    # message says how late in calendar days (04-10 → 04-17), as every page does.
    assert inbox_titles(people["approver_a"]) == [
        "【督办】省科技厅2024年第一季度进展报告逾期 7 天仍未报送"
    ]
    assert sorted(inbox_titles(people["office"])) == [
        "【督办】省商务厅2024年第一季度进展报告逾期 7 天仍未报送",
        "【督办】省科技厅2024年第一季度进展报告逾期 7 天仍未报送",
    ]


def test_a_sweep_after_a_pause_sends_only_the_latest_rule_not_a_burst(
    plan, people, frozen_clock, django_capture_on_commit_callbacks
):
    sweep(frozen_clock, "2024-04-12", django_capture_on_commit_callbacks)
    assert inbox_titles(people["reporter_a"]) == [
        "【催办】省科技厅2024年第一季度进展报告已逾期 2 天"
    ]


def test_only_people_whose_reports_are_not_submitted_are_reminded(
    plan, people, frozen_clock, django_capture_on_commit_callbacks
):
    frozen_clock.set("2024-04-01")
    for report in ProgressReport.objects.filter(agency__short_name="省商务厅"):
        submit(report, people["reporter_b"])
    # A's reporter submits: A has an approver, so the report now waits on the approver.
    submit(ProgressReport.objects.get(agency__short_name="省科技厅"), people["reporter_a"])
    sweep(frozen_clock, "2024-04-02", django_capture_on_commit_callbacks)
    assert not Notification.objects.filter(recipient=people["reporter_b"]).exists()
    assert not Notification.objects.filter(recipient=people["reporter_a"]).exists()
    (note,) = Notification.objects.filter(recipient=people["approver_a"])
    assert note.links[0][0].startswith("（一）")


def test_a_report_submitted_after_its_reminder_was_logged_is_not_chased(
    plan, people, frozen_clock, django_capture_on_commit_callbacks
):
    frozen_clock.set("2024-04-02")
    with django_capture_on_commit_callbacks(execute=False):  # broker down: nothing dispatched
        services.reminders_plan()
        services.deliveries_resume()
    for report in ProgressReport.objects.filter(agency__short_name="省商务厅"):
        submit(report, people["reporter_b"])
    with django_capture_on_commit_callbacks(execute=True):
        services.deliveries_resume()
    assert not Notification.objects.filter(recipient=people["reporter_b"]).exists()
    assert set(
        DeliveryLog.objects.filter(recipient=people["reporter_b"]).values_list("status", flat=True)
    ) == {"skipped"}
    assert Notification.objects.filter(recipient=people["reporter_a"]).count() == 1


def test_the_office_edits_the_rules_of_a_plan(
    plan, people, frozen_clock, django_capture_on_commit_callbacks
):
    frozen_clock.set("2024-03-01")
    settings_row = services.reminder_settings_for([plan])[plan.pk]
    assert [r.offset_working_days for r in settings_row.rules.all()] == [-5, -2, 0, 1, 5]
    settings_row.rules.filter(offset_working_days=-5).update(is_active=False)
    ReminderRule.objects.create(settings=settings_row, kind="remind", offset_working_days=-7)
    # -7 from 04-10: 04-09, 04-08, 04-07, 04-03, 04-02, 04-01, 03-29.
    sweep(frozen_clock, "2024-03-29", django_capture_on_commit_callbacks)
    assert inbox_titles(people["reporter_a"]) == ["【提醒】2024年第一季度进展报告还有 12 天截止"]
    sweep(frozen_clock, "2024-04-02", django_capture_on_commit_callbacks)
    assert Notification.objects.filter(recipient=people["reporter_a"]).count() == 1


def test_people_choose_their_channels(
    plan, people, frozen_clock, django_capture_on_commit_callbacks
):
    services.channels_choose(user=people["reporter_a"], codes=["email"])
    services.channels_choose(user=people["reporter_b"], codes=["inapp"])
    sweep(frozen_clock, "2024-04-02", django_capture_on_commit_callbacks)
    assert not Notification.objects.filter(recipient=people["reporter_a"]).exists()
    assert [m.to for m in mail.outbox] == [["reporter-a@example.gov.cn"]]
    assert Notification.objects.filter(recipient=people["reporter_b"]).count() == 1


def test_deliveries_are_listed_against_their_report(
    plan, people, frozen_clock, django_capture_on_commit_callbacks, django_assert_num_queries
):
    sweep(frozen_clock, "2024-04-02", django_capture_on_commit_callbacks)
    report = ProgressReport.objects.get(agency__short_name="省科技厅")
    # One query, whatever the list shows of each row (it reads only those columns).
    with django_assert_num_queries(1):
        rows = list(deliveries_for_report(report))
        shown = sorted((d.target_label, d.channel_label, d.status) for d in rows)
        assert {d.rule.when for d in rows} == {"截止前 5 个工作日"}
        assert {(d.get_kind_display(), d.sent_at is not None, d.last_error) for d in rows}
    assert shown == [("reporter-a", "电子邮件", "sent"), ("reporter-a", "站内通知", "sent")]


def test_reports_past_due_are_marked_late_and_submission_keeps_working(plan, people, frozen_clock):
    frozen_clock.set("2024-04-10")
    assert services.reports_mark_late() == 0
    frozen_clock.set("2024-04-13")
    assert services.reports_mark_late() == 3
    assert set(ProgressReport.objects.values_list("late_days", flat=True)) == {3}
