"""责任分工 after import: assign a lead and co-agencies to many measures at once, edit roles.

Every surface (the 责任分工 page, the API) calls these. A measure assigned while one of its
plan's periods is open gets its expected reports at once (``period_reports_create``), so a
late assignment never leaves a body out of the quarter.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max

from agencies.access import is_office
from agencies.models import Agency, User
from core.models import LEVEL_RANK

from ..models import Assignment, Measure, Plan, ReportingPeriod
from .reporting import ReportingError, period_reports_create

Role = Assignment.Role
OFFICE_NOTE = "联席办分工"


def require_office(user: User, doing: str) -> None:
    if not is_office(user):
        raise ReportingError(f"只有联席会议办公室可以{doing}。", "forbidden")


@dataclass
class BulkAssignResult:
    created: int = 0
    demoted: int = 0  # former leads kept as co-agencies when the lead was replaced
    skipped: list[str] = field(default_factory=list)  # measures left alone, with why
    reports_created: int = 0


def _add(measure: Measure, agency: Agency, role: str, order: int) -> bool:
    """Create the assignment unless the body already holds a role on the measure."""
    if Assignment.objects.filter(measure=measure, agency=agency).exists():
        return False
    assignment = Assignment(
        measure=measure,
        agency=agency,
        role=role,
        name_as_written=agency.short_name or agency.name,
        note=OFFICE_NOTE,
        order=order,
    )
    assignment.full_clean()
    assignment.save()
    return True


@transaction.atomic
def assignments_bulk_assign(
    *,
    plan: Plan,
    measures: list[Measure],
    lead: Agency | None,
    co: list[Agency],
    replace_lead: bool,
    by: User,
) -> BulkAssignResult:
    """Give every measure ``lead`` (牵头) and ``co`` (配合) in one action.

    A measure that already has another lead keeps it unless ``replace_lead``; then the former
    lead stays on as a co-agency (its reports and history keep their body). Bodies already on
    a measure are not duplicated. Expected reports of the plan's open periods follow at once.
    """
    require_office(by, "分配责任单位")
    if lead is None and not co:
        raise ReportingError("请选择牵头单位或配合单位。", "invalid")
    if not measures:
        raise ReportingError("请至少选择一项措施。", "invalid")
    if lead is not None and lead in co:
        raise ReportingError(f"{lead}不能同时是牵头单位和配合单位。", "invalid")
    if any(measure.plan_id != plan.pk for measure in measures):
        raise ReportingError("所选措施不属于该计划。", "invalid")
    result = BulkAssignResult()
    for measure in measures:
        order = (measure.assignments.aggregate(top=Max("order"))["top"] or 0) + 1
        if lead is not None:
            leads = measure.assignments.filter(role=Role.LEAD, agency__isnull=False)
            others = leads.exclude(agency=lead)
            if others.exists() and not replace_lead:
                names = "、".join(str(a.agency) for a in others.select_related("agency"))
                result.skipped.append(f"{measure.label}已有牵头单位（{names}），未更改")
            else:
                for former in others:
                    if measure.assignments.filter(agency=former.agency, role=Role.CO).exists():
                        former.delete()
                    else:
                        former.role = Role.CO
                        former.save(update_fields=["role"])
                    result.demoted += 1
                existing = measure.assignments.filter(agency=lead).first()
                if existing is not None and existing.role != Role.LEAD:
                    existing.role = Role.LEAD
                    existing.save(update_fields=["role"])
                    result.created += 1
                elif _add(measure, lead, Role.LEAD, order):
                    result.created += 1
        for index, agency in enumerate(co, start=1):
            result.created += _add(measure, agency, Role.CO, order + index)
    result.reports_created = reports_for_open_periods(plan, [m.pk for m in measures])
    return result


def reports_for_open_periods(plan: Plan, measure_ids: list[int]) -> int:
    """The expected reports that open periods lack for these measures (after an assignment
    changed): every surface that assigns calls this, so no body is left out of a quarter."""
    created = 0
    for period in plan.periods.filter(status=ReportingPeriod.Status.OPEN):
        created += period_reports_create(period=period, measure_ids=measure_ids)
    return created


@transaction.atomic
def assignment_role_set(*, assignment: Assignment, role: str, by: User) -> Assignment:
    """Change one body's role on a measure; a body that now reports gets its reports."""
    require_office(by, "修改责任分工")
    if role not in Role.values:
        raise ReportingError(f"角色“{role}”无效。", "invalid")
    if assignment.measure_id is None:
        raise ReportingError("只能在这里修改措施的责任分工。", "invalid")
    assignment.role = role
    assignment.full_clean()
    assignment.save(update_fields=["role"])
    reports_for_open_periods(assignment.measure.plan, [assignment.measure_id])
    return assignment


@transaction.atomic
def assignment_remove(*, assignment: Assignment, by: User) -> None:
    """Take a body off a measure. Reports it already has stay (with their history)."""
    require_office(by, "修改责任分工")
    if assignment.measure_id is None:
        raise ReportingError("只能在这里修改措施的责任分工。", "invalid")
    assignment.delete()


def _above(upper: str, lower: str) -> bool:
    return LEVEL_RANK[upper] < LEVEL_RANK[lower]


@transaction.atomic
def plan_parent_set(*, plan: Plan, parent: Plan | None, by: User) -> Plan:
    """Name the higher-level plan this plan implements (a city plan → the province's)."""
    require_office(by, "设置上位计划")
    if parent is not None:
        if parent.pk == plan.pk:
            raise ReportingError("计划不能落实自己。", "invalid")
        if not _above(parent.level, plan.level):
            raise ReportingError(
                f"上位计划应高于本计划的层级（本计划为{plan.get_level_display()}级）。", "invalid"
            )
    plan.parent = parent
    plan.save(update_fields=["parent", "updated_at"])
    return plan


@transaction.atomic
def measure_implements_set(*, measure: Measure, implements: Measure | None, by: User) -> Measure:
    """Name the higher-level plan's measure that a local measure implements."""
    require_office(by, "关联上级措施")
    if implements is not None:
        plan = measure.plan
        if plan.parent_id is None:
            raise ReportingError("请先为本计划设置上位计划。", "invalid")
        if implements.plan_id != plan.parent_id:
            raise ReportingError(f"只能关联上位计划《{plan.parent}》中的措施。", "invalid")
    measure.implements = implements
    measure.save(update_fields=["implements", "updated_at"])
    return measure
