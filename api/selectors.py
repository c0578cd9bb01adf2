"""Reads the API needs on top of the shared selectors: visibility of plans, agency lineage,
and each measure's status in its plan's current reporting period."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from agencies.models import Agency
from agencies.names import current_names
from core import clock
from indicators.models import Indicator
from tasks.models import (
    Assignment,
    Measure,
    ProgressReport,
    ReportingPeriod,
    ReportValue,
    ScheduleEntry,
)
from tasks.selectors.plans import PUBLIC_PLAN_STATUSES, current_of

# The agency columns a row needs for ``api.resources.common.agency_out``.
AGENCY_ROW_FIELDS = ("agency_id", "agency__name", "agency__short_name", "agency__successor_id")


def with_current_agency_names(rows: Iterable[dict], id_key: str = "agency_id") -> None:
    """Give each row whose agency was renamed or merged its current body's name
    (``agencies.names``) as ``agency__current``; no query when no row's agency has a
    successor, two at most otherwise, whatever the number of rows."""
    rows = [row for row in rows if row.get("agency__successor_id")]
    if rows:
        names = current_names(row[id_key] for row in rows)
        for row in rows:
            row["agency__current"] = names.get(row[id_key])


def period_visible(pk, *, office: bool) -> ReportingPeriod | None:
    """The period, if its plan is visible to the caller (``plans_visible``). One query."""
    periods = ReportingPeriod.objects.filter(pk=pk)
    if not office:
        periods = periods.filter(plan__status__in=PUBLIC_PLAN_STATUSES)
    try:
        return periods.get()
    except ReportingPeriod.DoesNotExist:
        return None


def agency_lineage(agency_id: int) -> set[int]:
    """The agency and every body that merged into it, however many reforms back.

    One query over the successor links (the directory has a few hundred rows).
    """
    predecessors: dict[int, list[int]] = defaultdict(list)
    for pk, successor_id in Agency.objects.filter(successor__isnull=False).values_list(
        "pk", "successor_id"
    ):
        predecessors[successor_id].append(pk)
    lineage, todo = {agency_id}, [agency_id]
    while todo:
        for pk in predecessors.get(todo.pop(), []):
            if pk not in lineage:
                lineage.add(pk)
                todo.append(pk)
    return lineage


def current_periods(plan_ids: Iterable[int]) -> dict[int, ReportingPeriod]:
    """Per plan, the period whose status the API shows: the plan's current period (the
    dashboard's, ``tasks.selectors.plans.current_of``) once one has been opened; plans with
    nothing opened yet have none. One query."""
    by_plan: dict[int, list[ReportingPeriod]] = {}
    for period in ReportingPeriod.objects.filter(plan_id__in=set(plan_ids)).order_by(
        "plan_id", "-starts_on", "kind", "-id"
    ):
        by_plan.setdefault(period.plan_id, []).append(period)
    chosen = {plan_id: current_of(periods, clock.today()) for plan_id, periods in by_plan.items()}
    return {
        plan_id: period
        for plan_id, period in chosen.items()
        if period is not None and period.status != ReportingPeriod.Status.SCHEDULED
    }


def measures_details(measures: list[Measure], *, period: ReportingPeriod | None = None) -> None:
    """Attach to each measure of a page what the API shows with it, as plain rows.

    ``assignment_rows``, ``schedule_rows``, ``target_rows``; ``status_period`` and
    ``status_report_rows``: every responsible body's report in ``period`` when given,
    otherwise in the measure's plan's current period. Plain ``values()`` rows rather than
    model instances: a 100-row page is read in five queries and serialised without building
    a few thousand objects.
    """
    ids = [m.pk for m in measures]
    if period is not None:
        periods = {m.plan_id: period for m in measures}
    else:
        periods = current_periods(m.plan_id for m in measures)
    by_measure: dict[str, dict[int, list[dict]]] = {
        name: defaultdict(list) for name in ("assignments", "schedule", "targets", "reports")
    }
    agency_fields = AGENCY_ROW_FIELDS
    for row in (
        Assignment.objects.filter(measure_id__in=ids)
        .order_by("order", "id")
        .values("id", "measure_id", "role", "name_as_written", "note", *agency_fields)
    ):
        by_measure["assignments"][row["measure_id"]].append(row)
    for row in (
        ScheduleEntry.objects.filter(measure_id__in=ids)
        .order_by("order", "id")
        .values(
            "id",
            "measure_id",
            "stage",
            "key_task",
            "action",
            "period_text",
            "start_month",
            "end_month",
        )
    ):
        by_measure["schedule"][row["measure_id"]].append(row)
    for row in (
        Indicator.objects.filter(measure_id__in=ids)
        .order_by("order", "id")
        .values(
            "id",
            "measure_id",
            "name",
            "unit",
            "kind",
            "comparison",
            "base_year",
            "base_value",
            "target_value",
            "target_max",
            "target_year",
        )
    ):
        by_measure["targets"][row["measure_id"]].append(row)
    wanted_periods = {(m.pk, periods[m.plan_id].pk) for m in measures if m.plan_id in periods}
    for row in (
        ProgressReport.objects.filter(
            measure_id__in=ids, period_id__in={p.pk for p in periods.values()}
        )
        .order_by("measure_id", "id")
        .values(
            "id",
            "measure_id",
            "period_id",
            "role",
            "state",
            "progress_status",
            "completion_percent",
            "late_days",
            "first_submitted_at",
            "submitted_at",
            "updated_at",
            *agency_fields,
        )
    ):
        if (row["measure_id"], row["period_id"]) in wanted_periods:
            by_measure["reports"][row["measure_id"]].append(row)
    with_current_agency_names(
        row
        for name in ("assignments", "reports")
        for rows in by_measure[name].values()
        for row in rows
    )
    for measure in measures:
        measure.assignment_rows = by_measure["assignments"][measure.pk]
        measure.schedule_rows = by_measure["schedule"][measure.pk]
        measure.target_rows = by_measure["targets"][measure.pk]
        measure.status_period = periods.get(measure.plan_id)
        measure.status_report_rows = by_measure["reports"][measure.pk]


def reports_rows(ids: list[int], fields: Iterable[str]) -> list[dict]:
    """The reports with these ids as ``values(*fields)`` rows, in the order given, each with
    ``value_rows``: its (indicator_id, value) pairs. Two queries, no model instances.

    The list endpoint pages through a narrow id query (an index range scan even hundreds of
    pages deep) and joins measure and agency only for the page it answers.
    """
    by_id = {
        row["id"]: row
        for row in ProgressReport.objects.filter(pk__in=ids)
        .order_by()
        .values(*dict.fromkeys(("id", *fields)))
    }
    for row in by_id.values():
        row["value_rows"] = []
    if by_id:
        for report_id, indicator_id, value in (
            ReportValue.objects.filter(report_id__in=by_id)
            .order_by("id")
            .values_list("report_id", "indicator_id", "value")
        ):
            by_id[report_id]["value_rows"].append((indicator_id, value))
    with_current_agency_names(by_id.values(), id_key="agency")
    return [by_id[pk] for pk in ids if pk in by_id]
