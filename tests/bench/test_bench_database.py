"""`make bench` fills its own database, never the db.sqlite3 that `make run` serves."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_benchmark_without_database_url_writes_bench_sqlite_not_the_demo_database(tmp_path):
    demo = ROOT / "db.sqlite3"
    before = demo.stat().st_mtime_ns if demo.exists() else None
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    done = subprocess.run(
        [sys.executable, "bench/run.py", "parse_2012", "--reuse", "--repeat", "1"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "database: sqlite3" in done.stdout
    assert (ROOT / "bench.sqlite3").exists()
    after = demo.stat().st_mtime_ns if demo.exists() else None
    assert after == before
