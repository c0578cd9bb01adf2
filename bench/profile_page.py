"""CPU time and a profile of one page, for finding hot spots on a busy machine.

Usage: ``python bench/profile_page.py dashboard_overview [--runs N] [--profile [--top N]]``
against the database configured by DATABASE_URL (the province-scale data of ``bench/run.py``,
already generated). Wall-clock times swing with whatever else the machine runs; the CPU
time of this process (``time.process_time``: Python, templates, the ORM, not PostgreSQL's
own work) does not, so compare that before and after a change. ``--profile`` adds cProfile's
busiest functions over five requests (its times are wall-clock and inflated by profiling).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ipplan.settings")
# Never the db.sqlite3 that `make run` serves: benchmarks fill their own database.
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'bench.sqlite3'}")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]

PAGES = {
    "dashboard_overview": "/dashboard/",
    "dashboard_matrix": "/dashboard/matrix/",
    "dashboard_indicators": "/dashboard/indicators/",
    "dashboard_evaluation": "/dashboard/evaluation/",
}


def main() -> None:
    from run import office_client

    from tasks.models import Plan

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("page", choices=PAGES)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--top", type=int, default=40)
    args = parser.parse_args()

    plan = Plan.objects.filter(slug__startswith="synthetic-").order_by("slug").first()
    period = plan.periods.order_by("-starts_on")[1]  # the latest closed quarter, as bench/run.py
    url = f"{PAGES[args.page]}?plan={plan.pk}&period={period.pk}"
    client = office_client()
    assert client.get(url).status_code == 200, url  # warm caches and connections
    cpu, wall = [], []
    for _ in range(args.runs):
        with CaptureQueriesContext(connection) as queries:
            started_cpu, started = time.process_time(), time.perf_counter()
            client.get(url)
            cpu.append((time.process_time() - started_cpu) * 1000)
            wall.append((time.perf_counter() - started) * 1000)
    print(
        f"{url}: CPU median {statistics.median(cpu):.1f} ms (min {min(cpu):.1f}), "
        f"wall median {statistics.median(wall):.1f} ms, {len(queries.captured_queries)} queries"
    )
    if args.profile:
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(5):
            client.get(url)
        profile.disable()
        out = io.StringIO()
        pstats.Stats(profile, stream=out).sort_stats("tottime").print_stats(args.top)
        print(out.getvalue())


if __name__ == "__main__":
    main()
