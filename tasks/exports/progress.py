"""进展情况汇总表 for a period: a summary sheet, then one sheet per chapter, streamed."""

from __future__ import annotations

from collections.abc import Callable
from typing import IO

from django.db.models import Count, F, Value
from django.db.models.functions import Coalesce

from agencies.names import display_names
from core import clock
from ipplan.formats import date_text
from ipplan.workcalendar import WorkingCalendar

from ..models import Assignment, ProgressReport, ReportingPeriod
from ..selectors.counts import BUCKET_LABELS, period_status_summary, status_counts
from . import xlsx

COLUMNS = [
    ("序号", 8),
    ("任务", 40),
    ("责任单位", 16),
    ("角色", 8),
    ("报告状态", 10),
    ("进展状态", 10),
    ("完成比例（%）", 9),
    ("进展情况", 50),
    ("存在问题", 30),
    ("下步打算", 30),
    ("报送时间", 17),
    ("是否逾期", 8),
    ("逾期天数", 8),
]
SUMMARY_COLUMNS = [("章节", 40), *[(label, 10) for label in BUCKET_LABELS.values()]]
NO_CHAPTER = "未分章节"
ROLE_LABELS = dict(Assignment.Role.choices)
STATE_LABELS = dict(ProgressReport.State.choices)
PROGRESS_LABELS = dict(ProgressReport.Progress.choices)


def _chapter_rows(period: ReportingPeriod):
    return ProgressReport.objects.filter(period=period).annotate(
        chapter_order=Coalesce("measure__section__parent__order", "measure__section__order"),
        chapter_label=Coalesce(
            "measure__section__parent__label", "measure__section__label", Value("")
        ),
        chapter_title=Coalesce(
            "measure__section__parent__title", "measure__section__title", Value(NO_CHAPTER)
        ),
    )


def write_progress_summary(
    period: ReportingPeriod,
    out: IO[bytes] | str,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write the workbook; ``progress`` hears the percentage done. Returns the report rows."""
    plan = period.plan
    # the lazy labels translated once, not once per row
    roles, states, statuses = (
        {key: str(label) for key, label in labels.items()}
        for labels in (ROLE_LABELS, STATE_LABELS, PROGRESS_LABELS)
    )
    workbook = xlsx.new_workbook()
    used: set[str] = set()
    cal = WorkingCalendar.load()
    due = cal.due_date(period.due_on)
    summary = xlsx.add_sheet(
        workbook,
        "汇总",
        SUMMARY_COLUMNS,
        used=used,
        caption=f"{plan.title} {period.label}进展情况汇总（截止 {date_text(due)}）",
    )
    per_chapter = (
        _chapter_rows(period)
        .values("chapter_order", "chapter_label", "chapter_title")
        .annotate(**status_counts())
        .order_by(F("chapter_order").asc(nulls_last=True))
    )
    for row in per_chapter:
        xlsx.append(
            summary,
            [f"{row['chapter_label']}{row['chapter_title']}", *(row[k] for k in BUCKET_LABELS)],
        )
    totals = period_status_summary(plan, period)
    xlsx.append(summary, ["合计", *(totals[k] for k in BUCKET_LABELS)])
    total = totals["expected"] or 1

    rows = (
        _chapter_rows(period)
        .order_by(F("chapter_order").asc(nulls_last=True), "measure__order", "role", "agency__name")
        .values_list(
            "chapter_label",
            "chapter_title",
            "measure__label",
            "measure__title",
            "measure__text",
            "agency_id",
            "role",
            "state",
            "progress_status",
            "completion_percent",
            "progress_text",
            "problems",
            "next_steps",
            "submitted_at",
            "first_submitted_at",
            "late_days",
        )
    )
    # Every table names a body by its current name (agencies.names); how late a report not
    # yet delivered is, is worked out for today, as on its page (WorkingCalendar).
    names = display_names(
        ProgressReport.objects.filter(period=period)
        .values_list("agency_id", flat=True)
        .order_by()
        .distinct()
    )
    today = clock.today()
    sheet = None
    chapter = None
    written = 0
    for (
        label,
        title,
        number,
        measure_title,
        text,
        agency_id,
        role,
        state,
        status,
        percent,
        done,
        problems,
        next_steps,
        submitted_at,
        first_submitted_at,
        late_days,
    ) in rows.iterator(chunk_size=2000):
        late_days = cal.report_days_late(
            period.due_on,
            today,
            delivered=first_submitted_at is not None,
            delivery_days_late=late_days,
        )
        if (label, title) != chapter:
            chapter = (label, title)
            sheet = xlsx.add_sheet(
                workbook, f"{label}{title}", COLUMNS, used=used, caption=f"{label}{title}"
            )
        xlsx.append(
            sheet,
            [
                number,
                measure_title or text[:60],
                names[agency_id],
                roles.get(role, role),
                states.get(state, state),
                statuses.get(status, ""),
                percent,
                done,
                problems,
                next_steps,
                submitted_at,
                "是" if late_days else "否",
                late_days or None,
            ],
        )
        written += 1
        if progress and written % 1000 == 0:
            progress(min(95, 100 * written // total))
    xlsx.save(workbook, out)
    if progress:
        progress(100)
    return written


def chapter_counts(period: ReportingPeriod) -> dict[str, int]:
    """Rows per chapter sheet (for tests and the job page)."""
    return {
        f"{r['chapter_label']}{r['chapter_title']}": r["n"]
        for r in _chapter_rows(period)
        .values("chapter_label", "chapter_title")
        .annotate(n=Count("id"))
    }
