"""代报: the office files a report for an agency; the history says who, when and on what basis."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from tasks.models import ProgressReport, ReportEvent

pytestmark = pytest.mark.django_db


def report_of(label: str, short_name: str) -> ProgressReport:
    return ProgressReport.objects.get(measure__label=label, agency__short_name=short_name)


def test_the_office_files_for_an_agency_and_the_history_says_so(
    reporting_plan, office_supervisor, login
):
    report = report_of("（一）", "省科技厅")
    office = login(office_supervisor)
    detail = office.get(f"/reports/{report.pk}/").content.decode()
    assert 'data-test="file-on-behalf"' in detail
    response = office.post(
        f"/reports/{report.pk}/on-behalf/",
        {
            "expected_version": report.version,
            "progress_status": "on_track",
            "progress_text": "平台一期已上线。",
            "basis": "省科技厅4月8日报来的书面材料",
            "attachment": SimpleUploadedFile("科技厅材料.pdf", b"%PDF-1.4 written report"),
        },
        follow=True,
    )
    page = response.content.decode()
    assert "已代省科技厅报送" in page
    report.refresh_from_db()
    assert report.state == "submitted" and report.progress_text == "平台一期已上线。"
    event = report.events.get(action=ReportEvent.Action.FILED_FOR)
    assert event.actor == office_supervisor and event.at is not None
    assert "依据：省科技厅4月8日报来的书面材料" in event.comment
    assert "联席办代报" in page and "依据：省科技厅4月8日报来的书面材料" in page
    version = report.versions.get()
    assert version.submitted_by == office_supervisor
    assert report.attachments.get().uploaded_by == office_supervisor


def test_filing_on_behalf_needs_a_basis_and_keeps_what_was_typed(
    reporting_plan, office_supervisor, login
):
    report = report_of("（一）", "省科技厅")
    page = (
        login(office_supervisor)
        .post(
            f"/reports/{report.pk}/on-behalf/",
            {"expected_version": 0, "progress_status": "on_track", "progress_text": "已输入的进展"},
        )
        .content.decode()
    )
    assert ("已输入的进展" in page and "这个字段是必填项" in page) or "必填" in page
    report.refresh_from_db()
    assert report.state == "draft"


@pytest.mark.parametrize("persona", ["reporter_a", "approver_a", "reporter_b", "viewer_a"])
def test_only_the_office_files_on_behalf(reporting_plan, persona, login, request):
    person = request.getfixturevalue(persona)
    report = report_of("（一）", "省科技厅")
    client = login(person)
    assert client.get(f"/reports/{report.pk}/on-behalf/").status_code == 403
    data = {
        "expected_version": 0,
        "progress_status": "on_track",
        "progress_text": "x",
        "basis": "x",
    }
    assert client.post(f"/reports/{report.pk}/on-behalf/", data).status_code == 403
    api = APIClient()
    api.force_authenticate(person)
    answer = api.post(f"/api/v1/reports/{report.pk}/file-on-behalf/", data, format="json")
    assert answer.status_code in (403, 404)
    report.refresh_from_db()
    assert report.state == "draft" and not report.events.filter(action="filed_for").exists()


def test_the_api_files_on_behalf_with_an_office_token(reporting_plan, office_supervisor):
    from api.tokens import token_create

    secret = token_create(
        name="联席办", user=office_supervisor, agency=None, scopes={"read", "review"}
    ).secret
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    report = report_of("（二）", "省商务厅")
    answer = api.post(
        f"/api/v1/reports/{report.pk}/file-on-behalf/",
        {"progress_status": "lagging", "progress_text": "据电话记录", "basis": "电话记录"},
        format="json",
    )
    assert answer.status_code == 200, answer.json()
    assert answer.json()["status"] == "submitted"
    assert report.events.filter(action="filed_for", actor=office_supervisor).exists()
