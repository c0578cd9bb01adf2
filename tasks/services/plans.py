"""Writes that carry the office's rules for plans under review: resolve names, fix, publish."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet

from agencies.models import Agency, AgencyAlias

from ..models import Assignment, Measure, Plan
from ..selectors.plans import measures_without_lead
from .responsibilities import reports_for_open_periods


def unresolved_assignments(plan: Plan) -> QuerySet[Assignment]:
    return Assignment.objects.filter(
        Q(measure__plan=plan) | Q(schedule_entry__plan=plan), agency__isnull=True
    )


@transaction.atomic
def name_resolve(
    *, plan: Plan, name_as_written: str, agencies: list[Agency], remember: bool = False
) -> int:
    """Point every unresolved mention of ``name_as_written`` in the plan at ``agencies``.

    One name may stand for several bodies (相关省辖市 → the cities the office picks): each
    mention becomes one assignment per body, with the same role. With ``remember`` and a
    single body, the name is kept as an alias so the next import resolves it by itself.
    Returns the number of assignments created.
    """
    if not agencies:
        raise ValidationError("请至少选择一个单位。")
    pending = list(unresolved_assignments(plan).filter(name_as_written=name_as_written))
    if not pending:
        raise ValidationError(f"计划中没有待确认的“{name_as_written}”。")
    created = 0
    for placeholder in pending:
        for agency in agencies:
            duplicate = Assignment.objects.filter(
                measure=placeholder.measure,
                schedule_entry=placeholder.schedule_entry,
                agency=agency,
                role=placeholder.role,
            ).exists()
            if duplicate:
                continue
            Assignment.objects.create(
                measure=placeholder.measure,
                schedule_entry=placeholder.schedule_entry,
                agency=agency,
                role=placeholder.role,
                name_as_written=placeholder.name_as_written,
                note=placeholder.note,
                order=placeholder.order,
            )
            created += 1
        placeholder.delete()
    measure_ids = [p.measure_id for p in pending if p.measure_id]
    if measure_ids:
        reports_for_open_periods(plan, measure_ids)
    if remember and len(agencies) == 1:
        taken = AgencyAlias.objects.filter(name=name_as_written).exists()
        if not taken and not Agency.objects.filter(name=name_as_written).exists():
            AgencyAlias.objects.create(agency=agencies[0], name=name_as_written)
    return created


@transaction.atomic
def agency_create_from_name(
    *, plan: Plan, name_as_written: str, full_name: str, kind: str, level: str | None = None
) -> Agency:
    """Accept an unknown name as a new agency and resolve the plan's mentions to it."""
    full_name = full_name.strip() or name_as_written
    if Agency.objects.filter(name=full_name).exists():
        raise ValidationError(f"单位“{full_name}”已存在，请直接选择它。")
    agency = Agency(
        name=full_name, short_name=name_as_written, kind=kind, level=level or plan.level
    )
    agency.full_clean()
    agency.save()
    name_resolve(plan=plan, name_as_written=name_as_written, agencies=[agency], remember=True)
    return agency


class PublishNeedsConfirmation(ValidationError):
    """Publishing would leave measures without a lead: the office must confirm it knows."""

    code = "needs_confirmation"

    def __init__(self, measures: list[Measure]):
        self.measures = measures
        labels = "、".join(m.label for m in measures[:20]) + ("等" if len(measures) > 20 else "")
        super().__init__(
            f"还有 {len(measures)} 项措施没有牵头单位：{labels}。发布后开启填报周期时，"
            "这些措施不会生成报告。确认仍要发布吗？",
            code="needs_confirmation",
        )


@transaction.atomic
def plan_publish(*, plan: Plan, confirm_without_lead: bool = False) -> Plan:
    """Publish a reviewed draft; refused while any responsible body is still unresolved, and
    until the office confirms when measures have no lead (``measures_without_lead``)."""
    pending = sorted(set(unresolved_assignments(plan).values_list("name_as_written", flat=True)))
    if pending:
        raise ValidationError(f"还有待确认的责任单位：{'、'.join(pending)}。请先确认再发布。")
    if plan.status == Plan.Status.CLOSED:
        raise ValidationError("计划已结束，不能再发布。")
    without_lead = list(measures_without_lead(plan))
    if without_lead and not confirm_without_lead:
        raise PublishNeedsConfirmation(without_lead)
    plan.status = Plan.Status.PUBLISHED
    plan.save(update_fields=["status", "updated_at"])
    return plan


@transaction.atomic
def measure_review_save(*, form, assignments, indicators) -> None:
    """Save a measure corrected during review with its assignments and indicators together."""
    measure = form.save()
    assignments.save()
    reports_for_open_periods(measure.plan, [measure.pk])
    for indicator in indicators.save(commit=False):
        indicator.plan_id = measure.plan_id
        indicator.save()
    for indicator in indicators.deleted_objects:
        indicator.delete()
