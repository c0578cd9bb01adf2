"""Reads shared by the web pages, the API and exports."""

from __future__ import annotations

import datetime
from collections import OrderedDict

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from indicators.models import Indicator

from ..models import Assignment, Measure, Plan, ReportingPeriod, Section

PUBLIC_PLAN_STATUSES = (Plan.Status.PUBLISHED, Plan.Status.CLOSED)


def plans_visible(*, office: bool) -> QuerySet[Plan]:
    """The ONE rule of who sees which plan, for the web and the API: the office sees drafts
    too; everyone else the published (and finished) plans."""
    plans = Plan.objects.all()
    return plans if office else plans.filter(status__in=PUBLIC_PLAN_STATUSES)


def plans_with_counts(*, office: bool) -> QuerySet[Plan]:
    return (
        plans_visible(office=office)
        .annotate(
            measure_total=Count(
                "measures", filter=~Q(measures__status=Measure.Status.RETIRED), distinct=True
            ),
            chapter_total=Count("sections", filter=Q(sections__parent__isnull=True), distinct=True),
        )
        .order_by("-issued_on", "title")
    )


def measures_without_lead(plan: Plan) -> QuerySet[Measure]:
    """Active measures of the plan that report (no sub-items) and have no resolved lead:
    opening a period would expect nothing of them."""
    has_lead = Assignment.objects.filter(
        measure=OuterRef("pk"), role=Assignment.Role.LEAD, agency__isnull=False
    )
    return (
        Measure.objects.filter(plan=plan, status=Measure.Status.ACTIVE, children__isnull=True)
        .exclude(Exists(has_lead))
        .order_by("order")
    )


def _measures_with_details() -> QuerySet[Measure]:
    assignments = Assignment.objects.select_related("agency").order_by("order", "id")
    live = Measure.objects.current()
    children = live.order_by("order").prefetch_related(
        Prefetch("assignments", queryset=assignments)
    )
    return (
        live.filter(parent__isnull=True)
        .order_by("order")
        .prefetch_related(
            Prefetch("assignments", queryset=assignments),
            Prefetch("indicators", queryset=Indicator.objects.order_by("order", "id")),
            Prefetch("children", queryset=children),
        )
    )


def plan_outline(plan: Plan) -> list[Section]:
    """The plan's sections in reading order, each with its measures, bodies and targets.

    A fixed number of queries whatever the plan's size.
    """
    return list(
        plan.sections.order_by("order").prefetch_related(
            Prefetch("measures", queryset=_measures_with_details())
        )
    )


def plan_loose_measures(plan: Plan) -> list[Measure]:
    """Measures printed outside any chapter."""
    return list(_measures_with_details().filter(plan=plan, section__isnull=True))


def unresolved_names(plan: Plan) -> list[dict]:
    """Names the importer could not match, with where they occur, for the office to resolve."""
    rows = (
        Assignment.objects.filter(Q(measure__plan=plan) | Q(schedule_entry__plan=plan))
        .filter(agency__isnull=True)
        .select_related("measure", "schedule_entry")
        .order_by("name_as_written", "measure__order", "schedule_entry__order")
    )
    grouped: OrderedDict[str, dict] = OrderedDict()
    for row in rows:
        item = grouped.setdefault(row.name_as_written, {"name": row.name_as_written, "places": []})
        place = row.measure.label if row.measure else f"进度表第{row.schedule_entry.order}行"
        if place not in item["places"]:
            item["places"].append(place)
    return list(grouped.values())


def plan_review(plan: Plan) -> dict:
    """Everything the side-by-side review page shows."""
    return {
        "plan": plan,
        "sections": plan_outline(plan),
        "loose_measures": plan_loose_measures(plan),
        "source_lines": list(enumerate(plan.source_text.splitlines(), start=1)),
        "unresolved": unresolved_names(plan),
        "schedule": list(
            plan.schedule.order_by("order").prefetch_related(
                Prefetch("assignments", queryset=Assignment.objects.select_related("agency"))
            )
        ),
    }


def current_of(
    periods_latest_first: list[ReportingPeriod], today: datetime.date
) -> ReportingPeriod | None:
    """The one answer to "which period is now" for a plan, from its periods latest first:
    the latest open one; else the latest closed one; else the latest that has started; else
    the first. The dashboards and the API (a plan never opened shows no status there) ask it.
    """
    for status in (ReportingPeriod.Status.OPEN, ReportingPeriod.Status.CLOSED):
        found = next((p for p in periods_latest_first if p.status == status), None)
        if found is not None:
            return found
    started = next((p for p in periods_latest_first if p.starts_on <= today), None)
    return started or (periods_latest_first[-1] if periods_latest_first else None)


def in_chapter(chapter, prefix: str = "") -> Q:
    """Rows under a top-level chapter (a Section or its id): the chapter's own measures and
    those of its sections (sections nest one level: 一、 then （一）). ``prefix`` reaches the
    measure from another model, e.g. ``"measure__"`` for reports or indicators."""
    return Q(**{f"{prefix}section": chapter}) | Q(**{f"{prefix}section__parent": chapter})
