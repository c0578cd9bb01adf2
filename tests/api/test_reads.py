"""Reading through the API: measures with their status, filters, summaries, fixed query counts."""

from __future__ import annotations

import datetime

import pytest

from agencies.models import Agency
from tasks.models import Assignment, Measure, Plan, ProgressReport, ReportingPeriod
from tasks.services.reporting import (
    ReportInput,
    period_open,
    period_quarter_get_or_create,
    report_save,
    report_submit,
)

from .conftest import agency, report_of

pytestmark = pytest.mark.django_db


def file(report, by, **fields):
    data = ReportInput(progress_status="on_track", progress_text="进展顺利。", **fields)
    report = report_save(report=report, by=by, data=data, expected_version=report.version)
    return report_submit(report=report, by=by)


def test_measures_come_with_each_body_s_report_status_in_the_open_period(
    reporting_plan, reporter_b, read_token, client_for
):
    file(report_of(reporting_plan, "（二）", "省商务厅"), reporter_b)
    body = client_for(read_token).get(f"/api/v1/measures/?plan={reporting_plan.pk}").json()
    assert body["count"] == 2
    first, second = body["results"]
    assert (first["label"], second["label"]) == ("（一）", "（二）")
    assert first["status_period"]["label"] == "2024年第一季度"
    assert sorted(
        (r["agency"]["short_name"], r["role"], r["status"]) for r in first["status_reports"]
    ) == [
        ("省商务厅", "co", "draft"),
        ("省科技厅", "lead", "draft"),
    ]
    assert [(r["agency"]["short_name"], r["status"]) for r in second["status_reports"]] == [
        ("省商务厅", "submitted")
    ]
    assert [a["agency"]["short_name"] for a in first["assignments"]] == ["省科技厅", "省商务厅"]
    assert [t["name"] for t in second["targets"]] == ["发明专利申请量"]


def test_agency_filter_includes_the_bodies_merged_into_it(reporting_plan, read_token, client_for):
    today = agency("省科技厅")
    old = Agency.objects.create(
        name="江苏省旧科委",
        short_name="省旧科委",
        level="province",
        kind="department",
        successor=today,
        is_active=False,
    )
    older = Agency.objects.create(
        name="江苏省更旧科委",
        short_name="省更旧科委",
        level="province",
        kind="department",
        successor=old,
        is_active=False,
    )
    plan = reporting_plan
    legacy = Measure.objects.create(
        plan=plan, number=3, label="（三）", ref="（三）", order=3, text="旧名称下的措施。"
    )
    Assignment.objects.create(
        measure=legacy, agency=older, role="lead", name_as_written="省更旧科委"
    )
    client = client_for(read_token)
    labels = [
        m["label"] for m in client.get(f"/api/v1/measures/?agency={today.pk}").json()["results"]
    ]
    assert labels == ["（一）", "（三）"]
    exact = client.get(f"/api/v1/measures/?agency={today.pk}&include_predecessors=false").json()
    assert [m["label"] for m in exact["results"]] == ["（一）"]
    led = client.get(f"/api/v1/measures/?agency={agency('省商务厅').pk}&role=lead").json()
    assert [m["label"] for m in led["results"]] == ["（二）"]
    lineage = client.get(f"/api/v1/agencies/?lineage_of={today.pk}&ordering=id").json()
    assert {a["short_name"] for a in lineage["results"]} == {"省科技厅", "省旧科委", "省更旧科委"}
    assert client.get(f"/api/v1/agencies/{old.pk}/").json()["successor"] == today.pk


def test_report_filters_for_status_lateness_and_incremental_sync(
    reporting_plan, reporter_b, office_token, client_for, monkeypatch
):
    from core import clock

    client = client_for(office_token)
    late_moment = datetime.datetime(2024, 4, 15, 10, tzinfo=datetime.UTC)  # due 2024-04-10
    monkeypatch.setattr("core.clock.now", lambda: late_moment)
    file(report_of(reporting_plan, "（二）", "省商务厅"), reporter_b)
    monkeypatch.undo()
    submitted = client.get("/api/v1/reports/?status=submitted").json()["results"]
    assert [(r["measure"]["label"], r["late_days"]) for r in submitted] == [("（二）", 5)]
    assert client.get("/api/v1/reports/?late=true").json()["count"] == 1
    # false is 按时报送, as the dashboard counts it: delivered on time (none here); the two
    # reports never delivered are neither.
    assert client.get("/api/v1/reports/?late=false").json()["count"] == 0
    # Incremental sync: only what changed after the mark.
    mark = clock.now()
    ProgressReport.objects.filter(pk=report_of(reporting_plan, "（一）", "省科技厅").pk).update(
        updated_at=mark + datetime.timedelta(seconds=1)
    )
    since = client.get(
        "/api/v1/reports/", {"updated_since": mark.isoformat(), "ordering": "updated_at"}
    ).json()
    assert [(r["measure"]["label"], r["agency"]["short_name"]) for r in since["results"]] == [
        ("（一）", "省科技厅")
    ]
    bad = client.get("/api/v1/reports/?period=abc")
    assert (bad.status_code, bad.json()["code"]) == (400, "invalid")
    assert "period" in bad.json()["detail"]


def test_report_list_pages_write_each_report_exactly_as_its_own_page_does(
    reporting_plan, reporter_b, office_supervisor, office_token, read_token, client_for
):
    """The list writes rows directly (FastReportOut); the single report goes through
    ReportOut, which the schema documents. Every field must agree, values and times too."""
    from decimal import Decimal

    from tasks.services.reporting import report_accept

    target = reporting_plan.measures.get(label="（二）").indicators.get()
    filed = file(
        report_of(reporting_plan, "（二）", "省商务厅"),
        reporter_b,
        completion_percent=40,
        problems="资金到位较慢。",
        values={target.pk: Decimal("12.5")},
    )
    report_accept(report=filed, by=office_supervisor, comment="同意。")
    for token in (office_token, read_token):
        client = client_for(token)
        listed = client.get("/api/v1/reports/?page_size=100&ordering=-updated_at").json()
        assert listed["count"] == len(listed["results"]) > 0
        for row in listed["results"]:
            assert row == client.get(f"/api/v1/reports/{row['id']}/").json()
    accepted = next(
        r
        for r in client_for(office_token).get("/api/v1/reports/").json()["results"]
        if r["status"] == "accepted"
    )
    assert accepted["values"] == [{"indicator": target.pk, "value": "12.5000"}]
    assert accepted["accepted_at"].endswith("+08:00")


def test_status_summary_counts_the_period(
    reporting_plan, reporter_b, read_token, client_for, monkeypatch
):
    period = ReportingPeriod.objects.get(plan=reporting_plan)
    on_time = datetime.datetime(2024, 4, 1, 10, tzinfo=datetime.UTC)
    monkeypatch.setattr("core.clock.now", lambda: on_time)
    file(report_of(reporting_plan, "（二）", "省商务厅"), reporter_b)
    late = datetime.datetime(2024, 4, 12, 10, tzinfo=datetime.UTC)
    monkeypatch.setattr("core.clock.now", lambda: late)
    file(report_of(reporting_plan, "（一）", "省商务厅"), reporter_b)
    body = client_for(read_token).get(f"/api/v1/periods/{period.pk}/summary/").json()
    assert body == {
        "plan": reporting_plan.pk,
        "period": period.pk,
        "period_label": "2024年第一季度",
        "due_on": "2024-04-10",
        "due_date": "2024-04-10",
        "expected": 3,
        "submitted": 2,
        "on_time": 1,
        "late": 1,
        "missing": 1,
        "returned": 0,
        "accepted": 0,
    }


def test_draft_plans_are_visible_only_to_the_office(
    reporting_plan, read_token, office_token, client_for
):
    Plan.objects.create(title="草拟中的计划", slug="draft-plan", level="province")
    agency_view = client_for(read_token).get("/api/v1/plans/").json()
    office_view = client_for(office_token).get("/api/v1/plans/").json()
    assert [p["title"] for p in agency_view["results"]] == ["测试行动计划"]
    assert sorted(p["title"] for p in office_view["results"]) == ["测试行动计划", "草拟中的计划"]
    assert [c["title"] for c in agency_view["results"][0]["chapters"]] == ["推进知识产权创造"]


def test_unknown_addresses_and_objects_answer_404_in_the_error_shape(read_token, client_for):
    client = client_for(read_token)
    assert client.get("/api/v1/measures/999999/").json()["code"] == "not_found"
    response = client.get("/api/v1/nothing-here/")
    assert (response.status_code, response.json()["code"]) == (404, "not_found")


def test_pages_keep_a_stable_order_and_messages_stay_chinese(
    reporting_plan, office_token, client_for
):
    client = client_for(office_token)
    first = client.get("/api/v1/reports/?page_size=2&ordering=late_days").json()
    second = client.get("/api/v1/reports/?page_size=2&ordering=late_days&page=2").json()
    ids = [r["id"] for r in first["results"] + second["results"]]
    assert ids == sorted(ids)  # equal late_days: the id decides, so no row swaps pages
    response = client.get("/api/v1/reports/?page=9", HTTP_ACCEPT_LANGUAGE="en")
    assert (response.status_code, response.json()["code"]) == (404, "not_found")
    assert "找不到" in response.json()["message"]


# --- query counts do not grow with the data -------------------------------------------------


def grow(plan, extra_measures: int, reporter):
    """Add measures with two responsible bodies each and reports in the open period; the
    reporter (of 省科技厅) submits the first new one."""
    a, b = agency("省科技厅"), agency("省商务厅")
    start = plan.measures.count()
    for number in range(start + 1, start + 1 + extra_measures):
        measure = Measure.objects.create(
            plan=plan,
            number=number,
            label=f"（{number}）",
            ref=f"（{number}）",
            order=number,
            text="扩充措施。",
        )
        Assignment.objects.create(
            measure=measure, agency=a, role="lead", name_as_written="省科技厅"
        )
        Assignment.objects.create(measure=measure, agency=b, role="co", name_as_written="省商务厅")
        measure.indicators.create(plan=plan, name="指标", kind="absolute", target_value=1)
    period = period_quarter_get_or_create(plan=plan, year=2024, quarter=1)
    period_open(period=period)
    file(ProgressReport.objects.get(period=period, measure__number=start + 1, agency=a), reporter)


ENDPOINTS = [
    "/api/v1/measures/?page_size=100",
    # "measures changed since": every measure changed (the worst case the bench measures)
    "/api/v1/measures/?page_size=100&updated_since=2000-01-01T00:00:00Z",
    "/api/v1/reports/?page_size=100",
    "/api/v1/reports/?page_size=100&ordering=updated_at&updated_since=2000-01-01T00:00:00Z",
    # the sync's second page, reached through `next` (NEXT: the test follows the link)
    "NEXT/api/v1/reports/?page_size=2&ordering=updated_at&updated_since=2000-01-01T00:00:00Z",
    "/api/v1/reports/?status=submitted&ordering=submitted_at",  # the review list
    "/api/v1/plans/",
    "/api/v1/agencies/?page_size=100",
    "/api/v1/indicators/?page_size=100",
    "/api/v1/periods/",
]


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_list_endpoints_cost_the_same_queries_at_two_sizes(
    endpoint,
    reporting_plan,
    reporter_a,
    office_token,
    read_token,
    client_for,
    django_assert_max_num_queries,
    settings,
):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"api-queries-{endpoint}",
        }
    }
    counts = []
    for extra in (3, 40):
        grow(reporting_plan, extra, reporter_a)
        for token in (office_token, read_token):
            client = client_for(token)
            url = endpoint.removeprefix("NEXT")
            first = client.get(url)  # and the token's last-used stamp, written once a minute
            if endpoint.startswith("NEXT"):
                url = first.json()["next"]
                assert "cursor=" in url
            from django.db import connection
            from django.test.utils import CaptureQueriesContext

            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)
            assert response.status_code == 200
            assert response.json()["count"] > 0
            counts.append(len(captured))
    small_office, small_agency, large_office, large_agency = counts
    assert (large_office, large_agency) == (small_office, small_agency)
    with django_assert_max_num_queries(10):
        client_for(office_token).get(endpoint.removeprefix("NEXT"))


# --- following `next`: every row once, no full count ----------------------------------------


def follow(client, url: str) -> list[dict]:
    rows, pages = [], 0
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        body = response.json()
        rows += body["results"]
        url = body["next"]
        pages += 1
        assert pages < 100
    return rows


@pytest.mark.parametrize("ordering", ["updated_at", "-updated_at", "late_days", "submitted_at"])
def test_following_next_links_yields_every_report_once_in_order(
    ordering, reporting_plan, reporter_b, office_token, client_for
):
    from core import clock

    file(report_of(reporting_plan, "（二）", "省商务厅"), reporter_b)
    # Ties on the ordering column: the id decides, so no row is skipped or repeated.
    ProgressReport.objects.update(updated_at=clock.now())
    client = client_for(office_token)
    rows = follow(client, f"/api/v1/reports/?page_size=1&ordering={ordering}")
    expected = list(ProgressReport.objects.order_by(ordering, "id").values_list("id", flat=True))
    assert [r["id"] for r in rows] == expected
    assert len(expected) >= 3


def test_following_next_over_measures_of_plans_issued_out_of_id_order_yields_each_once(
    reporting_plan, office_token, client_for
):
    # Measures are listed by plan (newest issued first), then order. A plan entered later but
    # issued later sorts first, before plans with lower ids: a cursor on plan ids skipped them.
    newer = Plan.objects.create(
        title="较新印发的计划", slug="newer-plan", status="published", level="province"
    )
    Plan.objects.filter(pk=newer.pk).update(issued_on=datetime.date(2030, 1, 1))
    Plan.objects.filter(pk=reporting_plan.pk).update(issued_on=datetime.date(2001, 1, 1))
    for number in (1, 2):
        Measure.objects.create(
            plan=newer, number=number, label=f"（{number}）", ref=f"（{number}）", order=number
        )
    client = client_for(office_token)
    rows = follow(client, "/api/v1/measures/?page_size=1")
    expected = list(
        Measure.objects.order_by("-plan__issued_on", "plan__title", "order", "id").values_list(
            "id", flat=True
        )
    )
    assert [r["id"] for r in rows] == expected
    assert {r["plan"] for r in rows} == {newer.pk, reporting_plan.pk}


def test_cursor_links_carry_no_page_number_and_bad_cursors_are_refused_in_chinese(
    reporting_plan, office_token, client_for
):
    client = client_for(office_token)
    first = client.get("/api/v1/reports/?page_size=1&ordering=updated_at").json()
    assert first["count"] == ProgressReport.objects.count() and first["count_exact"] is True
    assert "cursor=" in first["next"] and "page=" not in first["next"]
    for bad in ("not-base64!", "eyJrIjpbMV19", "eyJvIjotNX0="):  # garbage, wrong arity, -5
        response = client.get(f"/api/v1/reports/?ordering=updated_at&cursor={bad}")
        assert (response.status_code, response.json()["code"]) == (400, "invalid_cursor"), bad
        assert "游标" in response.json()["message"]


def test_counts_above_the_limit_are_flagged_as_estimates(
    reporting_plan, office_token, client_for, monkeypatch
):
    monkeypatch.setattr("api.pagination.COUNT_LIMIT", 1)
    body = client_for(office_token).get("/api/v1/reports/").json()
    assert body["count_exact"] is False
    assert body["count"] >= 2
    assert len(body["results"]) == ProgressReport.objects.count()


def test_pages_reached_through_next_carry_the_first_page_s_count_without_counting(
    reporting_plan, office_token, client_for
):
    client = client_for(office_token)
    url = "/api/v1/reports/?page_size=1&ordering=updated_at"
    client.get(url)  # the token's last-used stamp is written once a minute
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as first_queries:
        first = client.get(url).json()
    assert (first["count"], first["count_exact"]) == (3, True)
    with CaptureQueriesContext(connection) as next_queries:
        second = client.get(first["next"]).json()
    # The same figure, said to be carried rather than counted for this answer.
    assert (second["count"], second["count_exact"]) == (3, False)
    counts = [q["sql"] for q in first_queries if "COUNT(" in q["sql"].upper()]
    assert len(counts) == 1
    assert not [q["sql"] for q in next_queries if "COUNT(" in q["sql"].upper()]
    assert len(next_queries) == len(first_queries) - 1
    third = client.get(second["next"]).json()
    assert (third["count"], third["next"]) == (3, None)
