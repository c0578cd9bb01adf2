"""CPU time and a profile of one page, for finding hot spots on a busy machine.

Usage: ``python bench/profile_page.py dashboard_overview [--runs N] [--profile [--top N]]``
against the database configured by DATABASE_URL (the province-scale data of ``bench/run.py``,
already generated). Wall-clock times swing with whatever else the machine runs; the CPU
time of this process (``time.process_time``: Python, templates, the ORM, not PostgreSQL's
own work) does not, so compare that before and after a change. ``--profile`` adds cProfile's
busiest functions over five requests (its times are wall-clock and inflated by profiling).
``--calls`` adds the Python function calls per request over five requests: the same for the
same code whatever the load, so a change's effect shows even when CPU times swing.
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
# Measured as production runs (DEBUG off: templates without debug information, no query log
# outside the measured requests' own capture; the cached template loader either way, Django's
# default). DEBUG=true in the environment measures the embedded mode instead.
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "profile-page-only-secret-key-" + "x" * 30,
    "ALLOWED_HOSTS": "testserver",
    "IPPLAN_BASE_URL": "http://testserver",
    "EMAIL_HOST": "localhost",
    "DEFAULT_FROM_EMAIL": "ipplan@localhost",
    "SECURE_SSL_REDIRECT": "false",  # the test client speaks plain HTTP
}
for name, value in PRODUCTION.items():
    os.environ.setdefault(name, value)

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
    # A reporter and approver of the busiest synthetic agency (bench/run.py):
    "reporting_inbox": "/reports/",  # 本季度待填报, ~150 rows
    "report_detail": "/reports/{pk}/",  # one of its editable reports
    "report_submit": "/reports/{pk}/",  # POST: save and submit a draft (uses up one per run)
    "report_autosave": "/reports/{pk}/autosave/",  # POST: the form's timer saving one draft
    "review_queue": "/reports/review/",  # the office's
}


def _reporting_request(page: str, runs: int):
    """(client, request) for the reporting pages: the request takes the run's number."""
    from run import _busiest_agency_client
    from rush import FormReader, reports_reset

    from tasks.models import ProgressReport, ReportingPeriod

    client, _ = _busiest_agency_client()
    from agencies.models import User

    agencies = User.objects.get(username="bench-reporter").memberships.values("agency_id")
    reports = ProgressReport.objects.filter(
        agency_id__in=agencies, period__status=ReportingPeriod.Status.OPEN
    )
    # Empty drafts to open and submit (this is the benchmark's own database), as bench/rush.py.
    drafts = list(reports.order_by("pk").values_list("pk", flat=True)[: runs + 6])
    reports_reset(ProgressReport.objects.filter(pk__in=drafts))
    if page == "report_detail":
        return client, lambda run: client.get(PAGES[page].format(pk=drafts[0]))
    if page == "reporting_inbox":
        return client, lambda run: client.get(PAGES[page])

    if page == "report_autosave":
        return client, _autosave(client, drafts[0])

    payloads = []  # the forms as a browser would post them, read before any timing
    for pk in drafts[: runs + 6]:
        reader = FormReader()
        reader.feed(client.get(PAGES[page].format(pk=pk)).content.decode())
        data = {**reader.fields, **reader.selects, "csrfmiddlewaretoken": reader.csrf}
        data.update(completion_percent="60", progress_text="本季度完成阶段工作。" * 20)
        data.update(problems="无", next_steps="继续推进", action="submit")
        payloads.append((pk, data))

    def submit(run: int):
        pk, data = payloads[run]
        response = client.post(PAGES[page].format(pk=pk), data)
        assert response.status_code == 302, (pk, response.status_code)
        return response

    return client, submit


def _autosave(client, pk: int):
    """Autosaves of one draft as its page's timer posts them (bench/rush.py): the form read
    as a browser would, the text typed on, each carrying forward the version it got."""
    from rush import FormReader

    reader = FormReader()
    reader.feed(client.get(f"/reports/{pk}/").content.decode())
    data = {**reader.fields, **reader.selects, "csrfmiddlewaretoken": reader.csrf}
    data.update(completion_percent="60", problems="无", next_steps="继续推进")
    url = PAGES["report_autosave"].format(pk=pk)

    def autosave(run: int):
        data["progress_text"] = f"本季度完成第{run}阶段工作。" * 20
        response = client.post(url, data, headers={"X-Requested-With": "fetch"})
        assert response.status_code == 200, (pk, response.status_code)
        data["expected_version"] = str(response.json()["version"])
        return response

    return autosave


def main() -> None:
    from run import office_client

    from tasks.models import Plan

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("page", choices=PAGES)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--calls", action="store_true")
    args = parser.parse_args()

    if args.page.startswith("dashboard_"):
        plan = Plan.objects.filter(slug__startswith="synthetic-").order_by("slug").first()
        period = plan.periods.order_by("-starts_on")[1]  # the latest closed quarter (run.py)
        url = f"{PAGES[args.page]}?plan={plan.pk}&period={period.pk}"
        client = office_client()
        request = lambda run: client.get(url)  # noqa: E731
    elif args.page == "review_queue":
        url, client = PAGES[args.page], office_client()
        request = lambda run: client.get(url)  # noqa: E731
    else:
        url = PAGES[args.page]
        client, request = _reporting_request(args.page, args.runs)
    request(0)  # warm caches and connections
    # The queries are counted on the first request, which is left out of the CPU figures:
    # counting wraps every query in Django's debug cursor, which production never has.
    with CaptureQueriesContext(connection) as queries:
        request(1)
    query_count = len(queries.captured_queries)  # before the next request resets the log
    cpu, wall = [], []
    for run in range(2, args.runs + 1):
        started_cpu, started = time.process_time(), time.perf_counter()
        request(run)
        cpu.append((time.process_time() - started_cpu) * 1000)
        wall.append((time.perf_counter() - started) * 1000)
    print(
        f"{url} (DEBUG {settings.DEBUG}): CPU median {statistics.median(cpu):.1f} ms "
        f"(min {min(cpu):.1f}), wall median {statistics.median(wall):.1f} ms, "
        f"{query_count} queries, load average {' '.join(f'{v:.2f}' for v in os.getloadavg())}"
    )
    if args.profile or args.calls:
        profile = cProfile.Profile()
        profile.enable()
        for run in range(args.runs + 1, args.runs + 6):
            request(run)
        profile.disable()
        out = io.StringIO()
        stats = pstats.Stats(profile, stream=out)
        if args.calls:
            print(f"{stats.total_calls / 5:,.0f} Python function calls per request")
        if args.profile:
            stats.sort_stats("tottime").print_stats(args.top)
            print(out.getvalue())


if __name__ == "__main__":
    main()
