"""The quarterly supervision report and the circulation notice."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import (
    Count,
)

from agencies.names import display_names
from core import clock
from indicators.rating import Rating

from ...models import (
    ProgressReport,
    ReportingPeriod,
)
from ..counts import (
    BUCKET_LABELS,
    NOT_DELIVERED,
    REPORT_BUCKETS,
    period_status_summary,
    status_counts,
)
from .filters import DashboardFilters
from .overview import measures_rag, rated_indicators

Progress = ProgressReport.Progress

# --- the quarterly supervision report and the circulation notice -------------------------


@dataclass
class AgencyRecord:
    name: str
    expected: int
    late: int
    missing: int


def supervision_report(period: ReportingPeriod) -> dict:
    """What the printable report and the 通报 say about a period: compliance, the agencies
    late or missing, lagging measures with the reasons their agencies gave, targets off track."""
    plan = period.plan
    filters = DashboardFilters(plan=plan, period=period)
    problem = REPORT_BUCKETS["late"] | NOT_DELIVERED
    records = list(
        ProgressReport.objects.filter(period=period)
        .values("agency_id", "agency__name")
        .annotate(
            **status_counts("expected", "late", "missing"), problems=Count("id", filter=problem)
        )
        .filter(problems__gt=0)
        .order_by("-missing", "-late", "agency__name")
    )
    names = display_names(r["agency_id"] for r in records)
    agencies = [
        AgencyRecord(names[r["agency_id"]], r["expected"], r["late"], r["missing"]) for r in records
    ]
    lagging = list(
        ProgressReport.objects.filter(period=period)
        .filter(~NOT_DELIVERED, progress_status__in=[Progress.LAGGING, Progress.NOT_STARTED])
        .select_related("measure", "agency")
        .order_by("measure__order", "agency__name")
    )
    lagging_names = display_names(r.agency_id for r in lagging)
    for r in lagging:
        r.agency_name = lagging_names[r.agency_id]  # the current name, 原… as hint
    ratings = rated_indicators(plan, as_of=period)
    return {
        "plan": plan,
        "period": period,
        "today": clock.today(),
        "summary": period_status_summary(plan, period),
        "labels": BUCKET_LABELS,
        "agencies": agencies,
        "lagging": lagging,
        "off_track": [r for r in ratings if r.rating.rating in (Rating.NOT_MET, Rating.NEARLY_MET)],
        "rag": measures_rag(filters, ratings),
    }
