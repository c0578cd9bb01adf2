"""Reads behind the 责任分工 page and its API: measures by filter, their bodies, the directory."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery

from agencies.models import Agency
from agencies.selectors import agencies_without_reporter
from core.compiled import CompiledQuery
from core.models import LEVEL_RANK, Level

from ..models import Assignment, Measure, Plan, ProgressReport, ReportingPeriod, Section
from .plans import in_chapter, measures_without_lead


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
            measures = measures.filter(in_chapter(self.section))
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
        .select_related("section")
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


@dataclass
class LocalMeasure:
    measure: Measure
    leads: str
    progress: str  # the lead's latest 进展状态, "" when none yet
    period: str


def implementing_measures(measure: Measure) -> list[LocalMeasure]:
    """City and district measures that name ``measure`` as the one they implement, each
    with its lead bodies and its lead's latest status. Three queries."""
    latest = ProgressReport.objects.filter(
        measure=OuterRef("pk"), role=Assignment.Role.LEAD
    ).order_by("-period__starts_on", "-period_id")
    local = (
        Measure.objects.filter(implements=measure)
        .select_related("plan")
        .annotate(
            latest_progress=Subquery(latest.values("progress_status")[:1]),
            latest_period=Subquery(latest.values("period_id")[:1]),
        )
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=Assignment.objects.filter(role=Assignment.Role.LEAD).select_related(
                    "agency"
                ),
            )
        )
        .order_by("plan__level", "plan__title", "order")
    )
    rows = list(local)
    periods = ReportingPeriod.objects.in_bulk([m.latest_period for m in rows if m.latest_period])
    labels = dict(ProgressReport.Progress.choices)
    return [
        LocalMeasure(
            measure=m,
            leads="、".join(str(a.agency) for a in m.assignments.all() if a.agency_id) or "—",
            progress=labels.get(m.latest_progress or "", ""),
            period=periods[m.latest_period].label if m.latest_period else "",
        )
        for m in rows
    ]


# On the overview of every request (core.compiled): grouped by the plan, so one row or none.
_IMPLEMENTING = CompiledQuery(
    lambda plan: (
        Measure.objects.filter(implements__plan=plan)
        .values("implements__plan")
        .annotate(total=Count("pk"))
        .order_by()
    )
)


def implementing_total(plan: Plan) -> int:
    """How many local measures implement one of the plan's measures. One query."""
    rows = _IMPLEMENTING.rows(plan=plan.pk)
    return rows[0]["total"] if rows else 0


def parent_plan_choices(plan: Plan) -> list[Plan]:
    """Plans of a higher level that this plan may implement. One query."""
    higher = [level for level, rank in LEVEL_RANK.items() if rank < LEVEL_RANK[plan.level]]
    return list(Plan.objects.filter(level__in=higher).order_by("-issued_on", "title"))


def parent_measures(plan: Plan) -> list[tuple[int, str]]:
    """The parent plan's measures as (id, label + text), for the 落实 picker. One query."""
    if plan.parent_id is None:
        return []
    return [
        (pk, f"{label}{(title or text)[:24]}")
        for pk, label, title, text in Measure.objects.filter(plan_id=plan.parent_id)
        .order_by("order")
        .values_list("pk", "label", "title", "text")
    ]
