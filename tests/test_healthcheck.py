"""docker-compose's web healthcheck (scripts/healthcheck.py) against production gunicorn:
healthy for any form of ALLOWED_HOSTS ("*" used to get 400 for its `Host: *`)."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from tests.helpers import free_port
from tests.test_settings import PRODUCTION, ROOT, environment, run_with


@pytest.mark.parametrize(
    "allowed_hosts", ["*", "ipplan.example.gov.cn,127.0.0.1", ".example.gov.cn"]
)
def test_the_healthcheck_passes_for_any_allowed_hosts(allowed_hosts, tmp_path):
    port = free_port()
    env = {
        **PRODUCTION,
        "ALLOWED_HOSTS": allowed_hosts,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "1",
        "HEALTHCHECK_URL": f"http://127.0.0.1:{port}/healthz",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py", "ipplan.wsgi"],
        cwd=ROOT,
        env=environment(env),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        result = None
        for _ in range(120):  # until gunicorn listens (bounded: 120 tries, 0.25 s apart)
            result = run_with(env, "scripts/healthcheck.py")
            if result.returncode == 0 or server.poll() is not None:
                break
            time.sleep(0.25)
        assert result.returncode == 0, result.stderr
    finally:
        server.terminate()
        server.wait(timeout=20)
