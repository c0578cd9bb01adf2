"""Notices of a message in a report's conversation: to the people and agencies it mentions
and to the other side (the office's 批示 reaches the agency, the agency's 反馈 the office)."""

from __future__ import annotations

from agencies.models import Membership, User
from tasks.models import ReportComment, ReportEvent

from .channels import Message
from .decisions import notice_log, report_item, reporters_concerned
from .models import DeliveryLog

Side = ReportComment.Side
Role = Membership.Role
OFFICE_DECISIONS = (
    ReportEvent.Action.RETURNED,
    ReportEvent.Action.ACCEPTED,
    ReportEvent.Action.REOPENED,
)


def comment_notify(*, comment: ReportComment) -> int:
    """Log and dispatch (after commit) the notices of one comment; returns the rows logged."""
    from .services import Directory

    report = comment.report
    mentioned_agencies = {a.pk for a in comment.mentioned_agencies.all()}
    directory = Directory({report.agency_id} | mentioned_agencies)
    people: dict[int, User] = {u.pk: u for u in comment.mentioned_users.all()}
    for agency_id in mentioned_agencies:
        for role in (Role.REPORTER, Role.APPROVER):
            people.update((u.pk, u) for u in directory.members[(agency_id, role)])
    if comment.side == Side.OFFICE:
        for user in reporters_concerned(report, directory):
            people[user.pk] = user
        people.update((u.pk, u) for u in directory.members[(report.agency_id, Role.APPROVER)])
    else:
        people.update((u.pk, u) for u in office_concerned(report, directory))
    people.pop(comment.author_id, None)
    return notice_log(
        report=report,
        directory=directory,
        people=list(people.values()),
        webhook=comment.side == Side.OFFICE,
        kind=DeliveryLog.Kind.COMMENT,
        comment=comment,
    )


def office_concerned(report, directory) -> list[User]:
    """The office people who decided on or wrote about this report; all of the office when
    nobody there has touched it yet."""
    involved = set(
        report.events.filter(action__in=OFFICE_DECISIONS).values_list("actor_id", flat=True)
    ) | set(report.comments.filter(side=Side.OFFICE).values_list("author_id", flat=True))
    return [u for u in directory.office if u.pk in involved] or directory.office


def comment_message(rows: list[DeliveryLog]) -> Message:
    """What the notice of one comment says (the same on every channel and every retry)."""
    comment = rows[0].comment
    report = rows[0].report
    period = report.period
    side = comment.get_side_display()
    who = "联席办" if comment.side == Side.OFFICE else str(report.agency)
    author = f"（{comment.author}）" if comment.author_id else ""
    lead = (
        f"{who}{author}就措施{report.measure.label}的{period}进展报告发表{side}：\n{comment.body}"
    )
    names = [a.name for a in comment.attachments.all()]
    if names:
        lead += f"\n附件：{'、'.join(names)}"
    return Message(
        kind=DeliveryLog.Kind.COMMENT.value,
        kind_display=side,
        title=f"【{side}】{report.measure.label} {report.agency}{period}进展报告",
        agency=str(report.agency),
        period=str(period),
        due_on=period.due_on.isoformat(),
        lead=lead,
        items=[report_item(report, state=report.get_state_display())],
        delivery_key=f"ipplan-comment-{comment.pk}",
        event_name="ipplan.comment",
    )
