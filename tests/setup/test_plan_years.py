"""The plan's 实施期 on the periods page: the office changes it; a period outside it is
previewed with a warning and is not opened empty."""

import pytest

from tasks.models import Assignment, Measure, PeriodEvent, Plan, ReportingPeriod
from tasks.services.periods import plan_years_set
from tasks.services.reporting import ReportingError

from .conftest import agency

pytestmark = pytest.mark.django_db

OUTSIDE = (
    "该周期在计划实施期（2026—2027年）之外，不会产生应报报告；如计划延续执行，请先修改实施期。"
)


@pytest.fixture
def assigned(city_plan):
    """The city plan (2026—2027) with two measures led by the finance bureau."""
    for measure in Measure.objects.filter(plan=city_plan).order_by("order")[:2]:
        Assignment.objects.create(
            measure=measure,
            agency=agency("连云港市财政局"),
            role="lead",
            name_as_written="连云港市财政局",
        )
    return city_plan


def _years(plan: Plan) -> tuple:
    plan.refresh_from_db()
    return plan.period_start_year, plan.period_end_year


def test_the_office_sets_the_years_and_bad_years_change_nothing(city_plan, office_supervisor):
    plan_years_set(plan=city_plan, start_year=2026, end_year=2030, by=office_supervisor)
    assert _years(city_plan) == (2026, 2030)
    for start, end, why in (
        (2031, 2030, "起始年度不能晚于截止年度"),
        (1990, 2030, "年度应在 2000—2100 年之间"),
        (2026, 2101, "年度应在 2000—2100 年之间"),
        (2000, 2040, "实施期最长 30 年"),
    ):
        with pytest.raises(ReportingError, match=why):
            plan_years_set(plan=city_plan, start_year=start, end_year=end, by=office_supervisor)
    assert _years(city_plan) == (2026, 2030)


def test_only_the_office_may_set_the_years(city_plan, reporter_a, login):
    with pytest.raises(ReportingError, match="只有联席会议办公室"):
        plan_years_set(plan=city_plan, start_year=2026, end_year=2030, by=reporter_a)
    response = login(reporter_a).post(
        f"/plans/{city_plan.slug}/periods/years/", {"start_year": 2026, "end_year": 2030}
    )
    assert response.status_code == 403
    assert _years(city_plan) == (2026, 2027)


def test_the_page_changes_the_years_with_a_chinese_message(city_plan, office_supervisor, login):
    office = login(office_supervisor)
    url = f"/plans/{city_plan.slug}/periods/"
    page = office.get(url).content.decode()
    assert 'data-test="plan-years">2026—2027年<' in page
    done = office.post(url + "years/", {"start_year": 2025, "end_year": 2028}, follow=True)
    assert "计划实施期已改为2025—2028年。" in done.content.decode()
    assert _years(city_plan) == (2025, 2028)
    bad = office.post(url + "years/", {"start_year": 2029, "end_year": 2028}, follow=True)
    assert "实施期未修改：起始年度不能晚于截止年度。" in bad.content.decode()
    empty = office.post(url + "years/", {"start_year": "", "end_year": "二〇二八"}, follow=True)
    assert "实施期未修改：请填写起始年度和截止年度（整数）。" in empty.content.decode()
    assert _years(city_plan) == (2025, 2028)


def test_a_period_outside_the_years_is_warned_and_not_opened_empty(
    assigned, office_supervisor, login
):
    office = login(office_supervisor)
    url = f"/plans/{assigned.slug}/periods/"
    page = office.get(url + "?kind=quarter&year=2028&number=1").content.decode()
    assert OUTSIDE in page and 'data-test="expected">0<' in page
    assert 'data-test="open-period"' not in page
    inside = office.get(url + "?kind=quarter&year=2027&number=1").content.decode()
    assert OUTSIDE not in inside and 'data-test="expected">2<' in inside

    refused = office.post(
        url + "open/", {"kind": "quarter", "year": 2028, "number": 1}, follow=True
    )
    assert OUTSIDE in refused.content.decode()
    assert not ReportingPeriod.objects.exists() and not PeriodEvent.objects.exists()

    # Carried on: the office extends the years on the same page, and the quarter opens.
    office.post(url + "years/", {"start_year": 2026, "end_year": 2028})
    opened = office.post(url + "open/", {"kind": "quarter", "year": 2028, "number": 1}, follow=True)
    assert "新生成 2 份报告，共 2 份" in opened.content.decode()
    assert ReportingPeriod.objects.get().reports.count() == 2
