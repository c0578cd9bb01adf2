"""The overview's and the matrix's figures are the counts' own (tasks.selectors.counts).

Both pages run their grouped queries compiled once per process (core.compiled); these
tests read every figure of the pages for several filter shapes on generated data and
compare it with ``report_counts`` / ``period_status_summary`` asked directly, and check
that a write between two requests shows at once (the SQL is kept, never its answer).
"""

from __future__ import annotations

import pytest
from django.utils import timezone

from agencies.selectors import agencies_without_reporter
from core import clock
from ipplan.workcalendar import WorkingCalendar
from tasks.models import Plan, ProgressReport
from tasks.selectors.counts import BUCKET_LABELS, period_status_summary, report_counts
from tasks.selectors.dashboard import DashboardFilters
from tasks.selectors.dashboard.filters import filtered_reports
from tasks.synthetic import synthetic_generate, synthetic_reports_generate

pytestmark = pytest.mark.django_db


@pytest.fixture
def generated(client, office_supervisor):
    synthetic_generate(seed=3, scale=0.05)
    synthetic_reports_generate(seed=3, quarters=4)
    plan = Plan.objects.filter(slug__startswith="synthetic-").order_by("slug").first()
    client.force_login(office_supervisor)
    return plan


def _shapes(plan: Plan):
    periods = list(plan.periods.order_by("-starts_on"))
    chapter = plan.sections.filter(parent__isnull=True).order_by("order").first()
    agency = ProgressReport.objects.filter(period=periods[0]).order_by("agency_id").first().agency
    return [
        DashboardFilters(plan=plan, period=periods[0]),
        DashboardFilters(plan=plan, period=periods[1]),
        DashboardFilters(plan=plan, period=periods[1], section=chapter),
        DashboardFilters(plan=plan, period=periods[1], agency=agency),
        DashboardFilters(plan=plan, period=periods[2], section=chapter, agency=agency),
    ]


def _url(page: str, filters: DashboardFilters) -> str:
    return f"{page}?{filters.query()}"


def test_every_overview_figure_is_the_counts_own(client, generated):
    cal = WorkingCalendar.load()
    seen = dict.fromkeys(BUCKET_LABELS, 0)
    listed = {"lagging": 0, "uncovered": 0}
    for filters in _shapes(generated):
        overview = client.get(_url("/dashboard/", filters)).context["o"]
        reports = filtered_reports(filters)
        (total,) = report_counts(reports)
        assert {c.name: c.value for c in overview.compliance} == total
        if not (filters.section or filters.agency):
            assert total == period_status_summary(filters.plan, filters.period)
        seen = {name: seen[name] + total[name] for name in seen}

        per_measure = {row["measure_id"]: row for row in report_counts(reports, "measure_id")}
        assert {m.measure.pk for m in overview.measures if m.counts} == set(per_measure)
        overdue = cal.is_past_due(filters.period.due_on, clock.today())
        for m in overview.measures:
            if not m.counts:
                continue
            want = per_measure[m.measure.pk]
            assert m.counts["expected"] == want["expected"]
            assert m.counts["late"] == want["late"]
            assert m.counts["returned"] == want["returned"]
            assert m.counts["overdue_missing"] + m.counts["missing"] == want["missing"]
            assert m.counts["overdue_missing" if overdue else "missing"] == want["missing"]

        per_agency = {row["agency_id"]: row for row in report_counts(reports, "agency_id")}
        listed["lagging"] += len(overview.lagging_agencies)
        listed["uncovered"] += len(overview.uncovered_agencies)
        for a in overview.lagging_agencies:
            assert (a.expected, a.late) == (
                per_agency[a.agency_id]["expected"],
                per_agency[a.agency_id]["late"],
            )
            assert a.overdue_missing == (per_agency[a.agency_id]["missing"] if overdue else 0)
        uncovered = agencies_without_reporter(per_agency)
        assert {pk for pk, _, _ in overview.uncovered_agencies} == uncovered
        for pk, _, expected in overview.uncovered_agencies:
            assert expected == per_agency[pk]["expected"]
    assert all(seen.values()) and all(listed.values()), (seen, listed)  # something to compare


def test_every_matrix_cell_is_the_counts_own(client, generated):
    for filters in _shapes(generated):
        response = client.get(_url("/dashboard/matrix/", filters))
        periods = response.context["periods"]
        reports = filtered_reports(filters).model.objects.filter(period__in=periods)
        if filters.section or filters.agency:
            reports = reports.filter(
                pk__in=filtered_reports(
                    DashboardFilters(
                        plan=filters.plan, section=filters.section, agency=filters.agency
                    )
                )
            )
        want = {
            (row["agency_id"], row["period_id"]): row
            for row in report_counts(reports, "agency_id", "period_id")
        }
        shown = {
            (row.agency_id, cell.period.pk): cell
            for row in response.context["rows"]
            for cell in row.cells
            if cell.expected
        }
        assert set(shown) == set(want)
        for key, cell in shown.items():
            for bucket in ("expected", "on_time", "late", "missing"):
                assert getattr(cell, bucket) == want[key][bucket], (key, bucket)


def test_a_report_delivered_between_two_requests_counts_at_once(client, generated):
    filters = _shapes(generated)[0]
    before = {
        c.name: c.value for c in client.get(_url("/dashboard/", filters)).context["o"].compliance
    }
    report = filtered_reports(filters).filter(first_submitted_at__isnull=True).first()
    ProgressReport.objects.filter(pk=report.pk).update(
        first_submitted_at=timezone.now(), late_days=0, state=ProgressReport.State.SUBMITTED
    )
    after = {
        c.name: c.value for c in client.get(_url("/dashboard/", filters)).context["o"].compliance
    }
    assert after["submitted"] == before["submitted"] + 1
    assert after["missing"] == before["missing"] - 1
    assert set(after) == set(BUCKET_LABELS)
