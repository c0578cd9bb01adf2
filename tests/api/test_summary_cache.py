"""The period summary is served from the cache: never stale after a state change, never
shown to a caller who may not see the period, and no more queries once cached.

These run on whatever cache the settings configure: memory by default, Redis under
REDIS_URL (as in production and CI).
"""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from tasks.models import Plan, ReportingPeriod
from tasks.selectors.counts import period_status_summary
from tasks.selectors.summary import period_status_summary_cached
from tasks.services.reporting import (
    ReportInput,
    period_open,
    period_quarter_get_or_create,
    report_accept,
    report_save,
    report_submit,
)

from ..reports.conftest import form_data
from .conftest import agency, issue, report_of

pytestmark = pytest.mark.django_db

COUNTS = ("expected", "submitted", "on_time", "late", "missing", "returned", "accepted")
DRAFT = {"progress_status": "on_track", "progress_text": "已完成平台选址。", "version": 0}


def counts(client, period) -> dict[str, int]:
    response = client.get(f"/api/v1/periods/{period.pk}/summary/")
    assert response.status_code == 200, response.json()
    return {name: response.json()[name] for name in COUNTS}


def truth(period) -> dict[str, int]:
    return period_status_summary(period.plan, period)


@pytest.fixture
def period(reporting_plan):
    return ReportingPeriod.objects.get(plan=reporting_plan)


def test_api_writes_show_in_the_summary_at_once(
    reporting_plan, period, reporter_b_token, office_token, client_for
):
    office, agency_b = client_for(office_token), client_for(reporter_b_token)
    report = report_of(reporting_plan, "（二）", "省商务厅")
    url = f"/api/v1/reports/{report.pk}/"
    assert counts(office, period) == truth(period)
    assert counts(office, period)["missing"] == 3  # now cached

    agency_b.patch(url, DRAFT, format="json")
    agency_b.post(f"{url}submit/", {}, format="json")
    after_submit = counts(office, period)
    assert (after_submit["submitted"], after_submit["missing"]) == (1, 2)

    office.post(f"{url}return/", {"reason": "请补充数据。"}, format="json")
    assert counts(office, period)["returned"] == 1

    version = agency_b.get(url).json()["version"]
    agency_b.patch(url, {"problems": "已补充。", "version": version}, format="json")
    agency_b.post(f"{url}submit/", {}, format="json")
    assert counts(office, period)["returned"] == 0
    office.post(f"{url}accept/", {"comment": "同意。"}, format="json")
    assert counts(office, period) == truth(period)
    assert counts(office, period)["accepted"] == 1


def test_web_writes_show_in_the_api_summary_at_once(
    reporting_plan, period, reporter_b, office_supervisor, office_token, client_for, client
):
    api = client_for(office_token)
    report = report_of(reporting_plan, "（二）", "省商务厅")
    assert counts(api, period)["submitted"] == 0  # cached
    client.force_login(reporter_b)
    client.post(
        f"/reports/{report.pk}/", form_data(report, progress_text="一期上线。", action="submit")
    )
    assert counts(api, period)["submitted"] == 1
    client.force_login(office_supervisor)
    client.post(f"/reports/{report.pk}/accept/", {"text": "同意。"})
    assert counts(api, period)["accepted"] == 1
    assert counts(api, period) == truth(period)


def test_a_newly_opened_period_is_counted_at_once(reporting_plan, office_token, client_for):
    api = client_for(office_token)
    q2 = period_quarter_get_or_create(plan=reporting_plan, year=2024, quarter=2)
    assert counts(api, q2)["expected"] == 0  # cached before the period opens
    period_open(period=q2)
    assert counts(api, q2)["expected"] == 3


def test_a_summary_computed_before_a_commit_is_not_served_after_it(
    reporting_plan, period, reporter_b, django_capture_on_commit_callbacks
):
    """A reader on another connection, between the write and its commit, still sees the old
    rows; whatever it caches then must not outlive the commit."""
    report = report_of(reporting_plan, "（二）", "省商务厅")
    before = period_status_summary_cached(period)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        data = ReportInput(progress_status="on_track", progress_text="进展顺利。")
        report = report_save(report=report, by=reporter_b, data=data, expected_version=0)
        report_submit(report=report, by=reporter_b)
        # What that reader caches: the counts from before, under the version it read.
        from django.core.cache import cache

        from tasks.selectors import summary

        key = summary._key(period)
        cache.set(f"{key}:counts", (cache.get(f"{key}:version"), before), timeout=60)
        assert period_status_summary_cached(period) == before  # the stale entry is in place
    assert period_status_summary_cached(period) == truth(period)
    assert period_status_summary_cached(period)["submitted"] == 1


def test_the_summary_is_the_same_for_every_caller_who_may_see_the_period(
    reporting_plan, period, reporter_a, office_supervisor, read_token, office_token, client_for
):
    """The counts do not depend on the viewer (the dashboard's numbers), so one cached copy
    serves everyone; who may see the period is decided on every request."""
    file = ReportInput(progress_status="on_track", progress_text="进展顺利。")
    report = report_save(
        report=report_of(reporting_plan, "（一）", "省科技厅"),
        by=reporter_a,
        data=file,
        expected_version=0,
    )
    report_accept(
        report=report_submit(report=report, by=reporter_a), by=office_supervisor, comment=""
    )
    bodies = [
        client_for(token).get(f"/api/v1/periods/{period.pk}/summary/").json()
        for token in (
            office_token,
            read_token,
            issue(reporter_a, agency("省科技厅"), ("read",)),
        )
    ]
    assert bodies[0] == bodies[1] == bodies[2]
    assert bodies[0]["accepted"] == 1


def test_a_cached_summary_of_a_draft_plan_stays_with_the_office(
    reporting_plan, period, read_token, office_token, client_for
):
    Plan.objects.filter(pk=reporting_plan.pk).update(status=Plan.Status.DRAFT)
    assert counts(client_for(office_token), period)["expected"] == 3  # cached now
    refused = client_for(read_token).get(f"/api/v1/periods/{period.pk}/summary/")
    assert (refused.status_code, refused.json()["code"]) == (404, "not_found")
    assert "expected" not in refused.json()
    Plan.objects.filter(pk=reporting_plan.pk).update(status=Plan.Status.PUBLISHED)
    assert counts(client_for(read_token), period)["expected"] == 3


def test_a_token_without_read_scope_gets_no_summary_cached_or_not(
    reporting_plan, period, reporter_b, office_token, client_for
):
    from api.models import ApiToken

    assert client_for(office_token).get(f"/api/v1/periods/{period.pk}/summary/").status_code == 200
    writer = issue(reporter_b, agency("省商务厅"), ("report",))
    refused = client_for(writer).get(f"/api/v1/periods/{period.pk}/summary/")
    assert (refused.status_code, refused.json()["code"]) == (403, "insufficient_scope")
    ApiToken.objects.filter(user__username="office").update(revoked_at="2024-01-01T00:00Z")
    revoked = client_for(office_token).get(f"/api/v1/periods/{period.pk}/summary/")
    assert (revoked.status_code, revoked.json()["code"]) == (401, "token_revoked")


def test_a_cached_summary_costs_two_queries_whatever_the_size(
    reporting_plan, period, reporter_a, office_token, client_for
):
    """Token and period; the counts come from the cache until a report changes state."""
    from .test_reads import grow

    client = client_for(office_token)
    url = f"/api/v1/periods/{period.pk}/summary/"
    costs = []
    for extra in (3, 40):
        grow(reporting_plan, extra, reporter_a)
        client.get(url)  # computes and caches (and stamps the token's last use)
        with CaptureQueriesContext(connection) as cached:
            body = client.get(url).json()
        costs.append(len(cached))
        assert body["expected"] == truth(period)["expected"]
    assert costs == [2, 2]
