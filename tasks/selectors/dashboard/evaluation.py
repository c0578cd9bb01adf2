"""The annual evaluation: each agency's evidence and the proposed grade."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Count,
    Q,
)

from agencies.names import display_names
from indicators.rating import Rating

from ...grading import propose_grade, ratio
from ...models import (
    AnnualEvaluation,
    Assignment,
    Grade,
    Plan,
    ProgressReport,
)
from ..counts import (
    NOT_DELIVERED,
    status_counts,
)
from .overview import rated_indicators

Progress = ProgressReport.Progress

# --- annual evaluation -------------------------------------------------------------------


@dataclass
class EvaluationRow:
    agency_id: int
    name: str
    expected: int
    on_time: int
    late: int
    missing: int
    measures: int
    lagging: int
    completed: int
    targets: int
    targets_met: int
    score: Decimal
    proposed: str
    decision: AnnualEvaluation | None = None

    @property
    def on_time_rate(self) -> Decimal:
        return ratio(self.on_time, self.expected)

    @property
    def proposed_label(self) -> str:
        return Grade(self.proposed).label

    def evidence(self) -> dict:
        return {
            "应报": self.expected,
            "按时报送": self.on_time,
            "逾期报送": self.late,
            "未报送": self.missing,
            "按时报送率": f"{self.on_time_rate:.0%}",
            "年末负责措施": self.measures,
            "其中进度滞后或未启动": self.lagging,
            "其中已完成": self.completed,
            "指标": self.targets,
            "达到序时的指标": self.targets_met,
            "得分": str(self.score),
        }


def evaluation_rows(plan: Plan, year: int) -> list[EvaluationRow]:
    """Every agency that had reports in the plan's periods of ``year``, with its evidence."""
    periods = plan.periods.filter(year=year)
    last = periods.order_by("-starts_on").first()
    buckets = status_counts("expected", "on_time", "late", "missing")
    records = (
        ProgressReport.objects.filter(period__in=periods)
        .values("agency_id", "agency__short_name", "agency__name")
        .annotate(**buckets)
        .order_by("agency__name")
    )
    statuses = {
        row["agency_id"]: row
        for row in ProgressReport.objects.filter(period=last)
        .values("agency_id")
        .annotate(
            measures=Count("id"),
            lagging=Count(
                "id",
                filter=Q(progress_status__in=[Progress.LAGGING, Progress.NOT_STARTED])
                | NOT_DELIVERED,
            ),
            completed=Count("id", filter=Q(progress_status=Progress.COMPLETED) & ~NOT_DELIVERED),
        )
        .order_by()
    }
    targets: dict[int, list[str]] = defaultdict(list)
    lead_of = dict(
        Assignment.objects.filter(measure__plan=plan, role=Assignment.Role.LEAD)
        .values_list("measure_id", "agency_id")
        .order_by("measure_id", "-order")
    )
    for item in rated_indicators(plan, as_of=last):
        owner = item.indicator.agency_id or lead_of.get(item.indicator.measure_id)
        if owner:
            targets[owner].append(item.rating.rating)
    decisions = {
        e.agency_id: e
        for e in AnnualEvaluation.objects.filter(plan=plan, year=year).select_related("decided_by")
    }
    records = list(records)
    names = display_names(record["agency_id"] for record in records)
    rows = []
    for record in records:
        agency_id = record["agency_id"]
        status = statuses.get(agency_id, {})
        ratings = targets.get(agency_id, [])
        met = sum(1 for r in ratings if r in (Rating.EXCEEDED, Rating.MET))
        rated = sum(1 for r in ratings if r != Rating.NO_DATA)
        score, proposed = propose_grade(
            on_time=record["on_time"],
            expected=record["expected"],
            measures=status.get("measures", 0),
            lagging=status.get("lagging", 0),
            targets=rated,
            targets_met=met,
        )
        rows.append(
            EvaluationRow(
                agency_id,
                names[agency_id],
                record["expected"],
                record["on_time"],
                record["late"],
                record["missing"],
                status.get("measures", 0),
                status.get("lagging", 0),
                status.get("completed", 0),
                rated,
                met,
                score,
                proposed,
                decisions.get(agency_id),
            )
        )
    return rows
