"""The report workflow as data: (state, action) → who may, the next state, the refusal.

The services check every write against ``WORKFLOW`` (``workflow_check``); pages ask it
which buttons to show (``allowed_actions``); the Excel upload and the API call the same
services; reminders chase the states in which the agency still has to act
(``PENDING_STATES``); and ``refusal_status`` turns any refusal into one HTTP status, the
same for the API, the autosave and the pages. ``tests/tasks/test_workflow_table.py`` walks
the table through every surface.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import TextChoices

from agencies.models import Membership

from .models import ProgressReport, ReportingPeriod

State = ProgressReport.State


class Actor(TextChoices):
    """Who acts on a report, relative to it (a person may be several)."""

    FILLER = "filler", "本单位填报人或审核人"  # reporter or approver of the report's agency
    APPROVER = "approver", "本单位审核人"
    OFFICE = "office", "联席会议办公室"


class WorkflowAction(TextChoices):
    SAVE = "save", "修改"
    ATTACH = "attach", "添加附件"
    SUBMIT = "submit", "报送"
    SIGN_OFF = "sign_off", "审核"
    SEND_BACK = "send_back", "退回"
    ACCEPT = "accept", "采纳"
    RETURN = "return", "退回"
    REOPEN = "reopen", "重新打开"
    FILE_FOR = "file_for", "代报"  # the office files for the agency (tasks.services.on_behalf)


# The agency roles that fill a report in (reporters, and approvers, who may also fill).
FILLING_ROLES = (Membership.Role.REPORTER, Membership.Role.APPROVER)


@dataclass(frozen=True)
class Step:
    """One allowed (state, action): who may take it and where it leads."""

    actor: Actor
    to: str  # the next state; SUBMIT goes to PENDING_SIGNOFF first when the agency has an
    # approver and the person submitting is not one (``report_submit``)
    wrong_actor: str  # the refusal when someone else tries ({agency} is filled in)
    wrong_actor_code: str


_FILLER_ONLY = "您所在的单位不负责“{measure}”的报送，不能填报{agency}的报告。"
_APPROVER_ONLY = "只有{agency}的审核人可以{doing}本单位的报告。"
OFFICE_ONLY = "只有联席会议办公室可以{doing}报告。"


def _filler(to: str) -> Step:
    return Step(Actor.FILLER, to, _FILLER_ONLY, "not_responsible")


def _approver(to: str) -> Step:
    return Step(Actor.APPROVER, to, _APPROVER_ONLY, "forbidden")


def _office(to: str) -> Step:
    return Step(Actor.OFFICE, to, OFFICE_ONLY, "forbidden")


# The whole workflow. A returned report reads 已退回 whoever returned it (the approver or
# the office); the report's history says who.
WORKFLOW: dict[tuple[str, str], Step] = {
    (State.DRAFT, WorkflowAction.SAVE): _filler(State.DRAFT),
    (State.RETURNED, WorkflowAction.SAVE): _filler(State.RETURNED),
    (State.DRAFT, WorkflowAction.ATTACH): _filler(State.DRAFT),
    (State.RETURNED, WorkflowAction.ATTACH): _filler(State.RETURNED),
    (State.DRAFT, WorkflowAction.SUBMIT): _filler(State.SUBMITTED),
    (State.RETURNED, WorkflowAction.SUBMIT): _filler(State.SUBMITTED),
    (State.PENDING_SIGNOFF, WorkflowAction.SIGN_OFF): _approver(State.SUBMITTED),
    (State.PENDING_SIGNOFF, WorkflowAction.SEND_BACK): _approver(State.RETURNED),
    (State.SUBMITTED, WorkflowAction.ACCEPT): _office(State.ACCEPTED),
    (State.SUBMITTED, WorkflowAction.RETURN): _office(State.RETURNED),
    (State.ACCEPTED, WorkflowAction.REOPEN): _office(State.RETURNED),
    (State.DRAFT, WorkflowAction.FILE_FOR): _office(State.SUBMITTED),
    (State.RETURNED, WorkflowAction.FILE_FOR): _office(State.SUBMITTED),
    (State.PENDING_SIGNOFF, WorkflowAction.FILE_FOR): _office(State.SUBMITTED),
}

# Where the agency's people can change the text: asked by forms, the Excel template, lists.
EDITABLE_STATES = tuple(state for (state, action) in WORKFLOW if action == WorkflowAction.SAVE)
# Where the agency still has to act (fill, submit or sign off): what reminders chase.
PENDING_STATES = tuple(
    dict.fromkeys(state for (state, action), step in WORKFLOW.items() if step.actor != Actor.OFFICE)
)


class ReportingError(ValidationError):
    """A write refused by a rule; ``code`` names the rule for API clients and picks the
    HTTP status (``refusal_status``)."""

    def __init__(self, message: str, code: str):
        super().__init__(message, code=code)
        self.code = code


def workflow_check(*, report: ProgressReport, action: str, actors: set[str]) -> Step:
    """The step for ``action`` on ``report`` by someone who is ``actors``, or the refusal:
    a closed period first, then someone who may never take this action, then a state in
    which it is not possible."""
    doing = WorkflowAction(action).label
    if report.period.status == ReportingPeriod.Status.CLOSED:
        raise ReportingError(
            f"填报周期“{report.period}”已关闭，报告不能再{doing}。", "period_closed"
        )
    who = {step.actor for (_, a), step in WORKFLOW.items() if a == action}
    if not who & actors:
        sample = next(step for (_, a), step in WORKFLOW.items() if a == action)
        message = sample.wrong_actor.format(
            agency=report.agency, doing=doing, measure=report.measure.label
        )
        raise ReportingError(message, sample.wrong_actor_code)
    step = WORKFLOW.get((report.state, action))
    if step is None or step.actor not in actors:
        if report.state == State.ACCEPTED:
            raise ReportingError(
                f"该报告已被采纳，不能{doing}；如需修改，请联系联席办重新打开。", "already_accepted"
            )
        raise ReportingError(
            f"该报告当前状态为“{report.get_state_display()}”，不能{doing}。", "invalid_state"
        )
    return step


def allowed_actions(state: str, actors: set[str]) -> set[str]:
    """Every action the table allows these actors in this state: the buttons to show."""
    return {action for (s, action), step in WORKFLOW.items() if s == state and step.actor in actors}


def actors_of(roles: set[str], *, office: bool) -> set[str]:
    """Someone's actors for a report from their roles in its agency and office membership."""
    actors = set()
    if roles & set(FILLING_ROLES):
        actors.add(Actor.FILLER)
    if Membership.Role.APPROVER in roles:
        actors.add(Actor.APPROVER)
    if office:
        actors.add(Actor.OFFICE)
    return actors


# A refusal's code → HTTP status, for the API, the autosave and the pages alike. "Not now"
# (wrong state, someone saved first, period closed) is a conflict; "not yours" is
# forbidden; a rule about the content (incomplete, reason required, bad input) is 422.
REFUSAL_STATUS = {
    "stale": 409,
    "invalid_state": 409,
    "already_accepted": 409,
    "period_closed": 409,
    "not_responsible": 403,
    "forbidden": 403,
}


def refusal_status(code: str) -> int:
    return REFUSAL_STATUS.get(code, 422)
