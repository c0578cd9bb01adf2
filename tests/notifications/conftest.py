"""Fixtures for reminders: a frozen clock, in-process jobs, mail a worker can share, a worker
this folder may kill, and people with email addresses."""

from __future__ import annotations

import contextlib
import datetime
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.helpers import shared_database_url

# A Celery worker (the session's, started later by tests/conftest.py, or ours) inherits
# these, so the mail it sends lands in files this process can read.
MAIL_DIR = Path(tempfile.mkdtemp(prefix="ipplan-mail-"))
os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.filebased.EmailBackend"
os.environ["EMAIL_FILE_PATH"] = str(MAIL_DIR)

SHANGHAI = ZoneInfo("Asia/Shanghai")


@contextlib.contextmanager
def celery_conf(**values):
    """Celery's settings object is not monkeypatch-friendly: set and restore by hand."""
    from ipplan.celery import app

    before = {name: app.conf[name] for name in values}
    app.conf.update(values)
    try:
        yield
    finally:
        app.conf.update(before)


@pytest.fixture(autouse=True)
def _jobs_in_process(request):
    """Jobs run in this process unless a test asks for a real worker."""
    if {"background_jobs", "own_worker"} & set(request.fixturenames):
        yield
        return
    with celery_conf(task_always_eager=True):
        yield


class FrozenClock:
    def __init__(self, monkeypatch):
        from core import clock

        self.moment = datetime.datetime(2024, 1, 2, 9, 0, tzinfo=SHANGHAI)
        monkeypatch.setattr(clock, "now", lambda: self.moment)

    def set(self, day: str, hour: int = 9, minute: int = 0) -> None:
        self.moment = datetime.datetime.fromisoformat(day).replace(
            hour=hour, minute=minute, tzinfo=SHANGHAI
        )

    def advance(self, **delta) -> None:
        self.moment += datetime.timedelta(**delta)


@pytest.fixture
def frozen_clock(monkeypatch):
    return FrozenClock(monkeypatch)


@pytest.fixture
def people(office_supervisor, reporter_a, approver_a, reporter_b):
    """The personas, each with an email address so the email channel reaches them."""
    for user in (office_supervisor, reporter_a, approver_a, reporter_b):
        user.email = f"{user.username}@example.gov.cn"
        user.save(update_fields=["email"])
    return {
        "office": office_supervisor,
        "reporter_a": reporter_a,
        "approver_a": approver_a,
        "reporter_b": reporter_b,
    }


def mail_files() -> list[Path]:
    return sorted(MAIL_DIR.glob("*.log"))


@pytest.fixture
def mail_dir():
    for path in mail_files():
        path.unlink()
    return MAIL_DIR


def read_mail() -> list[str]:
    """Each message the filebased backend wrote (one file per connection, split on the
    separator line it writes after each message)."""
    messages = []
    for path in mail_files():
        for chunk in path.read_text(encoding="utf-8").split("-" * 79):
            if chunk.strip():
                messages.append(chunk)
    return messages


# --- a worker this folder may kill ---------------------------------------------------------


class Worker:
    """A Celery worker on its own queue, started and killed by the test."""

    def __init__(self, env: dict, queue: str, log: Path):
        self.env, self.queue, self.log = env, queue, log
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        from django.conf import settings

        from ipplan.celery import app

        with open(self.log, "ab") as log_file:
            self.process = subprocess.Popen(
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
                    self.queue,
                    "--hostname",
                    f"{self.queue}-{time.monotonic_ns()}@%h",
                    "--loglevel",
                    "INFO",
                ],
                cwd=Path(settings.BASE_DIR),
                env=self.env,
                stdout=log_file,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 60
        while not any(
            name.startswith(f"{self.queue}-")
            for reply in app.control.ping(timeout=1)
            for name in reply
        ):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.process.kill()
                pytest.fail(f"the Celery worker did not start:\n{self.log.read_text()[-3000:]}")

    def kill(self) -> None:
        """SIGKILL: no warm shutdown, no chance to finish or acknowledge anything."""
        self.process.kill()
        self.process.wait(timeout=20)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()


@pytest.fixture
def own_worker(django_db_setup, _media_root, tmp_path):
    """A worker for this test alone: jobs are routed to its queue while the test runs."""
    from django.conf import settings

    if settings.CELERY_TASK_ALWAYS_EAGER:
        pytest.skip("needs a broker: set REDIS_URL")
    queue = f"ipplan-notify-{os.getpid()}-{time.monotonic_ns()}"
    env = {
        **os.environ,
        "DATABASE_URL": shared_database_url(),
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "MEDIA_ROOT": str(_media_root),
        "DEBUG": "true",
    }
    worker = Worker(env, queue, tmp_path / "worker.log")
    with celery_conf(task_default_queue=queue, task_always_eager=False):
        yield worker
        worker.stop()
