"""Indicator table: each target with its base, its actuals per period and its rating."""

from __future__ import annotations

from typing import IO

from indicators.models import Observation

from ..models import Plan
from ..selectors.dashboard import rated_indicators
from . import xlsx

FIXED = [
    ("序号", 6),
    ("指标", 30),
    ("所属措施", 12),
    ("单位", 8),
    ("基准年", 8),
    ("基准值", 12),
    ("目标值", 12),
    ("目标年", 8),
]
TAIL = [("最新实际值", 12), ("序时目标值", 12), ("评级", 10)]


def write_indicator_table(plan: Plan, out: IO[bytes] | str) -> int:
    periods = list(plan.periods.filter(observations__isnull=False).distinct().order_by("starts_on"))
    values = {
        (indicator_id, period_id): value
        for indicator_id, period_id, value in Observation.objects.filter(
            indicator__plan=plan
        ).values_list("indicator_id", "period_id", "value")
    }
    workbook = xlsx.new_workbook()
    columns = [*FIXED, *[(p.label, 12) for p in periods], *TAIL]
    sheet = xlsx.add_sheet(
        workbook, "指标完成情况", columns, used=set(), caption=f"{plan.title}指标完成情况表"
    )
    rated = rated_indicators(plan)
    for index, item in enumerate(rated, start=1):
        indicator = item.indicator
        xlsx.append(
            sheet,
            [
                index,
                indicator.name,
                indicator.measure.label if indicator.measure else "总体目标",
                indicator.unit,
                indicator.base_year,
                indicator.base_value,
                indicator.target_value,
                indicator.target_year,
                *(values.get((indicator.pk, p.pk)) for p in periods),
                item.rating.actual,
                item.rating.expected,
                item.rating.label,
            ],
        )
    xlsx.save(workbook, out)
    return len(rated)
