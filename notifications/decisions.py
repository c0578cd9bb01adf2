"""Notices of decisions on a report: who hears of 退回, 采纳, 重新打开, the agency's own
审核通过/退回 and 代报, and what the notice says.

The reporting services call ``report_decision_notify`` once per recorded event, inside their
transaction: the delivery rows are written with the decision (a refused or rolled-back
decision notifies nobody), their unique constraints make each notice go out once, and they
are handed to the workers after commit, then sent and logged like reminders.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings

from agencies.models import Membership, User
from core import clock
from tasks.models import ProgressReport, ReportEvent

from .channels import Channel, Message, MessageItem, shorten_text
from .models import DeliveryLog

Action = ReportEvent.Action
Role = Membership.Role


@dataclass(frozen=True)
class Notice:
    """How one kind of decision is announced."""

    tag: str  # 【…】 in the title
    what: str  # the title's verb phrase
    lead: str  # the first sentence; {actor} {agency} {measure} {period}
    reason_label: str = ""  # how the event's comment is introduced, if it has one
    closing: str = ""  # what to do now
    # who hears: the agency's reporters, its approvers, its group-chat webhook
    reporters: bool = True
    approvers: bool = True
    webhook: bool = True


_REDO = "请修改后重新报送。"
# The decisions announced, by the event's action. An action not listed (saving, submitting,
# uploading) notifies nobody: the person doing it already knows.
NOTICES: dict[str, Notice] = {
    Action.RETURNED: Notice(
        "退回",
        "被联席办退回",
        "联席办{actor}退回了{agency}关于措施{measure}的{period}进展报告。",
        "退回理由",
        _REDO,
    ),
    Action.ACCEPTED: Notice(
        "采纳",
        "已被联席办采纳",
        "联席办{actor}采纳了{agency}关于措施{measure}的{period}进展报告。",
        "采纳意见",
        "本期无需再操作。",
    ),
    Action.REOPENED: Notice(
        "重新打开",
        "被联席办重新打开",
        "联席办{actor}重新打开了{agency}关于措施{measure}的{period}进展报告（原已采纳）。",
        "理由",
        _REDO,
    ),
    Action.SIGNED_OFF: Notice(
        "审核通过",
        "已由本单位审核通过并报送联席办",
        "本单位审核人{actor}审核通过了措施{measure}的{period}进展报告，已报送联席办。",
        "审核意见",
        "等待联席办审核。",
        approvers=False,
        webhook=False,
    ),
    Action.SENT_BACK: Notice(
        "审核退回",
        "被本单位审核人退回",
        "本单位审核人{actor}退回了措施{measure}的{period}进展报告。",
        "退回理由",
        "请修改后重新提交审核。",
        approvers=False,
        webhook=False,
    ),
    Action.FILED_FOR: Notice(
        "代报",
        "已由联席办代为报送",
        "联席办{actor}代{agency}报送了措施{measure}的{period}进展报告。",
        "代报说明",
        "报告已在联席办手中；如内容有误，请通过报告页的批示与反馈联系联席办。",
    ),
}


def notice_register(action: str, notice: Notice) -> None:
    """Announce one more kind of decision (for an action added later)."""
    NOTICES[action] = notice


def report_decision_notify(*, event: ReportEvent) -> int:
    """Log one notice of this decision per person concerned and channel they chose (and the
    agency's webhook when it has one), and dispatch them after commit. Returns the rows
    logged; an event that is not a decision logs none."""
    notice = NOTICES.get(event.action)
    if notice is None:
        return 0
    from .services import Directory

    report = event.report
    directory = Directory({report.agency_id})
    people: dict[int, User] = {}
    if notice.reporters:
        for user in reporters_concerned(report, directory):
            people[user.pk] = user
    if notice.approvers:
        people.update((u.pk, u) for u in directory.members[(report.agency_id, Role.APPROVER)])
    people.pop(event.actor_id, None)  # nobody is told of their own decision
    return notice_log(
        report=report,
        directory=directory,
        people=list(people.values()),
        webhook=notice.webhook,
        kind=DeliveryLog.Kind.DECISION,
        event=event,
    )


def notice_log(
    *, report, directory, people: list[User], webhook: bool, kind: str, **trigger
) -> int:
    """Log a notice about ``report`` to each person on each channel they chose (and to the
    agency's webhook), once per trigger (unique constraints), and dispatch after commit."""
    from .services import _insert, enqueue_after_commit

    now = clock.now()
    common = {"report": report, "kind": kind, "created_at": now, "next_attempt_at": now}
    rows = [
        DeliveryLog(channel=ch.code, recipient=user, **common, **trigger)
        for user in people
        for ch in directory.person_channels(user)
    ]
    hook = directory.webhooks.get(report.agency_id)
    if webhook and hook is not None:
        rows += [
            DeliveryLog(channel=ch.code, endpoint=hook, **common, **trigger)
            for ch in Channel.registry.values()
            if ch.audience == "agency"
        ]
    _insert(rows)
    logged = list(DeliveryLog.objects.filter(**trigger).values_list("pk", flat=True))
    held = getattr(_holding, "ids", None)
    if held is not None:
        held.extend(logged)
    else:
        enqueue_after_commit([logged])
    return len(rows)


# Per thread: ids logged while notices are held (``notices_held``), dispatched at its end.
_holding = threading.local()


@contextmanager
def notices_held() -> Iterator[None]:
    """Around a bulk action made of many decisions (批量采纳): their notices are dispatched
    together once it ends, so that each person gets one message naming every report of an
    agency and period decided alike, not one per report. Each decision still commits (and
    logs its rows) on its own; rows already committed are dispatched even if it fails."""
    if getattr(_holding, "ids", None) is not None:  # nested: the outer one dispatches
        yield
        return
    from .services import enqueue_after_commit

    _holding.ids = []
    try:
        yield
    finally:
        held, _holding.ids = _holding.ids, None
        if held:
            enqueue_after_commit([held])


def decision_group(event: ReportEvent) -> tuple:
    """Decisions sent as one message when they reach a person together: the same action by
    the same person with the same words (an agency and period are grouped already)."""
    return (event.action, event.actor_id, event.comment)


def reporters_concerned(report: ProgressReport, directory) -> list[User]:
    """The agency's reporters who worked on this report; all its reporters if none did yet
    (an approver who filled it in, or an upload by someone since gone)."""
    reporters = directory.members[(report.agency_id, Role.REPORTER)]
    worked = set(
        report.events.filter(action__in=[Action.SAVED, Action.SUBMITTED, Action.UPLOADED])
        .values_list("actor_id", flat=True)
        .distinct()
    )
    return [u for u in reporters if u.pk in worked] or reporters


def decision_message(rows: list[DeliveryLog]) -> Message:
    """What the notice of one decision — or of several alike on one agency's reports of one
    period (``decision_group``) — says; the same on every channel and every retry."""
    by_report = {row.report_id: row for row in sorted(rows, key=lambda r: r.report.measure.order)}
    first = next(iter(by_report.values()))
    event, report = first.event, first.report
    notice = NOTICES[event.action]
    period = report.period
    labels = [row.report.measure.label for row in by_report.values()]
    names = {
        "actor": f"（{event.actor}）" if event.actor_id else "",
        "agency": str(report.agency),
        "measure": "、".join(labels),
        "period": str(period),
    }
    lead = notice.lead.format(**names)
    if event.comment and notice.reason_label:
        lead += f"\n{notice.reason_label}：{event.comment}"
    if notice.closing:
        lead += f"\n{notice.closing}"
    if len(labels) == 1:
        title = f"【{notice.tag}】{labels[0]} {report.agency}{period}进展报告{notice.what}"
    else:
        title = f"【{notice.tag}】{report.agency}{period} {len(labels)} 份进展报告{notice.what}"
    return Message(
        kind=DeliveryLog.Kind.DECISION.value,
        kind_display=notice.tag,
        title=title,
        agency=str(report.agency),
        period=str(period),
        due_on=period.due_on.isoformat(),
        lead=lead,
        items=[
            report_item(row.report, state=str(ProgressReport.State(row.event.to_state).label))
            for row in by_report.values()
        ],
        delivery_key=f"ipplan-decision-{min(row.event_id for row in rows)}-{len(by_report)}",
        event_name="ipplan.decision",
    )


def report_item(report: ProgressReport, *, state: str) -> MessageItem:
    """The report a notice is about, as its message lists it."""
    base = settings.IPPLAN_BASE_URL.rstrip("/")
    return MessageItem(
        report_id=report.pk,
        measure=report.measure.label,
        text=shorten_text(report.measure.text),
        state=state,
        path=f"/reports/{report.pk}/",
        url=f"{base}/reports/{report.pk}/",
    )
