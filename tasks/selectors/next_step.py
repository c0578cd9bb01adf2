"""The one answer to "what happens next with this report?", from its state and history.

Shown on the report page under the title, on the printable report, and used by the inbox to
pin reports sent back. Written for the people of the agency and the office alike: it names
who has to act and, when the report was sent back, why.
"""

from __future__ import annotations

from dataclasses import dataclass

from agencies.selectors import agency_has_approver
from ipplan.formats import date_text
from ipplan.workcalendar import WorkingCalendar

from ..models import ProgressReport, ReportEvent, ReportingPeriod
from .reporting import SENT_BACK_ACTIONS

State = ProgressReport.State
Action = ReportEvent.Action


@dataclass(frozen=True)
class NextStep:
    text: str
    tone: str  # css: todo (the agency must act), returned, waiting, done, closed


def last_sending_back(events: list[ReportEvent]) -> ReportEvent | None:
    """The latest 退回/审核退回/重新打开 among a report's events (in time order)."""
    return next((e for e in reversed(events) if e.action in SENT_BACK_ACTIONS), None)


def report_next_step(
    report: ProgressReport, events: list[ReportEvent], *, has_approver: bool | None = None
) -> NextStep:
    """What to do next. ``events`` are the report's events in time order (the page has them
    already); ``has_approver`` (read when not given) says whether a draft goes to the
    agency's approver before the office."""
    agency = report.agency
    if report.period.status == ReportingPeriod.Status.CLOSED:
        return NextStep(f"{report.period}填报周期已关闭，报告不能再修改。", "closed")
    back = last_sending_back(events)
    reason = f"：{back.comment.rstrip('。')}。" if back and back.comment else "。"
    if report.state == State.RETURNED and back is not None and back.action == Action.SENT_BACK:
        # 已退回 whoever returned it (tasks.workflow); the history says it was the approver.
        return NextStep(f"已被本单位审核人退回{reason}请修改后重新提交审核。", "returned")
    if report.state == State.RETURNED:
        who = "联席办已重新打开" if back and back.action == Action.REOPENED else "已退回"
        return NextStep(f"{who}{reason}请{agency}修改后重新报送。", "returned")
    if report.state == State.DRAFT:
        if has_approver is None:
            has_approver = agency_has_approver(report.agency_id)
        to = f"{agency}审核人审核" if has_approver else "联席办"
        # The day it is really due: moved off a holiday or weekend by the working calendar.
        due = date_text(WorkingCalendar.load().due_date(report.period.due_on))
        return NextStep(f"待填报：请{agency}在{due}前填写并提交{to}。", "todo")
    if report.state == State.PENDING_SIGNOFF:
        return NextStep(f"等待{agency}审核：审核通过即报送联席办。", "waiting")
    if report.state == State.SUBMITTED:
        return NextStep("待联席办审核：采纳或退回。", "waiting")
    return NextStep("已采纳，本期无需再操作。", "done")
