"""Agency webhooks: signed JSON, retried with backoff, failed visibly after the last try."""

import datetime
import hashlib
import hmac
import json

import pytest

from agencies.models import Agency
from notifications import services
from notifications.models import AgencyWebhook, DeliveryLog, Notification
from tests.notifications.webhook_server import Robot

pytestmark = pytest.mark.django_db


def run(callback, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return callback()


@pytest.fixture
def hook_b(reporting_plan, people):
    def make(url: str) -> AgencyWebhook:
        return AgencyWebhook.objects.create(
            agency=Agency.objects.get(short_name="省商务厅"), url=url, secret="s3cret-商务"
        )

    return make


def test_a_webhook_answering_500_is_retried_after_its_backoff_and_the_signature_verifies(
    hook_b, people, frozen_clock, django_capture_on_commit_callbacks
):
    with Robot([500, 200]) as robot:
        hook_b(robot.url)
        frozen_clock.set("2024-04-11")
        run(services.reminders_sweep, django_capture_on_commit_callbacks)
        row = DeliveryLog.objects.filter(channel="webhook").first()
        assert [r["status"] for r in robot.received] == [500]
        assert row.status == "retry" and row.attempts == 1
        assert row.last_error == "推送地址返回 HTTP 500"
        # The in-app and email deliveries of the same reminder were not held up.
        assert Notification.objects.filter(recipient=people["reporter_b"]).count() == 1

        # Before the backoff (1 minute) has passed, nothing is retried.
        frozen_clock.advance(seconds=30)
        run(services.deliveries_resume, django_capture_on_commit_callbacks)
        assert len(robot.received) == 1
        frozen_clock.advance(seconds=31)
        run(services.deliveries_resume, django_capture_on_commit_callbacks)
        assert [r["status"] for r in robot.received] == [500, 200]

    row.refresh_from_db()
    assert row.status == "sent" and row.attempts == 2
    accepted = robot.received[1]
    payload = json.loads(accepted["body"])
    assert payload["kind"] == "urge" and payload["agency"] == "省商务厅"
    assert [r["measure"] for r in payload["reports"]] == ["（一）", "（二）"]
    assert payload["reports"][0]["url"].startswith("http://127.0.0.1:8000/reports/")
    # The receiver recomputes HMAC-SHA256(secret, timestamp + "." + body).
    timestamp = accepted["headers"]["X-Ipplan-Timestamp"]
    expected = hmac.new(
        "s3cret-商务".encode(), timestamp.encode() + b"." + accepted["body"], hashlib.sha256
    ).hexdigest()
    assert accepted["headers"]["X-Ipplan-Signature"] == f"sha256={expected}"
    assert (
        accepted["headers"]["X-Ipplan-Delivery"]
        == robot.received[0]["headers"]["X-Ipplan-Delivery"]
    )


def test_a_webhook_that_keeps_failing_ends_failed_after_the_last_try(
    hook_b, frozen_clock, django_capture_on_commit_callbacks
):
    with Robot([503] * 10) as robot:
        hook_b(robot.url)
        frozen_clock.set("2024-04-11")
        run(services.reminders_sweep, django_capture_on_commit_callbacks)
        # Backoff 1, 2, 4, 8 minutes between the five attempts.
        waits = []
        for _ in range(services.MAX_ATTEMPTS - 1):
            row = DeliveryLog.objects.filter(channel="webhook").first()
            waits.append(row.next_attempt_at - frozen_clock.moment)
            frozen_clock.moment = row.next_attempt_at
            run(services.deliveries_resume, django_capture_on_commit_callbacks)
        assert waits == [datetime.timedelta(minutes=m) for m in (1, 2, 4, 8)]
        rows = DeliveryLog.objects.filter(channel="webhook")
        assert {(r.status, r.attempts) for r in rows} == {("failed", 5)}
        frozen_clock.advance(days=1)
        run(services.deliveries_resume, django_capture_on_commit_callbacks)
        assert len(robot.received) == 5


def test_an_unreachable_webhook_fails_without_blocking_the_inbox(
    hook_b, people, frozen_clock, django_capture_on_commit_callbacks
):
    hook_b("http://127.0.0.1:9/unreachable")  # discard port: connection refused
    frozen_clock.set("2024-04-11")
    run(services.reminders_sweep, django_capture_on_commit_callbacks)
    assert DeliveryLog.objects.get(channel="webhook", report__measure__label="（一）").status == (
        "retry"
    )
    assert DeliveryLog.objects.filter(channel="inapp", status="sent").count() == 3


def test_the_admin_resends_a_failed_delivery_through_the_service(
    hook_b, frozen_clock, django_capture_on_commit_callbacks, admin_client
):
    # Five refusals fail the webhook row; once the receiver is back, 重新发送 in the admin
    # puts it back with a fresh count and it is delivered.
    with Robot([503] * 5 + [200] * 5) as robot:
        hook_b(robot.url)
        frozen_clock.set("2024-04-11")
        run(services.reminders_sweep, django_capture_on_commit_callbacks)
        for _ in range(services.MAX_ATTEMPTS - 1):
            frozen_clock.moment = (
                DeliveryLog.objects.filter(channel="webhook").first().next_attempt_at
            )
            run(services.deliveries_resume, django_capture_on_commit_callbacks)
        failed = list(DeliveryLog.objects.filter(channel="webhook", status="failed"))
        assert failed
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client.post(
                "/admin/notifications/deliverylog/",
                {"action": "resend", "_selected_action": [row.pk for row in failed]},
                follow=True,
            )
        assert f"已重新派发 {len(failed)} 条。" in response.content.decode()
        resent = DeliveryLog.objects.filter(pk__in=[row.pk for row in failed])
        assert {(row.status, row.attempts) for row in resent} == {("sent", 1)}
        assert len(robot.received) == 6  # the rows go out together, in one more request
