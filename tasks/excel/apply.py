"""Apply a confirmed Excel preview through the reporting services, all rows or none.

Each row becomes ``report_save`` (with the version the template was downloaded at as
``expected_version``) and, when the row asks for it, ``report_submit``. The preview runs
the very same calls once as a rehearsal inside a transaction that is always rolled back,
so every rule the services enforce — state, period, permission, stale versions,
completeness for submitting — shows up on the preview page, named by row, before anything
is written; no rule is copied here.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from agencies.models import Agency, User

from ..models import ProgressReport, ReportEvent, ReportingPeriod
from ..services.reporting import ReportingError, report_save, report_submit
from .reading import Extract
from .template import columns
from .upload import Preview, RowPreview, Status, read_upload

_STATE_CODES = ("already_accepted", "invalid_state")
_HEADERS = {column.key: column.header for column in columns(0)}


class ApplyError(Exception):
    """A row failed while applying; nothing was written. The message names the row."""


@dataclass
class ApplyResult:
    saved: int
    submitted: int


def _apply_row(row: RowPreview, *, by: User, filename: str) -> ProgressReport:
    report = row.report
    if row.changes:
        report = report_save(
            report=report,
            by=by,
            data=row.data,
            expected_version=row.expected_version,
            event=False,  # recorded below as an Excel upload, naming the file and row
        )
        ReportEvent.objects.create(
            report=report,
            action=ReportEvent.Action.UPLOADED,
            actor=by,
            from_state=report.state,
            to_state=report.state,
            comment=f"Excel 导入：{filename} 第 {row.row} 行",
        )
    if row.submit:
        expected = report.version if row.changes else row.expected_version
        report = report_submit(report=report, by=by, expected_version=expected)
    return report


def _explain(row: RowPreview, error: ValidationError) -> tuple[str, list[str]]:
    """The row's status and messages for a refusal by the services."""
    where = f"第 {row.row} 行（{row.measure}）"
    if isinstance(error, ReportingError):
        message = error.messages[0]
        if error.code == "stale":
            current = ProgressReport.objects.values_list("version", flat=True).get(pk=row.report.pk)
            return Status.CONFLICT, [
                f"{where}：下载模板后，该报告已在系统中被修改（模板中为第 {row.expected_version} "
                f"版，现为第 {current} 版）。本行不导入，以免覆盖他人的修改；"
                "请重新下载模板后再填写。"
            ]
        if error.code in _STATE_CODES:
            return Status.LOCKED, [f"{where}：{message}本行不导入。"]
        if error.code == "incomplete":
            reasons = message.replace("。；", "；")
            return Status.INVALID, [f"第 {row.row} 行“是否报送”：不能报送，{reasons}"]
        return Status.INVALID, [f"{where}：{message}"]
    if hasattr(error, "error_dict"):
        return Status.INVALID, [
            f"第 {row.row} 行“{_HEADERS.get(name, name)}”：{message}"
            for name, messages in error.message_dict.items()
            for message in messages
        ]
    return Status.INVALID, [f"{where}：{message}" for message in error.messages]


def preview_rehearse(preview: Preview, *, by: User) -> Preview:
    """Run every row through the services and roll back; mark the rows they refuse."""
    with transaction.atomic():
        for row in preview.to_apply:
            try:
                with transaction.atomic():
                    _apply_row(row, by=by, filename=preview.filename)
            except ValidationError as error:
                status, messages = _explain(row, error)
                for message in messages:
                    row.refuse(message, status)
        transaction.set_rollback(True)
    return preview


def preview_build(
    *, extract: Extract, filename: str, period: ReportingPeriod, agency: Agency, by: User
) -> Preview:
    """Compare what an upload held with the reports now and rehearse it: what confirming
    would do, row by row."""
    preview = read_upload(extract=extract, filename=filename, period=period, agency=agency)
    return preview_rehearse(preview, by=by)


def preview_apply(preview: Preview, *, by: User) -> ApplyResult:
    """Apply every row the preview marked as valid in one transaction.

    Rows with problems were shown as not imported and are skipped. If a valid row is
    refused now (someone saved the report since the preview), everything rolls back and
    ``ApplyError`` names the row.
    """
    rows = preview.to_apply
    with transaction.atomic():
        for row in rows:
            try:
                _apply_row(row, by=by, filename=preview.filename)
            except ValidationError as error:
                _status, messages = _explain(row, error)
                raise ApplyError(
                    "；".join(messages) + " 所有修改均未写入，请重新上传核对。"
                ) from error
    return ApplyResult(
        saved=sum(1 for row in rows if row.changes), submitted=sum(1 for row in rows if row.submit)
    )
