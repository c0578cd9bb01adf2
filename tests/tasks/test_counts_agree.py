"""One figure, one query: the seven counts agree on every surface for a generated plan.

A plan of 12 measures is generated (seeded) for three agencies, one of which has an
approver; each report is driven through the real services to a random outcome. The
counts (应报, 已报, 按时, 逾期, 未报, 退回, 采纳) are first worked out from the outcomes
alone, then read from the overview page, the matrix page, the 催办 page, the progress
export, the printable report, the 通报, the weekly digest, the API summary and the grade.
"""

from __future__ import annotations

import datetime
import io
import random
import re
from collections import Counter
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from rest_framework.test import APIClient

from agencies.models import Agency
from agencies.services import person_create
from ipplan.workcalendar import WorkingCalendar
from notifications.selectors import digest_figures
from tasks.exports.notice import notice_paragraphs
from tasks.exports.progress import write_progress_summary
from tasks.models import Assignment, Measure, Plan, ProgressReport, Section
from tasks.selectors.counts import BUCKET_LABELS, report_counts
from tasks.selectors.dashboard import evaluation_rows
from tasks.services import reporting as services

SHANGHAI = ZoneInfo("Asia/Shanghai")
TODAY = datetime.date(2024, 4, 20)  # 2024 Q1 is due 2024-04-10
OUTCOMES = ["draft", "saved", "on_time", "late", "returned", "accepted", "sent_back", "signoff"]
BUCKETS = list(BUCKET_LABELS)


def _at(monkeypatch, day: datetime.date) -> None:
    moment = datetime.datetime.combine(day, datetime.time(10), tzinfo=SHANGHAI)
    monkeypatch.setattr("core.clock.now", lambda: moment)


def _expected_from(outcome: str) -> dict[str, int]:
    """What one report adds to each count, from its story alone."""
    delivered = outcome in ("on_time", "late", "returned", "accepted")
    return {
        "expected": 1,
        "submitted": int(delivered),
        "on_time": int(outcome in ("on_time", "returned", "accepted")),
        "late": int(outcome == "late"),
        "missing": int(not delivered),
        "returned": int(outcome == "returned"),
        "accepted": int(outcome == "accepted"),
    }


@pytest.fixture
def generated(directory, office_supervisor, monkeypatch):
    rng = random.Random(12)
    names = ("省科技厅", "省商务厅", "省教育厅")
    agencies = [Agency.objects.get(short_name=n) for n in names]
    reporters = {
        a.pk: person_create(
            username=f"rep-{i}", password="pw", full_name=f"rep-{i}", agency=a, role="reporter"
        )
        for i, a in enumerate(agencies)
    }
    approver = person_create(
        username="appr-0", password="pw", full_name="appr-0", agency=agencies[0], role="approver"
    )
    plan = Plan.objects.create(
        title="生成的督查计划",
        slug="generated-counts",
        level="province",
        status=Plan.Status.PUBLISHED,
        period_start_year=2024,
        period_end_year=2024,
    )
    chapter = Section.objects.create(plan=plan, number=1, label="一、", title="生成章节")
    for n in range(1, 13):
        measure = Measure.objects.create(
            plan=plan,
            section=chapter,
            number=n,
            label=f"（{n}）",
            ref=f"（{n}）",
            order=n,
            text=f"生成措施{n}。",
        )
        lead, co = rng.sample(agencies, 2)
        Assignment.objects.create(measure=measure, agency=lead, role="lead", order=1)
        if rng.random() < 0.6:
            Assignment.objects.create(measure=measure, agency=co, role="co", order=2)
    period = services.period_quarter_get_or_create(plan=plan, year=2024, quarter=1)
    services.period_open(period=period)

    outcomes: dict[int, str] = {}
    for report in ProgressReport.objects.filter(period=period).order_by("pk"):
        outcome = rng.choice(OUTCOMES)
        if report.agency_id != agencies[0].pk and outcome in ("sent_back", "signoff"):
            outcome = "saved"  # only 省科技厅 has an approver
        outcomes[report.pk] = outcome
        reporter = reporters[report.agency_id]
        if outcome == "draft":
            continue
        _at(monkeypatch, datetime.date(2024, 4, 15 if outcome == "late" else 5))
        report = services.report_save(
            report=report,
            by=reporter,
            data=services.ReportInput(progress_status="on_track", progress_text="推进中。"),
            expected_version=report.version,
        )
        if outcome == "saved":
            continue
        report = services.report_submit(report=report, by=reporter)
        if outcome == "signoff":
            continue
        if report.state == ProgressReport.State.PENDING_SIGNOFF:
            if outcome == "sent_back":
                services.report_send_back(report=report, by=approver, reason="请补充。")
                continue
            report = services.report_sign_off(report=report, by=approver)
        if outcome == "returned":
            services.report_return(report=report, by=office_supervisor, reason="请补充。")
        elif outcome == "accepted":
            services.report_accept(report=report, by=office_supervisor)
    _at(monkeypatch, TODAY)
    return plan, period, agencies, outcomes


def _sum(rows) -> dict[str, int]:
    total = Counter()
    for row in rows:
        total.update(row)
    return {name: total[name] for name in BUCKETS}


def test_every_surface_shows_the_same_counts(client, generated, office_supervisor):
    plan, period, agencies, outcomes = generated
    reports = ProgressReport.objects.filter(period=period)
    # From the stories alone, then from the one selector: they must agree first.
    truth = _sum(_expected_from(o) for o in outcomes.values())
    by_agency_truth = {
        a.pk: _sum(_expected_from(outcomes[r.pk]) for r in reports.filter(agency=a).order_by("pk"))
        for a in agencies
    }
    (selector,) = report_counts(reports)
    assert selector == truth
    assert truth["missing"] and truth["returned"] and truth["late"]  # the seed covers them
    per_agency = {row["agency_id"]: row for row in report_counts(reports, "agency_id")}
    for agency in agencies:
        assert {k: per_agency[agency.pk][k] for k in BUCKETS} == by_agency_truth[agency.pk]

    client.force_login(office_supervisor)
    query = f"plan={plan.pk}&period={period.pk}"

    # The overview.
    page = client.get(f"/dashboard/?{query}").content.decode()
    shown = dict(
        re.findall(r'data-bucket="(\w+)"><dt>[^<]*</dt><dd><a href="[^"]*">(\d+)</a>', page)
    )
    assert {k: int(v) for k, v in shown.items()} == truth

    # The matrix: each agency's cell for the period.
    page = client.get(f"/dashboard/matrix/?{query}").content.decode()
    for agency in agencies:
        row = page[page.index(f"agency={agency.pk}") :]
        cell = re.search(r"应报 (\d+)，按时 (\d+)，逾期 (\d+)，未报 (\d+)", row).groups()
        want = by_agency_truth[agency.pk]
        assert tuple(map(int, cell)) == tuple(
            want[k] for k in ("expected", "on_time", "late", "missing")
        )

    # The 催办 page: 未报送 and 被退回 per agency.
    page = client.get("/notifications/urge/").content.decode()
    for agency in agencies:
        want = by_agency_truth[agency.pk]
        row = re.search(
            rf'<td>{agency.short_name}.*?data-bucket="missing">(\d+)</td>\s*'
            rf'<td class="num" data-bucket="returned">(\d+)</td>',
            page,
            re.S,
        )
        if not (want["missing"] or want["returned"]):
            assert row is None
            continue
        assert (int(row[1]), int(row[2])) == (want["missing"], want["returned"])

    # The progress export's 合计 row.
    out = io.BytesIO()
    write_progress_summary(period, out)
    summary = load_workbook(io.BytesIO(out.getvalue()))["汇总"]
    (total_row,) = [[c.value for c in row] for row in summary.iter_rows() if row[0].value == "合计"]
    assert dict(zip(BUCKETS, total_row[1:], strict=True)) == truth

    # The printable report: the compliance table and the agencies late or missing.
    page = client.get(f"/dashboard/report/?period={period.pk}").content.decode()
    cells = dict(re.findall(r'<td class="num" data-bucket="(\w+)">(\d+)</td>', page))
    assert {k: int(v) for k, v in cells.items()} == truth
    for agency in agencies:
        want = by_agency_truth[agency.pk]
        if want["late"] or want["missing"]:
            assert (
                f'<td>{agency.short_name}</td><td class="num">{want["expected"]}</td>'
                f'<td class="num">{want["late"]}</td><td class="num">{want["missing"]}</td>'
            ) in page

    # The 通报.
    notice = notice_paragraphs(period)
    assert (
        f"本期应报送进展报告{truth['expected']}份，已报送{truth['submitted']}份，"
        f"其中按时报送{truth['on_time']}份、逾期报送{truth['late']}份，"
    ) in notice["opening"]
    assert f"仍有{truth['missing']}份未报送" in notice["opening"]

    # The weekly digest.
    (figures,) = [f for f in digest_figures(TODAY, WorkingCalendar()) if f.period == period]
    assert (figures.expected, figures.submitted, figures.returned) == (
        truth["expected"],
        truth["submitted"],
        truth["returned"],
    )
    assert figures.overdue_missing == truth["missing"]  # past due on 04-20

    # The API summary.
    api = APIClient()
    api.force_authenticate(office_supervisor)
    body = api.get(f"/api/v1/periods/{period.pk}/summary/").json()
    assert {k: body[k] for k in BUCKETS} == truth

    # The grade's evidence.
    for row in evaluation_rows(plan, 2024):
        want = by_agency_truth[row.agency_id]
        assert (row.expected, row.on_time, row.late, row.missing) == (
            want["expected"],
            want["on_time"],
            want["late"],
            want["missing"],
        )
