"""The 责任分工 page: bulk assignment, roles, measures without a lead, publishing's warning,
agencies and group members, inviting a first reporter."""

import pytest
from django.test import Client

from agencies.models import Agency, Membership, User
from tasks.models import Assignment, Measure, Plan, ProgressReport
from tasks.services.periods import period_open_for_plan

from .conftest import agency

pytestmark = pytest.mark.django_db


def test_bulk_assignment_of_a_chapter_gives_each_measure_a_lead_and_co_agencies(
    city_plan, office_supervisor, login
):
    office = login(office_supervisor)
    page = office.get(f"/plans/{city_plan.slug}/responsibilities/").content.decode()
    assert "无牵头单位的措施（4）" in page
    chapter = city_plan.sections.get(number=1)
    response = office.post(
        f"/plans/{city_plan.slug}/responsibilities/assign/",
        {
            "scope": "filtered",
            "section": chapter.pk,
            "lead": agency("连云港市财政局").pk,
            "co": [agency("连云港市法院").pk, agency("连云港市检察院").pk],
        },
        follow=True,
    )
    text = response.content.decode()
    assert "已新增 6 条责任分工" in text
    first, second, third, _ = Measure.objects.filter(plan=city_plan).order_by("order")
    for measure in (first, second):
        roles = dict(measure.assignments.values_list("agency__short_name", "role"))
        assert roles == {"连云港市财政局": "lead", "连云港市法院": "co", "连云港市检察院": "co"}
    assert not third.assignments.exists()
    assert "无牵头单位的措施（2）" in text


def test_ticked_measures_only_and_an_existing_lead_is_kept_unless_replaced(
    city_plan, office_supervisor, login
):
    office = login(office_supervisor)
    first, second, *_ = Measure.objects.filter(plan=city_plan).order_by("order")
    url = f"/plans/{city_plan.slug}/responsibilities/assign/"
    office.post(
        url, {"scope": "selected", "measures": [first.pk], "lead": agency("连云港市财政局").pk}
    )
    response = office.post(
        url,
        {"scope": "selected", "measures": [first.pk, second.pk], "lead": agency("连云港市法院").pk},
        follow=True,
    )
    assert "1.已有牵头单位（连云港市财政局），未更改" in response.content.decode()
    assert first.assignments.get(role="lead").agency.short_name == "连云港市财政局"
    assert second.assignments.get(role="lead").agency.short_name == "连云港市法院"
    office.post(
        url,
        {
            "scope": "selected",
            "measures": [first.pk],
            "lead": agency("连云港市法院").pk,
            "replace_lead": "on",
        },
    )
    roles = dict(first.assignments.values_list("agency__short_name", "role"))
    # the former lead is kept as a co-agency: nothing the office entered disappears
    assert roles == {"连云港市法院": "lead", "连云港市财政局": "co"}


def test_assigning_after_a_period_opened_creates_the_expected_reports(
    city_plan, office_supervisor, login
):
    period, created = period_open_for_plan(
        plan=city_plan, kind="quarter", year=2026, number=1, by=office_supervisor
    )
    assert created == 0
    first = Measure.objects.get(plan=city_plan, order=1)
    response = login(office_supervisor).post(
        f"/plans/{city_plan.slug}/responsibilities/assign/",
        {"scope": "selected", "measures": [first.pk], "lead": agency("连云港市财政局").pk},
        follow=True,
    )
    assert "为填报中的周期生成 1 份报告" in response.content.decode()
    report = ProgressReport.objects.get(period=period)
    assert (report.measure, report.agency.short_name, report.role) == (
        first,
        "连云港市财政局",
        "lead",
    )


def test_roles_are_edited_and_bodies_removed_on_the_page(city_plan, office_supervisor, login):
    first = Measure.objects.get(plan=city_plan, order=1)
    assignment = Assignment.objects.create(
        measure=first, agency=agency("连云港市法院"), role="co", name_as_written="市法院"
    )
    office = login(office_supervisor)
    url = f"/plans/{city_plan.slug}/responsibilities/assignments/{assignment.pk}/"
    office.post(url, {"role": "lead"})
    assignment.refresh_from_db()
    assert assignment.role == "lead"
    office.post(url, {"remove": "1"})
    assert not first.assignments.exists()


def test_publishing_lists_measures_without_a_lead_and_asks_for_confirmation(
    city_plan, office_supervisor, login
):
    Plan.objects.filter(pk=city_plan.pk).update(status=Plan.Status.DRAFT)
    office = login(office_supervisor)
    page = office.post(f"/plans/{city_plan.slug}/publish/").content.decode()
    assert 'data-test="publish-confirm"' in page and "还有 4 项措施没有牵头单位" in page
    city_plan.refresh_from_db()
    assert city_plan.status == Plan.Status.DRAFT
    office.post(f"/plans/{city_plan.slug}/publish/", {"confirm_without_lead": "1"})
    city_plan.refresh_from_db()
    assert city_plan.status == Plan.Status.PUBLISHED


def test_creating_an_agency_invites_its_first_reporter_with_a_one_time_link(
    city_plan, office_supervisor, login, client
):
    office = login(office_supervisor)
    response = office.post(
        f"/plans/{city_plan.slug}/agencies/new/",
        {
            "new-name": "连云港市知识产权局",
            "new-short_name": "市知识产权局",
            "new-level": "city",
            "new-kind": "department",
            "new-invite_username": "lyg-zscq",
            "new-invite_full_name": "王填报",
        },
    )
    page = response.content.decode()
    body = Agency.objects.get(name="连云港市知识产权局")
    person = User.objects.get(username="lyg-zscq")
    assert Membership.objects.filter(user=person, agency=body, role="reporter").exists()
    assert not person.has_usable_password()  # the office never knows the password
    link = page.split('data-test="invite-link"')[0].rsplit('value="', 1)[1].split('"')[0]
    path = link.split("testserver", 1)[1]
    # the person sets a password through the link, then logs in
    form = client.get(path, follow=True)
    assert "设置密码" in form.content.decode()
    client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "Lyg-2026-填报", "new_password2": "Lyg-2026-填报"},
    )
    assert client.login(username="lyg-zscq", password="Lyg-2026-填报")
    # the link works once
    assert "此链接已失效" in Client().get(path, follow=True).content.decode()


def test_a_duplicate_agency_name_is_a_chinese_message_and_the_form_keeps_what_was_typed(
    city_plan, office_supervisor, login
):
    page = (
        login(office_supervisor)
        .post(
            f"/plans/{city_plan.slug}/agencies/new/",
            {
                "new-name": "连云港市财政局",
                "new-short_name": "财政",
                "new-level": "city",
                "new-kind": "department",
            },
        )
        .content.decode()
    )
    assert "全称" in page and "已存在" in page
    assert 'value="财政"' in page


def test_a_group_gets_members_who_each_report_on_its_measures(city_plan, office_supervisor, login):
    group = Agency.objects.get(short_name="各镇（街道）")
    towns = [
        Agency.objects.create(
            name=f"通州区{name}", short_name=name, level="town", kind="government"
        )
        for name in ("金沙街道", "兴仁镇")
    ]
    office = login(office_supervisor)
    office.post(
        f"/plans/{city_plan.slug}/agencies/{group.pk}/members/",
        {"members": [t.pk for t in towns]},
    )
    assert set(group.members.all()) == set(towns)
    first = Measure.objects.get(plan=city_plan, order=1)
    Assignment.objects.create(
        measure=first, agency=group, role="lead", name_as_written="各镇（街道）"
    )
    period, created = period_open_for_plan(
        plan=city_plan, kind="quarter", year=2026, number=2, by=office_supervisor
    )
    assert created == 2
    assert set(period.reports.values_list("agency__short_name", flat=True)) == {
        "金沙街道",
        "兴仁镇",
    }
    page = office.get(f"/plans/{city_plan.slug}/responsibilities/").content.decode()
    assert '金沙街道<span class="badge failed">无填报人</span>' in page


def test_a_body_that_is_not_a_group_cannot_get_members(city_plan, office_supervisor, login):
    body = agency("连云港市财政局")
    response = login(office_supervisor).post(
        f"/plans/{city_plan.slug}/agencies/{body.pk}/members/",
        {"members": [agency("连云港市法院").pk]},
        follow=True,
    )
    assert "不是单位集合或领导小组" in response.content.decode()
    assert not body.members.exists()


def test_a_body_added_on_the_measure_edit_page_after_opening_gets_its_report(
    city_plan, office_supervisor, login
):
    period, _ = period_open_for_plan(
        plan=city_plan, kind="quarter", year=2026, number=1, by=office_supervisor
    )
    measure = Measure.objects.get(plan=city_plan, order=2)
    body = agency("连云港市法院")
    login(office_supervisor).post(
        f"/plans/{city_plan.slug}/review/measures/{measure.pk}/",
        {
            "title": "",
            "text": measure.text,
            "status": "active",
            "a-TOTAL_FORMS": "1",
            "a-INITIAL_FORMS": "0",
            "a-0-agency": body.pk,
            "a-0-role": "lead",
            "a-0-name_as_written": "",
            "a-0-note": "",
            "a-0-order": "1",
            "i-TOTAL_FORMS": "0",
            "i-INITIAL_FORMS": "0",
        },
    )
    assert measure.assignments.filter(agency=body, role="lead").exists()
    assert ProgressReport.objects.filter(period=period, measure=measure, agency=body).exists()
