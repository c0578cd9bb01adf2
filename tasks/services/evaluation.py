"""The office records each agency's annual grade (考评) with its reason and the evidence."""

from __future__ import annotations

from django.db import transaction

from agencies.access import is_office
from agencies.models import Agency, User

from ..models import AnnualEvaluation, Grade, Plan
from ..selectors.dashboard import evaluation_rows
from .reporting import ReportingError

REASON_LIMIT = 2000


@transaction.atomic
def evaluation_decide(
    *, plan: Plan, agency: Agency, year: int, grade: str, reason: str, by: User
) -> AnnualEvaluation:
    """Record (or change) the office's grade; the proposal and evidence are frozen with it."""
    if not is_office(by):
        raise ReportingError("只有联席会议办公室可以确定年度考评等次。", "forbidden")
    if grade not in Grade.values:
        raise ReportingError("请选择考评等次：优秀、良好、合格或不合格。", "invalid_grade")
    reason = reason.strip()
    if not reason:
        raise ReportingError("请填写确定该等次的理由。", "reason_required")
    if len(reason) > REASON_LIMIT:
        raise ReportingError(f"考评理由不能超过 {REASON_LIMIT} 字。", "reason_too_long")
    row = next((r for r in evaluation_rows(plan, year) if r.agency_id == agency.pk), None)
    if row is None:
        raise ReportingError(
            f"{agency}在{year}年没有该计划的报送任务，无法考评。", "nothing_to_evaluate"
        )
    evaluation, _ = AnnualEvaluation.objects.update_or_create(
        plan=plan,
        agency=agency,
        year=year,
        defaults={
            "proposed_grade": row.proposed,
            "grade": grade,
            "reason": reason,
            "evidence": row.evidence(),
            "decided_by": by,
        },
    )
    evaluation.full_clean()
    return evaluation
