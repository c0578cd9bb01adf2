"""Every new office page and action × every persona: only the office gets in, nobody else
changes anything (a 403 in Chinese, or the login page for someone not logged in)."""

import pytest

from agencies.models import Agency, Membership, User
from tasks.models import (
    Assignment,
    Measure,
    PeriodEvent,
    Plan,
    ProgressReport,
    ReportingPeriod,
)

pytestmark = pytest.mark.django_db

ACTIONS = [
    ("get", "/plans/{slug}/responsibilities/", None),
    ("post", "/plans/{slug}/responsibilities/assign/", {"scope": "filtered", "lead": "{agency}"}),
    ("post", "/plans/{slug}/responsibilities/assignments/{assignment}/", {"remove": "1"}),
    ("post", "/plans/{slug}/responsibilities/parent/", {"parent": ""}),
    ("post", "/plans/{slug}/publish/", {"confirm_without_lead": "1"}),
    (
        "post",
        "/plans/{slug}/agencies/new/",
        {"new-name": "新单位", "new-level": "city", "new-kind": "department"},
    ),
    ("get", "/plans/{slug}/agencies/{agency}/", None),
    (
        "post",
        "/plans/{slug}/agencies/{agency}/",
        {"name": "改名", "level": "province", "kind": "department"},
    ),
    ("post", "/plans/{slug}/agencies/{group}/members/", {"members": ["{agency}"]}),
    (
        "post",
        "/plans/{slug}/agencies/{agency}/invite/",
        {"username": "intruder", "role": "reporter"},
    ),
    ("get", "/plans/{slug}/periods/?kind=quarter&year=2024&number=2", None),
    ("post", "/plans/{slug}/periods/open/", {"kind": "quarter", "year": 2024, "number": 2}),
    (
        "post",
        "/plans/{slug}/periods/schedule/",
        {"kind": "half", "year": 2024, "number": 2, "opens_on": "2024-12-01"},
    ),
    ("post", "/plans/{slug}/periods/auto-open/", {"auto_open": "on"}),
    ("post", "/plans/{slug}/periods/years/", {"start_year": 2000, "end_year": 2029}),
    ("post", "/plans/{slug}/periods/{period}/close/", {"reason": "x"}),
    ("post", "/plans/{slug}/periods/{period}/reopen/", {"reason": "x"}),
    ("get", "/reports/{report}/on-behalf/", None),
    (
        "post",
        "/reports/{report}/on-behalf/",
        {"expected_version": 0, "progress_status": "on_track", "progress_text": "x", "basis": "x"},
    ),
]


def _fill(value, ids):
    if isinstance(value, str):
        return value.format(**ids)
    if isinstance(value, list):
        return [_fill(v, ids) for v in value]
    if isinstance(value, dict):
        return {k: _fill(v, ids) for k, v in value.items()}
    return value


def _state():
    return (
        Assignment.objects.count(),
        list(Agency.objects.order_by("pk").values_list("name", flat=True)),
        User.objects.count(),
        Membership.objects.count(),
        list(ReportingPeriod.objects.values_list("status", flat=True)),
        ProgressReport.objects.filter(state="draft").count(),
        PeriodEvent.objects.count(),
        list(Plan.objects.values_list("period_start_year", "period_end_year")),
    )


@pytest.mark.parametrize(
    ("method", "path", "data"), ACTIONS, ids=[f"{m} {p}" for m, p, _ in ACTIONS]
)
@pytest.mark.parametrize("persona", ["reporter_a", "approver_a", "reporter_b", "viewer_a", None])
def test_only_the_office_may_use_the_set_up_pages(
    reporting_plan, persona, method, path, data, request, client
):
    Measure.objects.create(plan=reporting_plan, number=9, label="（九）", ref="九", text="新措施")
    ids = {
        "slug": reporting_plan.slug,
        "agency": Agency.objects.get(short_name="省科技厅").pk,
        "group": Agency.objects.get(short_name="各镇（街道）").pk,
        "assignment": Assignment.objects.filter(measure__plan=reporting_plan).first().pk,
        "period": ReportingPeriod.objects.get(plan=reporting_plan).pk,
        "report": ProgressReport.objects.filter(agency__short_name="省科技厅").first().pk,
    }
    if persona:
        client.force_login(request.getfixturevalue(persona))
    before = _state()
    url = _fill(path, ids)
    response = client.post(url, _fill(data, ids)) if method == "post" else client.get(url)
    if persona:
        assert response.status_code == 403
        assert "联席会议办公室" in response.content.decode()
    else:
        assert response.status_code == 302 and "/login/" in response["Location"]
    assert _state() == before
