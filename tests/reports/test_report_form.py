"""The report page: what it shows, saving, autosave, concurrent edits, uploads, submitting."""

import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tasks.models import ProgressReport, ReportEvent
from tasks.services.reporting import (
    period_close,
    period_open,
    period_quarter_get_or_create,
    report_accept,
)

from .conftest import file_report, form_data, report_of

pytestmark = pytest.mark.django_db
State = ProgressReport.State


def test_the_report_page_shows_the_measure_its_chapter_agencies_and_targets(
    reporting_plan, reporter_b, login
):
    report = report_of(reporting_plan, "（二）", "省商务厅")
    page = login(reporter_b).get(f"/reports/{report.pk}/").content.decode()
    assert "发明专利申请量比2023年增长10%。" in page
    assert "一、推进知识产权创造" in page  # its chapter
    assert "省商务厅<small>牵头</small>" in page
    assert "发明专利申请量" in page and "比2023年增长 ≥ 10%（2024年）" in page
    # A lead agency has no 配合工作 box; the form carries the version it was read at.
    assert 'name="contribution"' not in page
    assert 'name="expected_version" value="0"' in page


def test_a_co_responsible_agency_fills_in_its_contribution(reporting_plan, reporter_b, login):
    report = report_of(reporting_plan, "（一）", "省商务厅")
    client = login(reporter_b)
    assert 'name="contribution"' in client.get(f"/reports/{report.pk}/").content.decode()
    client.post(
        f"/reports/{report.pk}/",
        form_data(report, progress_text="配合开展调研。", contribution="提供外贸企业名录 120 家。"),
    )
    report.refresh_from_db()
    assert report.contribution == "提供外贸企业名录 120 家。"


def test_the_lead_sees_what_co_responsible_agencies_filed_but_not_their_drafts(
    reporting_plan, reporter_a, reporter_b, login
):
    co = report_of(reporting_plan, "（一）", "省商务厅")
    lead = report_of(reporting_plan, "（一）", "省科技厅")
    client = login(reporter_a)
    login(reporter_b).post(
        f"/reports/{co.pk}/", form_data(co, progress_text="配合进展", contribution="配合内容甲")
    )
    assert "配合内容甲" not in client.get(f"/reports/{lead.pk}/").content.decode()

    co.refresh_from_db()
    file_report(co, reporter_b, text="配合进展", contribution="配合内容甲")
    page = client.get(f"/reports/{lead.pk}/").content.decode()
    contributions = page.split("配合单位报送情况", 1)[1]
    assert "省商务厅" in contributions and "配合内容甲" in contributions


def test_last_periods_report_is_shown_beside_the_form(
    reporting_plan, reporter_b, office_supervisor, login
):
    q1 = report_of(reporting_plan, "（二）", "省商务厅")
    report_accept(report=file_report(q1, reporter_b, text="一季度完成摸底。"), by=office_supervisor)
    q2 = period_quarter_get_or_create(plan=reporting_plan, year=2024, quarter=2)
    period_open(period=q2)
    current = report_of(reporting_plan, "（二）", "省商务厅", period=q2)
    page = login(reporter_b).get(f"/reports/{current.pk}/").content.decode()
    side = page.split("上期报告", 1)[1]
    assert "2024年第一季度" in side and "一季度完成摸底。" in side


def test_saving_reads_full_width_and_wan_numbers_into_indicator_values(
    reporting_plan, reporter_b, login
):
    report = report_of(reporting_plan, "（二）", "省商务厅")
    indicator = report.measure.indicators.get()
    response = login(reporter_b).post(
        f"/reports/{report.pk}/",
        form_data(
            report,
            progress_text="申请量稳步增长。",
            completion_percent="６０",
            **{f"value_{indicator.pk}": "３万"},
        ),
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.version == 1 and report.completion_percent == 60
    assert report.values.get().value == Decimal("30000")
    page = login(reporter_b).get(f"/reports/{report.pk}/").content.decode()
    assert f'name="value_{indicator.pk}" value="30000"' in page


def test_a_bad_number_is_refused_in_chinese_naming_the_field_and_the_text_stays(
    reporting_plan, reporter_b, login
):
    report = report_of(reporting_plan, "（二）", "省商务厅")
    indicator = report.measure.indicators.get()
    response = login(reporter_b).post(
        f"/reports/{report.pk}/",
        form_data(
            report,
            progress_text="这段文字不能丢。",
            completion_percent="六十点五",
            **{f"value_{indicator.pk}": "25%"},
        ),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "“发明专利申请量（%）”实际值：“25%”不是有效的数字" in page
    assert "完成比例：" in page
    assert "这段文字不能丢。" in page
    report.refresh_from_db()
    assert report.version == 0 and report.progress_text == ""


def test_a_second_persons_stale_save_is_refused_and_their_text_kept_on_screen(
    reporting_plan, reporter_a, approver_a, login
):
    report = report_of(reporting_plan, "（一）", "省科技厅")
    first, second = login(reporter_a), login(approver_a)
    # Both open the page at version 0.
    for client in (first, second):
        assert (
            'name="expected_version" value="0"'
            in client.get(f"/reports/{report.pk}/").content.decode()
        )
    first.post(f"/reports/{report.pk}/", form_data(report, progress_text="甲写的进展"))

    response = second.post(f"/reports/{report.pk}/", form_data(report, progress_text="乙写的进展"))
    page = response.content.decode()
    assert response.status_code == 409
    assert "该报告在您打开后已被他人修改（您打开的是第 0 版，现在是第 1 版）" in page
    assert "您填写的内容<strong>没有丢失</strong>" in page
    assert "\n乙写的进展</textarea>" in page  # the second person's text, still in the form
    assert "甲写的进展" in page.split('id="conflict"', 1)[1]  # the first person's, beside it
    report.refresh_from_db()
    assert (report.progress_text, report.version) == ("甲写的进展", 1)

    # The re-rendered form now carries version 1: saving the merged text is a conscious act.
    assert 'name="expected_version" value="1"' in page
    merged = form_data(report, progress_text="甲写的进展；乙写的进展")
    assert second.post(f"/reports/{report.pk}/", merged).status_code == 302
    report.refresh_from_db()
    assert (report.progress_text, report.version) == ("甲写的进展；乙写的进展", 2)


def test_autosave_answers_the_new_version_and_writes_no_history_entry(
    reporting_plan, reporter_b, login
):
    report = report_of(reporting_plan, "（二）", "省商务厅")
    client = login(reporter_b)
    response = client.post(
        f"/reports/{report.pk}/autosave/", form_data(report, progress_text="自动保存的草稿")
    )
    assert response.status_code == 200
    body = response.json()
    assert body["ok"] is True and body["version"] == 1
    report.refresh_from_db()
    assert report.progress_text == "自动保存的草稿"
    assert not ReportEvent.objects.filter(report=report, action="saved").exists()

    again = client.post(
        f"/reports/{report.pk}/autosave/",
        form_data(report, progress_text="第二次自动保存"),
    )
    assert again.json()["version"] == 2


def test_a_stale_autosave_answers_409_with_the_chinese_message(reporting_plan, reporter_b, login):
    report = report_of(reporting_plan, "（二）", "省商务厅")
    client = login(reporter_b)
    client.post(f"/reports/{report.pk}/autosave/", form_data(report, progress_text="新的"))
    stale = client.post(
        f"/reports/{report.pk}/autosave/", form_data(report, progress_text="旧页面上的")
    )
    assert stale.status_code == 409
    body = json.loads(stale.content)
    assert body["ok"] is False and body["code"] == "stale"
    assert "该报告在您打开后已被他人修改（您打开的是第 0 版，现在是第 1 版）" in body["message"]
    report.refresh_from_db()
    assert report.progress_text == "新的"


def test_autosave_of_a_bad_number_answers_422_naming_the_field(reporting_plan, reporter_b, login):
    report = report_of(reporting_plan, "（二）", "省商务厅")
    indicator = report.measure.indicators.get()
    response = login(reporter_b).post(
        f"/reports/{report.pk}/autosave/",
        form_data(report, **{f"value_{indicator.pk}": "很多"}),
    )
    assert response.status_code == 422  # as the API answers invalid content
    assert "“发明专利申请量（%）”实际值" in response.json()["message"]


def test_a_failed_upload_keeps_what_the_user_typed(reporting_plan, reporter_b, login):
    report = report_of(reporting_plan, "（二）", "省商务厅")
    data = form_data(report, progress_text="附件没传上也要留住这段话。", problems="经费不足")
    data["attachment"] = SimpleUploadedFile("统计表.exe", b"MZ...")
    response = login(reporter_b).post(f"/reports/{report.pk}/", data)
    page = response.content.decode()
    assert "附件“统计表.exe”的类型不允许" in page
    assert "\n附件没传上也要留住这段话。</textarea>" in page and "\n经费不足</textarea>" in page
    assert report.attachments.count() == 0
    # The text was saved as a draft, and the page holds the new version for the next save.
    report.refresh_from_db()
    assert report.progress_text == "附件没传上也要留住这段话。"
    assert f'name="expected_version" value="{report.version}"' in page


def test_an_uploaded_attachment_is_listed_and_served_only_to_those_who_may_see_it(
    reporting_plan, reporter_a, reporter_b, login
):
    report = report_of(reporting_plan, "（二）", "省商务厅")
    owner = login(reporter_b)
    data = form_data(report, progress_text="见附件。")
    data["attachment"] = SimpleUploadedFile("统计表.pdf", b"%PDF-1.4 demo")
    owner.post(f"/reports/{report.pk}/", data)
    attachment = report.attachments.get()
    page = owner.get(f"/reports/{report.pk}/").content.decode()
    url = f"/reports/{report.pk}/attachments/{attachment.pk}/"
    assert "统计表.pdf" in page and url in page
    download = owner.get(url)
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 demo"
    assert "attachment" in download["Content-Disposition"]
    assert login(reporter_a).get(url).status_code == 404  # 省科技厅 has no business here


def test_submitting_goes_to_the_approver_first_when_the_agency_has_one(
    reporting_plan, reporter_a, approver_a, login
):
    report = report_of(reporting_plan, "（一）", "省科技厅")
    response = login(reporter_a).post(
        f"/reports/{report.pk}/",
        form_data(report, progress_text="平台一期上线。", action="submit"),
        follow=True,
    )
    assert "已提交本单位审核人审核" in response.content.decode()
    report.refresh_from_db()
    assert report.state == State.PENDING_SIGNOFF


def test_a_deactivated_approver_does_not_strand_the_report(
    reporting_plan, reporter_a, approver_a, login
):
    # The page's next step and the submit service ask the same question (agencies.selectors).
    approver_a.is_active = False
    approver_a.save(update_fields=["is_active"])
    report = report_of(reporting_plan, "（一）", "省科技厅")
    client = login(reporter_a)
    assert "提交联席办" in client.get(f"/reports/{report.pk}/").content.decode()
    client.post(
        f"/reports/{report.pk}/", form_data(report, progress_text="平台一期上线。", action="submit")
    )
    report.refresh_from_db()
    assert report.state == State.SUBMITTED


def test_submitting_an_incomplete_report_keeps_the_draft_and_says_what_is_missing(
    reporting_plan, reporter_b, login
):
    report = report_of(reporting_plan, "（二）", "省商务厅")
    response = login(reporter_b).post(
        f"/reports/{report.pk}/",
        form_data(
            report, progress_status="adjusted", progress_text="改为下半年实施", action="submit"
        ),
        follow=True,
    )
    page = response.content.decode()
    assert "草稿已保存，但未能报送" in page and "请填写调整原因" in page
    report.refresh_from_db()
    assert report.state == State.DRAFT and report.progress_text == "改为下半年实施"


def test_a_closed_period_shows_the_report_without_a_form(reporting_plan, reporter_b, login):
    report = report_of(reporting_plan, "（二）", "省商务厅")
    period_close(period=report.period)
    page = login(reporter_b).get(f"/reports/{report.pk}/").content.decode()
    assert 'id="report-form"' not in page and "报告内容" in page
