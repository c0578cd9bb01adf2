"""The conversation on a report: the office writes 批示, the agency answers with 反馈.

Who may write: the office, and the reporters and approvers of the report's agency (viewers and
other agencies read, when they may see the report). A message may mention (@) a person or
the agency; the people and agencies one can mention are those who may see the report, so a
notice never leads anyone to a page they cannot open.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q

from agencies.access import is_office
from agencies.models import Agency, Membership, User
from agencies.selectors import people_memberships
from core import clock
from notifications.comments import comment_notify

from ..models import CommentAttachment, ProgressReport, ReportComment
from .reporting import TEXT_LIMIT, ReportingError, attachment_check, roles_in_agency

Side = ReportComment.Side
MAX_COMMENT_ATTACHMENTS = 5


@dataclass(frozen=True)
class Mentionable:
    """Someone a message on this report may mention: ``key`` is what the form posts."""

    key: str  # "user:12" or "agency:3"
    names: tuple[str, ...]  # what may follow the @ in the text: the name shown, the login
    label: str  # how the picker shows it
    target: User | Agency
    role: str = ""  # a person's role: in the report's agency, else 联席办 (supervisor)


def mention_candidates(report: ProgressReport) -> list[Mentionable]:
    """The report's agency, its people, and the office's people (never API accounts)."""
    agency = report.agency
    everyone = f"{agency}（全体填报人、审核人）"
    found = [Mentionable(f"agency:{agency.pk}", (str(agency),), everyone, agency)]
    # One query: the agency's people, then the office's (a person is listed once).
    people = (
        people_memberships(
            roles=[
                Membership.Role.REPORTER,
                Membership.Role.APPROVER,
                Membership.Role.VIEWER,
                Membership.Role.SUPERVISOR,
            ]
        )
        .filter(Q(agency=agency) | Q(role=Membership.Role.SUPERVISOR))
        .select_related("user")
        .order_by()  # sorted below; the model's order would join the agencies to sort
    )
    office = Membership.Role.SUPERVISOR
    seen: set[int] = set()
    for membership in sorted(people, key=lambda m: (m.role == office, m.role, m.user.username)):
        user = membership.user
        if user.pk in seen:
            continue
        seen.add(user.pk)
        where = (
            "联席办" if membership.role == office else f"{agency} {membership.get_role_display()}"
        )
        names = (str(user), user.get_username())
        found.append(
            Mentionable(f"user:{user.pk}", names, f"{user}（{where}）", user, membership.role)
        )
    return found


def has_approver_among(candidates: list[Mentionable]) -> bool:
    """Whether the report's agency has an approver who can act, read from its mention
    candidates (the report page has them): the same people ``agencies.selectors.
    agency_has_approver`` counts — ``people_memberships`` of the agency — and a person who
    is its approver is listed with that role (approver sorts before the other roles)."""
    return any(c.role == Membership.Role.APPROVER for c in candidates)


def mentions_in(body: str, candidates: list[Mentionable]) -> list[Mentionable]:
    """Whom ``@名字`` (or ``@login``) in the text names; the longest name wins where one
    contains another (``@省科技厅审核人`` is the person, not the agency)."""
    named = sorted(
        ((name, c) for c in candidates for name in c.names if name),
        key=lambda pair: len(pair[0]),
        reverse=True,
    )
    rest, found = body, {}
    for name, candidate in named:
        if f"@{name}" in rest:
            found[candidate.key] = candidate
            rest = rest.replace(f"@{name}", "")
    return list(found.values())


def comment_side(report: ProgressReport, user: User) -> str | None:
    """批示 for the office, 反馈 for the report's agency's reporters and approvers; None for
    anyone else (they may read, not write)."""
    if is_office(user):
        return Side.OFFICE
    if roles_in_agency(user, report.agency_id) & {
        Membership.Role.REPORTER,
        Membership.Role.APPROVER,
    }:
        return Side.AGENCY
    return None


@transaction.atomic
def comment_add(
    *,
    report: ProgressReport,
    by: User,
    body: str,
    mention_keys: list[str] | None = None,
    uploads: list | None = None,
) -> ReportComment:
    """Add a 批示 or 反馈 with its mentions and attachments, and notify (after commit) the
    mentioned and the other side. Nothing is stored when anything is refused."""
    side = comment_side(report, by)
    if side is None:
        raise ReportingError(
            f"只有联席办和{report.agency}的填报人、审核人可以在这份报告上发表批示或反馈。",
            "forbidden",
        )
    body = (body or "").strip()
    if not body:
        raise ReportingError("请填写批示或反馈的内容。", "empty")
    if len(body) > TEXT_LIMIT:
        raise ReportingError(f"内容最多 {TEXT_LIMIT} 字，现有 {len(body)} 字。", "too_long")
    uploads = [u for u in uploads or [] if u]
    if len(uploads) > MAX_COMMENT_ATTACHMENTS:
        raise ReportingError(f"一次最多上传 {MAX_COMMENT_ATTACHMENTS} 个附件。", "too_many")
    names = [attachment_check(upload) for upload in uploads]
    candidates = mention_candidates(report)
    by_key = {c.key: c for c in candidates}
    unknown = [key for key in mention_keys or [] if key not in by_key]
    if unknown:
        raise ReportingError("只能提及能看到这份报告的人或单位。", "bad_mention")
    chosen = {c.key: c for c in mentions_in(body, candidates)}
    chosen.update((key, by_key[key]) for key in mention_keys or [])
    comment = ReportComment.objects.create(
        report=report, author=by, side=side, body=body, created_at=clock.now()
    )
    comment.mentioned_users.set([c.target for c in chosen.values() if isinstance(c.target, User)])
    comment.mentioned_agencies.set(
        [c.target for c in chosen.values() if isinstance(c.target, Agency)]
    )
    for upload, name in zip(uploads, names, strict=True):
        CommentAttachment.objects.create(
            comment=comment, file=upload, name=name[:200], size=upload.size
        )
    comment_notify(comment=comment)
    return comment
