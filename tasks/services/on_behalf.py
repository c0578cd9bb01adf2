"""代报: the office files a report on an agency's behalf (an agency without an active
reporter, or a written report sent in by other means). The report is delivered like any
other — a frozen version, lateness from the due date — and its history says who filed it
for the agency, when and on what basis (``ReportEvent.Action.FILED_FOR``)."""

from __future__ import annotations

from django.db import transaction

from agencies.models import User

from ..models import ProgressReport, ReportAttachment, ReportEvent, ReportValue
from ..workflow import WorkflowAction
from .reporting import (
    TEXT_LIMIT,
    ReportingError,
    ReportInput,
    _check,
    _check_complete,
    _deliver,
    _event,
    _locked,
    attachment_check,
    validate_input,
)


@transaction.atomic
def report_file_on_behalf(
    *, report: ProgressReport, by: User, data: ReportInput, basis: str, upload=None
) -> ProgressReport:
    """The office fills in and delivers the agency's report; ``basis`` (required) says what
    it was filed from (e.g. 省科技厅4月8日书面材料). An optional file (the agency's written
    report) is attached in the office's name."""
    report = _locked(report)
    _check(report, WorkflowAction.FILE_FOR, by)
    basis = (basis or "").strip()
    if not basis:
        raise ReportingError("代报时必须说明依据（如单位报来的书面材料）。", "reason_required")
    if len(basis) > TEXT_LIMIT:
        raise ReportingError(f"代报依据最多 {TEXT_LIMIT} 字。", "too_long")
    validate_input(data, report)
    name = attachment_check(upload) if upload is not None else ""
    before = report.state
    for field in ("progress_status", "completion_percent", *ReportInput.TEXT_FIELDS):
        setattr(report, field, getattr(data, field))
    report.save()
    ReportValue.objects.filter(report=report).exclude(indicator_id__in=data.values).delete()
    for indicator_id, value in data.values.items():
        ReportValue.objects.update_or_create(
            report=report, indicator_id=indicator_id, defaults={"value": value}
        )
    if upload is not None:
        ReportAttachment.objects.create(
            report=report, file=upload, name=name[:200], size=upload.size, uploaded_by=by
        )
    _check_complete(report)
    version = _deliver(report, by)
    _event(
        report,
        ReportEvent.Action.FILED_FOR,
        by,
        before=before,
        comment=f"联席办代{report.agency}报送。依据：{basis}",
        version_number=version.number,
    )
    return report
