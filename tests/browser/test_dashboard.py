"""In a real browser the demo supervisor opens each dashboard page; numbers match the database."""

from __future__ import annotations

import datetime

import pytest

from tasks.models import Measure, ProgressReport, ScheduleEntry
from tasks.selectors.counts import period_status_summary
from tests.dashboard import conftest as dashboard_fixtures

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
# The supervised plan of tests/dashboard (its conftest is not on this folder's path).
set_clock = dashboard_fixtures.set_clock
supervised = dashboard_fixtures.supervised


@pytest.fixture
def logged_in(page, live_server, supervised):
    page.goto(f"{live_server.url}/login/?next=/dashboard/")
    page.fill("input[name=username]", "office")
    page.fill("input[name=password]", "pw-office")
    page.click("button[type=submit]")
    page.wait_for_selector(".db-compliance")
    return page


def _q(s) -> str:
    return f"plan={s.plan.pk}&period={s.q1.pk}"


def test_overview_numbers_match_the_database_and_link_to_their_lists(
    logged_in, live_server, supervised, screenshot
):
    page = logged_in
    page.goto(f"{live_server.url}/dashboard/?{_q(supervised)}")
    summary = period_status_summary(supervised.plan, supervised.q1)
    for bucket, value in summary.items():
        shown = page.inner_text(f".db-count[data-bucket={bucket}] dd")
        assert int(shown) == value, bucket
    assert page.get_attribute("tr[data-measure] >> nth=1", "data-rag") == "red"
    assert "有单位报告进度滞后" in page.inner_text(".db-rag")
    assert page.locator(".db-lagging tbody tr").count() == 3
    screenshot("dashboard-overview")
    page.click(".db-count[data-bucket=missing] a")
    page.wait_for_selector("#bucket-reports")
    rows = page.locator("#bucket-reports tbody tr[data-report]")
    missing = ProgressReport.objects.filter(period=supervised.q1, first_submitted_at__isnull=True)
    assert rows.count() == missing.count() == 1
    assert "省教育厅" in rows.first.inner_text()


def test_filters_persist_in_the_url(logged_in, live_server, supervised):
    page = logged_in
    page.goto(f"{live_server.url}/dashboard/?{_q(supervised)}")
    page.select_option("select[name=agency]", label="省科技厅")
    page.wait_for_url("**agency=*")
    assert f"agency={supervised.agencies['省科技厅'].pk}" in page.url
    assert page.inner_text(".db-count[data-bucket=expected] dd") == "3"


def test_matrix_is_sortable_and_drills_down(logged_in, live_server, supervised, screenshot):
    page = logged_in
    page.goto(
        f"{live_server.url}/dashboard/matrix/?plan={supervised.plan.pk}&period={supervised.q2.pk}"
    )
    names = page.locator("#matrix tbody th").all_inner_texts()
    assert names == ["省教育厅", "省商务厅", "省科技厅"]  # worst on-time rate first
    keji = page.locator("#matrix tr", has_text="省科技厅")
    assert keji.locator(f"td[data-period='{supervised.q1.pk}']").inner_text() == "2/3"
    screenshot("dashboard-matrix")
    page.click("a[data-sort=name]")
    page.wait_for_url("**sort=name*")
    assert page.locator("#matrix tbody th").first.inner_text() == "省商务厅"
    page.locator("#matrix tr", has_text="省科技厅").locator(
        f"td[data-period='{supervised.q1.pk}'] a"
    ).click()
    page.wait_for_url("**/reports/review/**")
    assert "省科技厅" in page.inner_text("body")


def test_measure_page_and_indicator_charts(logged_in, live_server, supervised, screenshot):
    page = logged_in
    measure = Measure.objects.get(plan=supervised.plan, label="（一）")
    page.goto(f"{live_server.url}/dashboard/measures/{measure.pk}/")
    assert page.locator(".db-timeline > li").count() == 2
    page.wait_for_selector(".db-chart svg")
    screenshot("dashboard-measure")
    page.goto(f"{live_server.url}/dashboard/indicators/?plan={supervised.plan.pk}")
    page.wait_for_selector(".db-chart svg")
    assert page.locator(".db-chart svg").count() == 2
    brands = page.locator(
        f"#indicator-table tr[data-indicator='{supervised.indicators['brands'].pk}']"
    )
    assert brands.get_attribute("data-rating") == "not_met"
    assert brands.locator("[data-col=actual]").inner_text() == "55"
    screenshot("dashboard-indicators")


def test_evaluation_records_the_offices_grade(logged_in, live_server, supervised, screenshot):
    page = logged_in
    page.goto(f"{live_server.url}/dashboard/evaluation/?plan={supervised.plan.pk}&year=2024")
    row = page.locator("#evaluation tr", has_text="省科技厅")
    assert row.locator("[data-col=proposed]").inner_text() == "不合格"
    assert row.locator("[data-col=score]").inner_text() == "26.7"
    row.locator("select[name=grade]").select_option(label="合格")
    row.locator("textarea[name=reason]").fill("二季度尚未到期，酌情定为合格。")
    row.locator("button:has-text('保存')").click()
    page.wait_for_selector(".messages")
    row = page.locator("#evaluation tr", has_text="省科技厅")
    assert row.locator("[data-col=decided]").inner_text() == "合格"
    screenshot("dashboard-evaluation")


def test_timeline_shows_today_and_overdue_entries(logged_in, live_server, supervised, screenshot):
    plan = supervised.plan
    rows = [
        ("启动阶段", "制定实施方案", "（三）", (2024, 1), (2024, 3), "2024年1-3月"),
        ("实施阶段", "建设公共服务平台", "（一）", (2024, 2), (2025, 6), "2024年2月-2025年6月"),
        (
            "实施阶段",
            "培育知识产权密集型产业",
            "（二）",
            (2024, 4),
            (2025, 3),
            "2024年4月-2025年3月",
        ),
        ("总结阶段", "开展试点评估", "（四）", (2025, 7), (2025, 12), "2025年7-12月"),
    ]
    for order, (stage, action, label, start, end, text) in enumerate(rows, start=1):
        ScheduleEntry.objects.create(
            plan=plan,
            measure=Measure.objects.get(plan=plan, label=label),
            stage=stage,
            action=action,
            period_text=text,
            start_month=datetime.date(*start, 1),
            end_month=datetime.date(*end, 1),
            order=order,
        )
    page = logged_in
    page.goto(f"{live_server.url}/dashboard/timeline/?plan={plan.pk}")
    assert page.locator(".gantt-row").count() == 4
    assert page.locator(".gantt-row.overdue").count() == 1
    assert "制定实施方案" in page.inner_text(".gantt-row.overdue")
    assert page.locator(".gantt-today").count() == 4
    screenshot("dashboard-timeline")


def test_exports_page_and_print_report(logged_in, live_server, supervised, screenshot):
    page = logged_in
    page.goto(f"{live_server.url}/dashboard/exports/?{_q(supervised)}")
    with page.expect_download() as download:
        page.click("button:has-text('进展情况汇总表')")
    assert download.value.suggested_filename.endswith("进展情况汇总表.xlsx")
    screenshot("dashboard-exports", full_page=False)
    page.goto(f"{live_server.url}/dashboard/report/?period={supervised.q1.pk}")
    assert page.inner_text("#report-compliance td[data-bucket=missing]") == "1"
    screenshot("dashboard-print-report")
    page.goto(f"{live_server.url}/dashboard/notice/?period={supervised.q1.pk}")
    screenshot("dashboard-notice")
