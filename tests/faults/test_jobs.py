"""Imports and exports run by the one job runner: whatever goes wrong, the job ends failed
with a Chinese message, never "running"; a job the broker never took is sent by the sweep;
a worker killed mid-export leaves the job failed once its lease runs out.

The first tests run the jobs in this process; the others use a real Celery worker on a
Redis of their own (and PostgreSQL, which the worker shares)."""

from __future__ import annotations

import contextlib
import datetime
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone

from tasks.exports.background import export_job_create
from tasks.models import ExportJob, ImportJob, ReportingPeriod
from tasks.services import jobs as runner
from tests.helpers import wait_until
from tests.notifications.conftest import celery_conf

PILOT = (
    Path(settings.BASE_DIR) / "fixtures" / "documents" / "2016-jiangsu-ip-regional-layout-pilot.txt"
)


def import_upload(client, name: str = PILOT.name, data: bytes | None = None):
    upload = SimpleUploadedFile(name, PILOT.read_bytes() if data is None else data)
    return client.post("/plans/import/", {"file": upload, "level": ""})


def export_start(client, period, settings):
    settings.IPPLAN_EXPORT_SYNC_ROWS = 1  # the period's 3 reports make a background export
    return client.post("/dashboard/exports/progress/", {"period": period.pk})


def later(minutes: float) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(minutes=minutes)


@pytest.fixture
def in_process():
    with celery_conf(task_always_eager=True):
        yield


@pytest.mark.django_db
def test_an_unexpected_error_in_an_import_fails_the_job_with_a_chinese_message(
    in_process, client, office_supervisor, monkeypatch, django_capture_on_commit_callbacks, caplog
):
    def broken(**kwargs):
        raise KeyError("section")  # any error, not only the importer's own refusals

    monkeypatch.setattr("tasks.importer.services.document_import", broken)
    client.force_login(office_supervisor)
    with django_capture_on_commit_callbacks(execute=True):
        response = import_upload(client)
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/plans/import/{job.pk}/"
    job.refresh_from_db()
    assert job.status == "failed" and job.finished_at is not None
    assert job.message.startswith("处理失败：系统内部错误（KeyError）")
    assert "ImportJob" in caplog.text and "KeyError" in caplog.text  # the traceback is logged
    state = client.get(f"/plans/import/{job.pk}/?format=json").json()
    assert state["finished"] and state["status_display"] == "失败"


@pytest.mark.django_db
def test_a_document_the_importer_refuses_fails_with_the_importers_message(
    in_process, client, office_supervisor, django_capture_on_commit_callbacks
):
    client.force_login(office_supervisor)
    with django_capture_on_commit_callbacks(execute=True):
        import_upload(client, "说明.txt", "这不是一份计划。".encode())
    job = ImportJob.objects.get()
    assert job.status == "failed" and "系统内部错误" not in job.message and job.message


@pytest.mark.django_db
def test_an_unexpected_error_in_an_export_fails_the_job(
    in_process,
    client,
    office_supervisor,
    reporting_plan,
    settings,
    monkeypatch,
    django_capture_on_commit_callbacks,
):
    def broken(*args):
        raise MemoryError

    monkeypatch.setattr("tasks.exports.background.write_progress_summary", broken)
    client.force_login(office_supervisor)
    period = ReportingPeriod.objects.get(plan=reporting_plan)
    with django_capture_on_commit_callbacks(execute=True):
        response = export_start(client, period, settings)
    job = ExportJob.objects.get()
    assert response["Location"] == f"/dashboard/exports/jobs/{job.pk}/"
    job.refresh_from_db()
    assert job.status == "failed" and "系统内部错误（MemoryError）" in job.message
    assert not job.file


# --- with a real worker ----------------------------------------------------------------------


def settled(job) -> bool:
    job.refresh_from_db()
    return job.is_finished


@pytest.mark.django_db(transaction=True)
def test_jobs_created_while_the_broker_is_down_are_sent_by_the_sweep(
    broker_worker, redis_cache, client, office_supervisor, reporting_plan, settings
):
    client.force_login(office_supervisor)
    period = ReportingPeriod.objects.get(plan=reporting_plan)
    redis_cache.stop()
    assert import_upload(client).status_code == 302  # the upload is kept, not a 500
    assert export_start(client, period, settings).status_code == 302
    imported, exported = ImportJob.objects.get(), ExportJob.objects.get()
    for job in (imported, exported):
        job.refresh_from_db()
        assert job.status == "queued" and job.dispatched_at is None

    assert runner.jobs_sweep(now=later(1)) == {"dispatched": 0, "abandoned": 0}  # still down
    redis_cache.start()
    assert runner.jobs_sweep(now=later(1)) == {"dispatched": 2, "abandoned": 0}
    wait_until(lambda: settled(imported) and settled(exported), what="the swept jobs")
    assert imported.status == "succeeded", imported.message
    assert imported.plans.count() == 1
    assert exported.status == "succeeded" and exported.file
    assert runner.jobs_sweep(now=later(30)) == {"dispatched": 0, "abandoned": 0}


@pytest.mark.django_db(transaction=True)
def test_an_exception_in_the_worker_fails_the_job(broker_worker, office_supervisor):
    job = export_job_create(kind="progress", params={"period": 987654}, by=office_supervisor)
    wait_until(lambda: settled(job), what="the export job")
    assert job.status == "failed" and "系统内部错误（DoesNotExist）" in job.message


@contextlib.contextmanager
def reports_locked():
    """Another session holds the reports table, so an export waits inside its query."""
    db = connection.settings_dict
    holder = psycopg2.connect(
        dbname=db["NAME"],
        user=db["USER"],
        password=db["PASSWORD"] or None,
        host=db["HOST"],
        port=db["PORT"] or 5432,
    )
    try:
        with holder.cursor() as cursor:
            cursor.execute("LOCK TABLE tasks_progressreport IN ACCESS EXCLUSIVE MODE")
        yield
    finally:
        holder.rollback()
        holder.close()


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_export_leaves_the_job_failed_with_a_message(
    broker_worker, office_supervisor, reporting_plan, client
):
    period = ReportingPeriod.objects.get(plan=reporting_plan)
    with reports_locked():
        job = export_job_create(kind="progress", params={"period": period.pk}, by=office_supervisor)
        wait_until(lambda: ExportJob.objects.get(pk=job.pk).status == "running", what="the claim")
        broker_worker.kill()  # SIGKILL while the export waits for the reports
    job.refresh_from_db()
    assert job.status == "running" and job.heartbeat_at is not None

    # Within its lease the job is left alone; after it, the sweep says what happened.
    assert runner.jobs_sweep(now=later(1))["abandoned"] == 0
    assert runner.jobs_sweep(now=later(runner.JOB_LEASE.total_seconds() / 60 + 1)) == {
        "dispatched": 0,
        "abandoned": 1,
    }
    job.refresh_from_db()
    assert job.status == "failed" and job.finished_at is not None
    assert job.message.startswith("处理中断：后台处理进程意外退出")
    client.force_login(office_supervisor)
    state = client.get(f"/dashboard/exports/jobs/{job.pk}/?format=json").json()
    assert state["finished"] and state["status"] == "failed" and state["download"] == ""


@pytest.mark.django_db
def test_the_sweep_fails_a_job_left_running_before_jobs_had_a_lease(office_supervisor):
    job = ExportJob.objects.create(kind="progress", params={}, requested_by=office_supervisor)
    ExportJob.objects.filter(pk=job.pk).update(status="running", updated_at=later(-60))
    assert runner.jobs_sweep()["abandoned"] == 1
    job.refresh_from_db()
    assert job.status == "failed" and job.message.startswith("处理中断")
