"""Benchmark runner: median and p95 server time and SQL queries for named scenarios.

Usage: ``make bench`` or ``python bench/run.py [scenario …] [--repeat N] [--scale S]``.
It runs against the database configured by DATABASE_URL (SQLite by default; use
PostgreSQL for the figures recorded in docs/benchmarks.md) and generates the synthetic
province-scale dataset first unless ``--reuse`` says it is already there.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
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
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]


@dataclass
class Result:
    name: str
    runs: int
    median_ms: float
    p95_ms: float
    queries: int
    # Median CPU time of this process per run (time.process_time: Python, templates, the ORM;
    # not PostgreSQL's own work): what a busy shared machine distorts least.
    cpu_ms: float = float("nan")


def measure(name: str, action: Callable[[], object], repeat: int) -> Result:
    action()  # warm caches and connections; not counted
    timings = []
    cpu = []
    queries = 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started, started_cpu = time.perf_counter(), time.process_time()
            action()
            cpu.append((time.process_time() - started_cpu) * 1000)
            timings.append((time.perf_counter() - started) * 1000)
        queries = len(captured.captured_queries)
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    return Result(name, repeat, statistics.median(timings), p95, queries, statistics.median(cpu))


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def office_client() -> Client:
    from agencies.models import User

    user, _ = User.objects.get_or_create(
        username="bench-office", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(user)
    return client


def _get(client: Client, url: str) -> Callable[[], object]:
    def action() -> object:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return response

    return action


def scenario_admin_measures(repeat: int) -> Result:
    return measure(
        "admin: measure changelist (100 rows)",
        _get(office_client(), "/admin/tasks/measure/"),
        repeat,
    )


def scenario_admin_measures_search(repeat: int) -> Result:
    url = "/admin/tasks/measure/?q=%E4%B8%93%E5%88%A9"  # q=专利
    return measure("admin: measure search 专利", _get(office_client(), url), repeat)


def scenario_import_2012(repeat: int) -> Result:
    from tasks.importer import read_document
    from tasks.importer.services import plan_write

    path = ROOT / "fixtures" / "documents" / "2012-jiangsu-ip-strategy-action-plan.txt"
    data = path.read_bytes()

    def action() -> object:
        (parsed,) = read_document(data, filename=path.name)
        return plan_write(parsed)

    return measure("import: 2012 plan, parse + write", action, repeat)


def scenario_parse_2012(repeat: int) -> Result:
    from tasks.importer import read_document

    path = ROOT / "fixtures" / "documents" / "2012-jiangsu-ip-strategy-action-plan.txt"
    data = path.read_bytes()
    return measure(
        "import: 2012 plan, parse only", lambda: read_document(data, filename=path.name), repeat
    )


# --- dashboards (docs/dashboards.md): need the quarterly reports at province scale ---------


def _synthetic_period():
    from tasks.models import Plan, ProgressReport
    from tasks.synthetic import synthetic_reports_generate

    plan = Plan.objects.filter(slug__startswith="synthetic-").order_by("slug").first()
    if not ProgressReport.objects.filter(period__plan=plan).exists():
        started = time.perf_counter()
        print(f"synthetic reports: {synthetic_reports_generate(seed=1)}", end=" ")
        print(f"({time.perf_counter() - started:.0f} s)")
    return plan, plan.periods.order_by("-starts_on")[1]  # the latest closed quarter


def _raw_aggregates(url: str) -> Callable[[], object]:
    """The page's aggregate queries (those with COUNT) run bare through the cursor."""
    client = office_client()
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    statements = [q["sql"] for q in captured.captured_queries if "COUNT(" in q["sql"]]

    def action() -> object:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
                cursor.fetchall()

    return action


def _dashboard(name: str, path: str, repeat: int) -> list[Result]:
    plan, period = _synthetic_period()
    url = f"{path}?plan={plan.pk}&period={period.pk}"
    page = measure(f"dashboard: {name}", _get(office_client(), url), repeat)
    raw = measure(f"  raw SQL aggregates of {name}", _raw_aggregates(url), repeat)
    return [page, raw]


def scenario_dashboard_overview(repeat: int) -> list[Result]:
    return _dashboard("plan overview", "/dashboard/", repeat)


def scenario_dashboard_matrix(repeat: int) -> list[Result]:
    return _dashboard("agency x period matrix", "/dashboard/matrix/", repeat)


def scenario_export_progress(repeat: int) -> list[Result]:
    """进展情况汇总表 for one period, and for every plan's same quarter (30 × the rows)."""
    import io
    import tracemalloc

    from tasks.exports.progress import write_progress_summary
    from tasks.models import ReportingPeriod

    _, period = _synthetic_period()
    quarter = ReportingPeriod.objects.filter(
        plan__slug__startswith="synthetic-", year=period.year, number=period.number
    ).select_related("plan")
    results = [
        measure(
            "export: 进展情况汇总表, one period",
            lambda: write_progress_summary(period, io.BytesIO()),
            repeat,
        )
    ]

    def every_plan() -> None:
        for each in quarter:
            write_progress_summary(each, io.BytesIO())

    results.append(measure("export: same quarter, all 30 plans", every_plan, max(1, repeat // 10)))
    tracemalloc.start()
    write_progress_summary(period, io.BytesIO())
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"export peak Python memory (tracemalloc), one period: {peak / 2**20:.1f} MiB")
    return results


# --- quarterly reporting (docs/reporting.md): the pages people use every quarter -----------


def _busiest_agency_client() -> tuple[Client, int]:
    """A reporter and approver of the synthetic agency with the most reports in open periods."""
    from django.db.models import Count

    from agencies.models import Membership, User
    from tasks.models import ProgressReport, ReportingPeriod

    _synthetic_period()
    busiest = (
        ProgressReport.objects.filter(period__status=ReportingPeriod.Status.OPEN)
        .values("agency_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    user, _ = User.objects.get_or_create(username="bench-reporter")
    for role in (Membership.Role.REPORTER, Membership.Role.APPROVER):
        Membership.objects.get_or_create(user=user, agency_id=busiest["agency_id"], role=role)
    client = Client()
    client.force_login(user)
    return client, busiest["n"]


def scenario_reporting_inbox(repeat: int) -> Result:
    client, open_reports = _busiest_agency_client()
    return measure(
        f"reporting: 本季度待填报 ({open_reports} reports)", _get(client, "/reports/"), repeat
    )


def scenario_review_queue(repeat: int) -> list[Result]:
    plan, _ = _synthetic_period()
    client = office_client()
    return [
        measure("reporting: review queue, all plans", _get(client, "/reports/review/"), repeat),
        measure(
            "reporting: review queue, one plan, late",
            _get(client, f"/reports/review/?plan={plan.pk}&late=yes&state=all"),
            repeat,
        ),
        measure(
            "reporting: review queue, 全部周期 (history)",
            _get(client, "/reports/review/?period=all"),
            repeat,
        ),
    ]


SCENARIOS = {
    "reporting_inbox": scenario_reporting_inbox,
    "review_queue": scenario_review_queue,
    "dashboard_overview": scenario_dashboard_overview,
    "dashboard_matrix": scenario_dashboard_matrix,
    "export_progress": scenario_export_progress,
    "admin_measures": scenario_admin_measures,
    "admin_measures_search": scenario_admin_measures_search,
    "parse_2012": scenario_parse_2012,
    "import_2012": scenario_import_2012,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenarios", nargs="*", choices=[*SCENARIOS, []], default=[])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--reuse", action="store_true", help="keep the data already generated")
    args = parser.parse_args()

    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if not args.reuse:
        from tasks.synthetic import synthetic_generate

        counts = synthetic_generate(seed=1, scale=args.scale)
        print(f"synthetic data: {counts}")
        call_command("seed", "--no-demo", verbosity=0)
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(f"database: {engine}, load average before: {load_average()}\n")
    print(
        f"{'scenario':<42} {'runs':>5} {'median ms':>10} {'p95 ms':>8} {'CPU ms':>7}"
        f" {'queries':>8}  load"
    )
    for name in args.scenarios or SCENARIOS:
        results = SCENARIOS[name](args.repeat)
        for result in results if isinstance(results, list) else [results]:
            print(
                f"{result.name:<42} {result.runs:>5} {result.median_ms:>10.1f}"
                f" {result.p95_ms:>8.1f} {result.cpu_ms:>7.1f} {result.queries:>8}"
                f"  {os.getloadavg()[0]:.2f}"
            )


if __name__ == "__main__":
    main()
