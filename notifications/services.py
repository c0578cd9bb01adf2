"""Chasing reports: plan due reminders, urge (催办) and escalate (督办), deliver exactly once.

The flow: a sweep works out which (report, rule) reminders are due today in working days,
inserts one DeliveryLog row per (report, rule, channel, recipient) — the database's unique
constraints make a second sweep, a retried task or a second worker insert nothing — and
dispatches the open rows in batches after the transaction commits. ``deliveries_send``
claims rows (PENDING → SENDING under ``SKIP LOCKED``), renders one message per recipient
naming every pending report, hands it to the channel, and records success, a retry with
backoff, or the final failure. A row left SENDING by a dead worker is taken up again when
its lease runs out; a row whose dispatch never reached the broker is picked up by the next
``deliveries_resume``.
"""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone
from kombu.exceptions import OperationalError

from agencies.access import is_office
from agencies.models import Agency, Membership, User
from agencies.selectors import people_accounts, people_memberships
from core import clock
from ipplan.db import commits_unflushed, statistics_refresh
from ipplan.formats import date_text
from ipplan.workcalendar import WorkingCalendar
from tasks.models import Plan, ProgressReport, ReportingPeriod
from tasks.services.reporting import period_open, period_quarter_get_or_create
from tasks.workflow import FILLING_ROLES, PENDING_STATES

from .channels import (
    DEFAULT_PERSON_CHANNELS,
    Channel,
    Message,
    MessageItem,
    channel,
    shorten_text,
)
from .comments import comment_message
from .decisions import decision_group, decision_message
from .models import (
    AgencyWebhook,
    ChannelPreference,
    DeliveryLog,
    DigestLog,
    Notification,
    PlanReminderSettings,
    ReminderRule,
    Urge,
)
from .selectors import digest_figures

logger = logging.getLogger(__name__)

Kind = ReminderRule.Kind
Status = DeliveryLog.Status
State = ProgressReport.State

# offset in working days from the due date, kind, (reporters, approvers, office)
DEFAULT_RULES = [
    (-5, Kind.REMIND, (True, False, False)),
    (-2, Kind.REMIND, (True, False, False)),
    (0, Kind.REMIND, (True, False, False)),
    (1, Kind.URGE, (True, False, False)),
    (5, Kind.ESCALATE, (False, True, True)),
]
MAX_ATTEMPTS = 5
# A worker that claimed a row and has not finished it after this long is presumed dead.
SENDING_LEASE = datetime.timedelta(minutes=10)


class NotificationError(ValidationError):
    """A refused action (Chinese message) with a machine ``code``."""

    def __init__(self, message: str, code: str):
        super().__init__(message, code=code)
        self.code = code


def retry_delay(attempts: int) -> datetime.timedelta:
    """Backoff after the n-th failed attempt: 1, 2, 4, 8 … minutes, at most an hour."""
    return datetime.timedelta(minutes=min(60, 2 ** (attempts - 1)))


# --- rules -------------------------------------------------------------------------------


def reminder_settings_for(plans: list[Plan]) -> dict[int, PlanReminderSettings]:
    """Each plan's settings with its rules; plans seen for the first time get the defaults."""
    existing = {
        s.plan_id: s
        for s in PlanReminderSettings.objects.filter(plan__in=plans).prefetch_related("rules")
    }
    missing = [plan for plan in plans if plan.pk not in existing]
    if missing:
        with transaction.atomic():
            for plan in missing:
                created, fresh = PlanReminderSettings.objects.get_or_create(plan=plan)
                if fresh:
                    ReminderRule.objects.bulk_create(
                        ReminderRule(
                            settings=created,
                            kind=kind,
                            offset_working_days=offset,
                            notify_reporters=reporters,
                            notify_approvers=approvers,
                            notify_office=office,
                        )
                        for offset, kind, (reporters, approvers, office) in DEFAULT_RULES
                    )
        existing.update(
            {
                s.plan_id: s
                for s in PlanReminderSettings.objects.filter(plan__in=missing).prefetch_related(
                    "rules"
                )
            }
        )
    return existing


def rule_due(
    rules: list[ReminderRule], due_on: datetime.date, today: datetime.date, cal: WorkingCalendar
) -> ReminderRule | None:
    """The latest active rule whose day has come: one message per sweep, never a burst of
    every rule a stopped scheduler missed."""
    effective_due = cal.due_date(due_on)
    due = [
        rule
        for rule in rules
        if rule.is_active and cal.shift(effective_due, rule.offset_working_days) <= today
    ]
    return max(due, key=lambda rule: rule.offset_working_days, default=None)


# --- who hears about it, on which channel ------------------------------------------------


@dataclass(frozen=True)
class Audience:
    reporters: bool
    approvers: bool
    office: bool


class Directory:
    """People, preferences and webhooks for a set of agencies: a fixed number of queries."""

    def __init__(self, agency_ids: set[int]):
        self.members: dict[tuple[int, str], list[User]] = defaultdict(list)
        # Only people hear about reports: never an API token's service account.
        for membership in (
            people_memberships(roles=FILLING_ROLES)
            .filter(agency_id__in=agency_ids)
            .select_related("user")
        ):
            self.members[(membership.agency_id, membership.role)].append(membership.user)
        self.office = list(
            people_accounts().filter(memberships__role=Membership.Role.SUPERVISOR).distinct()
        )
        people = {u.pk for users in self.members.values() for u in users} | {
            u.pk for u in self.office
        }
        self.preferences = dict(
            ChannelPreference.objects.filter(user_id__in=people).values_list("user_id", "channels")
        )
        self.webhooks = {
            hook.agency_id: hook
            for hook in AgencyWebhook.objects.filter(agency_id__in=agency_ids, is_active=True)
        }

    def people(self, report: ProgressReport, audience: Audience) -> list[User]:
        """Reporters act on drafts and returned reports; approvers on those awaiting them."""
        chosen: dict[int, User] = {}
        reporters = self.members[(report.agency_id, Membership.Role.REPORTER)]
        approvers = self.members[(report.agency_id, Membership.Role.APPROVER)]
        if audience.reporters:
            waiting_on_approver = report.state == State.PENDING_SIGNOFF
            for user in approvers if waiting_on_approver or not reporters else reporters:
                chosen[user.pk] = user
        if audience.approvers:
            chosen.update((user.pk, user) for user in approvers)
        if audience.office:
            chosen.update((user.pk, user) for user in self.office)
        return list(chosen.values())

    def person_channels(self, user: User) -> list[Channel]:
        codes = self.preferences.get(user.pk, DEFAULT_PERSON_CHANNELS)
        return [
            ch
            for code, ch in Channel.registry.items()
            if ch.audience == "person" and code in codes and ch.reaches(user)
        ]

    def rows(
        self, report: ProgressReport, audience: Audience, *, kind: str, now, **trigger
    ) -> list[DeliveryLog]:
        common = {"report": report, "kind": kind, "created_at": now, "next_attempt_at": now}
        rows = [
            DeliveryLog(channel=ch.code, recipient=user, **common, **trigger)
            for user in self.people(report, audience)
            for ch in self.person_channels(user)
        ]
        hook = self.webhooks.get(report.agency_id)
        if hook is not None and audience.reporters:
            for ch in Channel.registry.values():
                if ch.audience == "agency":
                    rows.append(DeliveryLog(channel=ch.code, endpoint=hook, **common, **trigger))
        return rows


def _insert(rows: list[DeliveryLog]) -> None:
    """Insert what is not logged yet; rows already there (any status) are left alone.

    The workers read these rows back at once: the planner must know the log is no longer
    empty (with an empty log's statistics the batch query scanned it in parallel)."""
    DeliveryLog.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
    statistics_refresh(DeliveryLog, rows=len(rows))


# --- the periodic jobs -------------------------------------------------------------------


def periods_open_due(*, today: datetime.date | None = None) -> list[ReportingPeriod]:
    """Open this quarter's period of every plan that asks for it, once its open date comes."""
    today = today or clock.today()
    quarter = (today.month - 1) // 3 + 1
    opened = []
    for prefs in PlanReminderSettings.objects.filter(
        auto_open_periods=True, plan__status=Plan.Status.PUBLISHED
    ).select_related("plan"):
        plan = prefs.plan
        if (plan.period_start_year and today.year < plan.period_start_year) or (
            plan.period_end_year and today.year > plan.period_end_year
        ):
            continue
        period_quarter_get_or_create(plan=plan, year=today.year, quarter=quarter)
        for period in plan.periods.filter(
            status=ReportingPeriod.Status.SCHEDULED, opens_on__lte=today
        ):
            period_open(period=period)
            opened.append(period)
    return opened


def reports_mark_late(*, today: datetime.date | None = None) -> int:
    """Store ``late_days`` on reports never delivered whose (moved) due date has passed, so
    that database filters and sorting on it see them late; pages compute the same figure
    with ``ipplan.workcalendar.report_days_late``, and delivery fixes the final one."""
    today = today or clock.today()
    cal = WorkingCalendar.load()
    marked = 0
    for period in ReportingPeriod.objects.filter(status=ReportingPeriod.Status.OPEN):
        if not cal.is_past_due(period.due_on, today):
            continue
        marked += ProgressReport.objects.filter(
            period=period, state__in=PENDING_STATES, first_submitted_at__isnull=True
        ).update(late_days=cal.days_late(period.due_on, today))
    return marked


def reminders_plan(*, today: datetime.date | None = None) -> int:
    """Log every reminder due today that is not logged yet; returns the rows now open.

    Per open period the latest rule whose working day has come applies to each report not
    yet submitted; running it again the same day inserts nothing.
    """
    today = today or clock.today()
    now = clock.now()
    cal = WorkingCalendar.load()
    periods = list(
        ReportingPeriod.objects.filter(
            status=ReportingPeriod.Status.OPEN, plan__status=Plan.Status.PUBLISHED
        ).select_related("plan")
    )
    prefs = reminder_settings_for([p.plan for p in periods])
    due: list[tuple[ReportingPeriod, ReminderRule]] = []
    for period in periods:
        plan_settings = prefs[period.plan_id]
        if not plan_settings.is_active:
            continue
        rule = rule_due(list(plan_settings.rules.all()), period.due_on, today, cal)
        if rule is not None:
            due.append((period, rule))
    for period, rule in due:
        audience = Audience(rule.notify_reporters, rule.notify_approvers, rule.notify_office)
        reports = list(
            ProgressReport.objects.filter(period=period, state__in=PENDING_STATES).exclude(
                deliveries__rule=rule
            )
        )
        directory = Directory({r.agency_id for r in reports})
        rows = [
            row
            for report in reports
            for row in directory.rows(report, audience, kind=rule.kind, now=now, rule=rule)
        ]
        _insert(rows)
    return DeliveryLog.objects.filter(status__in=[Status.PENDING, Status.RETRY]).count()


# One message per (period, agency, trigger, channel, recipient).
GROUP_FIELDS = (
    "report__period_id",
    "report__agency_id",
    "rule_id",
    "urge_id",
    "event_id",
    "comment_id",
    "channel",
    "recipient_id",
    "endpoint_id",
)


def deliveries_resend(*, deliveries: QuerySet[DeliveryLog]) -> int:
    """The operator sends failed (or waiting) deliveries again now, with a fresh count of
    attempts; returns how many were put back. The admin's 重新发送 calls this."""
    count = deliveries.filter(status__in=[Status.FAILED, Status.RETRY]).update(
        status=Status.PENDING, attempts=0, next_attempt_at=clock.now()
    )
    deliveries_resume()
    return count


def deliveries_resume(*, now: datetime.datetime | None = None) -> int:
    """Dispatch every open row that is due: new, due for a retry, or abandoned by a dead
    worker. Safe to run as often as you like: sending claims rows first."""
    now = now or clock.now()
    DeliveryLog.objects.filter(status=Status.SENDING, claimed_at__lt=now - SENDING_LEASE).update(
        status=Status.PENDING
    )
    rows = (
        DeliveryLog.objects.filter(
            status__in=[Status.PENDING, Status.RETRY], next_attempt_at__lte=now
        )
        .order_by(*GROUP_FIELDS, "id")
        .values_list("id", *GROUP_FIELDS)
    )
    batches: list[list[int]] = []
    current: list[int] = []
    current_key = None
    size = settings.NOTIFICATIONS_BATCH_SIZE
    for pk, *key in rows:
        # A message is never split across batches: it must name every pending report.
        if current and key != current_key and len(current) >= size:
            batches.append(current)
            current = []
        current.append(pk)
        current_key = key
    if current:
        batches.append(current)
    enqueue_after_commit(batches)
    return sum(len(batch) for batch in batches)


def enqueue_after_commit(batches: list[list[int]]) -> None:
    """Hand batches to the workers once the rows are committed. An unreachable broker is
    logged, not raised: the rows stay open and the next resume dispatches them."""

    def enqueue() -> None:
        from . import jobs

        for batch in batches:
            try:
                jobs.deliver.apply_async((batch,), retry=False)
            except (OperationalError, OSError) as error:
                logger.warning(
                    "broker unreachable, %s deliveries wait for the sweep: %s", len(batch), error
                )
                return

    transaction.on_commit(enqueue)


def reminders_sweep(*, today: datetime.date | None = None) -> dict[str, int]:
    """Everything beat does in a day, in one call: the embedded mode's periodic command."""
    today = today or clock.today()
    return {
        "opened": len(periods_open_due(today=today)),
        "late": reports_mark_late(today=today),
        "open_rows": reminders_plan(today=today),
        "dispatched": deliveries_resume(),
    }


# --- urging by hand ----------------------------------------------------------------------


@transaction.atomic
def agency_urge(
    *, period: ReportingPeriod, agency: Agency, by: User, note: str = ""
) -> tuple[Urge, int]:
    """The office urges one agency for one period: everyone who still has to act on one of
    its reports hears about all of them. Once a day per agency; returns the urge and how
    many people it reaches."""
    if not is_office(by):
        raise NotificationError("只有联席会议办公室可以催办。", "forbidden")
    if period.status != ReportingPeriod.Status.OPEN:
        raise NotificationError(f"填报周期“{period}”未在填报中，无需催办。", "period_not_open")
    reports = list(
        ProgressReport.objects.filter(period=period, agency=agency, state__in=PENDING_STATES)
    )
    if not reports:
        raise NotificationError(
            f"{agency}在{period}没有待报送的报告，无需催办。", "nothing_pending"
        )
    today = clock.today()
    if Urge.objects.filter(period=period, agency=agency, on_date=today).exists():
        raise NotificationError(
            f"今天已经催办过{agency}（{period}），明天可再次催办。", "urged_today"
        )
    try:
        with transaction.atomic():
            urge = Urge.objects.create(
                period=period, agency=agency, by=by, on_date=today, at=clock.now(), note=note[:200]
            )
    except IntegrityError:
        raise NotificationError(
            f"今天已经催办过{agency}（{period}），明天可再次催办。", "urged_today"
        ) from None
    directory = Directory({agency.pk})
    audience = Audience(reporters=True, approvers=False, office=False)
    rows = [
        row
        for report in reports
        for row in directory.rows(report, audience, kind=Kind.URGE, now=urge.at, urge=urge)
    ]
    if not rows:
        # Nobody to tell: the urge is not recorded (so 今日已催办 is not shown) and the
        # office is told to appoint a reporter or file on the agency's behalf.
        raise NotificationError(
            f"{agency}没有可接收通知的填报人或审核人（无填报人），催办未发出。"
            "请先为该单位添加填报人，或由联席办代报。",
            "no_recipient",
        )
    _insert(rows)
    enqueue_after_commit(_batches_of(urge))
    return urge, len({row.recipient_id or f"hook{row.endpoint_id}" for row in rows})


def _batches_of(urge: Urge) -> list[list[int]]:
    return [list(DeliveryLog.objects.filter(urge=urge).values_list("id", flat=True))]


def period_urge_laggards(
    *, period: ReportingPeriod, by: User, note: str = ""
) -> tuple[list[Urge], list[str]]:
    """Urge every agency of the period with reports not yet submitted, each in its own
    transaction: one refusal (already urged today) never stops the others."""
    if not is_office(by):
        raise NotificationError("只有联席会议办公室可以催办。", "forbidden")
    agency_ids = (
        ProgressReport.objects.filter(period=period, state__in=PENDING_STATES)
        .values_list("agency_id", flat=True)
        .distinct()
    )
    urges, refused = [], []
    for agency in Agency.objects.filter(pk__in=list(agency_ids)).order_by("name"):
        try:
            urge, _ = agency_urge(period=period, agency=agency, by=by, note=note)
        except NotificationError as error:
            refused.append(error.messages[0])
        else:
            urges.append(urge)
    return urges, refused


# --- sending -----------------------------------------------------------------------------


def _claim(ids: list[int], now: datetime.datetime) -> list[int]:
    """Take rows no one else holds; a second worker with the same ids gets none of them."""
    with transaction.atomic():
        claimed = list(
            DeliveryLog.objects.select_for_update(skip_locked=True)
            .filter(pk__in=ids, status__in=[Status.PENDING, Status.RETRY], next_attempt_at__lte=now)
            .values_list("pk", flat=True)
        )
        DeliveryLog.objects.filter(pk__in=claimed).update(
            status=Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
        )
    return claimed


def _message(rows: list[DeliveryLog], cal: WorkingCalendar) -> Message:
    """The message as of the day the reminder fell due, so a retry says the same thing."""
    first = rows[0]
    if first.event_id:
        return decision_message(rows)
    if first.comment_id:
        return comment_message(rows)
    today = timezone.localdate(first.created_at)
    report = first.report
    period = report.period
    agency = str(report.agency)
    effective_due = cal.due_date(period.due_on)
    overdue = cal.days_late(period.due_on, today)
    left = cal.days_left(period.due_on, today)
    kind = first.kind
    if first.urge_id:
        title = f"【催办】联席办催办：{agency}{period}进展报告尚未报送"
    elif kind == Kind.ESCALATE:
        title = f"【督办】{agency}{period}进展报告逾期 {overdue} 天仍未报送"
    elif kind == Kind.URGE or overdue:
        title = f"【催办】{agency}{period}进展报告已逾期 {overdue} 天"
    elif left:
        title = f"【提醒】{period}进展报告还有 {left} 天截止"
    else:
        title = f"【提醒】今天是{period}进展报告截止日"
    base = settings.IPPLAN_BASE_URL.rstrip("/")
    items = [
        MessageItem(
            report_id=row.report_id,
            measure=row.report.measure.label,
            text=shorten_text(row.report.measure.text),
            state=row.report.get_state_display(),
            path=f"/reports/{row.report_id}/",
            url=f"{base}/reports/{row.report_id}/",
        )
        for row in sorted(rows, key=lambda r: (r.report.measure.plan_id, r.report.measure.order))
    ]
    lead = (
        f"{agency}有 {len(items)} 项措施的{period}进展报告尚未报送联席办"
        f"（截止日期 {date_text(effective_due)}"
        + (f"，已逾期 {overdue} 天" if overdue else "")
        + "）。请尽快登录 ipplan 填报、审核并报送："
    )
    return Message(
        kind=kind,
        kind_display="催办" if first.urge_id else first.get_kind_display(),
        title=title,
        agency=agency,
        period=str(period),
        due_on=effective_due.isoformat(),
        lead=lead,
        items=items,
        note=first.urge.note if first.urge_id else "",
        delivery_key=f"ipplan-{min(r.pk for r in rows)}-{len(rows)}",
    )


def _fail(ids: list[int], attempts: int, error: Exception, now: datetime.datetime) -> bool:
    """Record a failed attempt; returns whether another attempt is scheduled."""
    final = attempts >= MAX_ATTEMPTS
    DeliveryLog.objects.filter(pk__in=ids, status=Status.SENDING).update(
        status=Status.FAILED if final else Status.RETRY,
        next_attempt_at=now + retry_delay(attempts),
        last_error=str(error)[:2000] or error.__class__.__name__,
    )
    return not final


def deliveries_send(ids: list[int]) -> dict[str, int]:
    """Send the rows given (those still open and not held by another worker): one message
    per (period, agency, trigger, channel, recipient); each group succeeds or fails alone."""
    now = clock.now()
    claimed = _claim(ids, now)
    counts = {"sent": 0, "retry": 0, "failed": 0, "skipped": 0}
    if not claimed:
        return counts
    rows = list(
        DeliveryLog.objects.filter(pk__in=claimed).select_related(
            "report__measure",
            "report__agency",
            "report__period",
            "rule",
            "urge",
            "event__actor",
            "comment__author",
            "recipient",
            "endpoint",
        )
    )
    # Submitted since the reminder was logged: nobody needs chasing about it any more.
    # (A decision or a comment is news whatever happened since, so it always goes out.)
    settled = [
        row.pk
        for row in rows
        if (row.rule_id or row.urge_id) and row.report.state not in PENDING_STATES
    ]
    if settled:
        DeliveryLog.objects.filter(pk__in=settled).update(
            status=Status.SKIPPED, last_error="报告已报送，不再发送。"
        )
        counts["skipped"] = len(settled)
    groups: dict[tuple, list[DeliveryLog]] = defaultdict(list)
    for row in rows:
        if row.pk not in settled:
            report = row.report
            key = (
                report.period_id,
                report.agency_id,
                row.rule_id,
                row.urge_id,
                decision_group(row.event) if row.event_id else None,
                row.comment_id,
                row.channel,
                row.recipient_id,
                row.endpoint_id,
            )
            groups[key].append(row)
    cal = WorkingCalendar.load()
    retry_later: list[tuple[list[int], int]] = []

    def failed(group: list[DeliveryLog], error: Exception) -> None:
        group_ids = [row.pk for row in group]
        logger.warning("delivery %s failed: %s", group_ids, error)
        attempts = max(row.attempts for row in group)  # counted when claimed
        if _fail(group_ids, attempts, error, now):
            retry_later.append((group_ids, attempts))
            counts["retry"] += len(group)
        else:
            counts["failed"] += len(group)

    # Channels that only write to our database deliver the whole batch in one transaction
    # with the SENT marks: a worker that dies here leaves nothing half done.
    local: dict[str, list[tuple[list[DeliveryLog], Message]]] = defaultdict(list)
    remote: list[tuple[list[DeliveryLog], Message]] = []
    for group in groups.values():
        try:
            message = _message(group, cal)
        except Exception as error:  # one bad message must not stop the batch
            failed(group, error)
            continue
        code = group[0].channel
        (local[code] if channel(code).local else remote).append((group, message))
    if local:
        try:
            with transaction.atomic():
                for code, items in local.items():
                    channel(code).send_many(
                        [
                            (message, group[0].recipient, group[0].endpoint)
                            for group, message in items
                        ]
                    )
                sent_ids = [
                    row.pk for items in local.values() for group, _ in items for row in group
                ]
                DeliveryLog.objects.filter(pk__in=sent_ids, status=Status.SENDING).update(
                    status=Status.SENT, sent_at=now, last_error=""
                )
            counts["sent"] += len(sent_ids)
        except Exception as error:
            for items in local.values():
                for group, _ in items:
                    failed(group, error)
    # Email and webhooks cannot be rolled back: each is marked right after its hand-over,
    # in its own commit, not waiting for the disk (commits_unflushed: only a database crash
    # could lose a mark, and the email would then go out again).
    by_channel: dict[str, list[tuple[list[DeliveryLog], Message]]] = defaultdict(list)
    for group, message in remote:
        by_channel[group[0].channel].append((group, message))
    for code, items in by_channel.items():
        with channel(code).session(), commits_unflushed():
            for group, message in items:
                first = group[0]
                try:
                    channel(code).send(message, recipient=first.recipient, endpoint=first.endpoint)
                except Exception as error:
                    failed(group, error)
                    continue
                DeliveryLog.objects.filter(
                    pk__in=[row.pk for row in group], status=Status.SENDING
                ).update(status=Status.SENT, sent_at=now, last_error="")
                counts["sent"] += len(group)
    _schedule_retries(retry_later)
    return counts


def _schedule_retries(retry_later: list[tuple[list[int], int]]) -> None:
    """With a worker, retry each failed group after its backoff. In-process (embedded mode,
    tests) the next resume picks rows up once their ``next_attempt_at`` has come."""
    from ipplan.celery import app

    from . import jobs

    if app.conf.task_always_eager:
        return
    for ids, attempts in retry_later:
        try:
            jobs.deliver.apply_async(
                (ids,), countdown=retry_delay(attempts).total_seconds(), retry=False
            )
        except (OperationalError, OSError) as error:
            logger.warning("broker unreachable; retry of %s left to the sweep: %s", ids, error)


# --- inbox -------------------------------------------------------------------------------


def notification_mark_read(*, user: User, notification_id: int | None = None) -> int:
    """Mark one (or, without an id, every) unread notification of ``user`` as read."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_id is not None:
        unread = unread.filter(pk=notification_id)
    return unread.update(read_at=clock.now())


def channels_choose(*, user: User, codes: list[str]) -> ChannelPreference:
    unknown = [code for code in codes if code not in Channel.registry]
    if unknown:
        raise NotificationError(f"未知的接收渠道：{'、'.join(unknown)}。", "unknown_channel")
    person = [c for c in codes if Channel.registry[c].audience == "person"]
    preference, _ = ChannelPreference.objects.update_or_create(
        user=user, defaults={"channels": person}
    )
    return preference


# --- weekly digest -----------------------------------------------------------------------


def digest_send_weekly(*, today: datetime.date | None = None) -> int:
    """Send each supervisor this week's figures once (claimed by a unique row per week)."""
    today = today or clock.today()
    week = today - datetime.timedelta(days=today.weekday())
    cal = WorkingCalendar.load()
    figures = digest_figures(today, cal)
    if not figures:
        return 0
    context = {"figures": figures, "week": week, "site_url": settings.IPPLAN_BASE_URL}
    message = Message(
        kind="digest",
        kind_display="周报",
        title=f"【周报】{date_text(week)}起一周报送情况",
        agency="",
        period="",
        due_on="",
        lead="",
        delivery_key=f"ipplan-digest-{week:%Y%m%d}",
        body_text=render_to_string("notifications/digest.txt", context).strip(),
        body_html=render_to_string("notifications/digest.html", context),
    )
    sent = 0
    directory = Directory(set())
    for user in directory.office:
        try:
            with transaction.atomic():
                DigestLog.objects.create(recipient=user, week=week, sent_at=clock.now())
        except IntegrityError:
            continue  # this week's digest already went to this person
        for ch in directory.person_channels(user):
            try:
                ch.send(message, recipient=user, endpoint=None)
            except Exception as error:  # one mailbox down must not stop the rest
                logger.warning("digest to %s on %s failed: %s", user, ch.code, error)
        sent += 1
    return sent
