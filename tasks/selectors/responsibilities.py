"""Reads behind the 责任分工 page and its API: measures by filter, their bodies, the directory."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from agencies.models import Agency, Level
from agencies.selectors import agencies_without_reporter

from ..models import Assignment, Measure, Plan, Section
from .plans import measures_without_lead


@dataclass
class MeasureFilter:
    """Which measures the office is looking at (and will assign in bulk): all round-trip
    through the URL and the bulk form."""

    section: Section | None = None
    q: str = ""
    without_lead: bool = False

    def apply(self, plan: Plan) -> QuerySet[Measure]:
        measures = Measure.objects.current().filter(plan=plan, children__isnull=True)
        if self.without_lead:
            measures = measures.filter(pk__in=measures_without_lead(plan).values("pk"))
        if self.section is not None:
            measures = measures.filter(Q(section=self.section) | Q(section__parent=self.section))
        if self.q:
            measures = measures.filter(
                Q(text__icontains=self.q)
                | Q(title__icontains=self.q)
                | Q(label=self.q)
                | Q(assignments__agency__short_name__icontains=self.q)
                | Q(assignments__agency__name__icontains=self.q)
            ).distinct()
        return measures.order_by("order")


def filtered_measures(plan: Plan, measure_filter: MeasureFilter) -> list[Measure]:
    """The measures the filter selects, each with its bodies (agency and members prefetched).
    Three queries whatever the plan's size."""
    assignments = Assignment.objects.select_related("agency").order_by("order", "id")
    return list(
        measure_filter.apply(plan)
        .select_related("section", "implements__plan")
        .prefetch_related(Prefetch("assignments", queryset=assignments))
    )


def plan_agencies(plan: Plan) -> list[Agency]:
    """Bodies named on the plan's measures, groups with their members, each marked
    ``no_reporter`` (无填报人) by the one coverage rule. Three queries."""
    named = Assignment.objects.filter(agency=OuterRef("pk"), measure__plan=plan)
    agencies = list(
        Agency.objects.filter(Exists(named))
        .prefetch_related(Prefetch("members", queryset=Agency.objects.order_by("name")))
        .order_by("level", "name")
    )
    reporting = {a.pk for a in agencies if not a.is_group} | {
        m.pk for a in agencies if a.is_group for m in a.members.all()
    }
    uncovered = agencies_without_reporter(reporting)
    for agency in agencies:
        agency.no_reporter = agency.pk in uncovered
        for member in agency.members.all():
            member.no_reporter = member.pk in uncovered
    return agencies


def agency_choices() -> list[tuple[int, str]]:
    """Every current body as (id, name with level), for the pickers. One query."""
    return [
        (pk, f"{short or name}（{Level(level).label}）")
        for pk, short, name, level in Agency.objects.filter(is_active=True)
        .order_by("level", "name")
        .values_list("pk", "short_name", "name", "level")
    ]
