"""Redis stopped: the API still answers (throttling fails open and says so in the log), and
with the broker down filing, reviewing and 催办 succeed; the deliveries go out once it is
back. Against a real Redis of this test's own, stopped and started again."""

from __future__ import annotations

import logging

import pytest
from django.core.cache import cache

from ipplan.cache import CacheUnavailable
from notifications import services
from notifications.models import DeliveryLog, Notification, Urge
from tasks.models import ProgressReport, ReportingPeriod
from tests.api.conftest import agency, issue
from tests.helpers import wait_until
from tests.reports.conftest import form_data, report_of


def cache_answers() -> bool:
    try:
        cache.get("ping")
    except CacheUnavailable:
        return False
    return True


@pytest.mark.django_db
def test_with_redis_down_the_api_answers_and_throttling_fails_open(
    redis_cache, reporting_plan, reporter_b, client_for, caplog
):
    period = ReportingPeriod.objects.get(plan=reporting_plan)
    api = client_for(issue(reporter_b, agency("省商务厅"), ("read",), rate_per_minute=3))

    def statuses(count: int) -> list[int]:
        url = f"/api/v1/periods/{period.pk}/summary/"
        return [api.get(url).status_code for _ in range(count)]

    assert statuses(4) == [200, 200, 200, 429]  # Redis counts the requests

    redis_cache.stop()
    with caplog.at_level(logging.WARNING):
        assert statuses(5) == [200] * 5  # never a 500: not counted, let through
    assert "API throttling off while the cache is unavailable" in caplog.text
    summary = client_for(issue(reporter_b, agency("省商务厅"), ("read",)))
    response = summary.get(f"/api/v1/periods/{period.pk}/summary/")
    assert response.status_code == 200 and response.json()["expected"] == 3  # from the database

    redis_cache.start()  # an empty Redis: counting starts again
    wait_until(cache_answers, what="the cache after Redis restarted")
    assert statuses(4) == [200, 200, 200, 429]


@pytest.mark.django_db(transaction=True)
def test_with_the_broker_down_filing_review_and_urging_succeed_and_deliveries_follow(
    broker_worker, redis_cache, reporting_plan, people, frozen_clock, client
):
    frozen_clock.set("2024-04-12")  # after the due date: 省商务厅 has reports to urge
    redis_cache.stop()  # broker and cache down for the worker and for this process

    report = report_of(reporting_plan, "（一）", "省科技厅")
    client.force_login(people["reporter_a"])
    filed = client.post(
        f"/reports/{report.pk}/",
        form_data(report, progress_text="平台一期已上线。", action="submit"),
    )
    assert filed.status_code == 302
    client.force_login(people["approver_a"])
    signed = client.post(f"/reports/{report.pk}/sign-off/", {"text": "同意报送。"})
    assert signed.status_code == 302
    client.force_login(people["office"])
    returned = client.post(f"/reports/{report.pk}/return/", {"text": "请补充数据。"})
    assert returned.status_code == 302
    urged = client.post(
        "/notifications/urge/",
        {"period": report.period_id, "agency": agency("省商务厅").pk},
    )
    assert urged.status_code == 302

    report.refresh_from_db()
    assert report.state == ProgressReport.State.RETURNED
    assert Urge.objects.count() == 1
    waiting = DeliveryLog.objects.count()
    assert waiting and not DeliveryLog.objects.exclude(status="pending").exists()

    redis_cache.start()
    wait_until(cache_answers, what="Redis to come back")
    services.deliveries_resume()  # what beat runs every five minutes
    wait_until(
        lambda: DeliveryLog.objects.filter(status="sent").count() == waiting,
        what="the worker's deliveries after the broker came back",
    )
    assert Notification.objects.filter(recipient=people["reporter_b"]).count() == 1  # the 催办
