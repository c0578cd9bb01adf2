"""Reads of reminders: the inbox, laggards to urge, what was sent about a report, digests."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from agencies.models import User
from agencies.selectors import agencies_without_reporter
from ipplan.workcalendar import WorkingCalendar
from tasks.models import ProgressReport, ReportingPeriod
from tasks.workflow import PENDING_STATES

from .models import DeliveryLog, Notification, Urge

State = ProgressReport.State
SUBMITTED_STATES = (State.SUBMITTED, State.ACCEPTED)


def inbox(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user)


def unread_count(user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def deliveries_for_report(report: ProgressReport) -> QuerySet[DeliveryLog]:
    """Every reminder, urge, escalation and decision notice about a report: who, when,
    channel, delivered."""
    return (
        DeliveryLog.objects.filter(report=report)
        .select_related("rule", "urge__by", "event", "recipient", "endpoint__agency")
        .order_by("-created_at", "channel", "id")
    )


@dataclass
class Laggard:
    agency_id: int
    agency: str
    pending: int
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
    """Per open period, the agencies with reports not yet submitted to the office, each
    marked 无填报人 when no active reporter covers it (three queries whatever the number of
    periods and agencies)."""
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
        ProgressReport.objects.filter(period__in=periods, state__in=PENDING_STATES)
        .values("period_id", "agency_id", "agency__short_name", "agency__name")
        .annotate(pending=Count("id"), last_urged_at=Subquery(last_urge.values("at")[:1]))
        .order_by("period_id", "-pending", "agency__name")
    )
    by_period: dict[int, list[Laggard]] = {}
    for row in rows:
        by_period.setdefault(row["period_id"], []).append(
            Laggard(
                agency_id=row["agency_id"],
                agency=row["agency__short_name"] or row["agency__name"],
                pending=row["pending"],
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
    total: int
    submitted: int
    late: int
    returned: int
    worst: list[tuple[str, int]]


def digest_figures(today: datetime.date, calendar: WorkingCalendar) -> list[DigestFigures]:
    """Per open period: submitted / late / returned counts and the five worst agencies."""
    periods = list(
        ReportingPeriod.objects.filter(status=ReportingPeriod.Status.OPEN).select_related("plan")
    )
    overdue_ids = [p.pk for p in periods if calendar.is_past_due(p.due_on, today)]
    counts = {
        row["period_id"]: row
        for row in ProgressReport.objects.filter(period__in=periods)
        .values("period_id")
        .annotate(
            total=Count("id"),
            submitted=Count("id", filter=Q(state__in=SUBMITTED_STATES)),
            returned=Count("id", filter=Q(state=State.RETURNED)),
            late=Count("id", filter=Q(state__in=PENDING_STATES, period_id__in=overdue_ids)),
        )
    }
    worst: dict[int, list[tuple[str, int]]] = {}
    for row in (
        ProgressReport.objects.filter(period_id__in=overdue_ids, state__in=PENDING_STATES)
        .values("period_id", "agency__short_name", "agency__name")
        .annotate(n=Count("id"))
        .order_by("period_id", "-n", "agency__name")
    ):
        ranked = worst.setdefault(row["period_id"], [])
        if len(ranked) < 5:
            ranked.append((row["agency__short_name"] or row["agency__name"], row["n"]))
    empty = {"total": 0, "submitted": 0, "returned": 0, "late": 0}
    return [
        DigestFigures(
            period=p,
            total=counts.get(p.pk, empty)["total"],
            submitted=counts.get(p.pk, empty)["submitted"],
            late=counts.get(p.pk, empty)["late"],
            returned=counts.get(p.pk, empty)["returned"],
            worst=worst.get(p.pk, []),
        )
        for p in periods
    ]
