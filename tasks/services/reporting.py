"""The quarterly reporting workflow: open periods, save, submit, sign off, accept, return.

Every surface — web form, Excel upload, REST API — calls these functions, so each rule
lives here once. A refused write raises ``ReportingError`` whose message (Chinese) names
the rule that refused it and whose ``code`` lets the API answer with a machine code.
"""

from __future__ import annotations

import calendar
import datetime
import logging
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F, Q

from agencies.access import is_office, roles_in_agency
from agencies.models import Agency, Membership, User
from agencies.selectors import agency_has_approver
from core import clock
from core.compiled import CompiledQuery
from indicators.provenance import observation_record
from ipplan.db import statistics_refresh
from ipplan.formats import sentences
from ipplan.workcalendar import WorkingCalendar
from notifications.decisions import notices_held, report_decision_notify

from ..models import (
    Assignment,
    Measure,
    Plan,
    ProgressReport,
    ReportAttachment,
    ReportEvent,
    ReportingPeriod,
    ReportValue,
    ReportVersion,
)
from ..selectors.summary import summary_version_replace
from ..workflow import (
    OFFICE_ONLY,
    ReportingError,
    Step,
    WorkflowAction,
    actors_of,
    workflow_check,
)

logger = logging.getLogger(__name__)
State = ProgressReport.State
Action = ReportEvent.Action
TEXT_LIMIT = 5000
# The attachment types accepted, each with the content type it is downloaded as (never one a
# browser would render as a page: anything else is served as application/octet-stream).
ATTACHMENT_CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xls": "application/vnd.ms-excel",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".wps": "application/vnd.ms-works",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
}
ATTACHMENT_TYPES = tuple(ATTACHMENT_CONTENT_TYPES)
# What each accepted type's content begins with: the name says what a file claims to be,
# the first bytes what it is (Word/Excel/WPS of old are OLE files, the new ones zips).
_OLE, _ZIP = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"PK\x03\x04"
ATTACHMENT_MAGIC = {
    ".pdf": ("PDF", (b"%PDF",)),
    ".doc": ("Word", (_OLE,)),
    ".docx": ("Word", (_ZIP,)),
    ".xls": ("Excel", (_OLE,)),
    ".xlsx": ("Excel", (_ZIP,)),
    ".wps": ("WPS", (_OLE,)),
    ".jpg": ("JPEG 图片", (b"\xff\xd8\xff",)),
    ".jpeg": ("JPEG 图片", (b"\xff\xd8\xff",)),
    ".png": ("PNG 图片", (b"\x89PNG\r\n\x1a\n",)),
}
ATTACHMENT_NAME_LIMIT = 200  # characters kept of a file's name, its extension always kept
_NAME_UNSAFE = re.compile(r"[\x00-\x1f\x7f]")


def attachment_content_type(name: str) -> str:
    """What an attachment named ``name`` is served as: its accepted type, else opaque bytes."""
    return ATTACHMENT_CONTENT_TYPES.get(PurePath(name).suffix.lower(), "application/octet-stream")


# --- periods -----------------------------------------------------------------------------


def quarter_dates(year: int, quarter: int) -> tuple[datetime.date, datetime.date]:
    if quarter not in (1, 2, 3, 4):
        raise ReportingError(f"季度应为 1–4，而不是 {quarter}。", "invalid_period")
    first_month = 3 * quarter - 2
    last_month = first_month + 2
    last_day = calendar.monthrange(year, last_month)[1]
    return datetime.date(year, first_month, 1), datetime.date(year, last_month, last_day)


@transaction.atomic
def period_quarter_get_or_create(*, plan: Plan, year: int, quarter: int) -> ReportingPeriod:
    """The plan's period for a quarter; due the plan's ``report_due_days`` after it ends."""
    starts_on, ends_on = quarter_dates(year, quarter)
    period, _ = ReportingPeriod.objects.get_or_create(
        plan=plan,
        kind=ReportingPeriod.Kind.QUARTER,
        year=year,
        number=quarter,
        defaults={
            "starts_on": starts_on,
            "ends_on": ends_on,
            "opens_on": ends_on.replace(day=1),
            "due_on": ends_on + datetime.timedelta(days=plan.report_due_days),
        },
    )
    return period


def _current(agency: Agency, agencies_by_id: dict[int, Agency]) -> Agency:
    """Follow successor links (2018 reform) so work reaches the body that does it today."""
    seen = {agency.pk}
    while agency.successor_id and agency.successor_id not in seen:
        seen.add(agency.successor_id)
        agency = agencies_by_id[agency.successor_id]
    return agency


def plan_covers_year(plan: Plan, year: int) -> bool:
    """Whether ``year`` lies in the plan's 实施期 (an open end counts as covering)."""
    if plan.period_start_year and year < plan.period_start_year:
        return False
    return not (plan.period_end_year and year > plan.period_end_year)


def live_measures(period: ReportingPeriod) -> list[Measure]:
    """Active measures of the period's plan that are scheduled in (or not excluded from) it."""
    plan = period.plan
    if not plan_covers_year(plan, period.year):
        return []
    scheduled = Q(schedule_entries__isnull=True) | Q(
        schedule_entries__start_month__lte=period.ends_on,
        schedule_entries__end_month__gte=period.starts_on,
    )
    return list(
        Measure.objects.filter(plan=plan, status=Measure.Status.ACTIVE).filter(scheduled).distinct()
    )


def expected_reports(
    period: ReportingPeriod, *, measure_ids: list[int] | None = None, roles: list[str] | None = None
) -> dict[tuple[int, int], str]:
    """(measure id, agency id) → role of every report the period expects: one per reporting
    body and live measure. ``period`` may be unsaved (the periods page previews with it).

    Groups (各省辖市) expand to their members; merged bodies report through their
    successor; unresolved names are skipped (the office must resolve them first).
    """
    roles = roles or period.plan.reporting_roles
    measures = {m.pk: m for m in live_measures(period)}
    if measure_ids is not None:
        measures = {pk: m for pk, m in measures.items() if pk in set(measure_ids)}
    agencies_by_id = {a.pk: a for a in Agency.objects.all()}
    members: dict[int, list[int]] = {}
    for group_id, member_id in Agency.members.through.objects.values_list(
        "from_agency_id", "to_agency_id"
    ):
        members.setdefault(group_id, []).append(member_id)

    wanted: dict[tuple[int, int], str] = {}
    assignments = Assignment.objects.filter(
        measure_id__in=measures, role__in=roles, agency__isnull=False
    ).order_by("measure_id", "order")
    rank = {role: i for i, role in enumerate(Assignment.Role.values)}
    for assignment in assignments:
        agency_ids = members.get(assignment.agency_id) or [assignment.agency_id]
        for agency_id in agency_ids:
            agency = _current(agencies_by_id[agency_id], agencies_by_id)
            key = (assignment.measure_id, agency.pk)
            # A body named twice keeps its strongest role (lead before co).
            if key not in wanted or rank[assignment.role] < rank[wanted[key]]:
                wanted[key] = assignment.role
    return wanted


def period_reports_create(
    *, period: ReportingPeriod, measure_ids: list[int] | None = None, roles: list[str] | None = None
) -> int:
    """Create the expected reports the period does not have yet; returns how many."""
    wanted = expected_reports(period, measure_ids=measure_ids, roles=roles)
    existing = set(
        ProgressReport.objects.filter(period=period).values_list("measure_id", "agency_id")
    )
    new_reports = [
        ProgressReport(measure_id=measure_id, agency_id=agency_id, period=period, role=role)
        for (measure_id, agency_id), role in wanted.items()
        if (measure_id, agency_id) not in existing
    ]
    ProgressReport.objects.bulk_create(new_reports, batch_size=2000)
    statistics_refresh(ProgressReport, rows=len(new_reports))
    if new_reports:
        period_summary_changed(period)
    return len(new_reports)


@transaction.atomic
def period_open(*, period: ReportingPeriod, roles: list[str] | None = None) -> int:
    """Open a period: create one expected report per reporting body and live measure
    (``expected_reports``). Idempotent: reports that exist are kept. Returns the number of
    reports created.
    """
    if period.status == ReportingPeriod.Status.CLOSED:
        raise ReportingError(f"填报周期“{period}”已关闭，不能再开启。", "period_closed")
    created = period_reports_create(period=period, roles=roles)
    period.status = ReportingPeriod.Status.OPEN
    period.save(update_fields=["status", "updated_at"])
    period_summary_changed(period)
    return created


def period_summary_changed(period: ReportingPeriod) -> None:
    """The period's reports changed in a way its status summary counts: no cached summary of
    it may be served any more (tasks.selectors.summary). Replaced now, so that this
    transaction reads its own writes, and again once it commits, so that a summary computed
    meanwhile from the data before the commit is never served after it. A cache that is
    down must not refuse the report: the failure is logged (cached counts expire anyway)."""
    try:
        summary_version_replace(period)
    except Exception:
        logger.exception("summary cache of period %s not invalidated", period.pk)
    transaction.on_commit(lambda: summary_version_replace(period), robust=True)


@transaction.atomic
def period_close(*, period: ReportingPeriod) -> ReportingPeriod:
    """Freeze a period: no report in it can change any more."""
    period.status = ReportingPeriod.Status.CLOSED
    period.save(update_fields=["status", "updated_at"])
    return period


# --- who may act -------------------------------------------------------------------------


def _check(report: ProgressReport, action: str, by: User) -> Step:
    """The workflow table's step for this action by this person, or its refusal."""
    office = is_office(by) if by.is_authenticated else False
    actors = actors_of(roles_in_agency(by, report.agency_id), office=office)
    return workflow_check(report=report, action=action, actors=actors)


def _event(
    report: ProgressReport,
    action: str,
    by: User | None,
    *,
    before: str,
    comment: str = "",
    version_number: int | None = None,
) -> None:
    event = ReportEvent.objects.create(
        report=report,
        action=action,
        actor=by,
        from_state=before,
        to_state=report.state,
        comment=comment,
        version_number=version_number,
    )
    report_decision_notify(event=event)
    if before != report.state:
        # Every state change is recorded here; the period's summary counts states.
        period_summary_changed(report.period)


def _save_version(report: ProgressReport, fields: list[str]) -> None:
    """Save ``fields`` of a report read by ``_locked``, with its version one up.

    On PostgreSQL the row is locked FOR UPDATE until commit: the version read under the lock
    is the stored one and nobody can change it meanwhile, so the next number is counted here
    and nothing is read back. SQLite takes no row lock (two deferred transactions of the
    threaded embedded server may both have read the same version): there the database
    counts it, and once this UPDATE holds SQLite's write lock the number is read back.
    """
    fields = [*fields, "version", "updated_at"]
    if connection.features.has_select_for_update:
        report.version += 1
        report.save(update_fields=fields)
        return
    report.version = F("version") + 1
    report.save(update_fields=fields)
    report.refresh_from_db(fields=["version"])


def _report_for_update(pk: int):
    return (
        ProgressReport.objects.select_for_update(of=("self",))
        .select_related("period", "measure", "agency")
        .filter(pk=pk)
        .order_by()
    )


# Every save, submit and decision reads its report so, and every save and submit its values
# (a submit its attachments too): compiled once per process (the querysets' building and
# compiling was a third of an autosave's Python, core/compiled.py).
_report_for_update_compiled = CompiledQuery(_report_for_update)
_report_values_compiled = CompiledQuery(
    lambda report_id: ReportValue.objects.filter(report_id=report_id)
)
# In upload order (the model's order starts with the report: five joins to sort).
_report_attachments_compiled = CompiledQuery(
    lambda report_id: ReportAttachment.objects.filter(report_id=report_id).order_by(
        "uploaded_at", "id"
    )
)


def _locked(report: ProgressReport) -> ProgressReport:
    """Re-read the report under a row lock so concurrent transitions of it serialise.

    Its period's row is share-locked first: a close (an UPDATE of that row) waits for the
    writes in flight and a write after it sees the period closed, while writes to different
    reports of the period go side by side. (A plain ``select_for_update()`` here also locked
    the joined period, measure and agency rows for update: in the quarter-end rush every save
    and submit of a quarter queued behind the one before, bench/rush.py.)
    """
    if connection.features.has_select_for_update:  # PostgreSQL; SQLite locks the database
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT 1 FROM {ReportingPeriod._meta.db_table} WHERE id = %s FOR SHARE",
                [report.period_id],
            )
    found = _report_for_update_compiled.objects(pk=report.pk)
    if not found:
        raise ProgressReport.DoesNotExist("ProgressReport matching query does not exist.")
    return found[0]


# --- saving ------------------------------------------------------------------------------


@dataclass
class ReportInput:
    """What a person fills in; every field optional while drafting."""

    progress_status: str = ""
    adjusted_reason: str = ""
    completion_percent: int | None = None
    progress_text: str = ""
    problems: str = ""
    next_steps: str = ""
    contribution: str = ""
    values: dict[int, Decimal] = field(default_factory=dict)  # indicator id → actual value

    TEXT_FIELDS = ("adjusted_reason", "progress_text", "problems", "next_steps", "contribution")


_LABELS = {
    "progress_status": "进展状态",
    "adjusted_reason": "调整原因",
    "completion_percent": "完成比例",
    "progress_text": "进展情况",
    "problems": "存在问题",
    "next_steps": "下步打算",
    "contribution": "配合工作",
}


def validate_input(
    data: ReportInput, report: ProgressReport, indicator_ids: Collection[int] | None = None
) -> None:
    """Every surface's input rules (web form, Excel upload, API) for this report;
    ``indicator_ids`` are its measure's indicators, read here unless the caller has them."""
    errors: dict[str, list[str]] = {}
    if (
        report.role == Assignment.Role.LEAD
        and data.contribution.strip()
        and data.contribution != report.contribution
    ):
        # The lead composes the consolidated report; 配合工作 is what co-agencies add to it.
        errors["contribution"] = ["“配合工作”由配合单位填写；牵头单位请写在“进展情况”中。"]
    if data.progress_status and data.progress_status not in ProgressReport.Progress.values:
        errors["progress_status"] = [f"进展状态“{data.progress_status}”无效。"]
    for name in ReportInput.TEXT_FIELDS:
        text = getattr(data, name)
        if len(text) > TEXT_LIMIT:
            errors[name] = [f"“{_LABELS[name]}”最多 {TEXT_LIMIT} 字，现有 {len(text)} 字。"]
    if data.completion_percent is not None and not 0 <= data.completion_percent <= 100:
        errors["completion_percent"] = ["完成比例应在 0 到 100 之间。"]
    own = set(
        report.measure.indicators.order_by().values_list("pk", flat=True)
        if indicator_ids is None
        else indicator_ids
    )
    for indicator_id, value in data.values.items():
        if indicator_id not in own:
            errors.setdefault("values", []).append(f"指标 {indicator_id} 不属于该措施。")
        elif value < 0:
            errors.setdefault("values", []).append("指标实际值不能为负数。")
    if errors:
        raise ValidationError(errors)


def _values_store(report: ProgressReport, values: dict[int, Decimal]) -> None:
    """Make the report's stored values ``values`` (indicator id → value). They are read under
    the report's lock (``_locked``) and only what differs is written: an autosave that
    changed no number writes none."""
    stored = {v.indicator_id: v for v in _report_values_compiled.objects(report_id=report.pk)}
    gone = [v.pk for indicator_id, v in stored.items() if indicator_id not in values]
    if gone:
        ReportValue.objects.filter(pk__in=gone).delete()
    added, changed = [], []
    for indicator_id, value in values.items():
        old = stored.get(indicator_id)
        if old is None:
            added.append(ReportValue(report=report, indicator_id=indicator_id, value=value))
        elif old.value != value:
            old.value = value
            changed.append(old)
    if added:
        ReportValue.objects.bulk_create(added)
    if changed:
        ReportValue.objects.bulk_update(changed, ["value"])


@transaction.atomic
def report_save(
    *,
    report: ProgressReport,
    by: User,
    data: ReportInput,
    expected_version: int,
    event: bool = True,
    indicator_ids: Collection[int] | None = None,
) -> ProgressReport:
    """Save a draft. Refused when someone saved since ``expected_version`` was read.
    ``indicator_ids``: the measure's indicators when the caller has read them already."""
    report = _locked(report)
    _check(report, WorkflowAction.SAVE, by)
    if report.version != expected_version:
        raise ReportingError(
            f"该报告在您打开后已被他人修改（您打开的是第 {expected_version} 版，现在是第 "
            f"{report.version} 版）。您填写的内容没有保存，请复制后刷新页面再合并。",
            "stale",
        )
    validate_input(data, report, indicator_ids)
    fields = ["progress_status", "completion_percent", *ReportInput.TEXT_FIELDS]
    for name in fields:
        setattr(report, name, getattr(data, name))
    _save_version(report, fields)
    _values_store(report, data.values)
    if event:
        _event(report, Action.SAVED, by, before=report.state)
    return report


def _check_complete(report: ProgressReport) -> None:
    errors = {}
    if not report.progress_status:
        errors["progress_status"] = ["请选择进展状态。"]
    if not report.progress_text.strip():
        errors["progress_text"] = ["请填写进展情况。"]
    if (
        report.progress_status == ProgressReport.Progress.ADJUSTED
        and not report.adjusted_reason.strip()
    ):
        errors["adjusted_reason"] = ["进展状态为“已调整”时，请填写调整原因。"]
    if errors:
        raise ReportingError(errors_to_text(errors), "incomplete")


def errors_to_text(errors: dict[str, list[str]]) -> str:
    return sentences(message for messages in errors.values() for message in messages)


def _filer(report: ProgressReport) -> User | None:
    """Who submitted the report the approver is signing off: the version is theirs."""
    event = (
        report.events.filter(action=Action.SUBMITTED)
        .select_related("actor")
        .order_by("-at", "-id")
        .first()
    )
    return event.actor if event else None


def _deliver(report: ProgressReport, by: User | None) -> ReportVersion:
    """Hand the report to the office: freeze a version and note how late it is (calendar
    days after the moved due date, ``ipplan.workcalendar``)."""
    now = clock.now()
    late_days = WorkingCalendar.load().days_late(report.period.due_on, clock.today())
    number = report.versions.count() + 1
    version = ReportVersion.objects.create(
        report=report,
        number=number,
        progress_status=report.progress_status,
        adjusted_reason=report.adjusted_reason,
        completion_percent=report.completion_percent,
        progress_text=report.progress_text,
        problems=report.problems,
        next_steps=report.next_steps,
        contribution=report.contribution,
        values={
            str(v.indicator_id): str(v.value)
            for v in _report_values_compiled.objects(report_id=report.pk)
        },
        attachments=[
            {"name": a.name, "size": a.size}
            for a in _report_attachments_compiled.objects(report_id=report.pk)
        ],
        submitted_by=by,
        submitted_at=now,
        late_days=late_days,
    )
    report.state = State.SUBMITTED
    report.submitted_at = now
    report.first_submitted_at = report.first_submitted_at or now
    fields = ["state", "submitted_at", "first_submitted_at"]
    if number == 1:
        report.late_days = late_days
        fields.append("late_days")
    _save_version(report, fields)
    return version


@transaction.atomic
def report_submit(
    *, report: ProgressReport, by: User, expected_version: int | None = None
) -> ProgressReport:
    """Submit: to the agency's approver when it has one, otherwise straight to the office."""
    report = _locked(report)
    _check(report, WorkflowAction.SUBMIT, by)
    roles = roles_in_agency(by, report.agency_id)
    if expected_version is not None and report.version != expected_version:
        raise ReportingError("该报告在您打开后已被他人修改，请刷新后再报送。", "stale")
    _check_complete(report)
    before = report.state
    if Membership.Role.APPROVER not in roles and agency_has_approver(report.agency_id):
        report.state = State.PENDING_SIGNOFF
        _save_version(report, ["state"])
        _event(report, Action.SUBMITTED, by, before=before)
        return report
    version = _deliver(report, by)
    _event(report, Action.SUBMITTED, by, before=before, version_number=version.number)
    return report


@transaction.atomic
def report_sign_off(*, report: ProgressReport, by: User, comment: str = "") -> ProgressReport:
    report = _locked(report)
    _check(report, WorkflowAction.SIGN_OFF, by)
    version = _deliver(report, _filer(report) or by)
    _event(
        report,
        Action.SIGNED_OFF,
        by,
        before=State.PENDING_SIGNOFF,
        comment=comment,
        version_number=version.number,
    )
    return report


def _require_reason(reason: str, doing: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ReportingError(f"{doing}时必须填写理由。", "reason_required")
    if len(reason) > TEXT_LIMIT:
        raise ReportingError(f"理由最多 {TEXT_LIMIT} 字。", "too_long")
    return reason


def _transition(
    report: ProgressReport, to: str, action: str, by: User, comment: str
) -> ProgressReport:
    before = report.state
    report.state = to
    fields = ["state"]
    if to == State.ACCEPTED:
        report.accepted_at = clock.now()
        fields.append("accepted_at")
    _save_version(report, fields)
    _event(report, action, by, before=before, comment=comment)
    return report


@transaction.atomic
def report_send_back(*, report: ProgressReport, by: User, reason: str) -> ProgressReport:
    report = _locked(report)
    step = _check(report, WorkflowAction.SEND_BACK, by)
    return _transition(report, step.to, Action.SENT_BACK, by, _require_reason(reason, "退回"))


@transaction.atomic
def report_accept(*, report: ProgressReport, by: User, comment: str = "") -> ProgressReport:
    """Accept a submitted report. The owning agency's values become the period's values of
    the measure's indicators; a co-agency's stay contributions (indicators.provenance)."""
    report = _locked(report)
    step = _check(report, WorkflowAction.ACCEPT, by)
    latest = report.versions.order_by("-number").first()
    for value in report.values.select_related("indicator"):
        observation_record(
            indicator=value.indicator,
            report=report,
            value=value.value,
            reported_by=latest.submitted_by if latest else None,
        )
    return _transition(report, step.to, Action.ACCEPTED, by, comment.strip())


@transaction.atomic
def report_return(*, report: ProgressReport, by: User, reason: str) -> ProgressReport:
    report = _locked(report)
    step = _check(report, WorkflowAction.RETURN, by)
    return _transition(report, step.to, Action.RETURNED, by, _require_reason(reason, "退回"))


@transaction.atomic
def report_reopen(*, report: ProgressReport, by: User, reason: str) -> ProgressReport:
    report = _locked(report)
    step = _check(report, WorkflowAction.REOPEN, by)
    return _transition(report, step.to, Action.REOPENED, by, _require_reason(reason, "重新打开"))


def reports_accept_bulk(*, reports: list[ProgressReport], by: User) -> tuple[int, list[str]]:
    """Accept each report in its own transaction; one refusal never blocks the others."""
    if not is_office(by):
        raise ReportingError(OFFICE_ONLY.format(doing=WorkflowAction.ACCEPT.label), "forbidden")
    accepted, refused = 0, []
    # One notice per person naming all of an agency's reports accepted now, not one each.
    with notices_held():
        for report in reports:
            try:
                report_accept(report=report, by=by)
            except ReportingError as error:
                refused.append(f"{report.measure.label} {report.agency}：{error.messages[0]}")
            else:
                accepted += 1
    return accepted, refused


# --- attachments -------------------------------------------------------------------------


def attachment_name(raw: str) -> str:
    """The name an attachment is listed under: the last part of what the browser sent,
    without control characters, at most ``ATTACHMENT_NAME_LIMIT`` characters with its
    extension kept. (Files are stored under a generated name; this is only shown.)"""
    name = _NAME_UNSAFE.sub("", raw.replace("\\", "/").rsplit("/", 1)[-1]).strip()
    suffix = "." + name.rsplit(".", 1)[1] if "." in name else ""
    suffix = suffix if len(suffix) <= 10 else ""
    if len(name) > ATTACHMENT_NAME_LIMIT:
        name = name[: ATTACHMENT_NAME_LIMIT - len(suffix)].rstrip() + suffix
    return name if name != suffix else f"附件{suffix}"


def attachment_check(upload) -> str:
    """Refuse an upload no report may carry; returns the name to keep. Every attachment —
    the report's own and those of its conversation — passes here: its type by name, its
    size, then its content, which must begin as that type does."""
    name = attachment_name(upload.name or "")
    suffix = PurePath(name).suffix.lower()
    if suffix not in ATTACHMENT_TYPES:
        raise ReportingError(
            f"附件“{name}”的类型不允许：请上传 PDF、Word、Excel 或图片（jpg、png）。", "bad_type"
        )
    limit = settings.IPPLAN_MAX_ATTACHMENT_BYTES
    if upload.size > limit:
        raise ReportingError(
            f"附件“{name}”有 {upload.size / 1048576:.1f} MB，超过 {limit // 1048576} MB 的上限。",
            "too_large",
        )
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(0)
    kind, starts = ATTACHMENT_MAGIC[suffix]
    pdf_after_junk = suffix == ".pdf" and b"%PDF" in head  # readers allow leading bytes
    if not (pdf_after_junk or any(head.startswith(start) for start in starts)):
        raise ReportingError(
            f"附件“{name}”的内容不是 {kind} 文件（可能是改了扩展名的其他文件）：请上传原始文件。",
            "bad_content",
        )
    return name


@transaction.atomic
def attachment_add(*, report: ProgressReport, by: User, upload) -> ReportAttachment:
    report = _locked(report)
    _check(report, WorkflowAction.ATTACH, by)
    name = attachment_check(upload)
    return ReportAttachment.objects.create(
        report=report, file=upload, name=name[:200], size=upload.size, uploaded_by=by
    )
