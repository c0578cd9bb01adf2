"""Who may download and upload: the agency's reporters and approvers; the office may only look."""

import pytest

from agencies.models import Agency, Membership
from agencies.services import person_create
from tasks.models import ReportEvent
from tests.excel.conftest import confirm, download, messages_after, preview_of, report_of, upload

pytestmark = pytest.mark.django_db


def template_url(period, agency) -> str:
    return f"/reports/excel/{period.pk}/{agency.pk}/template.xlsx"


def test_anonymous_people_are_sent_to_log_in(client, period, agency_b):
    for url in ("/reports/excel/", template_url(period, agency_b)):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_the_office_may_download_any_agencys_template_but_never_upload(
    client, office_supervisor, reporting_plan, period, agency_a, agency_b
):
    client.force_login(office_supervisor)
    template = download(client, period, agency_b).fill("（二）", 进展情况="联席办代填。")
    assert download(client, period, agency_a).get("（一）", "措施编号") == "（一）"
    response = upload(client, period, agency_b, template.bytes())
    assert response.status_code == 403
    assert "联席办可以下载各单位的模板查看，但不能代单位上传" in response.content.decode()
    page = client.get(f"/reports/excel/?agency={agency_b.pk}").content.decode()
    assert "下载填报模板" in page and "联席办可下载查看，不能代单位上传" in page
    assert 'type="file"' not in page
    assert report_of(reporting_plan, "（二）", "省商务厅").version == 0


def test_people_outside_the_agency_cannot_download_or_upload(
    client, reporter_b, viewer_a, period, agency_a
):
    client.force_login(reporter_b)
    assert client.get(template_url(period, agency_a)).status_code == 403
    assert upload(client, period, agency_a, b"x").status_code == 403
    # A viewer of the agency reads reports on the web but does not fill them.
    client.force_login(viewer_a)
    assert client.get(template_url(period, agency_a)).status_code == 403


def test_an_approver_may_fill_and_upload(client, approver_a, reporting_plan, period, agency_a):
    client.force_login(approver_a)
    template = download(client, period, agency_a).fill("（一）", 进展情况="审核人直接填写。")
    location, page = preview_of(client, upload(client, period, agency_a, template.bytes()))
    confirm(client, location, page)
    assert report_of(reporting_plan, "（一）", "省科技厅").progress_text == "审核人直接填写。"


def test_someone_elses_preview_cannot_be_opened_or_confirmed(
    client, reporter_b, period, agency_b, directory
):
    colleague = person_create(
        username="colleague-b",
        password="pw",
        full_name="同事",
        agency=agency_b,
        role=Membership.Role.REPORTER,
    )
    client.force_login(reporter_b)
    template = download(client, period, agency_b).fill("（二）", 进展情况="我的进展。")
    location, page = preview_of(client, upload(client, period, agency_b, template.bytes()))
    fingerprint = page.context["preview"].fingerprint
    client.force_login(colleague)
    response = client.post(location, {"fingerprint": fingerprint})
    assert response.status_code == 302
    assert "这份上传不是您提交的，不能查看或导入。" in messages_after(client, response)
    assert not ReportEvent.objects.exists()


def test_a_forged_token_is_refused(as_b):
    response = as_b.get("/reports/excel/preview/eyJwYXRoIjoiLi4vLi4vZXRjL3Bhc3N3ZCJ9:1x:abc/")
    assert response.status_code == 302
    assert "这份上传已失效" in messages_after(as_b, response)


def test_cancelling_forgets_the_upload(as_b, reporting_plan, period, agency_b):
    template = download(as_b, period, agency_b).fill("（二）", 进展情况="不要了。")
    location, _page = preview_of(as_b, upload(as_b, period, agency_b, template.bytes()))
    response = as_b.post(location + "cancel/")
    assert "已取消本次上传，没有写入任何修改。" in messages_after(as_b, response)
    assert "这份上传已失效" in messages_after(as_b, as_b.get(location))
    assert report_of(reporting_plan, "（二）", "省商务厅").version == 0


def test_the_page_lists_the_agencys_periods_with_download_and_upload(
    as_b, reporting_plan, period, agency_b
):
    page = as_b.get("/reports/excel/").content.decode()
    assert "省商务厅" in page and "2024年第一季度" in page and "测试行动计划" in page
    assert f'href="{template_url(period, agency_b)}"' in page
    assert f'action="/reports/excel/{period.pk}/{agency_b.pk}/upload/"' in page
    assert "2 份" in page  # （一） as co-responsible, （二） as lead


def test_a_person_in_two_agencies_picks_the_agency(client, reporter_b, period, agency_a):
    Membership.objects.create(user=reporter_b, agency=agency_a, role=Membership.Role.REPORTER)
    client.force_login(reporter_b)
    page = client.get("/reports/excel/").content.decode()
    assert '<select id="pick-agency" name="agency">' in page
    page = client.get(f"/reports/excel/?agency={agency_a.pk}").content.decode()
    assert f"/reports/excel/{period.pk}/{agency_a.pk}/upload/" in page


def test_someone_with_no_agency_is_told_so(client, office_supervisor, directory):
    from agencies.services import person_create as create

    nobody = create(
        username="nobody",
        password="pw",
        full_name="无单位",
        agency=Agency.objects.get(short_name="省科技厅"),
        role=Membership.Role.VIEWER,
    )
    client.force_login(nobody)
    assert "您不是任何单位的填报人或审核人" in client.get("/reports/excel/").content.decode()
