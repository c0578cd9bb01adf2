"""Benchmark: ~10,000 due reminders at province scale, computed, enqueued and delivered.

Usage: ``python bench/reminders.py [--scale 1.134] [--batch 500]`` against the database in
DATABASE_URL (PostgreSQL for the figures in docs/reminders.md). It generates the synthetic
dataset (at the default scale: 91 agencies, 34 plans, 10,200 reporting assignments), opens
each plan's 2024 Q1 period, gives every agency a reporter with an email address, then on
2024-04-02 (the "5 working days before" rule) runs the sweep. Delivery runs in this process
as one worker would (Celery eager, email to the locmem backend), and the SQL queries of
every batch are counted with the batch's rows, messages and reports.
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ipplan.settings")
# Never the db.sqlite3 that `make run` serves: benchmarks fill their own database.
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'bench.sqlite3'}")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core import mail  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench.run import load_average  # noqa: E402

SWEEP_AT = datetime.datetime(2024, 4, 2, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def prepare(scale: float) -> int:
    from agencies.models import Agency, Membership, User
    from notifications.models import DeliveryLog, Notification
    from tasks.models import Plan, ProgressReport
    from tasks.services.reporting import period_open, period_quarter_get_or_create
    from tasks.synthetic import AGENCY_PREFIX, SLUG_PREFIX, synthetic_generate

    DeliveryLog.objects.all().delete()
    Notification.objects.filter(recipient__username__startswith="bench-r-").delete()
    User.objects.filter(username__startswith="bench-r-").delete()
    print(f"synthetic data: {synthetic_generate(seed=1, scale=scale)}")
    if connection.vendor == "postgresql":
        # Clear what the deletes above left behind, as autovacuum would between two runs
        # (VACUUM without ANALYZE: the planner's statistics stay those of a fresh start).
        with connection.cursor() as cursor:
            for model in (DeliveryLog, Notification, ProgressReport):
                cursor.execute(f"VACUUM {model._meta.db_table}")
    plans = Plan.objects.filter(slug__startswith=SLUG_PREFIX)
    # The synthetic plans span various years; make 2024 one of them so its Q1 is live.
    plans.update(status=Plan.Status.PUBLISHED, period_start_year=2024, period_end_year=2025)
    reports = 0
    for plan in plans:
        period = period_quarter_get_or_create(plan=plan, year=2024, quarter=1)
        period_open(period=period)
        reports += period.reports.count()
    for agency in Agency.objects.filter(name__startswith=AGENCY_PREFIX):
        user = User.objects.create(
            username=f"bench-r-{agency.pk}", email=f"r{agency.pk}@example.gov.cn"
        )
        Membership.objects.create(user=user, agency=agency, role=Membership.Role.REPORTER)
    return reports


def run(batch_size: int) -> None:
    from core import clock
    from ipplan.celery import app
    from notifications import services

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.NOTIFICATIONS_BATCH_SIZE = batch_size
    mail.outbox = []
    app.conf.task_always_eager = True
    clock.now = lambda: SWEEP_AT
    batches: list[dict] = []
    deliver = services.deliveries_send

    def counted(ids: list[int]) -> dict[str, int]:
        from notifications.models import DeliveryLog

        reports = len(set(DeliveryLog.objects.filter(pk__in=ids).values_list("report_id")))
        messages_before = len(mail.outbox)
        connection.queries_log.clear()  # keep the count exact past the log's 9,000 limit
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            result = deliver(ids)
            elapsed = time.perf_counter() - started
        batches.append(
            {
                "rows": len(ids),
                "reports": reports,
                "emails": len(mail.outbox) - messages_before,
                "queries": len(captured.captured_queries),
                "seconds": elapsed,
                **result,
            }
        )
        return result

    services.deliveries_send = counted
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as planning:
        open_rows = services.reminders_plan()
    planned = time.perf_counter() - started
    planning_queries = len(planning.captured_queries)
    services.deliveries_resume()
    total = time.perf_counter() - started

    from notifications.models import DeliveryLog, Notification

    due = DeliveryLog.objects.values("report_id", "rule_id").distinct().count()
    print(f"database: {connection.vendor}, batch size {batch_size} rows")
    print(f"load average: {load_average()}")
    print(f"due reminders (report, rule): {due:,}; delivery rows: {open_rows:,}")
    print(f"compute + log: {planned:.1f} s, {planning_queries} queries")
    print(
        f"total (compute, enqueue, deliver): {total:.1f} s; in-app "
        f"{Notification.objects.filter(recipient__username__startswith='bench-r-').count():,}, "
        f"emails {len(mail.outbox):,}, sent rows "
        f"{DeliveryLog.objects.filter(status='sent').count():,}"
    )
    print(f"{'batch':>5} {'rows':>6} {'reports':>8} {'messages':>9} {'queries':>8} {'s':>6}")
    for n, b in enumerate(batches, 1):
        if n <= 5 or n == len(batches):
            messages = b["emails"] * 2  # one in-app notice beside every email
            print(
                f"{n:>5} {b['rows']:>6} {b['reports']:>8} {messages:>9} {b['queries']:>8}"
                f" {b['seconds']:>6.2f}"
            )
    # 10 per batch: claim (BEGIN, SELECT … FOR UPDATE SKIP LOCKED, UPDATE, COMMIT), load the
    # rows, the calendar, and the in-app transaction (BEGIN, INSERT, UPDATE, COMMIT).
    per_message = [(b["queries"] - 10) / b["emails"] for b in batches if b["emails"]]
    if not per_message:
        return
    print(
        f"queries per email (after 10 per batch): median {statistics.median(per_message):.2f}, "
        f"max {max(per_message):.2f} — independent of how many reports a message names"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.134)
    parser.add_argument("--batch", type=int, default=500)
    args = parser.parse_args()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    print(f"reports in 2024 Q1: {prepare(args.scale):,}")
    run(args.batch)


if __name__ == "__main__":
    main()
