"""Benchmark: the top bar's search (reports and 批示与反馈) at province scale.

Usage: ``python bench/search.py [--scale 0.3] [--quarters 40] [--comments 20000]`` against
the database in DATABASE_URL (PostgreSQL for the figures in docs/reporting.md). It generates
the synthetic dataset and its reports, gives a few thousand reports distinctive 存在问题
texts and writes ``--comments`` comments, then times ``tasks.selectors.conversation.search``
for the office (every report) and for one agency's reporter (its own reports), for a rare
phrase, a common one, and a two-character query, and prints whether PostgreSQL answered
through the trigram indexes (the plan of the comment query).
"""

from __future__ import annotations

import argparse
import os
import random
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

from django.db import connection  # noqa: E402

RARE = "知识产权证券化试点"  # in 10 reports and 10 comments
QUERIES = {
    "rare (9 chars)": RARE,
    "medium (6 chars)": "质押融资风险",  # in 1/4 of the marked reports and of the comments
    "common (5 chars)": "按计划推进",  # in most reports
    "two chars": "专利",
}
_PROBLEMS = [
    "专利导航项目验收滞后",
    "商标品牌培育经费不足",
    "质押融资风险补偿未到位",
    "人才培养计划延期",
]


def prepare(scale: float, quarters: int, comments: int) -> None:
    from agencies.models import Agency, Membership, User
    from core.clock import now
    from ipplan.db import statistics_refresh
    from tasks.models import ProgressReport, ReportComment
    from tasks.synthetic import (
        AGENCY_PREFIX,
        SLUG_PREFIX,
        synthetic_generate,
        synthetic_reports_generate,
    )

    ReportComment.objects.filter(report__period__plan__slug__startswith=SLUG_PREFIX).delete()
    User.objects.filter(username__in=["bench-office", "bench-search-reporter"]).delete()
    print(f"synthetic data: {synthetic_generate(seed=1, scale=scale)}")
    print(f"reports: {synthetic_reports_generate(seed=1, quarters=quarters)}")
    rng = random.Random(7)
    ids = list(
        ProgressReport.objects.filter(period__plan__slug__startswith=SLUG_PREFIX).values_list(
            "pk", flat=True
        )
    )
    marked = rng.sample(ids, min(len(ids), 5000))
    for problem in _PROBLEMS:
        chunk = marked[: len(marked) // len(_PROBLEMS)]
        marked = marked[len(chunk) :]
        ProgressReport.objects.filter(pk__in=chunk).update(problems=f"{problem}，正在协调解决。")
    ProgressReport.objects.filter(pk__in=rng.sample(ids, 10)).update(problems=f"{RARE}方案待批复。")
    office = User.objects.filter(memberships__role=Membership.Role.SUPERVISOR).first()
    if office is None:
        agency = Agency.objects.filter(name__startswith=AGENCY_PREFIX).first()
        office = User.objects.create(username="bench-office")
        Membership.objects.create(user=office, agency=agency, role=Membership.Role.SUPERVISOR)
    at = now()
    ReportComment.objects.bulk_create(
        (
            ReportComment(
                report_id=rng.choice(ids),
                author=office,
                side=ReportComment.Side.OFFICE,
                body=f"请说明{RARE if n % (comments // 10) == 0 else rng.choice(_PROBLEMS)}"
                f"的原因，并于下周报送整改措施。第{n}号批示。",
                created_at=at,
            )
            for n in range(comments)
        ),
        batch_size=2000,
    )
    statistics_refresh()


def timed(user, query: str, repeat: int = 7) -> tuple[float, int, int]:
    from tasks.selectors.conversation import search

    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        results = search(user, query)
        runs.append(time.perf_counter() - started)
    return statistics.median(runs) * 1000, len(results.reports), len(results.comments)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=0.3)
    parser.add_argument("--quarters", type=int, default=40)
    parser.add_argument("--comments", type=int, default=20000)
    args = parser.parse_args()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    prepare(args.scale, args.quarters, args.comments)

    from agencies.models import Agency, Membership, User
    from tasks.models import ProgressReport, ReportComment
    from tasks.synthetic import AGENCY_PREFIX

    office = User.objects.filter(memberships__role=Membership.Role.SUPERVISOR).first()
    agency = Agency.objects.filter(name__startswith=AGENCY_PREFIX).order_by("pk").first()
    reporter, _ = User.objects.get_or_create(username="bench-search-reporter")
    Membership.objects.get_or_create(user=reporter, agency=agency, role=Membership.Role.REPORTER)
    print(
        f"database: {connection.vendor}; reports {ProgressReport.objects.count():,}, "
        f"comments {ReportComment.objects.count():,}; load average "
        f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    print(f"{'query':<18} {'who':<9} {'ms (median of 7)':>17} {'reports':>8} {'comments':>9}")
    for name, query in QUERIES.items():
        for who, user in (("office", office), ("reporter", reporter)):
            ms, reports, comments = timed(user, query)
            print(f"{name:<18} {who:<9} {ms:>17.1f} {reports:>8} {comments:>9}")
    if connection.vendor == "postgresql":
        plan = ReportComment.objects.filter(body__icontains=RARE).explain()
        used = [line.strip() for line in plan.splitlines() if "trgm" in line]
        print("comment query plan:", used[0] if used else "no trigram index used")


if __name__ == "__main__":
    main()
