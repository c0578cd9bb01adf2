"""The schedule timeline (Gantt) of a plan's annex."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import (
    Count,
    OuterRef,
    Q,
    Subquery,
)
from django.db.models.functions import Coalesce

from core import clock
from ipplan.workcalendar import WorkingCalendar

from ...models import (
    Plan,
    ProgressReport,
    ReportingPeriod,
    ScheduleEntry,
)
from ..counts import (
    NOT_DELIVERED,
    REPORT_BUCKETS,
)

State = ProgressReport.State
Progress = ProgressReport.Progress

# --- schedule timeline (Gantt) -----------------------------------------------------------


@dataclass
class GanttBar:
    entry: ScheduleEntry
    start: datetime.date
    end: datetime.date
    left: float  # percent of the chart's width
    width: float
    state: str
    state_label: str
    overdue: bool  # its window has ended and its reports do not all say 已完成
    ended: bool  # its window has ended (said plainly when no report is tied to it)


def _month_end(day: datetime.date) -> datetime.date:
    following = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return following - datetime.timedelta(days=1)


_STATE_RANK = ["overdue_missing", "returned", "missing", "submitted", "accepted"]
_STATE_LABELS = {
    "overdue_missing": "逾期未报",
    "returned": "被退回",
    "missing": "待报送",
    "submitted": "已报送待审",
    "accepted": "已采纳",
    "none": "无关联报告",
}


def schedule_timeline(plan: Plan) -> dict:
    """The plan's schedule rows as Gantt bars, coloured by the linked measure's reports in the
    latest period already due (the worst state wins). An entry is overdue only by its own
    window and its own reports: the window has ended and not every report on it says 已完成.
    An entry no report is tied to is never called overdue (nothing says so); its ended window
    shows as ``ended``."""
    today = clock.today()
    cal = WorkingCalendar.load()
    # The latest period already due speaks for the entry; before any is due, the first one.
    periods = ReportingPeriod.objects.filter(
        plan=plan, reports__measure_id=OuterRef("measure_id")
    ).values("pk")
    latest_due = periods.filter(cal.past_due_q(today, field="due_on")).order_by("-starts_on")[:1]
    first = periods.order_by("starts_on")[:1]
    entries = list(
        plan.schedule.filter(start_month__isnull=False)
        .select_related("measure")
        .annotate(latest_period=Coalesce(Subquery(latest_due), Subquery(first)))
        .order_by("order")
    )
    state_rows = (
        ProgressReport.objects.filter(measure__plan=plan, measure__schedule_entries__isnull=False)
        .values("measure_id", "period_id")
        .annotate(
            overdue_missing=Count(
                "id",
                filter=NOT_DELIVERED & cal.past_due_q(today),
                distinct=True,
            ),
            missing=Count("id", filter=NOT_DELIVERED, distinct=True),
            # 被退回 as every count means it: returned by the office (tasks.selectors.counts)
            returned=Count("id", filter=REPORT_BUCKETS["returned"], distinct=True),
            submitted=Count("id", filter=Q(state=State.SUBMITTED), distinct=True),
            accepted=Count("id", filter=Q(state=State.ACCEPTED), distinct=True),
            completed=Count(
                "id", filter=Q(progress_status=Progress.COMPLETED) & ~NOT_DELIVERED, distinct=True
            ),
            expected=Count("id", distinct=True),
        )
        .order_by()
    )
    states = {(r["measure_id"], r["period_id"]): r for r in state_rows}
    if not entries:
        return {"bars": [], "years": [], "today_left": None}
    start = min(e.start_month for e in entries).replace(month=1, day=1)
    end = datetime.date(max((e.end_month or e.start_month) for e in entries).year, 12, 31)
    span = (end - start).days or 1
    bars = []
    for entry in entries:
        bar_end = _month_end(entry.end_month or entry.start_month)
        row = states.get((entry.measure_id, entry.latest_period), {})
        state = next((name for name in _STATE_RANK if row.get(name)), "none")
        expected = row.get("expected", 0)
        bars.append(
            GanttBar(
                entry,
                entry.start_month,
                bar_end,
                100 * (entry.start_month - start).days / span,
                max(0.8, 100 * ((bar_end - entry.start_month).days + 1) / span),
                state,
                _STATE_LABELS[state],
                bar_end < today and expected > 0 and row.get("completed", 0) < expected,
                bar_end < today,
            )
        )
    years = [
        (year, 100 * (datetime.date(year, 1, 1) - start).days / span)
        for year in range(start.year, end.year + 1)
    ]
    today_left = 100 * (today - start).days / span if start <= today <= end else None
    return {
        "bars": bars,
        "years": years,
        "today_left": today_left,
        "today": today,
        "today_after": today > end,  # the whole schedule lies in the past: no line to draw
    }
