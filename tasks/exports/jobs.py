"""Celery job for exports (registered through ``tasks.jobs``)."""

from celery import shared_task

from ..models import ExportJob


@shared_task(acks_late=True)
def run_export(job_id: int) -> None:
    from .background import export_job_run

    job = ExportJob.objects.filter(pk=job_id).first()
    if job is not None:
        export_job_run(job)
