"""The office's set-up through the API: the same services as the pages, office only."""

import pytest

from agencies.models import Agency, User
from tasks.models import Assignment, Measure, Plan, ReportingPeriod

from .conftest import agency, issue

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft_plan(reporting_plan):
    """The reporting plan with a third measure nobody leads yet."""
    chapter = reporting_plan.sections.get()
    Measure.objects.create(
        plan=reporting_plan,
        section=chapter,
        number=3,
        label="（三）",
        ref="（三）",
        order=3,
        text="培育知识产权服务机构。",
    )
    return reporting_plan


def test_the_office_assigns_measures_without_a_lead_in_bulk(draft_plan, office_token, client_for):
    api = client_for(office_token)
    url = f"/api/v1/plans/{draft_plan.pk}/"
    listed = api.get(url + "without-lead/").json()
    assert [m["label"] for m in listed] == ["（三）"]
    answer = api.post(
        url + "assign/",
        {"without_lead": True, "lead": agency("省科技厅").pk, "co": [agency("省商务厅").pk]},
        format="json",
    )
    assert answer.status_code == 200, answer.json()
    body = answer.json()
    # the 2024 first quarter is open: both bodies get their report on the new measure at once
    assert (body["created"], body["reports_created"], body["without_lead"]) == (2, 2, 0)
    third = Measure.objects.get(plan=draft_plan, label="（三）")
    assert dict(third.assignments.values_list("agency__short_name", "role")) == {
        "省科技厅": "lead",
        "省商务厅": "co",
    }


def test_roles_change_and_bodies_come_off_through_assignments(draft_plan, office_token, client_for):
    api = client_for(office_token)
    assignment = Assignment.objects.get(measure__label="（一）", agency__short_name="省商务厅")
    assert (
        api.patch(
            f"/api/v1/assignments/{assignment.pk}/", {"role": "participant"}, format="json"
        ).status_code
        == 200
    )
    assignment.refresh_from_db()
    assert assignment.role == "participant"
    assert api.delete(f"/api/v1/assignments/{assignment.pk}/").status_code == 204
    assert not Assignment.objects.filter(pk=assignment.pk).exists()


def test_publishing_with_measures_without_a_lead_needs_confirmation(
    draft_plan, office_token, client_for
):
    Plan.objects.filter(pk=draft_plan.pk).update(status="draft")
    api = client_for(office_token)
    refused = api.post(f"/api/v1/plans/{draft_plan.pk}/publish/", {}, format="json")
    assert refused.status_code == 409
    assert refused.json()["code"] == "needs_confirmation"
    assert refused.json()["detail"]["measures"] == ["（三）"]
    done = api.post(
        f"/api/v1/plans/{draft_plan.pk}/publish/", {"confirm_without_lead": True}, format="json"
    )
    assert done.status_code == 200 and done.json()["status"] == "published"


def test_preview_open_close_and_reopen_a_period(draft_plan, office_token, client_for):
    api = client_for(office_token)
    url = f"/api/v1/plans/{draft_plan.pk}/"
    preview = api.get(
        url + "period-preview/", {"kind": "quarter", "year": 2024, "number": 2}
    ).json()
    assert preview["expected"] == 3 and preview["period"] is None
    assert {row["agency_name"]: row["no_reporter"] for row in preview["by_agency"]} == {
        "江苏省科学技术厅": True,
        "江苏省商务厅": True,
    }  # no persona fixture was asked for: nobody has an account yet
    opened = api.post(
        url + "open-period/", {"kind": "quarter", "year": 2024, "number": 2}, format="json"
    )
    assert opened.status_code == 200 and opened.json()["reports_created"] == 3
    again = api.post(
        url + "open-period/", {"kind": "quarter", "year": 2024, "number": 2}, format="json"
    )
    assert again.json()["reports_created"] == 0 and again.json()["reports_total"] == 3
    period = opened.json()["period"]
    no_reason = api.post(f"/api/v1/periods/{period}/close/", {}, format="json")
    assert no_reason.status_code == 400
    closed = api.post(f"/api/v1/periods/{period}/close/", {"reason": "季度结束"}, format="json")
    assert closed.json()["status"] == "closed"
    reopened = api.post(f"/api/v1/periods/{period}/reopen/", {"reason": "补报"}, format="json")
    assert reopened.json()["status"] == "open"
    assert api.post(url + "auto-open/", {"auto_open": True}, format="json").json() == {
        "auto_open": True
    }


def test_the_office_extends_the_plans_years_and_then_opens_a_later_quarter(
    draft_plan, office_token, client_for
):
    api = client_for(office_token)
    url = f"/api/v1/plans/{draft_plan.pk}/"
    later = {"kind": "quarter", "year": 2026, "number": 1}
    refused = api.post(url + "open-period/", later, format="json")
    assert refused.status_code == 422 and "实施期（2024—2025年）之外" in refused.content.decode()
    backwards = api.post(url + "years/", {"start_year": 2026, "end_year": 2024}, format="json")
    assert backwards.status_code == 422 and "起始年度不能晚于截止年度" in backwards.content.decode()
    done = api.post(url + "years/", {"start_year": 2024, "end_year": 2026}, format="json")
    assert done.status_code == 200 and done.json() == {"start_year": 2024, "end_year": 2026}
    opened = api.post(url + "open-period/", later, format="json")
    assert opened.status_code == 200 and opened.json()["reports_created"] == 3


def test_agencies_groups_and_invitations(directory, office_token, client_for):
    api = client_for(office_token)
    created = api.post(
        "/api/v1/agencies/",
        {
            "name": "南通市通州区金沙街道办事处",
            "short_name": "金沙街道",
            "level": "town",
            "kind": "government",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    town = created.json()["id"]
    duplicate = api.post(
        "/api/v1/agencies/",
        {"name": "南通市通州区金沙街道办事处", "level": "town", "kind": "government"},
        format="json",
    )
    assert duplicate.status_code == 422 and "已存在" in duplicate.json()["message"]
    assert (
        api.patch(f"/api/v1/agencies/{town}/", {"short_name": "金沙"}, format="json").json()[
            "short_name"
        ]
        == "金沙"
    )
    group = Agency.objects.get(short_name="各镇（街道）")
    assert (
        api.post(
            f"/api/v1/agencies/{group.pk}/members/", {"members": [town]}, format="json"
        ).status_code
        == 200
    )
    assert list(group.members.values_list("pk", flat=True)) == [town]
    invited = api.post(
        f"/api/v1/agencies/{town}/invite/",
        {"username": "js-1", "full_name": "金沙填报"},
        format="json",
    )
    assert invited.status_code == 201
    assert "/password/set/" in invited.json()["set_password_url"]
    assert User.objects.get(username="js-1").memberships.get().role == "reporter"


WRITES = [
    ("post", "plans/{plan}/assign/", {"without_lead": True, "lead": "{agency}"}),
    ("get", "plans/{plan}/without-lead/", None),
    ("post", "plans/{plan}/publish/", {"confirm_without_lead": True}),
    ("get", "plans/{plan}/period-preview/?kind=quarter&year=2024&number=2", None),
    ("post", "plans/{plan}/open-period/", {"kind": "quarter", "year": 2024, "number": 2}),
    ("post", "plans/{plan}/auto-open/", {"auto_open": True}),
    ("post", "plans/{plan}/years/", {"start_year": 2000, "end_year": 2029}),
    ("post", "periods/{period}/close/", {"reason": "x"}),
    ("post", "periods/{period}/reopen/", {"reason": "x"}),
    ("post", "agencies/", {"name": "新单位", "level": "city", "kind": "department"}),
    ("patch", "agencies/{agency}/", {"short_name": "改"}),
    ("post", "agencies/{group}/members/", {"members": ["{agency}"]}),
    ("post", "agencies/{agency}/invite/", {"username": "intruder"}),
    ("patch", "assignments/{assignment}/", {"role": "co"}),
    ("delete", "assignments/{assignment}/", None),
]


def _fill(value, ids):
    if isinstance(value, str):
        return (
            int(ids[value[1:-1]])
            if value.startswith("{") and value[1:-1] in ids
            else value.format(**ids)
        )
    if isinstance(value, list):
        return [_fill(v, ids) for v in value]
    if isinstance(value, dict):
        return {k: _fill(v, ids) for k, v in value.items()}
    return value


@pytest.mark.parametrize(("method", "path", "data"), WRITES, ids=[f"{m} {p}" for m, p, _ in WRITES])
@pytest.mark.parametrize(
    "persona", ["reporter token", "read token", "reporter session", "approver session"]
)
def test_no_one_but_the_office_may_set_up(
    draft_plan, reporter_a, approver_a, viewer_a, client_for, method, path, data, persona
):
    from rest_framework.test import APIClient

    period = ReportingPeriod.objects.get(plan=draft_plan)
    ids = {
        "plan": draft_plan.pk,
        "period": period.pk,
        "agency": agency("省科技厅").pk,
        "group": Agency.objects.get(short_name="各镇（街道）").pk,
        "assignment": Assignment.objects.filter(measure__plan=draft_plan).first().pk,
    }
    if persona == "reporter token":
        api = client_for(issue(reporter_a, agency("省科技厅"), ("read", "report")))
    elif persona == "read token":
        api = client_for(issue(viewer_a, agency("省科技厅"), ("read",)))
    else:
        api = APIClient(enforce_csrf_checks=False)
        api.force_authenticate(reporter_a if persona == "reporter session" else approver_a)
    before = (
        Assignment.objects.count(),
        Agency.objects.count(),
        User.objects.count(),
        ReportingPeriod.objects.count(),
        period.status,
        list(Plan.objects.values_list("period_start_year", "period_end_year")),
    )
    url = "/api/v1/" + _fill(path, ids)
    answer = (
        getattr(api, method)(url, _fill(data, ids), format="json")
        if data
        else getattr(api, method)(url)
    )
    assert answer.status_code in (403, 404), answer.content
    period.refresh_from_db()
    after = (
        Assignment.objects.count(),
        Agency.objects.count(),
        User.objects.count(),
        ReportingPeriod.objects.count(),
        period.status,
        list(Plan.objects.values_list("period_start_year", "period_end_year")),
    )
    assert before == after
