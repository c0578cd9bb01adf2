"""Reads of reminders: the inbox, laggards to urge, what was sent about a report, digests."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from agencies.models import User
from agencies.names import display_names
from agencies.selectors import agencies_without_reporter
from core.compiled import CompiledQuery
from ipplan.workcalendar import WorkingCalendar
from tasks.models import ProgressReport, ReportingPeriod
from tasks.selectors.counts import REPORT_BUCKETS, report_counts, status_counts

from .models import DeliveryLog, Notification, Urge

State = ProgressReport.State


def inbox(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user)


def unread_count(user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


# What the report page's list of reminders shows of each (when, kind, recipient or the
# webhook's agency, channel, status, error) and reads to say it (Rule.when, User.__str__,
# Agency.__str__, ReportEvent.get_action_display).
_DELIVERY_COLUMNS = (
    "created_at",
    "kind",
    "channel",
    "status",
    "sent_at",
    "last_error",
    "comment_id",
    "rule__offset_working_days",
    "urge__by__full_name",
    "urge__by__username",
    "event__action",
    "recipient__full_name",
    "recipient__username",
    "endpoint__agency__name",
    "endpoint__agency__short_name",
)


def _report_deliveries(report_id: int) -> QuerySet[DeliveryLog]:
    # Only the columns the report page's list shows (its six joins in full cost twice the
    # CPU to build and read, and would fetch two people's password hashes to show names).
    return (
        DeliveryLog.objects.filter(report_id=report_id)
        .select_related("rule", "urge__by", "event", "recipient", "endpoint__agency")
        .only(*_DELIVERY_COLUMNS)
        .order_by("-created_at", "channel", "id")
    )


# Built and compiled once per process (seven joins: ~3,500 Python calls a report page).
_report_deliveries_compiled = CompiledQuery(_report_deliveries)


def deliveries_for_report(report: ProgressReport) -> list[DeliveryLog]:
    """Every reminder, urge, escalation and decision notice about a report: who, when,
    channel, delivered."""
    return _report_deliveries_compiled.objects(report_id=report.pk)


@dataclass
class Laggard:
    agency_id: int
    agency: str
    missing: int  # 未报送 (tasks.selectors.counts)
    returned: int  # 被退回, not yet delivered again
    last_urged_at: datetime.datetime | None
    urged_today: bool
    no_reporter: bool = False  # 无填报人: no active reporter (agencies.selectors)


@dataclass
class PeriodLaggards:
    period: ReportingPeriod
    effective_due: datetime.date
    days_late: int
    laggards: list[Laggard]


def laggards(today: datetime.date, calendar: WorkingCalendar | None = None) -> list[PeriodLaggards]:
    """Per open period, the agencies with reports 未报送 or 被退回 (the counts every page
    shows, tasks.selectors.counts), each marked 无填报人 when no active reporter covers it
    (three queries whatever the number of periods and agencies)."""
    calendar = calendar or WorkingCalendar.load()
    periods = list(
        ReportingPeriod.objects.filter(status=ReportingPeriod.Status.OPEN)
        .select_related("plan")
        .order_by("due_on", "plan__title")
    )
    last_urge = Urge.objects.filter(
        period_id=OuterRef("period_id"), agency_id=OuterRef("agency_id")
    ).order_by("-at")
    rows = (
        ProgressReport.objects.filter(period__in=periods)
        .filter(REPORT_BUCKETS["missing"] | REPORT_BUCKETS["returned"])
        .values("period_id", "agency_id", "agency__short_name", "agency__name")
        .annotate(
            **status_counts("missing", "returned"),
            last_urged_at=Subquery(last_urge.values("at")[:1]),
        )
        .order_by("period_id", "-missing", "-returned", "agency__name")
    )
    rows = list(rows)
    names = display_names(row["agency_id"] for row in rows)
    by_period: dict[int, list[Laggard]] = {}
    for row in rows:
        by_period.setdefault(row["period_id"], []).append(
            Laggard(
                agency_id=row["agency_id"],
                agency=names[row["agency_id"]],
                missing=row["missing"],
                returned=row["returned"],
                last_urged_at=row["last_urged_at"],
                urged_today=bool(row["last_urged_at"])
                and timezone.localdate(row["last_urged_at"]) == today,
            )
        )
    uncovered = agencies_without_reporter(
        {row.agency_id for rows in by_period.values() for row in rows}
    )
    for rows_of_period in by_period.values():
        for laggard in rows_of_period:
            laggard.no_reporter = laggard.agency_id in uncovered
    result = []
    for period in periods:
        items = by_period.get(period.pk, [])
        result.append(
            PeriodLaggards(
                period=period,
                effective_due=calendar.due_date(period.due_on),
                days_late=calendar.days_late(period.due_on, today),
                laggards=items,
            )
        )
    return result


@dataclass
class DigestFigures:
    period: ReportingPeriod
    expected: int
    submitted: int
    overdue_missing: int  # 未报送 in a period whose (moved) due date has passed
    returned: int
    worst: list[tuple[str, int]]


def digest_figures(today: datetime.date, calendar: WorkingCalendar) -> list[DigestFigures]:
    """Per open period: the counts every page shows (tasks.selectors.counts), 未报送 once the
    period is past due, and the five agencies with the most of those."""
    periods = list(
        ReportingPeriod.objects.filter(status=ReportingPeriod.Status.OPEN).select_related("plan")
    )
    overdue_ids = {p.pk for p in periods if calendar.is_past_due(p.due_on, today)}
    counts = {
        row["period_id"]: row
        for row in report_counts(ProgressReport.objects.filter(period__in=periods), "period_id")
    }
    worst: dict[int, list[tuple[str, int]]] = {}
    rows = list(
        ProgressReport.objects.filter(period_id__in=overdue_ids)
        .filter(REPORT_BUCKETS["missing"])
        .values("period_id", "agency_id", "agency__name")
        .annotate(**status_counts("missing"))
        .order_by("period_id", "-missing", "agency__name")
    )
    names = display_names(row["agency_id"] for row in rows)
    for row in rows:
        ranked = worst.setdefault(row["period_id"], [])
        if len(ranked) < 5:
            ranked.append((names[row["agency_id"]], row["missing"]))
    empty = dict.fromkeys(("expected", "submitted", "missing", "returned"), 0)
    return [
        DigestFigures(
            period=p,
            expected=counts.get(p.pk, empty)["expected"],
            submitted=counts.get(p.pk, empty)["submitted"],
            overdue_missing=counts.get(p.pk, empty)["missing"] if p.pk in overdue_ids else 0,
            returned=counts.get(p.pk, empty)["returned"],
            worst=worst.get(p.pk, []),
        )
        for p in periods
    ]
