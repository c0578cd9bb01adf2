"""Two of everything (issue 15): two gunicorn web processes and two Celery worker processes
against one PostgreSQL database and one Redis broker, as docker-compose runs them with
`--scale web=2 --scale worker=2`.

* Reminders: the sweep runs twice (beat firing twice) and resumes once, while both workers
  take tasks from the same queue: each person hears each reminder exactly once.
* Submissions: 43 reports are filed and submitted through the API, alternating between
  the two web processes, eight at a time; each retry of a submit (the same Idempotency-Key,
  sent to the *other* web process) answers the same: every report is submitted once, with
  one version and one "submitted" event, and nothing is lost.

Needs PostgreSQL and REDIS_URL (as in CI); skipped otherwise, failed under
IPPLAN_REQUIRE_SERVICES=1. Workers come from tests/notifications/conftest.py (``Worker``).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import override_settings

from agencies.models import Agency
from api.tokens import token_create
from notifications import services
from notifications.models import DeliveryLog, Notification
from tasks.models import Assignment, Measure, ProgressReport, ReportEvent, ReportVersion
from tasks.services.reporting import period_open
from tests.helpers import free_port, shared_database_url, wait_until
from tests.notifications.conftest import Worker, celery_conf, read_mail
from tests.test_settings import PRODUCTION

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.services]
ROOT = Path(django_settings.BASE_DIR)
MEASURES = 20  # × 2 agencies = 40 reports


@pytest.fixture
def cluster(django_db_setup, _media_root, tmp_path):
    """Two workers on one queue and two gunicorn processes sending to it."""
    if django_settings.CELERY_TASK_ALWAYS_EAGER:
        pytest.skip("needs a broker: set REDIS_URL")
    queue = f"ipplan-two-{os.getpid()}-{time.monotonic_ns()}"
    env = {
        **os.environ,
        "DATABASE_URL": shared_database_url(),
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "MEDIA_ROOT": str(_media_root),
    }
    workers = [
        Worker({**env, "DEBUG": "true"}, queue, tmp_path / f"worker-{n}.log") for n in (1, 2)
    ]
    ports = [free_port(), free_port()]
    webs = []
    with celery_conf(task_default_queue=queue, task_always_eager=False):
        try:
            for worker in workers:
                worker.start()
            for port in ports:
                web_env = {
                    **env,
                    **PRODUCTION,
                    "ALLOWED_HOSTS": "127.0.0.1",
                    "SECURE_SSL_REDIRECT": "false",
                    "GUNICORN_BIND": f"127.0.0.1:{port}",
                    "WEB_CONCURRENCY": "1",
                    "EMAIL_BACKEND": os.environ["EMAIL_BACKEND"],
                }
                webs.append(
                    subprocess.Popen(
                        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "ipplan.wsgi"],
                        cwd=ROOT,
                        env=web_env,
                        stdout=subprocess.DEVNULL,
                        stderr=open(tmp_path / f"web-{port}.log", "wb"),
                    )
                )
            for port in ports:
                wait_until(lambda port=port: _answers(port), what=f"gunicorn on {port}")
            yield [f"http://127.0.0.1:{port}" for port in ports], workers
        finally:
            for web in webs:
                web.terminate()
                web.wait(timeout=20)
            for worker in workers:
                worker.stop()


def _answers(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def call(base: str, method: str, path: str, secret: str, body: dict, key: str = ""):
    headers = {"Authorization": f"Bearer {secret}", "Content-Type": "application/json"}
    if key:
        headers["Idempotency-Key"] = key
    request = urllib.request.Request(
        base + path, data=json.dumps(body).encode(), method=method, headers=headers
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def all_settled() -> bool:
    return not DeliveryLog.objects.exclude(status__in=["sent", "skipped", "failed"]).exists()


TASK_SUCCEEDED = re.compile(r"Task [\w.]+\[([0-9a-f-]{36})\] succeeded in ")


def handled_tasks(worker: Worker) -> list[str]:
    """Ids of the tasks this worker process ran to the end (from its log)."""
    # "[2026-11-30 16:24:51,139: INFO/MainProcess] Task notifications.deliver[<id>] succeeded in"
    return TASK_SUCCEEDED.findall(worker.log.read_text(errors="replace"))


@override_settings(NOTIFICATIONS_BATCH_SIZE=1)  # one message per task: many tasks to share
def test_two_webs_and_two_workers_deliver_each_reminder_once_and_lose_no_submission(
    cluster, reporting_plan, people, frozen_clock, mail_dir
):
    bases, workers = cluster
    agencies = [Agency.objects.get(short_name=name) for name in ("省科技厅", "省商务厅")]
    section = reporting_plan.sections.first()
    for number in range(3, 3 + MEASURES):
        measure = Measure.objects.create(
            plan=reporting_plan,
            section=section,
            number=number,
            label=f"（{number}）",
            ref=f"（{number}）",
            order=number,
            text=f"第{number}项措施。",
        )
        for agency, role in zip(agencies, ("lead", "co"), strict=True):
            Assignment.objects.create(
                measure=measure, agency=agency, role=role, name_as_written=agency.short_name
            )
    period = reporting_plan.periods.get()
    period_open(period=period)

    # Reminders: beat firing twice and a resume while both workers take the batches.
    frozen_clock.set("2024-04-02")
    services.reminders_sweep()
    services.reminders_sweep()
    services.deliveries_resume()
    wait_until(all_settled, timeout=180, what="the reminders")
    reminded = Counter(
        Notification.objects.filter(title__startswith="【提醒】").values_list(
            "recipient__username", flat=True
        )
    )
    assert reminded == {"reporter-a": 1, "reporter-b": 1}
    mails = read_mail()
    assert sorted(m.count("To: ") for m in mails) == [1, 1]
    assert sum("To: reporter-a@example.gov.cn" in m for m in mails) == 1
    assert sum("To: reporter-b@example.gov.cn" in m for m in mails) == 1

    # Submissions through both web processes at once; each retried on the other process.
    secrets = {
        agencies[0].pk: token_create(
            name="科技厅系统", user=people["approver_a"], agency=agencies[0], scopes={"report"}
        ).secret,
        agencies[1].pk: token_create(
            name="商务厅系统", user=people["reporter_b"], agency=agencies[1], scopes={"report"}
        ).secret,
    }
    reports = list(ProgressReport.objects.filter(period=period).order_by("id"))
    assert len(reports) == 2 * (MEASURES + 1) + 1

    def file(index_report):
        index, report = index_report
        here, there = bases[index % 2], bases[(index + 1) % 2]
        secret = secrets[report.agency_id]
        path = f"/api/v1/reports/{report.pk}/"
        body = {"progress_status": "on_track", "progress_text": f"报告 {report.pk} 已推进。"}
        saved = call(here, "PATCH", path, secret, {**body, "version": report.version})
        key = f"submit-{report.pk}"
        first = call(there, "POST", path + "submit/", secret, {}, key)
        retry = call(here, "POST", path + "submit/", secret, {}, key)
        return report.pk, saved[0], first, retry

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(file, enumerate(reports)))
    for pk, saved, first, retry in results:
        assert saved == 200, (pk, saved)
        assert first[0] == 200 and first[1]["status"] == "submitted", (pk, first)
        assert retry == first, (pk, retry)

    states = Counter(ProgressReport.objects.filter(period=period).values_list("state", flat=True))
    assert states == {"submitted": len(reports)}
    assert ReportVersion.objects.filter(report__period=period).count() == len(reports)
    submitted = Counter(
        ReportEvent.objects.filter(report__period=period, action="submitted").values_list(
            "report_id", flat=True
        )
    )
    assert set(submitted.values()) == {1} and len(submitted) == len(reports)

    # Whatever the submissions sent (notices to the office), delivered once each.
    wait_until(all_settled, timeout=180, what="the notices of the submissions")
    notices = Counter(Notification.objects.values_list("recipient_id", "title", "body"))
    assert notices and max(notices.values()) == 1
    # The two worker processes shared the tasks; no task ran in both.
    ran = [handled_tasks(worker) for worker in workers]
    assert ran[0] or ran[1]
    assert not set(ran[0]) & set(ran[1])
