"""Services this folder may stop: a Redis server of its own (the machine's Redis on 6379 is
shared with other test runs and is never stopped), and a Celery worker using it as broker."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

# client_for, frozen_clock, mail_dir, people: fixtures shared with tests/api and notifications.
from tests.api.conftest import client_for  # noqa: F401
from tests.helpers import shared_database_url
from tests.notifications.conftest import (  # noqa: F401
    Worker,
    celery_conf,
    frozen_clock,
    mail_dir,
    people,
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisServer:
    """``redis-server`` on a port of its own, without persistence: stop() is an outage."""

    def __init__(self, folder: Path):
        self.folder, self.port = folder, free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                *("redis-server", "--port", str(self.port), "--bind", "127.0.0.1"),
                *("--save", "", "--appendonly", "no", "--dir", str(self.folder)),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 20
        while True:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as conn:
                    conn.sendall(b"PING\r\n")
                    if conn.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("redis-server did not start")
            time.sleep(0.05)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


@pytest.fixture
def own_redis(tmp_path):
    if shutil.which("redis-server") is None:
        pytest.skip("needs redis-server")
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def redis_cache(own_redis, settings, monkeypatch):
    """The cache on our own Redis, retried at once after a failure (no 5 s pause)."""
    monkeypatch.setattr("ipplan.cache.RETRY_AFTER", 0)
    settings.CACHES = {
        "default": {
            "BACKEND": "ipplan.cache.SharedClientRedisCache",
            "LOCATION": own_redis.url,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    return own_redis


@pytest.fixture
def broker_worker(redis_cache, django_db_setup, _media_root, tmp_path):
    """A Celery worker whose broker (and cache) is our own Redis; this process publishes
    there too, so stopping that Redis is a broker outage for both."""
    from django.db import connection

    from ipplan.celery import app

    if connection.vendor != "postgresql":
        pytest.skip("a Celery worker needs a database it can share: set DATABASE_URL")
    queue = f"ipplan-faults-{os.getpid()}-{time.monotonic_ns()}"
    env = {
        **os.environ,
        "DATABASE_URL": shared_database_url(),
        "REDIS_URL": redis_cache.url,
        "CELERY_BROKER_URL": redis_cache.url,
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "MEDIA_ROOT": str(_media_root),
        "DEBUG": "true",
    }
    worker = Worker(env, queue, tmp_path / "worker.log")
    _forget_broker_connections(app)  # publish to our Redis, not through a pool opened before
    with celery_conf(broker_url=redis_cache.url, task_default_queue=queue, task_always_eager=False):
        worker.start()
        yield worker
        worker.stop()
        _forget_broker_connections(app)


def _forget_broker_connections(app) -> None:
    app._pool = None
    app.__dict__.get("amqp") and setattr(app.amqp, "_producer_pool", None)


# --- a PostgreSQL cluster of our own ---------------------------------------------------------

PG_BIN = Path("/usr/lib/postgresql/15/bin")


class PostgresCluster:
    """A throwaway PostgreSQL cluster on a port of its own (never the machine's 5432, which
    other test runs share): stop() is an outage for whoever uses it."""

    def __init__(self, folder: Path):
        self.folder, self.port = folder, free_port()
        self.data = folder / "data"
        self.as_owner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def _run(self, *command: str) -> None:
        subprocess.run([*self.as_owner, *command], check=True, capture_output=True, cwd=self.folder)

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def create(self) -> None:
        if self.as_owner:
            shutil.chown(self.folder, "postgres")
        self._run(str(PG_BIN / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres")
        self.start()

    def start(self) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(self.data),
            "-o",
            options,
            "-w",
            "-l",
            str(self.folder / "server.log"),
            "start",
        )

    def stop(self) -> None:
        self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def createdb(self, name: str) -> None:
        self._run(
            str(PG_BIN / "createdb"),
            "-h",
            "127.0.0.1",
            "-p",
            str(self.port),
            "-U",
            "postgres",
            name,
        )


@pytest.fixture(scope="module")
def own_postgres():
    if not (PG_BIN / "initdb").exists():
        pytest.skip("needs PostgreSQL 15's server programs")
    # Not under pytest's temporary folder: the postgres user must be able to reach it.
    folder = Path(tempfile.mkdtemp(prefix="ipplan-faults-pg-"))
    cluster = PostgresCluster(folder)
    cluster.create()
    yield cluster
    with contextlib.suppress(subprocess.CalledProcessError):
        cluster.stop()
    shutil.rmtree(folder, ignore_errors=True)


class WebServer:
    """gunicorn serving ipplan in production settings (DEBUG off) on a port of its own."""

    def __init__(self, env: dict, log: Path):
        from django.conf import settings

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "ipplan.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "2",
                "--timeout",
                "30",
            ],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log.open("wb"),
            stderr=subprocess.STDOUT,
        )

    def wait_until_up(self) -> None:
        import requests

        deadline = time.monotonic() + 120
        while True:
            try:
                requests.get(f"{self.url}/healthz", timeout=30)  # workers boot slowly when busy
                return
            except requests.RequestException:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    pytest.fail("gunicorn did not start")
                time.sleep(0.2)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
