"""API benchmark: server time of the read endpoints and sustained throughput of the summary.

Usage: ``python bench/api.py [--reuse] [--repeat N] [--quarters Q] [--seconds S]
[--only TEXT] [--no-server-time] [--no-load-test]``, with DATABASE_URL pointing at
PostgreSQL (and REDIS_URL at Redis) for the figures in docs/api.md and docs/benchmarks.md.
It generates the province-scale synthetic dataset (unless ``--reuse``), opens
``--quarters`` reporting periods per synthetic plan through ``period_open`` and spreads
the reports over the workflow states with bulk updates (benchmark data, not a workflow),
then:

1. measures a 100-row page of measures with their current-period status and an
   ``updated_since`` sync of the last quarter's changes (median / p95 server time, CPU time
   per request, SQL queries and Python function calls per request, in-process through
   Django's test client with a token; the summary also through ``ipplan.wsgi.application``,
   the middleware chain gunicorn runs for token requests);
2. starts gunicorn with the production settings (gunicorn.conf.py) and 2 workers on
   127.0.0.1, drives the status-summary endpoint with ``wrk`` (Debian's package) for a
   bounded time over loopback, and reports requests/s and the workers' CPU per request.

The machine's load average is printed with the figures: on a shared machine wall-clock
times measure the neighbours too; CPU per request much less so.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime
import io
import os
import pstats
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ipplan.settings")
# Never the db.sqlite3 that `make run` serves: benchmarks fill their own database.
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'bench.sqlite3'}")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import F  # noqa: E402
from django.test import Client  # noqa: E402

from bench.run import Result, load_average, measure  # noqa: E402

settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
QUARTER_START = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)


def reports_generate(quarters: int) -> int:
    """Open ``quarters`` periods per synthetic plan and spread their reports over states.

    Quarter k of every plan is stamped as changed during calendar quarter 2024+k, so "the
    last quarter's changes" is one quarter of the reports.
    """
    from tasks.models import Plan, ProgressReport, ReportingPeriod
    from tasks.services.reporting import period_open, period_quarter_get_or_create
    from tasks.synthetic import SLUG_PREFIX

    State = ProgressReport.State
    for plan in Plan.objects.filter(slug__startswith=SLUG_PREFIX):
        for k in range(quarters):
            year = plan.period_start_year + k // 4
            period = period_quarter_get_or_create(plan=plan, year=year, quarter=k % 4 + 1)
            period_open(period=period)
            reports = ProgressReport.objects.filter(period=period)
            changed_at = QUARTER_START + datetime.timedelta(days=91 * k + 20)
            submitted = changed_at - datetime.timedelta(days=5)
            reports.update(updated_at=changed_at)
            # Roughly: 60 % accepted, 15 % submitted, 5 % returned, 20 % still drafts.
            reports.filter(id__regex=r"[0-5]$").update(
                state=State.ACCEPTED, first_submitted_at=submitted, submitted_at=submitted
            )
            reports.filter(id__regex=r"[67]$").update(
                state=State.SUBMITTED,
                first_submitted_at=submitted,
                submitted_at=submitted,
                late_days=F("id") % 7,
            )
            reports.filter(id__regex=r"8$").update(
                state=State.RETURNED, first_submitted_at=submitted, submitted_at=submitted
            )
            if k < quarters - 1:
                ReportingPeriod.objects.filter(pk=period.pk).update(status="closed")
    # The bulk updates leave a dead row per report; autovacuum would clear them and refresh
    # the planner's statistics within a minute in production.
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE tasks_progressreport")
        else:
            cursor.execute("ANALYZE")
    return ProgressReport.objects.count()


def bench_token() -> str:
    from agencies.models import Agency, Membership, User
    from api.tokens import token_create

    user, _ = User.objects.get_or_create(username="bench-api-office")
    agency = Agency.objects.order_by("id").first()
    Membership.objects.get_or_create(user=user, agency=agency, role=Membership.Role.SUPERVISOR)
    return token_create(
        name="bench", user=user, agency=None, scopes={"read"}, rate_per_minute=10**9
    ).secret


def deep_cursor(since: datetime.datetime, page: int, count: int) -> str:
    """The ``next`` cursor a client holds after reading ``page - 1`` pages of 100: the last
    row's position and the first page's ``count``, which the cursor carries."""
    from api.pagination import _encode, _plain
    from tasks.models import ProgressReport

    changed = ProgressReport.objects.filter(updated_at__gte=since).order_by("updated_at", "id")
    last = changed.values_list("updated_at", "id")[(page - 1) * 100 - 1]
    return _encode({"k": [_plain(value) for value in last], "n": count})


def wsgi_get(url: str, secret: str):
    """GET through ``ipplan.wsgi.application`` as gunicorn calls it (the token requests'
    middleware chain), in this process."""
    from ipplan.wsgi import application

    path, _, query = url.partition("?")
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": "testserver",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_AUTHORIZATION": f"Bearer {secret}",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
    }
    statuses = []
    result = application(environ, lambda status, headers, exc_info=None: statuses.append(status))
    b"".join(result)
    result.close()
    assert statuses[0].startswith("200"), (url, statuses)


def python_calls(action, requests: int = 5) -> float:
    """Python function calls per request (cProfile): the same for the same code at any load."""
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(requests):
        action()
    profile.disable()
    return pstats.Stats(profile).total_calls / requests


def server_time(secret: str, repeat: int, only: str = "") -> list[tuple[Result, float, float]]:
    """Each scenario's ``measure`` result with the CPU milliseconds and the Python calls per
    request it took (scenarios whose name contains ``only``)."""
    from tasks.models import Measure, ProgressReport, ReportingPeriod

    client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")

    def get(url: str):
        def action():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            return response

        return action

    def measure_cpu(name: str, action, repeat: int) -> tuple[Result, float, float] | None:
        if only not in name:
            return None
        spent: list[float] = []

        def timed():
            started = time.process_time()
            action()
            spent.append(time.process_time() - started)

        result = measure(name, timed, repeat)
        # The first call only warms up.
        return result, 1000 * sum(spent[1:]) / repeat, python_calls(action)

    last_quarter = (
        ReportingPeriod.objects.order_by("-starts_on").values_list("id", flat=True).first()
    )
    newest = ProgressReport.objects.order_by("-updated_at").values_list("updated_at", flat=True)[0]
    quarter_changes = newest - datetime.timedelta(days=30)
    since = quote(quarter_changes.isoformat())
    changed = ProgressReport.objects.filter(updated_at__gte=quarter_changes).count()
    deep_page = max(2, changed // 100)
    first_page_count = client.get(
        f"/api/v1/reports/?page_size=100&ordering=updated_at&updated_since={since}"
    ).json()["count"]
    # The filter's worst case: every report changed since, no measure itself (synthetic
    # reports are written after their measures).
    first_report = ProgressReport.objects.order_by("updated_at").values_list(
        "updated_at", flat=True
    )[0]
    measures_only_reports = []
    if not Measure.objects.filter(updated_at__gte=first_report).exists():
        measures_only_reports.append(
            measure_cpu(
                "measures: changed since, every report only",
                get(
                    f"/api/v1/measures/?page_size=100&updated_since={quote(first_report.isoformat())}"
                ),
                repeat,
            )
        )
    scenarios = [
        measure_cpu(
            "measures: 100 rows with status", get("/api/v1/measures/?page_size=100"), repeat
        ),
        measure_cpu(
            "measures: page 20 of 100 rows",
            get("/api/v1/measures/?page_size=100&page=20"),
            repeat,
        ),
        measure_cpu(
            f"reports: sync {changed} changes, page 1",
            get(f"/api/v1/reports/?page_size=100&ordering=updated_at&updated_since={since}"),
            repeat,
        ),
        measure_cpu(
            f"reports: sync, page {deep_page} (cursor from next)",
            get(
                f"/api/v1/reports/?page_size=100&ordering=updated_at&updated_since={since}"
                f"&cursor={deep_cursor(quarter_changes, deep_page, first_page_count)}"
            ),
            repeat,
        ),
        measure_cpu(
            "measures: changed since (quarter)",
            get(f"/api/v1/measures/?page_size=100&updated_since={since}"),
            repeat,
        ),
        *measures_only_reports,
        measure_cpu(
            "reports: review list (submitted), page 1",
            get("/api/v1/reports/?status=submitted&ordering=submitted_at"),
            repeat,
        ),
        measure_cpu(
            "periods: status summary",
            get(f"/api/v1/periods/{last_quarter}/summary/"),
            repeat,
        ),
        measure_cpu(
            "periods: status summary, WSGI as gunicorn",
            lambda: wsgi_get(f"/api/v1/periods/{last_quarter}/summary/", secret),
            repeat,
        ),
    ]
    return [scenario for scenario in scenarios if scenario is not None]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def process_tree_cpu(pid: int) -> float:
    """CPU seconds (user + system) used so far by a process and its children (Linux /proc)."""
    pids = [pid]
    try:
        pids += [
            int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        ]
    except OSError:
        return float("nan")
    total = 0.0
    for each in pids:
        try:
            fields = Path(f"/proc/{each}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def load_test(secret: str, seconds: int, connections: int) -> tuple[str, float | None]:
    """gunicorn as in production (gunicorn.conf.py) with 2 workers, loopback only; wrk for a
    bounded time. Returns wrk's summary and the server's CPU milliseconds per request."""
    from tasks.models import ReportingPeriod

    wrk = shutil.which("wrk")
    if wrk is None:
        return "wrk is not installed (apt-get install wrk): load test skipped", None
    period = ReportingPeriod.objects.order_by("-starts_on").values_list("id", flat=True).first()
    port = free_port()
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-secret-key-not-for-production"),
        "ALLOWED_HOSTS": "127.0.0.1",
        "IPPLAN_BASE_URL": "http://127.0.0.1",
        "EMAIL_HOST": os.environ.get("EMAIL_HOST", "localhost"),
        "DEFAULT_FROM_EMAIL": os.environ.get("DEFAULT_FROM_EMAIL", "ipplan@localhost"),
        "SECURE_SSL_REDIRECT": "false",
        "LOG_LEVEL": "WARNING",
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--config",
            "gunicorn.conf.py",
            "ipplan.wsgi:application",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,  # the access log, written as in production
    )
    url = f"http://127.0.0.1:{port}/api/v1/periods/{period}/summary/"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    return "gunicorn did not start", None
                time.sleep(0.2)
        header = f"Authorization: Bearer {secret}"
        # Warm both workers before measuring: a worker's first request imports the views
        # and opens its connections, 1-3 s on this machine (a 2 s warm-up with 2 connections
        # left one worker cold, and its first requests counted as wrk timeouts).
        subprocess.run(
            [wrk, "-t2", f"-c{connections}", "-d5s", "-H", header, url], capture_output=True
        )
        cpu_before = process_tree_cpu(server.pid)
        done = subprocess.run(
            [wrk, "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-H", header, url],
            capture_output=True,
            text=True,
            timeout=seconds + 30,
        )
        cpu = process_tree_cpu(server.pid) - cpu_before
        served = re.search(r"(\d+) requests in", done.stdout)
        return done.stdout, 1000 * cpu / int(served.group(1)) if served else None
    finally:
        server.terminate()
        server.wait(timeout=20)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reuse", action="store_true", help="keep the data already generated")
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--quarters", type=int, default=8)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument(
        "--only", default="", help="in-process scenarios whose name contains this text"
    )
    parser.add_argument("--no-server-time", action="store_true", help="skip the in-process part")
    parser.add_argument("--no-load-test", action="store_true", help="skip gunicorn and wrk")
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    if not args.reuse:
        from tasks.synthetic import synthetic_generate

        # Starts by deleting the synthetic plans with their periods, reports and versions
        # (bench/run.py's synthetic reports included).
        print(f"synthetic data: {synthetic_generate(seed=1, scale=1.0)}")
        print(f"reports: {reports_generate(args.quarters)}")
    secret = bench_token()
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(f"database: {engine}, cache: {settings.CACHES['default']['BACKEND']}")
    print(f"load average before: {load_average()}\n")
    if not args.no_server_time:
        print(
            f"{'scenario':<42} {'runs':>5} {'median ms':>10} {'p95 ms':>8} {'CPU ms':>7}"
            f" {'queries':>8} {'calls':>7}"
        )
        for result, cpu_ms, calls in server_time(secret, args.repeat, args.only):
            print(
                f"{result.name:<42} {result.runs:>5} {result.median_ms:>10.1f}"
                f" {result.p95_ms:>8.1f} {cpu_ms:>7.1f} {result.queries:>8} {calls:>7.0f}"
            )
        print(f"load average: {load_average()}")
    if args.no_load_test:
        return
    print("\nstatus summary under gunicorn (gunicorn.conf.py, 2 workers, 127.0.0.1), wrk:")
    summary, server_cpu_ms = load_test(secret, args.seconds, args.connections)
    print(summary)
    match = re.search(r"Requests/sec:\s+([\d.]+)", summary)
    if match:
        print(f"=> {float(match.group(1)):.0f} requests/s", end="")
        print(f", server CPU {server_cpu_ms:.2f} ms/request" if server_cpu_ms else "")
    print(f"load average after: {load_average()}")


if __name__ == "__main__":
    main()
