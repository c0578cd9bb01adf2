"""A city plan's measures name the provincial measure they implement; the provincial
measure's page lists them with their latest status; the overview counts them."""

import pytest
from rest_framework.test import APIClient

from tasks.models import Assignment, Measure, Plan, ProgressReport
from tasks.services.reporting import (
    ReportInput,
    period_open,
    period_quarter_get_or_create,
    report_save,
    report_submit,
)

from .conftest import agency

pytestmark = pytest.mark.django_db


@pytest.fixture
def linked(reporting_plan, city_plan, office_supervisor, login):
    office = login(office_supervisor)
    office.post(f"/plans/{city_plan.slug}/responsibilities/parent/", {"parent": reporting_plan.pk})
    city_plan.refresh_from_db()
    assert city_plan.parent == reporting_plan
    provincial = Measure.objects.get(plan=reporting_plan, label="（一）")
    local = Measure.objects.get(plan=city_plan, order=1)
    office.post(
        f"/plans/{city_plan.slug}/responsibilities/measures/{local.pk}/implements/",
        {"implements": provincial.pk},
    )
    local.refresh_from_db()
    assert local.implements == provincial
    return provincial, local


def test_the_provincial_measure_page_lists_local_measures_with_their_latest_status(
    linked, city_plan, office_supervisor, login, django_user_model
):
    provincial, local = linked
    finance = agency("连云港市财政局")
    Assignment.objects.create(measure=local, agency=finance, role="lead", name_as_written="x")
    period = period_quarter_get_or_create(plan=city_plan, year=2026, quarter=1)
    period_open(period=period)
    from agencies.services import person_create

    person = person_create(
        username="cz", password="x", full_name="cz", agency=finance, role="reporter"
    )
    report = ProgressReport.objects.get(measure=local)
    report_save(
        report=report,
        by=person,
        data=ReportInput(progress_status="lagging", progress_text="滞后"),
        expected_version=0,
    )
    report_submit(report=report, by=person)
    page = login(office_supervisor).get(f"/dashboard/measures/{provincial.pk}/").content.decode()
    section = page.split('data-test="local-measures"')[1].split("</section>")[0]
    assert "市县落实措施（1）" in section and "连云港市财政局" in section
    assert "进度滞后" in section and "2026年第一季度" in section
    overview = (
        login(office_supervisor).get(f"/dashboard/?plan={provincial.plan_id}").content.decode()
    )
    assert 'data-test="local-total">1<' in overview


def test_a_measure_can_only_implement_a_measure_of_its_parent_plan(
    linked, city_plan, office_supervisor, login
):
    _, local = linked
    own = Measure.objects.get(plan=city_plan, order=2)
    response = login(office_supervisor).post(
        f"/plans/{city_plan.slug}/responsibilities/measures/{local.pk}/implements/",
        {"implements": own.pk},
        follow=True,
    )
    assert "只能关联上位计划" in response.content.decode()
    local.refresh_from_db()
    assert local.implements is not None and local.implements.plan_id != city_plan.pk


def test_a_parent_plan_must_be_of_a_higher_level(
    reporting_plan, city_plan, office_supervisor, login
):
    response = login(office_supervisor).post(
        f"/plans/{reporting_plan.slug}/responsibilities/parent/",
        {"parent": city_plan.pk},
        follow=True,
    )
    assert "上位计划应高于本计划的层级" in response.content.decode()
    reporting_plan.refresh_from_db()
    assert reporting_plan.parent is None


def test_links_through_the_api_office_only(
    reporting_plan, city_plan, office_supervisor, reporter_a
):
    provincial = Measure.objects.get(plan=reporting_plan, label="（二）")
    local = Measure.objects.get(plan=city_plan, order=2)
    staff = APIClient()
    staff.force_authenticate(reporter_a)
    assert (
        staff.post(
            f"/api/v1/plans/{city_plan.pk}/parent/", {"parent": reporting_plan.pk}, format="json"
        ).status_code
        == 403
    )
    assert (
        staff.post(
            f"/api/v1/measures/{local.pk}/implements/", {"implements": provincial.pk}, format="json"
        ).status_code
        == 403
    )
    office = APIClient()
    office.force_authenticate(office_supervisor)
    assert (
        office.post(
            f"/api/v1/plans/{city_plan.pk}/parent/", {"parent": reporting_plan.pk}, format="json"
        ).status_code
        == 200
    )
    answer = office.post(
        f"/api/v1/measures/{local.pk}/implements/", {"implements": provincial.pk}, format="json"
    )
    assert answer.json() == {"id": local.pk, "implements": provincial.pk}
    assert Plan.objects.get(pk=city_plan.pk).parent_id == reporting_plan.pk


@pytest.mark.parametrize("persona", ["reporter_a", "approver_a", "viewer_a"])
def test_staff_cannot_link_on_the_web(reporting_plan, city_plan, persona, login, request):
    client = login(request.getfixturevalue(persona))
    assert (
        client.post(
            f"/plans/{city_plan.slug}/responsibilities/parent/", {"parent": reporting_plan.pk}
        ).status_code
        == 403
    )
    local = Measure.objects.get(plan=city_plan, order=1)
    assert (
        client.post(
            f"/plans/{city_plan.slug}/responsibilities/measures/{local.pk}/implements/",
            {"implements": 1},
        ).status_code
        == 403
    )
    city_plan.refresh_from_db()
    assert city_plan.parent is None
