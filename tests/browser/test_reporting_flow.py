"""In a real browser, on `make run`'s demo data: a reporter files, the approver signs off,
the office returns the report, the reporter revises, and the office accepts it."""

from io import StringIO

import pytest
from django.core.management import call_command

from tasks.models import ProgressReport
from tasks.services.reporting import ReportInput, report_save
from tests.browser.steps import log_in, log_out, messages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MEASURE = "（十四）"  # led by 省科技厅 in the 2012 plan, with one target (1500项以上)


@pytest.fixture
def demo(settings):
    """Exactly what `make run` loads: directory, seed plans, demo people, the open period."""
    settings.DEBUG = True
    call_command("seed", stdout=StringIO())
    settings.DEBUG = False
    return ProgressReport.objects.get(
        period__plan__slug="2012-jiangsu-ip-strategy-action-plan",
        measure__label=MEASURE,
        agency__short_name="省科技厅",
    )


def test_file_sign_off_return_resubmit_and_accept_in_the_demo(
    demo, live_server, page, screenshot, tmp_path
):
    base = live_server.url
    report = demo
    attachment = tmp_path / "资助项目清单.pdf"
    attachment.write_bytes(b"%PDF-1.4 demo list")

    # 1. The reporter of 省科技厅 finds the report in 本季度待填报 and fills it in.
    log_in(page, base, "keji")
    assert page.locator("nav a", has_text="待填报").count() == 1
    assert page.locator("nav a", has_text="待审核").count() == 0
    row = page.locator("table.rp-inbox tbody tr", has_text=MEASURE)
    assert "牵头" in row.inner_text() and "草稿" in row.inner_text()
    assert "2013年1月10日" in row.inner_text() and "已逾期" in row.inner_text()
    screenshot("reporting-inbox")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot("reporting-inbox-390")
    page.set_viewport_size({"width": 1280, "height": 900})

    row.locator("a.button").click()
    page.wait_for_selector("#report-form")
    assert "资助优秀专利转化和产业化项目1500项以上" in page.inner_text(".rp-measure")
    page.select_option("select[name=progress_status]", "on_track")
    page.fill("input[name=completion_percent]", "８０")  # full-width digits are fine
    page.fill("textarea[name=progress_text]", "全年资助专利转化和产业化项目1620项，超额完成目标。")
    page.fill("textarea[name=problems]", "部分项目验收滞后。")
    page.fill("textarea[name=next_steps]", "督促项目单位按期验收。")
    indicator = report.measure.indicators.get()
    page.fill(f"input[name=value_{indicator.pk}]", "１６２０")

    # Autosave (normally every 20 s) posts the draft and answers the new version.
    page.locator("#report-form").dispatch_event("ipplan:autosave")
    page.wait_for_selector("#autosave-status:has-text('已自动保存草稿')")
    report.refresh_from_db()
    assert report.version == 1 and report.progress_text.startswith("全年资助")
    assert page.input_value("input[name=expected_version]") == "1"

    page.set_input_files("input[name=attachment]", str(attachment))
    screenshot("reporting-form")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot("reporting-form-390")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.click("button[value=submit]")
    assert "附件“资助项目清单.pdf”已上传" in messages(page)
    assert "已提交本单位审核人审核" in messages(page)
    assert page.inner_text(".rp-status .badge") == "待单位审核"
    log_out(page)

    # 2. The approver signs it off from 待审核; it goes to the office as version 1.
    log_in(page, base, "keji-lead")
    page.click("nav a:has-text('待审核')")
    pending = page.locator("table.rp-signoff tbody tr", has_text=MEASURE)
    screenshot("reporting-signoff")
    pending.locator("button:has-text('审核通过并报送')").click()
    assert "已审核通过" in messages(page)
    report.refresh_from_db()
    assert report.state == "submitted" and report.versions.count() == 1
    log_out(page)

    # 3. The office finds it in the review queue and returns it; a reason is required.
    log_in(page, base, "office")
    page.click("nav a:has-text('审核')")
    queued = page.locator("table.rp-review tbody tr", has_text=MEASURE)
    assert "省科技厅" in queued.inner_text() and "2012年第四季度" in queued.inner_text()
    screenshot("reporting-review-queue")
    queued.locator(f"a:has-text('{MEASURE}')").click()
    page.click("button[value=return]")
    assert "退回时必须填写理由。" in messages(page)
    page.locator("form[action$='/return/'] textarea").fill("请附各设区市的项目分布。")
    page.click("button[value=return]")
    assert "退回单位修改" in messages(page)
    assert page.inner_text(".rp-status .badge") == "已退回"
    log_out(page)

    # 4. The reporter sees why, revises and resubmits; the approver signs off again.
    log_in(page, base, "keji")
    row = page.locator("table.rp-inbox tbody tr", has_text=MEASURE)
    assert "请附各设区市的项目分布。" in row.inner_text()
    row.locator("a.button").click()
    assert page.input_value("textarea[name=progress_text]").startswith("全年资助")
    page.fill(
        "textarea[name=progress_text]",
        "全年资助专利转化和产业化项目1620项，其中苏南地区980项、苏中苏北640项，超额完成目标。",
    )
    page.click("button[value=submit]")
    assert "已提交本单位审核人审核" in messages(page)
    log_out(page)
    log_in(page, base, "keji-lead")
    page.locator("table.rp-signoff tbody tr", has_text=MEASURE).locator(
        "button:has-text('审核通过并报送')"
    ).click()
    assert "已审核通过" in messages(page)
    log_out(page)

    # 5. The office sees what changed since version 1, compares the versions and accepts.
    log_in(page, base, "office", next_url=f"/reports/{report.pk}/")
    changes = page.inner_text(".rp-changes")
    assert "进展情况" in changes and "其中苏南地区980项、苏中苏北640项" in changes
    assert page.locator(".rp-changes ins").count() >= 1
    page.click("text=查看第 2 版的完整对比")
    assert "第 1 版 → 第 2 版" in page.inner_text("h1")
    assert "其中苏南地区980项、苏中苏北640项" in page.inner_text(".rp-diff ins")
    screenshot("reporting-diff")
    page.go_back()
    page.click("button[value=accept]")
    assert "报告已采纳" in messages(page)
    assert page.inner_text(".rp-status .badge") == "已采纳"
    history = page.inner_text(".rp-history")
    for action in ("报送", "单位审核通过", "退回修改", "采纳"):
        assert action in history
    screenshot("reporting-accepted")

    report.refresh_from_db()
    assert report.state == "accepted" and report.versions.count() == 2
    assert report.values.get().value == 1620
    assert report.attachments.get().name == "资助项目清单.pdf"


def test_a_stale_autosave_says_what_happened_and_keeps_the_text_on_screen(
    demo, live_server, page, screenshot
):
    report = demo
    log_in(page, live_server.url, "keji", next_url=f"/reports/{report.pk}/")
    page.fill("textarea[name=progress_text]", "我在页面上写的这段话")
    # Meanwhile the approver of the same agency saves the report from another machine.
    approver = report.agency.memberships.get(role="approver").user
    report_save(
        report=report,
        by=approver,
        data=ReportInput(progress_text="审核人改过的内容"),
        expected_version=report.version,
    )
    page.locator("#report-form").dispatch_event("ipplan:autosave")
    status = page.locator("#autosave-status")
    status.filter(has_text="自动保存未成功").wait_for()
    assert "已被他人修改" in status.inner_text() and "没有丢失" in status.inner_text()
    assert page.input_value("textarea[name=progress_text]") == "我在页面上写的这段话"

    # A manual save now shows both texts side by side, the typed one still in the form.
    page.click("button[value=save]")
    assert "审核人改过的内容" in page.inner_text("#conflict")
    assert page.input_value("textarea[name=progress_text]") == "我在页面上写的这段话"
    screenshot("reporting-conflict", full_page=False)
    report.refresh_from_db()
    assert report.progress_text == "审核人改过的内容"
