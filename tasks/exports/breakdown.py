"""任务分解表: the plan as the office prints it (序号, 任务, 牵头单位, 责任单位, 时间节点, 指标)."""

from __future__ import annotations

from typing import IO

from django.db.models import Prefetch

from agencies.names import AgencyName, current_names
from indicators.models import Indicator

from ..models import Assignment, Measure, Plan
from . import xlsx

COLUMNS = [
    ("序号", 8),
    ("任务", 60),
    ("牵头单位", 18),
    ("责任单位", 30),
    ("时间节点", 18),
    ("指标", 36),
]
ANNEX_COLUMNS = [
    ("阶段", 14),
    ("重点任务", 24),
    ("主要措施", 50),
    ("任务分工", 30),
    ("时序进度", 18),
]


def _agency_name(assignment: Assignment, names: dict[int, AgencyName]) -> str:
    """The body's current name (原… when the document named its predecessor)."""
    if assignment.agency_id in names:
        return str(names[assignment.agency_id])
    return assignment.name_as_written


def target_text(indicator: Indicator) -> str:
    if indicator.phrase:
        return indicator.phrase
    value = "" if indicator.target_value is None else f"{indicator.target_value.normalize():f}"
    year = f"（{indicator.target_year}年）" if indicator.target_year else ""
    return (
        f"{indicator.name} {indicator.get_comparison_display()[:1]} {value}{indicator.unit}{year}"
    )


def write_breakdown(plan: Plan, out: IO[bytes] | str) -> int:
    """Write the plan's 任务分解表; returns the number of measure rows."""
    names = current_names(
        Assignment.objects.filter(measure__plan=plan, agency__isnull=False).values_list(
            "agency_id", flat=True
        )
    )
    measures = (
        Measure.objects.current()
        .filter(plan=plan)
        .select_related("section", "section__parent")
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=Assignment.objects.select_related("agency").order_by("order", "id"),
            ),
            Prefetch("indicators", queryset=Indicator.objects.order_by("order", "id")),
            "schedule_entries",
        )
        .order_by("order")
    )
    workbook = xlsx.new_workbook()
    used: set[str] = set()
    sheet = xlsx.add_sheet(
        workbook, "任务分解表", COLUMNS, used=used, caption=f"{plan.title}任务分解表"
    )
    default_period = ""
    if plan.period_start_year:
        default_period = f"{plan.period_start_year}—{plan.period_end_year or ''}年"
    chapter = None
    rows = 0
    for measure in measures:
        top = (
            measure.section.parent
            if measure.section and measure.section.parent
            else measure.section
        )
        if top is not None and top != chapter:
            chapter = top
            xlsx.append(sheet, ["", str(top), "", "", "", ""])
        assignments = list(measure.assignments.all())
        leads = [_agency_name(a, names) for a in assignments if a.role == Assignment.Role.LEAD]
        others = [
            f"{_agency_name(a, names)}（{a.get_role_display()}）"
            for a in assignments
            if a.role != Assignment.Role.LEAD
        ]
        periods = [e.period_text for e in measure.schedule_entries.all() if e.period_text]
        task = f"{measure.title}：{measure.text}" if measure.title else measure.text
        xlsx.append(
            sheet,
            [
                measure.label,
                task,
                "、".join(leads),
                "、".join(others),
                "；".join(periods) or default_period,
                "；".join(target_text(i) for i in measure.indicators.all()),
            ],
        )
        rows += 1
    schedule = plan.schedule.prefetch_related(
        Prefetch("assignments", queryset=Assignment.objects.select_related("agency"))
    ).order_by("order")
    annex = None
    for entry in schedule:
        if annex is None:
            annex = xlsx.add_sheet(
                workbook, "进度安排", ANNEX_COLUMNS, used=used, caption=f"{plan.title}进度安排"
            )
        division = entry.division_text or "、".join(
            _agency_name(a, names) for a in entry.assignments.all()
        )
        xlsx.append(annex, [entry.stage, entry.key_task, entry.action, division, entry.period_text])
    xlsx.save(workbook, out)
    return rows
