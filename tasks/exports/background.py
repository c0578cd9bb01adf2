"""Exports as files: written at once for small ones, by a background job for large ones."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction

from agencies.models import User

from ..models import ExportJob, Plan, ProgressReport, ReportingPeriod
from ..services.jobs import job_dispatch, job_run
from .breakdown import write_breakdown
from .indicators import write_indicator_table
from .notice import write_notice_docx
from .progress import write_progress_summary

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
Kind = ExportJob.Kind


@dataclass(frozen=True)
class ExportFile:
    filename: str
    content_type: str
    data: bytes


def _subject(kind: str, params: dict) -> tuple[Plan, ReportingPeriod | None]:
    if kind in (Kind.PROGRESS, Kind.NOTICE):
        period = ReportingPeriod.objects.select_related("plan").get(pk=params["period"])
        return period.plan, period
    return Plan.objects.get(pk=params["plan"]), None


def export_build(
    kind: str, params: dict, progress: Callable[[int], None] | None = None
) -> ExportFile:
    """Write one export into memory; ``params`` holds ``plan`` or ``period`` (primary keys)."""
    plan, period = _subject(kind, params)
    buffer = io.BytesIO()
    if kind == Kind.BREAKDOWN:
        write_breakdown(plan, buffer)
        return ExportFile(f"{plan.title}-任务分解表.xlsx", XLSX, buffer.getvalue())
    if kind == Kind.INDICATORS:
        write_indicator_table(plan, buffer)
        return ExportFile(f"{plan.title}-指标完成情况表.xlsx", XLSX, buffer.getvalue())
    if kind == Kind.PROGRESS:
        write_progress_summary(period, buffer, progress)
        name = f"{plan.title}-{period.label}进展情况汇总表.xlsx"
        return ExportFile(name, XLSX, buffer.getvalue())
    if kind == Kind.NOTICE:
        write_notice_docx(period, buffer)
        return ExportFile(f"{plan.title}-{period.label}通报.docx", DOCX, buffer.getvalue())
    raise ValueError(kind)


def export_is_large(kind: str, params: dict) -> bool:
    """Large enough to hand to a worker: more report rows than ``IPPLAN_EXPORT_SYNC_ROWS``."""
    limit = getattr(settings, "IPPLAN_EXPORT_SYNC_ROWS", 5000)
    if kind != Kind.PROGRESS:
        return False
    return ProgressReport.objects.filter(period_id=params["period"]).count() > limit


@transaction.atomic
def export_job_create(*, kind: str, params: dict, by: User) -> ExportJob:
    job = ExportJob.objects.create(kind=kind, params=params, requested_by=by)
    job_dispatch(job)
    return job


def export_job_run(job: ExportJob) -> ExportJob:
    """Run a queued export through the job runner: the file is kept on the job."""

    def work(progress) -> list[str]:
        result = export_build(job.kind, job.params, progress)
        job.file.save(result.filename, ContentFile(result.data), save=False)
        job.filename = result.filename
        return ["file", "filename"]

    return job_run(job, work)
