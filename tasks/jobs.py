"""Celery jobs of the tasks app: thin wrappers that re-fetch by key and call a service."""

from celery import shared_task

from .exports.jobs import run_export  # noqa: F401 - the worker finds the export job here
from .importer.services import import_job_run
from .models import ImportJob


@shared_task(acks_late=True)
def run_import(job_id: int) -> None:
    job = ImportJob.objects.filter(pk=job_id).first()
    if job is not None:
        import_job_run(job)
