"""The one runner of background jobs (imports, large exports): dispatch, run, sweep.

- ``job_dispatch(job)`` hands a saved job to the workers once the transaction commits. A
  broker that cannot be reached is logged, not raised: the upload or request that created
  the job still succeeds, and the job waits as queued, never dispatched, for the sweep.
- ``job_run(job, work)`` claims a queued job (a conditional UPDATE, so a job delivered
  twice runs once), keeps its lease alive while ``work`` runs, and records the outcome:
  succeeded, or failed with a Chinese message whatever ``work`` raised. Never "running"
  after it returns.
- ``jobs_sweep()`` (beat, every minute) dispatches again the jobs that never reached a
  worker or whose message was lost, and fails the running jobs whose worker died (no
  heartbeat for ``JOB_LEASE``).
"""

from __future__ import annotations

import datetime
import logging
import threading
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q
from kombu.exceptions import OperationalError

from core import clock

from ..models import ExportJob, ImportJob
from ..models.jobs import BackgroundJob

logger = logging.getLogger(__name__)
Status = BackgroundJob.Status
JOB_MODELS: tuple[type[BackgroundJob], ...] = (ImportJob, ExportJob)
# A running job's worker writes a heartbeat this often; without one for JOB_LEASE the job
# is taken for dead. A queued job dispatched longer ago than REDISPATCH_AFTER is sent again
# (its message was lost, say with a Redis restarted without persistence).
HEARTBEAT = datetime.timedelta(seconds=30)
JOB_LEASE = datetime.timedelta(minutes=3)
NEVER_DISPATCHED_AFTER = datetime.timedelta(seconds=30)
REDISPATCH_AFTER = datetime.timedelta(minutes=15)
INTERNAL_ERROR = (
    "处理失败：系统内部错误（{name}），已记录在服务器日志中。请稍后重试，或联系管理员。"
)
WORKER_LOST = "处理中断：后台处理进程意外退出（约 {minutes} 分钟没有响应）。请重新提交。"


class JobRefusal(Exception):
    """Raised by a job's work to fail it with this Chinese message (no traceback logged)."""


def _celery_job(job: BackgroundJob):
    from .. import jobs

    return getattr(jobs, job.job_task)


def _send(job: BackgroundJob) -> bool:
    """Put the job on the broker now; False (logged) when the broker cannot be reached."""
    try:
        _celery_job(job).apply_async((job.pk,), retry=False)
    except (OperationalError, OSError) as error:
        logger.warning(
            "broker unreachable, %s %s waits for the sweep: %s", job._meta.label, job.pk, error
        )
        return False
    type(job).objects.filter(pk=job.pk, status=Status.QUEUED).update(dispatched_at=clock.now())
    return True


def job_dispatch(job: BackgroundJob) -> None:
    """Hand ``job`` to the workers after the current transaction commits."""
    transaction.on_commit(lambda: _send(job))


def _failure_message(error: BaseException) -> str:
    if isinstance(error, JobRefusal):
        return str(error)
    if isinstance(error, ValidationError):  # a rule of ours refused the data: say which
        return "处理失败：" + "；".join(error.messages)
    return INTERNAL_ERROR.format(name=type(error).__name__)


class _Heartbeat(threading.Thread):
    """Renews a running job's lease from a thread of its own while the work runs."""

    def __init__(self, job: BackgroundJob):
        super().__init__(daemon=True, name=f"heartbeat-{job._meta.label}-{job.pk}")
        self.job, self.done = job, threading.Event()

    def run(self) -> None:
        model = type(self.job)
        try:
            while not self.done.wait(HEARTBEAT.total_seconds()):
                model.objects.filter(pk=self.job.pk, status=Status.RUNNING).update(
                    heartbeat_at=clock.now()
                )
        except Exception:  # a missed beat only shortens the lease; the work goes on
            logger.exception("heartbeat of %s %s failed", model._meta.label, self.job.pk)
        finally:
            connection.close()


def _finish(job: BackgroundJob, status: str, message: str, fields: list[str]) -> None:
    job.status, job.message, job.finished_at = status, message, clock.now()
    if status == Status.SUCCEEDED:
        job.progress = 100
    job.save(update_fields=["status", "message", "finished_at", "progress", "updated_at", *fields])


def job_run(
    job: BackgroundJob,
    work: Callable[[Callable[[int], None]], list[str] | None],
    *,
    start_progress: int = 1,
) -> BackgroundJob:
    """Run a queued job once. ``work(progress)`` does the job, setting its result fields on
    ``job`` and returning their names; ``progress(percent)`` shows how far it got. Whatever
    ``work`` raises, the job ends failed with a Chinese message (a ``JobRefusal``'s own).
    """
    from ipplan.celery import app

    model = type(job)
    now = clock.now()
    claimed = model.objects.filter(pk=job.pk, status=Status.QUEUED).update(
        status=Status.RUNNING, progress=start_progress, heartbeat_at=now
    )
    if not claimed:
        return job
    job.refresh_from_db()

    def progress(percent: int) -> None:
        model.objects.filter(pk=job.pk).update(progress=percent, heartbeat_at=clock.now())

    # In-process (embedded mode, tests) the request itself is the job's life: no lease.
    heartbeat = None if app.conf.task_always_eager else _Heartbeat(job)
    if heartbeat:
        heartbeat.start()
    try:
        fields = work(progress) or []
    except Exception as error:
        if not isinstance(error, JobRefusal | ValidationError):
            logger.exception("%s %s failed", model._meta.label, job.pk)
        if not connection.in_atomic_block:  # a connection the outage broke is replaced
            connection.close_if_unusable_or_obsolete()
        _finish(job, Status.FAILED, _failure_message(error), [])
    else:
        _finish(job, Status.SUCCEEDED, job.message, fields)
    finally:
        if heartbeat:
            heartbeat.done.set()
    return job


def jobs_sweep(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Dispatch jobs that never reached a worker; fail those whose worker died."""
    now = now or clock.now()
    counts = {"dispatched": 0, "abandoned": 0}
    minutes = int(JOB_LEASE.total_seconds() // 60)
    for model in JOB_MODELS:
        silent = Q(heartbeat_at__lt=now - JOB_LEASE) | Q(  # or running since before leases
            heartbeat_at__isnull=True, updated_at__lt=now - JOB_LEASE
        )
        counts["abandoned"] += model.objects.filter(silent, status=Status.RUNNING).update(
            status=Status.FAILED,
            message=WORKER_LOST.format(minutes=minutes),
            finished_at=now,
        )
        waiting = model.objects.filter(
            status=Status.QUEUED, created_at__lt=now - NEVER_DISPATCHED_AFTER
        )
        lost = waiting.filter(dispatched_at__isnull=True) | waiting.filter(
            dispatched_at__lt=now - REDISPATCH_AFTER
        )
        for job in lost.order_by("pk"):
            if not _send(job):
                break  # the broker is still down: the next sweep tries again
            counts["dispatched"] += 1
    return counts
