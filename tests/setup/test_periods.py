"""The reporting-periods page: preview who will be expected, open (idempotent), close and
reopen with a reason, automatic opening."""

import datetime

import pytest

from agencies.models import Membership
from agencies.services import person_create
from notifications.models import PlanReminderSettings
from notifications.services import periods_open_due
from tasks.models import Assignment, Measure, PeriodEvent, ProgressReport, ReportingPeriod
from tasks.services.periods import default_due_on

from .conftest import agency

pytestmark = pytest.mark.django_db


@pytest.fixture
def assigned(city_plan):
    first, second, third, _ = Measure.objects.filter(plan=city_plan).order_by("order")
    for measure, short in (
        (first, "连云港市财政局"),
        (second, "连云港市财政局"),
        (third, "连云港市法院"),
    ):
        Assignment.objects.create(
            measure=measure, agency=agency(short), role="lead", name_as_written=short
        )
    person_create(
        username="lyg-cz",
        password="pw",
        full_name="财政填报",
        agency=agency("连云港市财政局"),
        role=Membership.Role.REPORTER,
    )
    return city_plan


def test_the_default_due_date_follows_the_working_calendar(city_plan):
    # Q4 2025 ends on 31 December; the tenth day after, 10 January 2026, is a Saturday.
    assert default_due_on(city_plan, datetime.date(2025, 12, 31)) == datetime.date(2026, 1, 12)
    # 10 October 2026 is a Saturday too, but a make-up working day (调休) after National Day.
    assert default_due_on(city_plan, datetime.date(2026, 9, 30)) == datetime.date(2026, 10, 10)


def test_the_preview_counts_expected_reports_and_names_bodies_without_an_account(
    assigned, office_supervisor, login
):
    page = (
        login(office_supervisor)
        .get(f"/plans/{assigned.slug}/periods/?kind=quarter&year=2026&number=1")
        .content.decode()
    )
    assert 'data-test="expected">3<' in page
    rows = page.split('data-test="no-account"')
    assert len(rows) == 2 and "连云港市法院" in rows[1].split("</tr>")[0]
    assert not ReportingPeriod.objects.exists()  # a preview writes nothing


def test_opening_creates_the_reports_once_and_records_who_opened_it(
    assigned, office_supervisor, login
):
    office = login(office_supervisor)
    data = {"kind": "quarter", "year": 2026, "number": 1, "due_on": "2026-04-13"}
    response = office.post(f"/plans/{assigned.slug}/periods/open/", data, follow=True)
    assert "新生成 3 份报告，共 3 份" in response.content.decode()
    office.post(f"/plans/{assigned.slug}/periods/open/", data)
    period = ReportingPeriod.objects.get()
    assert period.status == "open" and period.due_on == datetime.date(2026, 4, 13)
    assert ProgressReport.objects.filter(period=period).count() == 3
    (event,) = PeriodEvent.objects.all()
    assert (event.action, event.by, event.reports_created) == ("opened", office_supervisor, 3)


def test_a_half_year_and_a_year_can_be_opened(assigned, office_supervisor, login):
    office = login(office_supervisor)
    for kind, number in (("half", 1), ("year", 1)):
        office.post(
            f"/plans/{assigned.slug}/periods/open/", {"kind": kind, "year": 2026, "number": number}
        )
    half, year = ReportingPeriod.objects.order_by("kind")
    assert (half.starts_on, half.ends_on) == (datetime.date(2026, 1, 1), datetime.date(2026, 6, 30))
    assert (year.starts_on, year.ends_on) == (
        datetime.date(2026, 1, 1),
        datetime.date(2026, 12, 31),
    )


def test_closing_and_reopening_need_a_reason_that_is_kept(assigned, office_supervisor, login):
    office = login(office_supervisor)
    office.post(
        f"/plans/{assigned.slug}/periods/open/", {"kind": "quarter", "year": 2026, "number": 1}
    )
    period = ReportingPeriod.objects.get()
    refused = office.post(
        f"/plans/{assigned.slug}/periods/{period.pk}/close/", {"reason": " "}, follow=True
    )
    assert "关闭填报周期时必须填写理由" in refused.content.decode()
    office.post(
        f"/plans/{assigned.slug}/periods/{period.pk}/close/", {"reason": "一季度材料已汇总"}
    )
    period.refresh_from_db()
    assert period.status == "closed"
    # opening a closed period again is refused: reopening takes a reason
    again = office.post(
        f"/plans/{assigned.slug}/periods/open/",
        {"kind": "quarter", "year": 2026, "number": 1},
        follow=True,
    )
    assert "已关闭；如需继续填报，请填写理由后重新开启" in again.content.decode()
    office.post(f"/plans/{assigned.slug}/periods/{period.pk}/reopen/", {"reason": "市法院补报"})
    period.refresh_from_db()
    assert period.status == "open"
    page = office.get(f"/plans/{assigned.slug}/periods/").content.decode()
    assert "关闭：一季度材料已汇总" in page and "重新开启：市法院补报" in page


def test_a_scheduled_period_opens_by_itself_when_the_plan_opens_automatically(
    assigned, office_supervisor, login
):
    office = login(office_supervisor)
    office.post(f"/plans/{assigned.slug}/periods/auto-open/", {"auto_open": "on"})
    assert PlanReminderSettings.objects.get(plan=assigned).auto_open_periods
    office.post(
        f"/plans/{assigned.slug}/periods/schedule/",
        {"kind": "half", "year": 2026, "number": 1, "opens_on": "2026-06-20"},
    )
    period = ReportingPeriod.objects.get(kind="half")
    assert period.status == "scheduled"
    periods_open_due(today=datetime.date(2026, 6, 19))
    period.refresh_from_db()
    assert period.status == "scheduled"
    periods_open_due(today=datetime.date(2026, 6, 20))
    period.refresh_from_db()
    assert period.status == "open" and period.reports.count() == 3


def test_a_draft_plan_cannot_open_a_period(assigned, office_supervisor, login):
    assigned.status = "draft"
    assigned.save()
    response = login(office_supervisor).post(
        f"/plans/{assigned.slug}/periods/open/",
        {"kind": "quarter", "year": 2026, "number": 1},
        follow=True,
    )
    assert "计划发布后才能开启填报周期" in response.content.decode()
    assert not ReportingPeriod.objects.exists()
