"""Security findings of issue 16 on the reporting pages: attachments are always downloads with
a safe type, a returned report's rework is its own agency's business, and no ``next`` leaves
the site."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from tasks.models import ProgressReport, ReportAttachment
from tasks.services.reporting import ReportInput, report_return, report_save

from .conftest import file_report, form_data, report_of

pytestmark = pytest.mark.django_db
State = ProgressReport.State


def test_attachments_download_as_files_with_a_safe_type_never_as_a_page(
    reporting_plan, reporter_a, login
):
    report = report_of(reporting_plan, "（一）", "省科技厅")
    client = login(reporter_a)
    data = form_data(report, progress_text="见附件")
    data["attachment"] = SimpleUploadedFile("进度表.pdf", b"%PDF-1.4\n%%EOF\n")
    client.post(f"/reports/{report.pk}/", data)
    pdf = report.attachments.get()
    # A file whose stored name a browser would render (older data, or a name slipped past
    # the upload check): served as opaque bytes, not as HTML.
    page = ReportAttachment.objects.create(
        report=report,
        file=ContentFile(b"<script>alert(1)</script>", name="page.html"),
        name="说明.html",
        size=25,
        uploaded_by=reporter_a,
    )

    response = client.get(f"/reports/{report.pk}/attachments/{pdf.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''%E8%BF%9B%E5%BA%A6%E8%A1%A8.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == b"%PDF-1.4\n%%EOF\n"

    response = client.get(f"/reports/{report.pk}/attachments/{page.pk}/")
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_after_the_office_returns_a_contribution_the_lead_no_longer_sees_its_rework(
    reporting_plan, reporter_a, reporter_b, office_supervisor, login
):
    """（一） is led by 省科技厅 (A) with 省商务厅 (B) co-responsible."""
    contribution = file_report(report_of(reporting_plan, "（一）", "省商务厅"), reporter_b)
    lead_report = report_of(reporting_plan, "（一）", "省科技厅")
    lead = login(reporter_a)
    # Filed: the lead sees the contribution, on its own page and beside its own report.
    assert lead.get(f"/reports/{contribution.pk}/").status_code == 200
    assert "平台一期已上线" in lead.get(f"/reports/{lead_report.pk}/").content.decode()

    report_return(report=contribution, by=office_supervisor, reason="请补充数据")
    contribution.refresh_from_db()
    report_save(
        report=contribution,
        by=reporter_b,
        data=ReportInput(progress_status="lagging", progress_text="商务厅尚未报送的修改稿"),
        expected_version=contribution.version,
    )

    assert lead.get(f"/reports/{contribution.pk}/").status_code == 404
    lead_page = lead.get(f"/reports/{lead_report.pk}/").content.decode()
    assert "商务厅尚未报送的修改稿" not in lead_page
    assert "商务厅尚未报送的修改稿" not in lead.get("/reports/").content.decode()
    # Its own agency keeps working on it.
    own = login(reporter_b).get(f"/reports/{contribution.pk}/").content.decode()
    assert "商务厅尚未报送的修改稿" in own


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/phish",
        "//evil.example/phish",
        "https:evil.example",
        "javascript:alert(1)",
        "http://testserver.evil.example/",
    ],
)
def test_no_next_address_leads_off_the_site(
    target, reporting_plan, reporter_a, office_supervisor, login
):
    """Every view that follows a posted ``next`` uses ipplan.redirects."""
    report = report_of(reporting_plan, "（一）", "省科技厅")
    reader = login(reporter_a)
    response = reader.post("/notifications/1/read/", {"next": target})
    assert response.status_code == 302 and response["Location"] == "/notifications/"
    office = login(office_supervisor)
    response = office.post(f"/reports/{report.pk}/return/", {"text": "退回", "next": target})
    assert response["Location"] == f"/reports/{report.pk}/"
    response = office.post("/reports/review/accept/", {"next": target})
    assert response["Location"] == "/reports/review/"
    period = report.period_id
    response = office.post("/notifications/urge/", {"period": period, "next": target})
    assert response["Location"] == "/notifications/urge/"


def test_a_next_address_on_the_site_is_followed(reporting_plan, reporter_a, login):
    response = login(reporter_a).post("/notifications/1/read/", {"next": "/reports/?page=2"})
    assert response["Location"] == "/reports/?page=2"
