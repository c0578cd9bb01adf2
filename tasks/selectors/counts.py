"""The one answer to "how many reports are 应报 / 已报 / 按时 / 逾期 / 未报 / 退回 / 采纳?".

The overview, the matrix, the 催办 page, the weekly digest, the exports, the printable
report, the 通报, the grade and the API summary all count with ``REPORT_BUCKETS`` — through
``report_counts`` (grouped rows) or, where a page adds its own counts to the same grouped
query, ``status_counts()``. ``tests/tasks/test_counts_agree.py`` computes them for a
generated plan through every surface and asserts they are equal.

- 应报 expected: every report the period asks for.
- 已报 submitted: delivered to the office at least once (按时 + 逾期).
- 按时 on_time / 逾期 late: by the lateness of the first delivery (``ipplan.workcalendar``).
- 未报 missing: never delivered to the office — drafts, reports awaiting the agency's
  sign-off, and reports its own approver sent back.
- 退回 returned: delivered, then returned by the office and not yet delivered again.
- 采纳 accepted: accepted by the office.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q, QuerySet

from ..models import ProgressReport, ReportingPeriod

State = ProgressReport.State
_DELIVERED = Q(first_submitted_at__isnull=False)

REPORT_BUCKETS: dict[str, Q] = {
    "expected": Q(),
    "submitted": _DELIVERED,
    "on_time": _DELIVERED & Q(late_days=0),
    "late": _DELIVERED & Q(late_days__gt=0),
    "missing": ~_DELIVERED,
    "returned": _DELIVERED & Q(state=State.RETURNED),
    "accepted": Q(state=State.ACCEPTED),
}
BUCKET_LABELS = {
    "expected": "应报",
    "submitted": "已报送",
    "on_time": "按时报送",
    "late": "逾期报送",
    "missing": "未报送",
    "returned": "被退回",
    "accepted": "已采纳",
}
NOT_DELIVERED = REPORT_BUCKETS["missing"]


def status_counts(*buckets: str) -> dict[str, models.Count]:
    """Conditional counts of the buckets (all when none is named), for ``aggregate`` or
    ``annotate`` on reports."""
    names = buckets or tuple(REPORT_BUCKETS)
    return {name: models.Count("id", filter=REPORT_BUCKETS[name] or None) for name in names}


def report_counts(reports: QuerySet[ProgressReport], *group_by: str) -> list[dict]:
    """The seven counts of ``reports``, one row per value of ``group_by``, or one row for all
    of them when there is none (one SQL query)."""
    if not group_by:
        counts = reports.aggregate(**status_counts())
        return [{name: value or 0 for name, value in counts.items()}]
    return list(reports.values(*group_by).annotate(**status_counts()).order_by())


def period_status_summary(plan, period: ReportingPeriod) -> dict[str, int]:
    """The seven counts of one plan's period: the dashboard's, the exports', the API's."""
    (counts,) = report_counts(ProgressReport.objects.filter(period=period, period__plan=plan))
    return counts
