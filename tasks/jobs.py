"""Celery jobs of the tasks app: thin wrappers that re-fetch by key and call a service.

Imports and exports are ``BackgroundJob`` rows run by ``tasks.services.jobs``; each model
names its Celery job here in ``job_task``.
"""

from celery import shared_task

from .models import ExportJob, ImportJob
from .services.jobs import jobs_sweep


@shared_task(acks_late=True)
def run_import(job_id: int) -> None:
    from .importer.services import import_job_run

    job = ImportJob.objects.filter(pk=job_id).first()
    if job is not None:
        import_job_run(job)


@shared_task(acks_late=True)
def run_export(job_id: int) -> None:
    from .exports.background import export_job_run

    job = ExportJob.objects.filter(pk=job_id).first()
    if job is not None:
        export_job_run(job)


@shared_task
def sweep_jobs() -> dict[str, int]:
    """Dispatch jobs that never reached a worker; fail those whose worker died."""
    return jobs_sweep()
