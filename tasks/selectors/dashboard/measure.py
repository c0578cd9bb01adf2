"""One measure's page and its indicators' trajectories."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from core import clock

from ...models import (
    Measure,
    ProgressReport,
    ReportingPeriod,
)
from .overview import RatedIndicator, rated_indicators

# --- one measure -------------------------------------------------------------------------


@dataclass
class TimelinePeriod:
    period: ReportingPeriod
    reports: list[ProgressReport]


def measure_detail(measure: Measure) -> dict:
    assignments = list(measure.assignments.select_related("agency").order_by("order", "id"))
    schedule = list(measure.schedule_entries.order_by("order"))
    reports = (
        ProgressReport.objects.filter(measure=measure)
        .select_related("period", "agency")
        .order_by("-period__starts_on", "role", "agency__name")
    )
    timeline: list[TimelinePeriod] = []
    for report in reports:
        if not timeline or timeline[-1].period.pk != report.period_id:
            timeline.append(TimelinePeriod(report.period, []))
        timeline[-1].reports.append(report)
    indicators = [
        item
        for item in rated_indicators(measure.plan, with_observations=True)
        if item.indicator.measure_id == measure.pk
    ]
    return {
        "measure": measure,
        "assignments": assignments,
        "schedule": schedule,
        "timeline": timeline,
        "indicators": indicators,
    }


# --- indicator trajectories --------------------------------------------------------------


def indicator_chart(item: RatedIndicator) -> dict:
    """The series one ECharts line chart needs: actuals, the linear trajectory, the target."""
    from indicators.rating import base_of, trajectory_value

    indicator = item.indicator
    actual = [
        [o.period.ends_on.isoformat(), float(o.value), o.period.label] for o in item.observations
    ]
    trajectory = []
    if indicator.target_value is not None and indicator.base_year and indicator.target_year:
        trajectory = [
            [datetime.date(indicator.base_year, 12, 31).isoformat(), float(base_of(indicator))],
            [
                datetime.date(indicator.target_year, 12, 31).isoformat(),
                float(indicator.target_value),
            ],
        ]
    expected_now = trajectory_value(indicator, clock.today())
    return {
        "id": indicator.pk,
        "name": indicator.name,
        "unit": indicator.unit,
        "actual": actual,
        "trajectory": trajectory,
        "target": float(indicator.target_value) if indicator.target_value is not None else None,
        "expected_now": float(expected_now) if expected_now is not None else None,
        "rating": item.rating.rating,
    }
