"""Reporting periods run by the office: preview, open, close and reopen with a reason, and
which periods open by themselves. Every surface (the periods page, the API) calls these.

Opening reuses ``reporting.period_open`` (idempotent: a second opening creates nothing);
each change is written to the period's history (``PeriodEvent``) with who, when and why.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass, field

from django.db import transaction

from agencies.models import Agency, User
from agencies.selectors import agencies_without_reporter
from ipplan.workcalendar import WorkingCalendar

from ..models import PeriodEvent, Plan, ReportingPeriod
from .reporting import ReportingError, expected_reports, period_open, plan_covers_year
from .responsibilities import require_office

Kind = ReportingPeriod.Kind
_COUNT = {Kind.QUARTER: 4, Kind.HALF_YEAR: 2, Kind.YEAR: 1}
REASON_LIMIT = 2000
YEARS_FIRST, YEARS_LAST = 2000, 2100  # the years a plan or a period may name
YEARS_SPAN = 30  # the longest 实施期 a plan may have, in years


def period_dates(kind: str, year: int, number: int) -> tuple[datetime.date, datetime.date]:
    """First and last day of a quarter, half-year or year."""
    if kind not in _COUNT:
        raise ReportingError(f"填报周期类型“{kind}”无效。", "invalid_period")
    if not 1 <= number <= _COUNT[kind]:
        label = Kind(kind).label
        raise ReportingError(f"{label}的期次应为 1–{_COUNT[kind]}。", "invalid_period")
    months = 12 // _COUNT[kind]
    first_month = months * (number - 1) + 1
    last_month = first_month + months - 1
    last_day = calendar.monthrange(year, last_month)[1]
    return datetime.date(year, first_month, 1), datetime.date(year, last_month, last_day)


def default_due_on(plan: Plan, ends_on: datetime.date) -> datetime.date:
    """The plan's rule (``report_due_days`` after the period ends), moved off a weekend or
    holiday to the next working day by the working calendar."""
    due = ends_on + datetime.timedelta(days=plan.report_due_days)
    return WorkingCalendar.load().due_date(due)


def period_draft(
    *, plan: Plan, kind: str, year: int, number: int, due_on: datetime.date | None = None
) -> ReportingPeriod:
    """The plan's period if it exists, else an unsaved one with default dates."""
    existing = ReportingPeriod.objects.filter(
        plan=plan, kind=kind, year=year, number=number
    ).first()
    if existing is not None:
        return existing
    starts_on, ends_on = period_dates(kind, year, number)
    due = due_on or default_due_on(plan, ends_on)
    opens_on = min(ends_on.replace(day=1), due)
    return ReportingPeriod(
        plan=plan,
        kind=kind,
        year=year,
        number=number,
        starts_on=starts_on,
        ends_on=ends_on,
        opens_on=opens_on,
        due_on=due,
    )


def plan_years_text(plan: Plan) -> str:
    """The plan's 实施期 as the office reads it: “2016—2020年”."""
    return f"{plan.period_start_year or ''}—{plan.period_end_year or ''}年"


def outside_plan_years(period: ReportingPeriod) -> str:
    """Why ``period`` expects no report because it lies outside the plan's 实施期, or ""."""
    if plan_covers_year(period.plan, period.year):
        return ""
    return (
        f"该周期在计划实施期（{plan_years_text(period.plan)}）之外，不会产生应报报告；"
        "如计划延续执行，请先修改实施期。"
    )


@transaction.atomic
def plan_years_set(*, plan: Plan, start_year: int, end_year: int, by: User) -> Plan:
    """Change the plan's 实施期 (起始年度–截止年度), e.g. when a plan is carried on past the
    year its document names. Periods in the new years then expect reports again."""
    require_office(by, "修改计划实施期")
    for year in (start_year, end_year):
        if not isinstance(year, int) or not YEARS_FIRST <= year <= YEARS_LAST:
            raise ReportingError(f"年度应在 {YEARS_FIRST}—{YEARS_LAST} 年之间。", "invalid_years")
    if start_year > end_year:
        raise ReportingError("起始年度不能晚于截止年度。", "invalid_years")
    if end_year - start_year + 1 > YEARS_SPAN:
        raise ReportingError(f"实施期最长 {YEARS_SPAN} 年。", "invalid_years")
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    plan.period_start_year, plan.period_end_year = start_year, end_year
    plan.full_clean()
    plan.save(update_fields=["period_start_year", "period_end_year", "updated_at"])
    return plan


@dataclass
class ExpectedFrom:
    agency: Agency
    reports: int
    no_reporter: bool  # 无填报人: no active reporter account (agencies.selectors)


@dataclass
class PeriodPreview:
    period: ReportingPeriod
    expected: int = 0
    already: int = 0  # of those, reports the period already has
    outside_years: str = ""  # the warning when the period lies outside the plan's 实施期
    by_agency: list[ExpectedFrom] = field(default_factory=list)

    @property
    def without_reporter(self) -> list[ExpectedFrom]:
        return [row for row in self.by_agency if row.no_reporter]


def period_preview(period: ReportingPeriod) -> PeriodPreview:
    """How many reports opening ``period`` expects and from whom, which of those bodies no
    active reporter covers. Nothing is written."""
    wanted = expected_reports(period)
    counts: dict[int, int] = {}
    for _, agency_id in wanted:
        counts[agency_id] = counts.get(agency_id, 0) + 1
    uncovered = agencies_without_reporter(counts)
    agencies = Agency.objects.in_bulk(list(counts))
    already = 0
    if period.pk:
        already = period.reports.count()
    rows = [
        ExpectedFrom(agency=agencies[pk], reports=n, no_reporter=pk in uncovered)
        for pk, n in counts.items()
    ]
    rows.sort(key=lambda row: (not row.no_reporter, -row.reports, row.agency.name))
    return PeriodPreview(
        period=period,
        expected=len(wanted),
        already=already,
        by_agency=rows,
        outside_years=outside_plan_years(period),
    )


def _event(period: ReportingPeriod, action: str, by: User, reason: str = "", created: int = 0):
    PeriodEvent.objects.create(
        period=period, action=action, by=by, reason=reason, reports_created=created
    )


def _reason(reason: str, doing: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ReportingError(f"{doing}填报周期时必须填写理由。", "reason_required")
    if len(reason) > REASON_LIMIT:
        raise ReportingError(f"理由最多 {REASON_LIMIT} 字。", "too_long")
    return reason


@transaction.atomic
def period_open_for_plan(
    *,
    plan: Plan,
    kind: str,
    year: int,
    number: int,
    by: User,
    due_on: datetime.date | None = None,
) -> tuple[ReportingPeriod, int]:
    """Open a period of the plan (creating it with default or given dates) and its expected
    reports. Opening again creates only the reports still missing. Returns (period, created)."""
    require_office(by, "开启填报周期")
    if plan.status != Plan.Status.PUBLISHED:
        raise ReportingError("计划发布后才能开启填报周期。", "plan_not_published")
    period = period_draft(plan=plan, kind=kind, year=year, number=number, due_on=due_on)
    outside = outside_plan_years(period)
    if outside and not expected_reports(period):
        raise ReportingError(outside, "outside_plan_years")
    if period.status == ReportingPeriod.Status.CLOSED:
        raise ReportingError(
            f"填报周期“{period}”已关闭；如需继续填报，请填写理由后重新开启。", "period_closed"
        )
    if period.pk is None:
        period.full_clean()
        period.save()
    elif due_on and period.due_on != due_on:
        if due_on < period.opens_on:
            raise ReportingError("截止日期不能早于开放填报日期。", "invalid_period")
        period.due_on = due_on
        period.save(update_fields=["due_on", "updated_at"])
    was_open = period.status == ReportingPeriod.Status.OPEN
    created = period_open(period=period)
    if created or not was_open:
        _event(period, PeriodEvent.Action.OPENED, by, created=created)
    return period, created


@transaction.atomic
def period_schedule(
    *, plan: Plan, kind: str, year: int, number: int, opens_on: datetime.date, by: User
) -> ReportingPeriod:
    """Create a period that opens by itself on ``opens_on`` (when the plan opens periods
    automatically: ``plan_auto_open_set``)."""
    require_office(by, "安排填报周期")
    period = period_draft(plan=plan, kind=kind, year=year, number=number)
    if period.status != ReportingPeriod.Status.SCHEDULED:
        raise ReportingError(f"填报周期“{period}”已开启或已关闭。", "invalid_state")
    if opens_on > period.due_on:
        raise ReportingError("自动开启日期不能晚于截止日期。", "invalid_period")
    period.opens_on = opens_on
    period.full_clean()
    period.save()
    return period


@transaction.atomic
def period_close_by_office(*, period: ReportingPeriod, by: User, reason: str) -> ReportingPeriod:
    """Close a period: no report in it can change any more. The reason is kept."""
    require_office(by, "关闭填报周期")
    reason = _reason(reason, "关闭")
    if period.status == ReportingPeriod.Status.CLOSED:
        raise ReportingError(f"填报周期“{period}”已经关闭。", "invalid_state")
    period.status = ReportingPeriod.Status.CLOSED
    period.save(update_fields=["status", "updated_at"])
    _event(period, PeriodEvent.Action.CLOSED, by, reason)
    return period


@transaction.atomic
def period_reopen(*, period: ReportingPeriod, by: User, reason: str) -> ReportingPeriod:
    """Reopen a closed period with a reason; reports can change again."""
    require_office(by, "重新开启填报周期")
    reason = _reason(reason, "重新开启")
    if period.status != ReportingPeriod.Status.CLOSED:
        raise ReportingError(f"填报周期“{period}”未关闭，无需重新开启。", "invalid_state")
    period.status = ReportingPeriod.Status.OPEN
    period.save(update_fields=["status", "updated_at"])
    created = period_open(period=period)
    _event(period, PeriodEvent.Action.REOPENED, by, reason, created)
    return period


def plan_auto_open_set(*, plan: Plan, auto_open: bool, by: User) -> None:
    """Whether the plan's periods open by themselves: each quarter on its open date, and
    every period scheduled on this page on its own open date (the daily sweep does it)."""
    from notifications.services import reminder_settings_for

    require_office(by, "设置自动开启")
    settings = reminder_settings_for([plan])[plan.pk]
    settings.auto_open_periods = auto_open
    settings.save(update_fields=["auto_open_periods", "updated_at"])
