"""Reads of the reporting workflow, with permission scoping in one place."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import models
from django.db.models import Exists, ExpressionWrapper, OuterRef, Q, QuerySet, Subquery
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from agencies.access import agencies_where, is_office, roles_in_agency
from agencies.models import Membership, User
from core.compiled import CompiledQuery
from indicators.models import Indicator

from ..models import Assignment, ProgressReport, ReportEvent, ReportingPeriod, ReportVersion
from ..workflow import EDITABLE_STATES, WorkflowAction, actors_of, allowed_actions
from .counts import REPORT_BUCKETS
from .plans import in_chapter
from .values import reports_value_warnings

State = ProgressReport.State
Action = ReportEvent.Action
STAFF_ROLES = (Membership.Role.REPORTER, Membership.Role.APPROVER, Membership.Role.VIEWER)


def _agency_ids(user: User, roles=STAFF_ROLES) -> QuerySet | list[int]:
    # In a request the person's memberships are read once already (agencies.access): the
    # ids as literals, not a subquery to compile (twice in reports_visible_to).
    known = agencies_where(user, set(roles))
    if known is not None:
        return known
    return Membership.objects.filter(user=user, role__in=roles).values("agency_id")


# A report is seen outside its own agency (by the lead agency of its measure) only in these
# states: filed with the office and not reopened. A draft, one awaiting the agency's sign-off
# and one returned for rework (being edited again) are the agency's own business.
SHARED_STATES = (State.SUBMITTED, State.ACCEPTED)


def reports_visible_to(user: User, *, agency_id: int | None = None) -> QuerySet[ProgressReport]:
    """The office sees every report; agency staff see their agency's reports and, for
    measures their agency leads, the co-responsible agencies' contributions once filed.

    ``agency_id`` (an agency's API token) narrows the view to that one agency's, whatever
    the account's other roles, the office's included.
    """
    reports = ProgressReport.objects.all()
    if not user.is_authenticated:
        return reports.none()
    if agency_id is None and is_office(user):
        return reports
    agencies = [agency_id] if agency_id is not None else _agency_ids(user)
    return _seen_by_agencies(reports, agencies)


def _seen_by_agencies(reports: QuerySet[ProgressReport], agencies) -> QuerySet[ProgressReport]:
    """What the staff of ``agencies`` see (``reports_visible_to``): their own reports, and
    the filed ones of the measures they lead."""
    own = Q(agency_id__in=agencies)
    led = Exists(
        ProgressReport.objects.filter(
            measure_id=OuterRef("measure_id"),
            period_id=OuterRef("period_id"),
            agency_id__in=agencies,
            role=Assignment.Role.LEAD,
        )
    )
    return reports.filter(own | (led & Q(state__in=SHARED_STATES)))


# What a report's own pages show of it: its measure with the chapter and the part above,
# its agency, its period and plan.
REPORT_DETAILS = (
    "measure",
    "measure__section",
    "measure__section__parent",
    "agency",
    "period",
    "period__plan",
)


def _report_seen(pk: int, agencies: tuple[int, ...] | None = None) -> QuerySet[ProgressReport]:
    reports = ProgressReport.objects.filter(pk=pk).select_related(*REPORT_DETAILS)
    return reports if agencies is None else _seen_by_agencies(reports, agencies)


# The report with its six joined tables and the visibility rule cost ~6,000 Python calls
# to build and compile on every report page, autosave and decision: compiled once per
# shape (the office's; staff of one, two … agencies) and run with each request's values.
_report_seen_compiled = CompiledQuery(_report_seen)


def visible_report_with_details(user: User, pk: int) -> ProgressReport | None:
    """The report ``pk`` with ``REPORT_DETAILS``, if ``user`` may see it
    (``reports_visible_to``); else None."""
    if not user.is_authenticated:
        return None
    if is_office(user):
        found = _report_seen_compiled.objects(pk=pk, agencies=None)
    else:
        agencies = agencies_where(user, set(STAFF_ROLES))
        if agencies is None:  # outside a request
            agencies = list(_agency_ids(user).values_list("agency_id", flat=True))
        if not agencies:
            return None
        found = _report_seen_compiled.objects(pk=pk, agencies=tuple(sorted(agencies)))
    return found[0] if found else None


# The columns 本季度待填报 and 待审核 show (inbox_row, reports/inbox.html, deadline_text): a
# busy agency's page is 50 reports, each with its measure, agency, period and plan; reading
# only these costs a third of reading the rows whole. The office's review queue (review_row)
# reads these and ``_REVIEW_COLUMNS``.
_LIST_COLUMNS = (
    "state",
    "role",
    "progress_status",
    "completion_percent",
    "late_days",
    "measure__label",
    "measure__text",
    "agency__name",
    "agency__short_name",
    "period__kind",
    "period__year",
    "period__number",
    "period__due_on",
    "period__plan__title",
)
# The submission time, and the period's start the value warnings are judged from.
_REVIEW_COLUMNS = ("submitted_at", "period__starts_on")


def _for_lists(reports: QuerySet[ProgressReport], *more: str) -> QuerySet[ProgressReport]:
    return reports.select_related("measure", "agency", "period", "period__plan").only(
        *_LIST_COLUMNS, *more
    )


def agency_inbox(user: User) -> QuerySet[ProgressReport]:
    """本季度待填报: the person's agencies' reports in open periods, those sent back pinned
    first (``pinned``), then the most urgent."""
    # Sending back by the approver is the only way a report returns to draft.
    sent_back = Q(state=State.RETURNED) | Q(
        Exists(ReportEvent.objects.filter(report_id=OuterRef("pk"), action=Action.SENT_BACK)),
        state=State.DRAFT,
    )
    return (
        _for_lists(
            ProgressReport.objects.filter(
                agency_id__in=_agency_ids(user), period__status=ReportingPeriod.Status.OPEN
            )
        )
        .annotate(pinned=ExpressionWrapper(sent_back, output_field=models.BooleanField()))
        .order_by("-pinned", "period__due_on", "state", "measure__plan_id", "measure__order")
    )


def inbox_counts(reports: QuerySet[ProgressReport]) -> dict[str, int]:
    """How many reports ``agency_inbox`` holds, how many still to fill in or correct, how many
    were sent back: one aggregate, so the page can show one page of rows and the totals."""
    return reports.order_by().aggregate(
        total=models.Count("pk"),
        todo=models.Count("pk", filter=Q(state__in=EDITABLE_STATES)),
        returned=models.Count("pk", filter=Q(pinned=True)),
    )


def signoff_queue(user: User) -> QuerySet[ProgressReport]:
    """Reports awaiting the approver's sign-off; a closed period's reports are frozen, so
    only open periods are listed."""
    return _for_lists(
        ProgressReport.objects.filter(
            agency_id__in=_agency_ids(user, roles=[Membership.Role.APPROVER]),
            state=State.PENDING_SIGNOFF,
            period__status=ReportingPeriod.Status.OPEN,
        )
    ).order_by("period__due_on", "submitted_at")


@dataclass
class ReviewFilters:
    plan: int | None = None
    section: int | None = None
    agency: int | None = None
    period: int | None = None
    state: str | None = State.SUBMITTED
    late: bool | None = None
    # Closed periods are frozen: by default the queue holds only what can still be acted on.
    open_periods_only: bool = True


def review_queue(filters: ReviewFilters) -> QuerySet[ProgressReport]:
    """The office's queue, in review order. Narrow on purpose (no joins for display): at
    province scale tens of thousands of rows match and only one page is shown; fetch that
    page's details with ``reports_in_order``."""
    reports = ProgressReport.objects.all()
    if filters.open_periods_only and not filters.period:
        reports = reports.filter(period__status=ReportingPeriod.Status.OPEN)
    if filters.plan:
        reports = reports.filter(period__plan_id=filters.plan)
    if filters.section:
        reports = reports.filter(in_chapter(filters.section, "measure__"))
    if filters.agency:
        reports = reports.filter(agency_id=filters.agency)
    if filters.period:
        reports = reports.filter(period_id=filters.period)
    if filters.state:
        reports = reports.filter(state=filters.state)
    if filters.late is True:
        reports = reports.filter(REPORT_BUCKETS["late"])
    elif filters.late is False:
        reports = reports.filter(REPORT_BUCKETS["on_time"])
    return reports.order_by("period__due_on", "submitted_at", "id")


def reports_in_order(ids: list[int]) -> list[ProgressReport]:
    """The reports with these ids, with what the lists display, in the order given."""
    reports = ProgressReport.objects.filter(pk__in=ids).order_by()  # put in order below
    by_id = _for_lists(reports, *_REVIEW_COLUMNS).in_bulk()
    return [by_id[pk] for pk in ids if pk in by_id]


def previous_report(report: ProgressReport) -> ProgressReport | None:
    """The same agency's report on the same measure for the latest earlier period."""
    return (
        ProgressReport.objects.filter(
            measure_id=report.measure_id,
            agency_id=report.agency_id,
            period__starts_on__lt=report.period.starts_on,
        )
        .select_related("period")
        .order_by("-period__starts_on")
        .first()
    )


def contributions(report: ProgressReport) -> list[ProgressReport]:
    """For a lead agency's report: what the co-responsible agencies filed for the measure."""
    if report.role != Assignment.Role.LEAD:
        return []
    return list(
        ProgressReport.objects.filter(measure_id=report.measure_id, period_id=report.period_id)
        .exclude(pk=report.pk)
        .filter(state__in=SHARED_STATES)
        .select_related("agency")
        .order_by("agency__name")
    )


def report_history(report: ProgressReport) -> tuple[list[ReportEvent], list[ReportVersion]]:
    events = list(report.events.select_related("actor").order_by("at", "id"))
    versions = list(report.versions.select_related("submitted_by").order_by("number"))
    return events, versions


# The indicators a post is parsed with (every autosave and save): compiled once per process.
_indicators_of_compiled = CompiledQuery(
    lambda measure_id: Indicator.objects.filter(measure_id=measure_id).order_by("order", "id")
)


def measure_indicators(report: ProgressReport, *, reported: bool = True) -> list[Indicator]:
    """The measure's indicators, each with ``reported`` set to this report's value (or None)
    and ``warnings`` to what looks implausible about it (indicators.provenance).
    ``reported=False``: the indicators only, for a post that is parsed and never shown."""
    if not reported:
        return _indicators_of_compiled.objects(measure_id=report.measure_id)
    values = {v.indicator_id: v.value for v in report.values.all()}
    warnings = reports_value_warnings([report]).get(report.pk, {}) if values else {}
    indicators = list(report.measure.indicators.order_by("order", "id"))
    for indicator in indicators:
        indicator.reported = values.get(indicator.pk)
        indicator.warnings = warnings.get(indicator.pk, [])
    return indicators


@dataclass
class FieldDiff:
    label: str
    before: str
    after: str
    html: SafeString

    @property
    def changed(self) -> bool:
        return self.before != self.after


_DIFF_FIELDS = [
    ("progress_status", "进展状态"),
    ("completion_percent", "完成比例"),
    ("progress_text", "进展情况"),
    ("problems", "存在问题"),
    ("next_steps", "下步打算"),
    ("contribution", "配合工作"),
    ("adjusted_reason", "调整原因"),
]


def _inline_diff(before: str, after: str) -> SafeString:
    """Character-level diff (Chinese has no word boundaries): <del> removed, <ins> added."""
    parts = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "equal":
            parts.append(escape(before[a0:a1]))
            continue
        if a1 > a0:
            parts.append(f"<del>{escape(before[a0:a1])}</del>")
        if b1 > b0:
            parts.append(f"<ins>{escape(after[b0:b1])}</ins>")
    return mark_safe("".join(parts))  # every piece above is escaped


def _number_shown(text: str) -> str:
    """A value as versions store it ("1620.0000") the way people write it ("1620")."""
    try:
        return format(Decimal(text).normalize(), "f")
    except InvalidOperation:
        return text


def version_diff(old: ReportVersion | None, new: ReportVersion) -> list[FieldDiff]:
    """A readable comparison of two submitted versions, field by field, values included."""
    progress = dict(ProgressReport.Progress.choices)
    rows = []
    for name, label in _DIFF_FIELDS:
        before = "" if old is None else getattr(old, name)
        after = getattr(new, name)
        if name == "progress_status":
            before, after = progress.get(before, before or ""), progress.get(after, after or "")
        before, after = "" if before is None else str(before), "" if after is None else str(after)
        rows.append(FieldDiff(label, before, after, _inline_diff(before, after)))
    names = dict(
        Indicator.objects.filter(pk__in=[*new.values, *(old.values if old else {})]).values_list(
            "pk", "name"
        )
    )
    for key in sorted(set(new.values) | set(old.values if old else {})):
        before = _number_shown((old.values if old else {}).get(key, ""))
        after = _number_shown(new.values.get(key, ""))
        label = f"指标：{names.get(int(key), key)}"
        rows.append(FieldDiff(label, before, after, _inline_diff(before, after)))
    return rows


# --- for the web pages -------------------------------------------------------------------

SENT_BACK_ACTIONS = (
    ReportEvent.Action.RETURNED,
    ReportEvent.Action.SENT_BACK,
    ReportEvent.Action.REOPENED,
)


def with_last_return(reports: QuerySet[ProgressReport]) -> QuerySet[ProgressReport]:
    """Annotate ``return_comment``, ``return_action``, ``return_at``: the last sending back, in the
    same query (a subquery per column), so a list of reports costs one query however long."""
    latest = ReportEvent.objects.filter(
        report_id=OuterRef("pk"), action__in=SENT_BACK_ACTIONS
    ).order_by("-at", "-id")
    return reports.annotate(
        return_comment=Subquery(latest.values("comment")[:1]),
        return_action=Subquery(latest.values("action")[:1]),
        return_at=Subquery(latest.values("at")[:1]),
    )


@dataclass(frozen=True)
class ReportActions:
    """Which buttons a page shows a person; the services still decide every write."""

    edit: bool = False
    sign_off: bool = False
    review: bool = False
    reopen: bool = False
    file_for: bool = False  # 代报 (the office files for the agency)


def report_actions(report: ProgressReport, user: User) -> ReportActions:
    """The buttons, asked of the workflow table (``tasks.workflow``)."""
    if not user.is_authenticated or report.period.status == ReportingPeriod.Status.CLOSED:
        return ReportActions()
    roles = roles_in_agency(user, report.agency_id)
    allowed = allowed_actions(report.state, actors_of(roles, office=is_office(user)))
    return ReportActions(
        edit=WorkflowAction.SAVE in allowed,
        sign_off=WorkflowAction.SIGN_OFF in allowed,
        review=bool({WorkflowAction.ACCEPT, WorkflowAction.RETURN} & allowed),
        reopen=WorkflowAction.REOPEN in allowed,
        file_for=WorkflowAction.FILE_FOR in allowed,
    )
