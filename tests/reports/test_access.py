"""View-level permissions: another agency's drafts are invisible, office actions refused."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tasks.models import ProgressReport

from .conftest import file_report, form_data, report_of

pytestmark = pytest.mark.django_db
State = ProgressReport.State


@pytest.fixture
def draft_of_a(reporting_plan, reporter_a, login):
    """省科技厅's draft on （一）, with an attachment."""
    report = report_of(reporting_plan, "（一）", "省科技厅")
    data = form_data(report, progress_text="科技厅的内部草稿")
    data["attachment"] = SimpleUploadedFile("内部.pdf", b"%PDF secret")
    login(reporter_a).post(f"/reports/{report.pk}/", data)
    report.refresh_from_db()
    return report


def test_agency_b_staff_get_404_on_agency_as_draft_everywhere(draft_of_a, reporter_b, login):
    client = login(reporter_b)
    pk = draft_of_a.pk
    attachment = draft_of_a.attachments.get()
    assert client.get(f"/reports/{pk}/").status_code == 404
    assert client.get(f"/reports/{pk}/attachments/{attachment.pk}/").status_code == 404
    assert client.get(f"/reports/{pk}/versions/1/").status_code == 404
    saved = client.post(f"/reports/{pk}/", form_data(draft_of_a, progress_text="篡改"))
    assert saved.status_code == 404
    autosaved = client.post(f"/reports/{pk}/autosave/", form_data(draft_of_a, progress_text="篡改"))
    assert autosaved.status_code == 404
    for action in ("sign-off", "send-back", "accept", "return", "reopen"):
        assert client.post(f"/reports/{pk}/{action}/", {"text": "x"}).status_code == 404
    draft_of_a.refresh_from_db()
    assert draft_of_a.progress_text == "科技厅的内部草稿" and draft_of_a.state == State.DRAFT
    assert "科技厅的内部草稿" not in client.get("/reports/").content.decode()


def test_agency_staff_are_refused_office_actions_on_their_own_reports(
    reporting_plan, reporter_b, login
):
    report = file_report(report_of(reporting_plan, "（二）", "省商务厅"), reporter_b)
    assert report.state == State.SUBMITTED  # 省商务厅 has no approver: straight to the office
    client = login(reporter_b)
    page = client.get(f"/reports/{report.pk}/").content.decode()
    assert "采纳</button>" not in page and "退回修改</button>" not in page
    accepted = client.post(f"/reports/{report.pk}/accept/")
    assert accepted.status_code == 403
    assert "只有联席会议办公室可以采纳报告。" in accepted.content.decode()
    assert client.post(f"/reports/{report.pk}/return/", {"text": "自己退回"}).status_code == 403
    report.refresh_from_db()
    assert report.state == State.SUBMITTED


def test_only_the_office_opens_the_review_queue_and_bulk_accepts(
    reporting_plan, reporter_b, approver_a, login
):
    report = file_report(report_of(reporting_plan, "（二）", "省商务厅"), reporter_b)
    for person in (reporter_b, approver_a):
        client = login(person)
        assert client.get("/reports/review/").status_code == 403
        assert client.post("/reports/review/accept/", {"report": [report.pk]}).status_code == 403
    report.refresh_from_db()
    assert report.state == State.SUBMITTED


def test_a_viewer_sees_the_report_but_gets_no_form_and_cannot_save(draft_of_a, viewer_a, login):
    client = login(viewer_a)
    page = client.get(f"/reports/{draft_of_a.pk}/").content.decode()
    assert "科技厅的内部草稿" in page and 'id="report-form"' not in page
    response = client.post(f"/reports/{draft_of_a.pk}/", form_data(draft_of_a, progress_text="改"))
    assert response.status_code == 403
    assert "不能填报省科技厅的报告" in response.content.decode()


def test_an_approver_cannot_sign_off_another_agencys_report(
    reporting_plan, reporter_b, approver_a, office_supervisor, login
):
    # 省商务厅's co-report on （一）, which 省科技厅 leads, is visible to 省科技厅 once filed.
    report = file_report(report_of(reporting_plan, "（一）", "省商务厅"), reporter_b)
    response = login(approver_a).post(f"/reports/{report.pk}/sign-off/")
    assert response.status_code == 403
    assert "只有省商务厅的审核人可以审核本单位的报告。" in response.content.decode()


def test_a_person_of_no_agency_sees_no_report(draft_of_a, reporter_b, reporting_plan, login):
    """The pages read a person's agencies from the request's one read of memberships (as
    literals in the query): with none, nothing is visible, filed or not."""
    from agencies.models import User

    filed = file_report(report_of(reporting_plan, "（二）", "省商务厅"), reporter_b)
    client = login(User.objects.create_user("nobody", password="pw-nobody"))
    for report in (draft_of_a, filed):
        assert client.get(f"/reports/{report.pk}/").status_code == 404
    inbox = client.get("/reports/").content.decode()
    assert "科技厅的内部草稿" not in inbox and 'data-label="措施"' not in inbox


def test_a_report_page_finds_exactly_the_reports_the_person_may_see(
    reporting_plan, reporter_a, approver_a, reporter_b, viewer_a, office_supervisor
):
    """The report pages look a report up through a compiled query
    (``visible_report_with_details``); it must answer as ``reports_visible_to`` does, for
    each persona and every report, drafts and filed, own and led."""
    from tasks.selectors.reporting import reports_visible_to, visible_report_with_details

    file_report(report_of(reporting_plan, "（一）", "省商务厅"), reporter_b)  # a co's, filed
    reports = list(ProgressReport.objects.order_by("pk"))
    assert len(reports) == 3
    for person in (reporter_a, approver_a, reporter_b, viewer_a, office_supervisor):
        visible = set(reports_visible_to(person).values_list("pk", flat=True))
        found = {r.pk for r in reports if visible_report_with_details(person, r.pk)}
        assert found == visible, person.username
        assert found  # everyone here sees something; the office everything
    own = report_of(reporting_plan, "（二）", "省商务厅")
    report = visible_report_with_details(reporter_b, own.pk)
    assert report.period.plan == reporting_plan and report.measure.section is not None
    assert str(report.agency) == "省商务厅" and report.progress_text == own.progress_text
