"""End to end on the real services: a Celery worker on Redis delivers each reminder exactly
once, and a worker killed mid-batch loses nothing and duplicates nothing after a restart.

Needs REDIS_URL and PostgreSQL (as in CI); skipped otherwise, failed under
IPPLAN_REQUIRE_SERVICES=1.
"""

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone

from agencies.models import Agency
from notifications import services
from notifications.models import AgencyWebhook, DeliveryLog, Notification
from tests.helpers import wait_until
from tests.notifications.conftest import read_mail
from tests.notifications.webhook_server import Robot

pytestmark = pytest.mark.django_db(transaction=True)


def all_settled() -> bool:
    return not DeliveryLog.objects.exclude(status__in=["sent", "skipped", "failed"]).exists()


def test_a_worker_delivers_a_due_reminder_to_inbox_and_mail_exactly_once(
    background_jobs, reporting_plan, people, frozen_clock, mail_dir
):
    if background_jobs != "worker":
        pytest.skip("needs a broker: set REDIS_URL")
    frozen_clock.set("2024-04-02")
    services.reminders_sweep()
    # Beat firing twice and a second resume while the first batch is queued: same rows.
    services.reminders_sweep()
    services.deliveries_resume()
    wait_until(all_settled, what="the worker's deliveries")
    assert DeliveryLog.objects.filter(status="sent").count() == 6
    for name in ("reporter_a", "reporter_b"):
        (note,) = Notification.objects.filter(recipient=people[name])
        assert note.title == "【提醒】2024年第一季度进展报告还有 8 天截止"
    mails = read_mail()
    assert len(mails) == 2
    assert sum("To: reporter-a@example.gov.cn" in m for m in mails) == 1
    assert sum("To: reporter-b@example.gov.cn" in m for m in mails) == 1
    assert all("text/html" in m for m in mails)


@override_settings(NOTIFICATIONS_BATCH_SIZE=1)  # one message per task: six tasks in turn
def test_a_worker_killed_mid_batch_loses_and_duplicates_nothing_after_restart(
    own_worker, reporting_plan, people, frozen_clock, mail_dir
):
    with Robot() as robot:
        for short_name in ("省科技厅", "省商务厅"):
            AgencyWebhook.objects.create(
                agency=Agency.objects.get(short_name=short_name), url=robot.url, secret="k"
            )
        robot.hang.set()  # the first webhook call never gets an answer
        own_worker.start()
        frozen_clock.set("2024-04-02")
        services.reminders_sweep()
        # Tasks run in group order: A email, A in-app, A webhook (hangs), then B's three.
        assert robot.hanging.wait(60), "the worker never reached the webhook"
        own_worker.kill()

        rows = {
            status: sorted(
                DeliveryLog.objects.filter(status=status).values_list(
                    "report__agency__short_name", "channel"
                )
            )
            for status in ("sent", "sending", "pending")
        }
        # Killed mid-batch. Tasks run in group order (agency, then channel): the first
        # agency's email and in-app went, its webhook was in flight, the other one waited.
        (first,) = {agency for agency, _ in rows["sending"]}
        second = ({"省科技厅", "省商务厅"} - {first}).pop()
        assert {channel for _, channel in rows["sending"]} == {"webhook"}
        assert {(a, c) for a, c in rows["sent"]} == {(first, "email"), (first, "inapp")}
        assert {(a, c) for a, c in rows["pending"]} == {
            (second, "email"),
            (second, "inapp"),
            (second, "webhook"),
        }
        assert DeliveryLog.objects.count() == 9  # A: 1 report × 3, B: 2 reports × 3
        assert robot.accepted == []

        own_worker.start()  # the queued tasks for B run on the new worker
        wait_until(
            lambda: DeliveryLog.objects.filter(status="sent").count() == 9 - len(rows["sending"]),
            what="the restarted worker",
        )
        # The row the dead worker held is taken up once its lease has run out.
        frozen_clock.moment = (
            timezone.now() + services.SENDING_LEASE + datetime.timedelta(minutes=1)
        )
        services.deliveries_resume()
        wait_until(all_settled, what="the abandoned delivery")

    assert set(DeliveryLog.objects.values_list("status", flat=True)) == {"sent"}
    assert Notification.objects.filter(recipient=people["reporter_a"]).count() == 1
    assert Notification.objects.filter(recipient=people["reporter_b"]).count() == 1
    mails = read_mail()
    assert len(mails) == 2
    assert sorted(r["body"].decode().count("省科技厅") > 0 for r in robot.accepted) == [
        False,
        True,
    ]
    assert len(robot.accepted) == 2


def test_a_worker_delivers_each_decision_and_comment_notice_once(
    background_jobs, reporting_plan, people, mail_dir
):
    """The office returns a report and writes a 批示; the reporter answers. Each is committed
    by its own transaction and handed to the worker on commit; dispatching everything again
    (the periodic resume) sends nothing twice."""
    if background_jobs != "worker":
        pytest.skip("needs a broker: set REDIS_URL")
    from tasks.services import reporting
    from tasks.services.conversation import comment_add
    from tests.reports.conftest import file_report, report_of

    report = file_report(report_of(reporting_plan, "（二）", "省商务厅"), people["reporter_b"])
    reporting.report_return(report=report, by=people["office"], reason="请补充口径")
    comment_add(report=report, by=people["office"], body="口径见国家局文件")
    comment_add(report=report, by=people["reporter_b"], body="已按文件调整")
    services.deliveries_resume()
    wait_until(all_settled, what="the worker's notices")
    assert DeliveryLog.objects.filter(status="sent").count() == 6  # 3 notices × inbox, email
    titles = sorted(
        Notification.objects.filter(recipient=people["reporter_b"]).values_list("title", flat=True)
    )
    assert [t[:4] for t in titles] == ["【批示】", "【退回】"]
    assert Notification.objects.get(recipient=people["office"]).title.startswith("【反馈】")
    assert len(read_mail()) == 3
