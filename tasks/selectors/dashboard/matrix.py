"""The agency × period matrix."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from core.compiled import CompiledQuery

from ...models import (
    Plan,
    ProgressReport,
    ReportingPeriod,
)
from ..counts import (
    status_counts,
)
from ..plans import in_chapter
from .filters import DashboardFilters, bucket_url, periods_latest_first

# --- agency × period matrix --------------------------------------------------------------


@dataclass
class MatrixCell:
    period: ReportingPeriod
    expected: int = 0
    on_time: int = 0
    late: int = 0
    missing: int = 0
    url: str = ""

    @property
    def css(self) -> str:
        if not self.expected:
            return "none"
        if self.missing:
            return "missing"
        return "late" if self.late else "on-time"


@dataclass
class MatrixRow:
    agency_id: int
    name: str
    cells: list[MatrixCell]
    expected: int
    on_time: int
    late: int
    missing: int

    @property
    def on_time_rate(self) -> float:
        return self.on_time / self.expected if self.expected else 0.0


MATRIX_SORTS = {
    "name": ("单位名称", lambda row: row.name, False),
    "on_time_rate": ("按时率", lambda row: (row.on_time_rate, row.name), False),
    "late": ("逾期报送", lambda row: (row.late, row.name), True),
    "missing": ("未报送", lambda row: (row.missing, row.name), True),
}


def matrix_periods(
    plan: Plan,
    until: ReportingPeriod | None,
    span: int = 8,
    latest_first: list[ReportingPeriod] | None = None,
) -> list[ReportingPeriod]:
    """The ``span`` periods up to ``until``, oldest first; ``latest_first``: the plan's
    periods latest first (``periods_latest_first``) when the caller has them read."""
    if latest_first is None:
        latest_first = periods_latest_first(plan)
        if until:
            latest_first = latest_first.filter(starts_on__lte=until.starts_on)
    elif until:
        latest_first = [p for p in latest_first if p.starts_on <= until.starts_on]
    return list(reversed(latest_first[:span]))


def _cells(
    periods: tuple[int, ...], section: int | None, agency: int | None
) -> QuerySet[ProgressReport]:
    reports = ProgressReport.objects.filter(period__in=periods)
    if section is not None:
        reports = reports.filter(in_chapter(section, "measure__"))
    if agency is not None:
        reports = reports.filter(agency=agency)
    buckets = status_counts("expected", "on_time", "late", "missing")
    return reports.values("agency_id", "period_id").annotate(**buckets).order_by()


_CELLS = CompiledQuery(_cells)


def agency_period_matrix(
    filters: DashboardFilters, periods: list[ReportingPeriod], sort: str = "on_time_rate"
) -> list[MatrixRow]:
    """Each agency's record over the periods: one grouped query for cells, rows sorted."""
    if not periods:
        return []
    ids = filters.ids()
    rows = _CELLS.rows(
        periods=tuple(p.pk for p in periods), section=ids["section"], agency=ids["agency"]
    )
    # one reverse() for the page, not one per cell: the cells are the review queue's filters
    review = bucket_url("expected", plan=filters.plan)
    names = filters.shown_names({row["agency_id"] for row in rows})  # the current name, 原… hint
    by_agency: dict[int, dict] = {}
    for row in rows:
        entry = by_agency.setdefault(
            row["agency_id"], {"name": names[row["agency_id"]], "cells": {}}
        )
        entry["cells"][row["period_id"]] = row
    result = []
    for agency_id, entry in by_agency.items():
        cells = []
        for period in periods:
            row = entry["cells"].get(period.pk, {})
            cells.append(
                MatrixCell(
                    period,
                    row.get("expected", 0),
                    row.get("on_time", 0),
                    row.get("late", 0),
                    row.get("missing", 0),
                    f"{review}&period={period.pk}&agency={agency_id}",
                )
            )
        result.append(
            MatrixRow(
                agency_id,
                entry["name"],
                cells,
                sum(c.expected for c in cells),
                sum(c.on_time for c in cells),
                sum(c.late for c in cells),
                sum(c.missing for c in cells),
            )
        )
    _, key, reverse_ = MATRIX_SORTS.get(sort, MATRIX_SORTS["on_time_rate"])
    return sorted(result, key=key, reverse=reverse_)
