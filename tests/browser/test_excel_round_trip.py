"""In a real browser, an agency's reporter downloads the template, fills it, uploads it,
reviews the preview and confirms."""

import pytest

from agencies.models import Agency
from tasks.models import Assignment, Measure, ProgressReport, ReportingPeriod
from tasks.services.reporting import period_open
from tests.excel.conftest import Template, report_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reporter_round_trips_the_template_in_a_browser(
    reporter_b,
    reporting_plan,
    live_server,
    page,
    screenshot,
    tmp_path,
):
    period = ReportingPeriod.objects.get(plan=reporting_plan)
    agency_b = Agency.objects.get(short_name="省商务厅")
    third = Measure.objects.create(
        plan=reporting_plan,
        number=3,
        label="（三）",
        ref="（三）",
        order=3,
        text="加强涉外知识产权保护，建立海外知识产权维权援助机制，新增注册商标3万件以上。",
    )
    Assignment.objects.create(
        measure=third, agency=agency_b, role="lead", name_as_written="省商务厅"
    )
    third.indicators.create(plan=reporting_plan, name="新增注册商标", unit="件", kind="absolute")
    period_open(period=period)

    page.goto(f"{live_server.url}/login/?next=/reports/excel/")
    page.fill("input[name=username]", "reporter-b")
    page.fill("input[name=password]", "pw-reporter-b")
    page.click("button[type=submit]")
    page.wait_for_selector("text=下载填报模板")
    screenshot("excel-index")

    with page.expect_download() as download_info:
        page.click("text=下载填报模板")
    download = download_info.value
    assert download.suggested_filename == "进展填报-2024年第一季度-省商务厅.xlsx"
    path = tmp_path / download.suggested_filename
    download.save_as(path)

    template = Template(path.read_bytes())
    template.fill("（一）", 配合工作="梳理重点外贸企业名录 35 家，已提供给牵头单位。")
    template.fill(
        "（二）",
        进展状态="序时推进",
        完成比例="６０",
        进展情况="一季度发明专利申请量同比增长 12%，高于全年目标。\n已召开推进会两次。",
        指标1实际值="12",
    )
    template.fill("（三）", 进展状态="进行中", 指标1实际值="３万", 完成比例=130)
    path.write_bytes(template.bytes())

    page.set_input_files("input[name=file]", str(path))
    page.click("button:has-text('上传并预览')")
    page.wait_for_selector("h1:has-text('核对 Excel 填报')")
    problems = page.inner_text("#problems")
    assert "第 6 行“进展状态”：“进行中”不是可选的进展状态" in problems
    assert "第 6 行“完成比例(%)”：完成比例应在 0 到 100 之间。" in problems
    assert "30000" in page.inner_text("#row-6")
    screenshot("excel-preview")

    page.click("button:has-text('导入 2 行无误的修改')")
    page.wait_for_selector(".messages li.success")
    assert "已导入 2 行" in page.inner_text(".messages")
    screenshot("excel-imported", full_page=False)
    second = report_of(reporting_plan, "（二）", "省商务厅")
    assert second.completion_percent == 60 and second.version == 1
    assert ProgressReport.objects.get(measure=third).version == 0
