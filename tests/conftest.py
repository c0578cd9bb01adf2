"""Shared fixtures: personas, and the switch that turns a missing service into a failure.

With IPPLAN_REQUIRE_SERVICES=1 (set by .ci/run) a test that would be skipped for want of
PostgreSQL, Redis or Chromium fails instead, so CI can never go green by skipping.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import settings as hypothesis_settings

REQUIRE_SERVICES = os.environ.get("IPPLAN_REQUIRE_SERVICES") == "1"

# Property tests assert what is read, never how fast: a loaded CI machine must not fail them
# on Hypothesis's per-example deadline (200 ms by default).
hypothesis_settings.register_profile("ipplan", deadline=None)
hypothesis_settings.load_profile("ipplan")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if REQUIRE_SERVICES and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.longrepr = f"skipped under IPPLAN_REQUIRE_SERVICES=1: {reason}"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_working_calendar():
    """Each test starts with the calendar of an empty 节假日调整 table, cached (so query counts
    do not depend on the test before), and a rolled-back override never lingers: saving or
    deleting one drops the cache and the next question reads the table."""
    from ipplan.workcalendar import WorkingCalendar

    WorkingCalendar().remember()
    yield
    WorkingCalendar.forget()


@pytest.fixture
def directory(db):
    """The seed agency directory, as `make run` loads it."""
    from django.conf import settings as django_settings

    from agencies.services import directory_load_seed

    directory_load_seed(django_settings.BASE_DIR / "fixtures")


@pytest.fixture
def office_supervisor(directory):
    from agencies.models import Agency, Membership
    from agencies.services import person_create

    return person_create(
        username="office",
        password="pw-office",
        full_name="联席办督查员",
        agency=Agency.objects.get(short_name="省知识产权局"),
        role=Membership.Role.SUPERVISOR,
        is_staff=True,
        is_superuser=True,
    )


@pytest.fixture(scope="session", autouse=True)
def _media_root(tmp_path_factory):
    """Uploaded files go to a throwaway folder, shared with the Celery worker process."""
    from django.test import override_settings

    media = tmp_path_factory.mktemp("media")
    with override_settings(MEDIA_ROOT=str(media)):
        yield media


@pytest.fixture(scope="session")
def _celery_worker(django_db_setup, _media_root, tmp_path_factory):
    """A real Celery worker on the configured broker, reading and writing the test database."""
    import subprocess
    import sys
    import time
    from pathlib import Path

    from django.conf import settings

    from ipplan.celery import app
    from tests.helpers import shared_database_url

    database_url = shared_database_url()
    queue = f"ipplan-test-{os.getpid()}"
    log = tmp_path_factory.mktemp("worker") / "worker.log"
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "MEDIA_ROOT": str(_media_root),
        "DEBUG": "true",
    }
    with open(log, "wb") as log_file:
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "ipplan",
                "worker",
                "--pool",
                "solo",
                "--queues",
                queue,
                "--hostname",
                f"{queue}@%h",
                "--loglevel",
                "INFO",
            ],
            cwd=Path(settings.BASE_DIR),
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    app.conf.task_default_queue = queue
    deadline = time.monotonic() + 60

    def worker_answers() -> bool:
        replies = app.control.ping(timeout=1)
        return any(name.startswith(f"{queue}@") for reply in replies for name in reply)

    while not worker_answers():
        if worker.poll() is not None or time.monotonic() > deadline:
            worker.kill()
            pytest.fail(f"the Celery worker did not start:\n{log.read_text()[-3000:]}")
    yield worker
    worker.terminate()
    try:
        worker.wait(timeout=20)
    except subprocess.TimeoutExpired:
        worker.kill()


@pytest.fixture
def background_jobs(request, settings):
    """Background jobs run: in-process in embedded mode, by a real worker when REDIS_URL is set.

    Tests using this with a broker must be transactional so the worker sees their rows.
    """
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "in-process"
    request.getfixturevalue("_celery_worker")
    return "worker"


@pytest.fixture
def jobs_in_process():
    """Jobs run in this process even when a broker is configured: for tests of what a page
    does with a job's outcome, not of the worker (that is ``background_jobs``)."""
    from ipplan.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    try:
        yield
    finally:
        app.conf.task_always_eager = before


# --- personas for the reporting workflow -------------------------------------------------
# Agency A (省科技厅) has a reporter and an approver; agency B (省商务厅) only a reporter.


def _person(username: str, short_name: str, role: str):
    from agencies.models import Agency
    from agencies.services import person_create

    return person_create(
        username=username,
        password=f"pw-{username}",
        full_name=username,
        agency=Agency.objects.get(short_name=short_name),
        role=role,
    )


@pytest.fixture
def reporter_a(directory):
    return _person("reporter-a", "省科技厅", "reporter")


@pytest.fixture
def approver_a(directory):
    return _person("approver-a", "省科技厅", "approver")


@pytest.fixture
def reporter_b(directory):
    return _person("reporter-b", "省商务厅", "reporter")


@pytest.fixture
def viewer_a(directory):
    return _person("viewer-a", "省科技厅", "viewer")


@pytest.fixture
def reporting_plan(directory):
    """A published plan with two measures: （一） led by A with B co-responsible, （二） led by B.

    Its 2024 first quarter is open: reports exist for A and B on （一） and for B on （二）.
    """
    from agencies.models import Agency
    from tasks.models import Assignment, Measure, Plan, Section
    from tasks.services.reporting import period_open, period_quarter_get_or_create

    agency_a = Agency.objects.get(short_name="省科技厅")
    agency_b = Agency.objects.get(short_name="省商务厅")
    plan = Plan.objects.create(
        title="测试行动计划",
        slug="reporting-test",
        level="province",
        status=Plan.Status.PUBLISHED,
        period_start_year=2024,
        period_end_year=2025,
    )
    chapter = Section.objects.create(plan=plan, number=1, label="一、", title="推进知识产权创造")
    first = Measure.objects.create(
        plan=plan,
        section=chapter,
        number=1,
        label="（一）",
        ref="（一）",
        order=1,
        text="建设知识产权公共服务平台。",
    )
    second = Measure.objects.create(
        plan=plan,
        section=chapter,
        number=2,
        label="（二）",
        ref="（二）",
        order=2,
        text="发明专利申请量比2023年增长10%。",
    )
    Assignment.objects.create(
        measure=first, agency=agency_a, role="lead", name_as_written="省科技厅"
    )
    Assignment.objects.create(measure=first, agency=agency_b, role="co", name_as_written="省商务厅")
    Assignment.objects.create(
        measure=second, agency=agency_b, role="lead", name_as_written="省商务厅"
    )
    second.indicators.create(
        plan=plan,
        name="发明专利申请量",
        unit="%",
        kind="growth",
        comparison="gte",
        base_year=2023,
        target_value=10,
        target_year=2024,
    )
    period = period_quarter_get_or_create(plan=plan, year=2024, quarter=1)
    period_open(period=period)
    return plan
