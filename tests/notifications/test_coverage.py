"""Who are an agency's active reporters: people only, never an API token's service account.

Reminders, 催办 and the 无填报人 marks all ask agencies.selectors, so each test here would
fail if any of them counted a token's account again.
"""

import datetime

import pytest

from agencies.models import Agency, Membership
from agencies.selectors import active_reporters, agencies_without_reporter
from api.tokens import service_account_for, token_create, token_revoke
from notifications import services
from notifications.models import DeliveryLog, Notification, Urge
from tasks.models import ReportingPeriod

pytestmark = pytest.mark.django_db


@pytest.fixture
def period(reporting_plan, people):
    return ReportingPeriod.objects.get(plan=reporting_plan)


def agency(short_name: str) -> Agency:
    return Agency.objects.get(short_name=short_name)


def issue_token(short_name: str, *, office, expired: bool = False):
    body = agency(short_name)
    account = service_account_for(name="数据同步", agency=body, scopes={"read", "report"})
    expires = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC) if expired else None
    return token_create(
        name="数据同步",
        user=account,
        agency=body,
        scopes={"read", "report"},
        expires_at=expires,
        created_by=office,
    ).token


def test_a_token_account_is_not_a_reporter_whether_live_revoked_or_expired(people):
    a = agency("省科技厅")
    live = issue_token("省科技厅", office=people["office"])
    revoked = token_revoke(token=issue_token("省科技厅", office=people["office"]))
    expired = issue_token("省科技厅", office=people["office"], expired=True)
    reporters = active_reporters([a.pk])[a.pk]
    assert reporters == [people["reporter_a"]]
    for token in (live, revoked, expired):
        assert token.user not in reporters
        assert Membership.objects.filter(user=token.user, role="reporter").exists()


def test_an_agency_covered_only_by_a_token_has_no_reporter(people):
    b = agency("省商务厅")
    issue_token("省商务厅", office=people["office"])
    people["reporter_b"].is_active = False
    people["reporter_b"].save()
    assert agencies_without_reporter([b.pk, agency("省科技厅").pk]) == {b.pk}


def test_reminders_skip_the_token_account_and_reach_the_approver_instead(
    period, people, frozen_clock
):
    token = issue_token("省科技厅", office=people["office"])
    Membership.objects.filter(user=people["reporter_a"]).delete()
    frozen_clock.set("2024-04-11")  # the first working day after the due date: 催办
    services.reminders_plan()
    recipients = set(
        DeliveryLog.objects.filter(report__agency=agency("省科技厅")).values_list(
            "recipient__username", flat=True
        )
    )
    assert token.user.username not in recipients
    assert recipients == {"approver-a"}


def test_urging_an_agency_with_nobody_to_tell_is_an_error_not_a_success(
    client, period, people, frozen_clock
):
    frozen_clock.set("2024-04-12")
    issue_token("省商务厅", office=people["office"])
    Membership.objects.filter(user=people["reporter_b"]).delete()
    client.force_login(people["office"])
    page = client.get("/notifications/urge/").content.decode()
    assert 'data-test="no-reporter"' in page
    response = client.post(
        "/notifications/urge/", {"period": period.pk, "agency": agency("省商务厅").pk}, follow=True
    )
    text = response.content.decode()
    assert "没有可接收通知的填报人或审核人（无填报人），催办未发出" in text
    assert 'class="error"' in text and "已向省商务厅催办" not in text
    # Not recorded, so the page does not claim 今日已催办 and nothing was queued.
    assert not Urge.objects.exists() and not DeliveryLog.objects.exists()
    assert not Notification.objects.exists()
    assert "今日已催办" not in client.get("/notifications/urge/").content.decode()


def test_the_dashboard_names_agencies_without_a_reporter(client, period, people):
    Membership.objects.filter(user=people["reporter_b"]).delete()
    client.force_login(people["office"])
    page = client.get(f"/dashboard/?plan={period.plan_id}&period={period.pk}").content.decode()
    assert 'data-test="uncovered"' in page
    section = page.split('data-test="uncovered"')[1].split("</ul>")[0]
    assert "省商务厅" in section and "省科技厅" not in section
