"""The inbox, the review queue and the report page cost the same number of queries however
much data there is: each is measured at a small and a larger size against one budget."""

import pytest

from agencies.models import Agency
from tasks.models import Assignment, ProgressReport
from tasks.services.reporting import (
    ReportInput,
    period_open,
    report_return,
    report_save,
    report_submit,
)

from .conftest import file_report, report_of
from .test_review_and_versions import add_measures

pytestmark = pytest.mark.django_db
State = ProgressReport.State

# Budgets: what the small size measured (the report page as the reporter, who also gets
# the form) plus two for the page frame other features share (nav, notifications). On top,
# each test asserts that the larger size needs exactly as many queries as the small one.
# The report page: +3 for its conversation (messages, whom one may @, may one write);
# 25 before one read of the user's memberships answered every "office?" and "roles?"; 18
# before "has the agency an approver?" was read off the people one may mention (17 now).
INBOX_QUERIES = 10
# The review queue: 12 since one query fingerprints its plan and agency lists (13 before);
# a request that finds them changed reads them too, two queries more.
REVIEW_QUERIES = 12
REVIEW_LISTS_CHANGED = 2
REPORT_PAGE_QUERIES = 19


def return_some(plan, reporter, office, count: int) -> None:
    reports = ProgressReport.objects.filter(
        period__plan=plan, agency__short_name="省商务厅", state=State.DRAFT
    ).order_by("pk")[:count]
    for report in reports:
        report_return(report=file_report(report, reporter), by=office, reason="请补充数据。")


def test_the_inbox_costs_the_same_queries_for_2_or_42_reports(
    reporting_plan, reporter_b, office_supervisor, login, django_assert_max_num_queries
):
    client = login(reporter_b)
    return_some(reporting_plan, reporter_b, office_supervisor, 1)
    with django_assert_max_num_queries(INBOX_QUERIES) as small_queries:
        small = client.get("/reports/")
    assert small.content.decode().count('data-label="措施"') == 2

    add_measures(reporting_plan, 40)
    return_some(reporting_plan, reporter_b, office_supervisor, 20)
    with django_assert_max_num_queries(INBOX_QUERIES) as large_queries:
        large = client.get("/reports/")
    assert len(large_queries) == len(small_queries)
    page = large.content.decode()
    assert page.count('data-label="措施"') == 42 and page.count("请补充数据。") == 21


def test_the_approvers_inbox_with_sign_offs_does_not_grow(
    reporting_plan, reporter_a, approver_a, login, django_assert_max_num_queries
):
    client = login(approver_a)
    file_report(report_of(reporting_plan, "（一）", "省科技厅"), reporter_a)
    with django_assert_max_num_queries(INBOX_QUERIES) as small_queries:
        client.get("/reports/")
    agency = Agency.objects.get(short_name="省科技厅")
    add_measures(reporting_plan, 15)
    for measure in reporting_plan.measures.filter(number__gte=10):
        Assignment.objects.create(
            measure=measure, agency=agency, role="co", name_as_written="省科技厅"
        )
    period_open(period=reporting_plan.periods.get())
    for report in ProgressReport.objects.filter(agency=agency, state=State.DRAFT):
        file_report(report, reporter_a)
    with django_assert_max_num_queries(INBOX_QUERIES) as large_queries:
        page = client.get("/reports/").content.decode()
    assert len(large_queries) == len(small_queries)
    assert page.split('id="signoff"', 1)[1].count("审核通过并报送") == 16


def test_the_review_queue_costs_the_same_queries_for_1_or_a_full_page(
    reporting_plan, reporter_b, office_supervisor, login, django_assert_max_num_queries
):
    client = login(office_supervisor)
    file_report(report_of(reporting_plan, "（二）", "省商务厅"), reporter_b)
    with django_assert_max_num_queries(REVIEW_QUERIES + REVIEW_LISTS_CHANGED):
        client.get("/reports/review/", {"plan": reporting_plan.pk})  # a new directory
    with django_assert_max_num_queries(REVIEW_QUERIES) as small_queries:
        small = client.get("/reports/review/", {"plan": reporting_plan.pk})
    assert small.content.decode().count('name="report"') == 1

    add_measures(reporting_plan, 60)
    for report in ProgressReport.objects.filter(state=State.DRAFT, agency__short_name="省商务厅"):
        file_report(report, reporter_b)
    with django_assert_max_num_queries(REVIEW_QUERIES + REVIEW_LISTS_CHANGED):
        client.get("/reports/review/", {"plan": reporting_plan.pk})
    with django_assert_max_num_queries(REVIEW_QUERIES) as large_queries:
        large = client.get("/reports/review/", {"plan": reporting_plan.pk})
    assert len(large_queries) == len(small_queries)
    assert large.content.decode().count('name="report"') == 50


def resubmit(report, reporter, office, text: str) -> ProgressReport:
    report = report_return(report=report, by=office, reason=f"退回：{text}")
    report = report_save(
        report=report,
        by=reporter,
        data=ReportInput(progress_status="on_track", progress_text=text),
        expected_version=report.version,
    )
    return report_submit(report=report, by=reporter)


@pytest.mark.parametrize("viewer", ["office", "reporter"])
def test_the_report_page_does_not_grow_with_its_history(
    viewer, reporting_plan, reporter_b, office_supervisor, login, django_assert_max_num_queries
):
    report = file_report(report_of(reporting_plan, "（二）", "省商务厅"), reporter_b, text="v1")
    report = resubmit(report, reporter_b, office_supervisor, "v2")
    client = login(office_supervisor if viewer == "office" else reporter_b)
    with django_assert_max_num_queries(REPORT_PAGE_QUERIES) as small_queries:
        client.get(f"/reports/{report.pk}/")

    for number in range(3, 13):
        report = resubmit(report, reporter_b, office_supervisor, f"v{number}")
    assert report.versions.count() == 12
    with django_assert_max_num_queries(REPORT_PAGE_QUERIES) as large_queries:
        page = client.get(f"/reports/{report.pk}/").content.decode()
    assert len(large_queries) == len(small_queries)
    assert page.count("与第 ") == 11  # every version after the first compares with its previous


def test_the_inbox_shows_a_page_at_a_time_with_the_totals_of_all(
    reporting_plan, reporter_b, office_supervisor, login, monkeypatch
):
    from tasks.views import reports as views

    monkeypatch.setattr(views, "INBOX_PAGE_SIZE", 20)
    add_measures(reporting_plan, 40)
    return_some(reporting_plan, reporter_b, office_supervisor, 21)
    client = login(reporter_b)
    pages = [client.get(f"/reports/?page={n}").content.decode() for n in (1, 2, 3)]
    assert [page.count('data-label="措施"') for page in pages] == [20, 20, 2]
    # The 21 sent back are pinned first: all 20 rows of page 1 and one of page 2.
    assert [page.count("请补充数据。") for page in pages] == [20, 1, 0]
    assert "共 42 份报告（第 1/3 页），其中 42 份待填写或修改" in pages[0]
    assert "21 份被退回，已置顶" in pages[2] and 'href="?page=2">← 上一页' in pages[2]
