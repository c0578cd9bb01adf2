"""In a real browser, the office uploads a published plan, watches it import and reviews it."""

from pathlib import Path

import pytest
from django.conf import settings

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PILOT = (
    Path(settings.BASE_DIR) / "fixtures" / "documents" / "2016-jiangsu-ip-regional-layout-pilot.txt"
)


def test_office_uploads_reviews_beside_the_source_resolves_and_publishes(
    office_supervisor, background_jobs, live_server, page, screenshot
):
    page.goto(f"{live_server.url}/login/?next=/plans/import/")
    page.fill("input[name=username]", "office")
    page.fill("input[name=password]", "pw-office")
    page.click("button[type=submit]")
    page.set_input_files("input[name=file]", str(PILOT))
    screenshot("import-upload", full_page=False)
    page.click("button:has-text('上传并识别')")

    page.wait_for_selector(".summary")
    assert "《江苏省知识产权区域布局试点工作推进方案》" in page.inner_text(".summary h2")
    assert page.inner_text("#job-status") == "已完成"
    screenshot("import-job")
    page.click("text=核对草稿 →")

    measure = page.locator(".measure", has_text="开展知识产权资源调查分析").first
    lines = measure.get_attribute("data-lines")
    first_line = int(lines.split("-")[0])
    measure.click()
    # The highlight is drawn by the page's script after the click: wait for it (a loaded
    # machine ran the count before the script had run).
    page.wait_for_selector(".source-lines li.hl")
    highlighted = page.locator(".source-lines li.hl")
    assert highlighted.count() >= 1
    assert highlighted.first.get_attribute("id") == f"L{first_line}"
    assert "开展知识产权资源调查分析" in highlighted.first.inner_text()
    screenshot("plan-review", full_page=False)

    page.click("button:has-text('发布计划')")
    assert "还有待确认的责任单位：相关省辖市" in page.inner_text(".messages")
    row = page.locator(".resolve-row", has_text="相关省辖市")
    row.locator("select[name=agencies]").select_option(label="苏州市（市）")
    row.locator("button:has-text('确认')").click()
    assert "已确认" in page.inner_text(".messages")
    page.click("button:has-text('发布计划')")
    # every task names its bodies (工作思路/主要目标 are the framing): it publishes at once
    assert "已发布" in page.inner_text(".messages")
