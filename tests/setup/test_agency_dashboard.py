"""Each agency's own dashboard, plan visibility (drafts office-only, one selector for web and
API), and what keji sees when it opens 督查看板."""

import pytest

from agencies.models import Agency, Membership
from agencies.services import person_create
from tasks.models import Plan, ProgressReport
from tasks.services.reporting import ReportInput, report_return, report_save, report_submit
from tasks.synthetic import synthetic_generate, synthetic_reports_generate

pytestmark = pytest.mark.django_db


def _file(report, user, **fields):
    report_save(
        report=report,
        by=user,
        data=ReportInput(progress_status="on_track", progress_text="进展", **fields),
        expected_version=report.version,
    )
    report.refresh_from_db()
    return report_submit(report=report, by=user)


def test_keji_opening_the_dashboard_lands_on_its_own_agency_dashboard(
    reporting_plan, reporter_a, approver_a, reporter_b, office_supervisor, login
):
    theirs = ProgressReport.objects.get(agency__short_name="省商务厅", measure__label="（二）")
    theirs = _file(theirs, reporter_b)
    report_return(report=theirs, by=office_supervisor, reason="请补充数据")
    client = login(reporter_a)
    response = client.get("/dashboard/", follow=True)
    assert response.redirect_chain[-1][0] == "/dashboard/agency/"
    page = response.content.decode()
    assert "江苏省科学技术厅" in page and 'data-test="compliance"' in page
    # its own compliance: one report expected in 2024 Q1 (（一）, as lead), none delivered yet
    row = page.split('data-period="2024年第一季度"')[1].split("</tr>")[0]
    assert [cell.split(">")[-1] for cell in row.split("</td>")[3:10]] == [
        "1",
        "0",
        "0",
        "0",
        "1",
        "0",
        "0",
    ]
    # another agency's returned report is not on keji's dashboard
    returned = page.split('data-test="returned"')[1].split("</section>")[0]
    assert "没有被退回的报告" in returned
    b_page = login(reporter_b).get("/dashboard/agency/").content.decode()
    assert "（二）" in b_page.split('data-test="returned"')[1].split("</section>")[0]


def test_staff_cannot_open_another_agencys_dashboard_but_the_office_can(
    reporting_plan, reporter_a, office_supervisor, login
):
    other = Agency.objects.get(short_name="省商务厅")
    assert login(reporter_a).get(f"/dashboard/agency/?agency={other.pk}").status_code == 404
    page = login(office_supervisor).get(f"/dashboard/agency/?agency={other.pk}").content.decode()
    assert "江苏省商务厅" in page


def test_a_person_without_an_agency_gets_a_403_not_an_error(db, login, django_user_model):
    nobody = django_user_model.objects.create_user("nobody", password="x")
    assert login(nobody).get("/dashboard/agency/").status_code == 403


def test_a_city_body_sees_every_body_of_its_citys_plans(directory, login):
    city = Agency.objects.get(short_name="连云港市")
    finance = Agency.objects.get(short_name="连云港市财政局")
    court = Agency.objects.get(short_name="连云港市法院")
    from tasks.models import Assignment, Measure
    from tasks.services.reporting import period_open, period_quarter_get_or_create

    plan = Plan.objects.create(
        title="连云港计划", slug="lyg", level="city", status="published", issuer=city
    )
    province = Plan.objects.create(title="省计划", slug="js", level="province", status="published")
    for target, body in ((plan, court), (province, Agency.objects.get(short_name="省科技厅"))):
        measure = Measure.objects.create(plan=target, number=1, label="1.", ref="1", text="措施")
        Assignment.objects.create(measure=measure, agency=body, role="lead", name_as_written="x")
        period_open(period=period_quarter_get_or_create(plan=target, year=2026, quarter=1))
    person = person_create(
        username="lyg-cz",
        password="x",
        full_name="财政",
        agency=finance,
        role=Membership.Role.VIEWER,
    )
    page = login(person).get("/dashboard/agency/").content.decode()
    assert "本级计划各责任单位" in page and "连云港计划" in page and "省计划" not in page
    row = page.split('data-period="2026年第一季度"')[1].split("</tr>")[0]
    assert '<td class="num">1</td>' in row  # the court's expected report counts for the city


def test_draft_plans_are_visible_only_to_the_office_on_the_web_and_the_api(
    reporting_plan, reporter_a, office_supervisor, login
):
    draft = Plan.objects.create(title="尚未发布的草稿计划", slug="draft-only", level="province")
    staff = login(reporter_a)
    assert "尚未发布的草稿计划" not in staff.get("/plans/").content.decode()
    assert staff.get("/plans/draft-only/").status_code == 404
    assert draft.pk not in [p["id"] for p in staff.get("/api/v1/plans/").json()["results"]]
    office = login(office_supervisor)
    assert "尚未发布的草稿计划" in office.get("/plans/").content.decode()
    assert office.get("/plans/draft-only/").status_code == 200


@pytest.mark.parametrize(("scale", "quarters"), [(0.05, 4), (0.3, 12)])
def test_the_agency_dashboard_costs_the_same_queries_at_two_sizes(
    login, django_assert_max_num_queries, directory, scale, quarters
):
    synthetic_generate(seed=3, scale=scale)
    synthetic_reports_generate(seed=3, quarters=quarters)
    agency = ProgressReport.objects.order_by("id").first().agency
    person = person_create(
        username="syn", password="x", full_name="合成", agency=agency, role="reporter"
    )
    client = login(person)
    with django_assert_max_num_queries(16):
        response = client.get("/dashboard/agency/")
    assert response.status_code == 200
    assert 'data-period="' in response.content.decode()
