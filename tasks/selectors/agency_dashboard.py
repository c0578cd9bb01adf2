"""Each agency's own dashboard: its compliance by period, late and returned reports, its
measures' status and indicators. A city or district body sees the same for every body of the
plans of its government. A fixed number of queries whatever the data's size."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from agencies.models import Agency, Membership, User
from core.models import Level

from ..models import Assignment, Measure, Plan, ProgressReport, ReportingPeriod
from .counts import REPORT_BUCKETS, status_counts
from .dashboard import RatedIndicator, rated_indicators
from .plans import plans_visible

State = ProgressReport.State
LOCAL_LEVELS = (Level.CITY, Level.DISTRICT)
LIST_LIMIT = 50


def agencies_of(user: User) -> list[Agency]:
    """The agencies whose dashboard the person may open (their memberships). One query."""
    return list(
        Agency.objects.filter(
            memberships__user=user,
            memberships__role__in=[
                Membership.Role.REPORTER,
                Membership.Role.APPROVER,
                Membership.Role.VIEWER,
            ],
        )
        .distinct()
        .order_by("name")
    )


def _government(agency: Agency) -> int:
    return agency.pk if agency.kind == Agency.Kind.GOVERNMENT else agency.parent_id or agency.pk


def dashboard_plans(agency: Agency) -> QuerySet[Plan]:
    """Published plans the agency reports on; for a city or district body also every plan
    of its level that its government issued or that names bodies of that government."""
    visible = plans_visible(office=False)
    own = Q(Exists(ProgressReport.objects.filter(period__plan=OuterRef("pk"), agency=agency)))
    if agency.level in LOCAL_LEVELS:
        government = _government(agency)
        of_government = Assignment.objects.filter(measure__plan=OuterRef("pk")).filter(
            Q(agency_id=government) | Q(agency__parent_id=government)
        )
        own |= Q(level=agency.level) & (Q(issuer_id=government) | Q(Exists(of_government)))
    return visible.filter(own).order_by("-issued_on", "title")


@dataclass
class PeriodCompliance:
    period: ReportingPeriod
    counts: dict[str, int]

    @property
    def on_time_rate(self) -> int | None:
        expected = self.counts["expected"]
        return round(100 * self.counts["on_time"] / expected) if expected else None


@dataclass
class MeasureStatus:
    measure: Measure
    role: str
    progress: str  # the latest report's 进展状态 label, or ""
    state: str


@dataclass
class AgencyDashboard:
    agency: Agency
    whole_plans: bool  # a city/district body sees every body of its plans
    plans: list[Plan]
    compliance: list[PeriodCompliance]
    late: list[ProgressReport]
    returned: list[ProgressReport]
    measures: list[MeasureStatus]
    indicators: list[RatedIndicator]


def agency_dashboard(agency: Agency) -> AgencyDashboard:
    plans = list(dashboard_plans(agency))
    whole = agency.level in LOCAL_LEVELS
    reports = ProgressReport.objects.filter(period__plan__in=plans)
    if not whole:
        reports = reports.filter(agency=agency)
    rows = {
        row.pop("period_id"): row
        for row in reports.values("period_id").annotate(**status_counts()).order_by()
    }
    periods = ReportingPeriod.objects.filter(pk__in=rows).select_related("plan")
    compliance = sorted(
        (PeriodCompliance(period, rows[period.pk]) for period in periods),
        key=lambda item: (item.period.starts_on, item.period.plan.title),
        reverse=True,
    )
    listed = reports.select_related("period__plan", "measure", "agency").order_by(
        "-period__starts_on", "measure__order"
    )
    late = list(listed.filter(REPORT_BUCKETS["late"])[:LIST_LIMIT])
    returned = list(listed.filter(REPORT_BUCKETS["returned"])[:LIST_LIMIT])
    return AgencyDashboard(
        agency=agency,
        whole_plans=whole,
        plans=plans,
        compliance=compliance,
        late=late,
        returned=returned,
        measures=_measures(agency, plans, whole),
        indicators=rated_indicators(plans, agency=None if whole else agency),
    )


def _measures(agency: Agency, plans: list[Plan], whole: bool) -> list[MeasureStatus]:
    """The measures the agency holds (all measures of the plans for a city/district body),
    each with the latest report's status. Two queries."""
    latest = ProgressReport.objects.filter(measure=OuterRef("pk")).order_by("-period__starts_on")
    if not whole:
        latest = latest.filter(agency=agency)
    else:
        latest = latest.filter(role=Assignment.Role.LEAD)
    measures = Measure.objects.current().filter(plan__in=plans, children__isnull=True)
    if not whole:
        measures = measures.filter(assignments__agency=agency).distinct()
    measures = measures.select_related("plan").annotate(
        latest_progress=Subquery(latest.values("progress_status")[:1]),
        latest_state=Subquery(latest.values("state")[:1]),
    )
    roles = dict(
        Assignment.objects.filter(agency=agency, measure__plan__in=plans).values_list(
            "measure_id", "role"
        )
    )
    progress = dict(ProgressReport.Progress.choices)
    states = dict(State.choices)
    return [
        MeasureStatus(
            measure=m,
            role=dict(Assignment.Role.choices).get(roles.get(m.pk, ""), ""),
            progress=progress.get(m.latest_progress or "", ""),
            state=states.get(m.latest_state or "", "未生成"),
        )
        for m in measures.order_by("plan__title", "order")[:200]
    ]
