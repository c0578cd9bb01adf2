"""Every way an uploaded template can be wrong gets a Chinese message naming row and column,
and nothing wrong is ever written."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.storage import default_storage

from tasks.excel.apply import ApplyError, preview_apply, preview_build
from tasks.excel.reading import workbook_extract
from tasks.models import ProgressReport, ReportEvent
from tasks.services.reporting import (
    ReportInput,
    period_close,
    period_open,
    period_quarter_get_or_create,
    report_accept,
    report_save,
    report_submit,
)
from tests.excel.conftest import (
    confirm,
    download,
    messages_after,
    preview_of,
    report_of,
    upload,
)

pytestmark = pytest.mark.django_db


def refused(client, period, agency, content: bytes, name: str = "填报.xlsx") -> str:
    """Upload a file that must be refused as a whole; return the page's text."""
    response = upload(client, period, agency, content, name)
    assert response.status_code == 302
    assert not response["Location"].startswith("/reports/excel/preview/")
    return messages_after(client, response)


def pending_files() -> list[str]:
    try:
        return default_storage.listdir("excel-uploads")[1]
    except FileNotFoundError:
        return []


def row_of(page, measure: str):
    return next(row for row in page.context["preview"].rows if row.measure == measure)


def nothing_written(plan) -> None:
    assert not ReportEvent.objects.exists()
    assert set(
        ProgressReport.objects.filter(period__plan=plan).values_list("version", flat=True)
    ) == {0}


# --- the file as a whole -----------------------------------------------------------------


def test_a_file_over_the_size_limit_is_refused(as_b, settings, period, agency_b):
    content = download(as_b, period, agency_b).bytes()
    settings.IPPLAN_MAX_DOCUMENT_BYTES = 2048
    waiting = pending_files()
    page = refused(as_b, period, agency_b, content)
    assert f"上传失败：文件有 {len(content) / 1024:.0f} KB，超过 2 KB 的上限。" in page
    assert pending_files() == waiting  # a refused file is not kept


def test_a_file_that_is_not_an_xlsx_is_refused(as_b, period, agency_b):
    page = refused(as_b, period, agency_b, "进展情况：良好".encode(), "填报.xlsx")
    assert "无法读取文件：这不是 .xlsx 格式的 Excel 文件" in page


def test_an_old_xls_file_is_refused_with_advice(as_b, period, agency_b):
    page = refused(as_b, period, agency_b, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    assert "这是旧版 .xls 文件" in page and "另存为 .xlsx" in page


def test_a_corrupt_xlsx_is_refused(as_b, period, agency_b):
    content = bytearray(download(as_b, period, agency_b).bytes())
    # Damage the compressed parts but keep the zip directory, as a broken download does.
    for position in range(200, len(content) // 2, 7):
        content[position] = 0x55
    page = refused(as_b, period, agency_b, bytes(content))
    assert "无法读取文件：Excel 文件已损坏" in page


def test_a_workbook_that_is_not_our_template_is_refused(as_b, period, agency_b):
    workbook = openpyxl.Workbook()
    workbook.active.append(["措施编号", "进展情况"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    page = refused(as_b, period, agency_b, buffer.getvalue())
    assert "这不是从本系统下载的填报模板（缺少模板标识）" in page


def test_a_template_with_an_altered_signature_is_refused(as_b, reporting_plan, period, agency_b):
    template = download(as_b, period, agency_b).fill("（二）", 进展情况="有进展。")
    meta = template.workbook["ipplan"]
    token = meta["B5"].value
    meta["B5"] = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    page = refused(as_b, period, agency_b, template.bytes())
    assert "模板标识被改动过，无法确认这份文件来自本系统" in page
    nothing_written(reporting_plan)


def test_a_template_of_another_period_is_refused(as_b, reporting_plan, period, agency_b):
    second_quarter = period_quarter_get_or_create(plan=reporting_plan, year=2024, quarter=2)
    period_open(period=second_quarter)
    template = download(as_b, second_quarter, agency_b).fill("（二）", 进展情况="二季度进展。")
    page = refused(as_b, period, agency_b, template.bytes())
    assert "这份文件是“2024年第二季度 · 省商务厅”的填报模板，不是2024年第一季度的" in page
    assert not ReportEvent.objects.exists()


def test_a_template_of_another_agency_never_changes_that_agencys_reports(
    client, office_supervisor, reporter_b, reporting_plan, period, agency_a, agency_b
):
    client.force_login(office_supervisor)
    template = download(client, period, agency_a).fill("（一）", 进展情况="冒名填写。")
    client.force_login(reporter_b)
    page = refused(client, period, agency_b, template.bytes())
    assert "这份文件是“2024年第一季度 · 省科技厅”的填报模板，不是省商务厅的" in page
    # Nor can it be sent to 省科技厅's own upload address: 省商务厅's reporter is refused.
    assert upload(client, period, agency_a, template.bytes()).status_code == 403
    report = report_of(reporting_plan, "（一）", "省科技厅")
    assert report.progress_text == "" and report.version == 0
    nothing_written(reporting_plan)


def test_a_changed_header_row_is_refused(as_b, period, agency_b):
    template = download(as_b, period, agency_b)
    template.sheet.cell(3, template.columns["存在问题"]).value = "问题"
    page = refused(as_b, period, agency_b, template.bytes())
    assert "第 3 行的表头被改动：第 9 列应为“存在问题”，现为“问题”" in page


# --- locked cells --------------------------------------------------------------------------


def test_altered_locked_cells_are_named_and_the_row_is_not_applied(
    as_b, reporting_plan, period, agency_b
):
    template = download(as_b, period, agency_b)
    template.fill("（二）", 进展情况="有进展。", 措施内容="改过的措施内容。", 本单位角色="配合")
    template.cell("（二）", "措施编号").value = "（三）"
    location, page = preview_of(as_b, upload(as_b, period, agency_b, template.bytes()))
    row = row_of(page, "（三）")
    assert row.status == "invalid"
    assert row.errors == [
        "第 5 行“措施编号”被改动：模板中为“（二）”，现为“（三）”。灰色单元格不能修改。",
        "第 5 行“措施内容”被改动。灰色单元格不能修改。",
        "第 5 行“本单位角色”被改动：模板中为“牵头”，现为“配合”。灰色单元格不能修改。",
    ]
    assert "没有可以导入的修改" in page.content.decode()
    assert as_b.post(location, {"fingerprint": page.context["preview"].fingerprint})
    nothing_written(reporting_plan)


def test_a_changed_version_cell_cannot_hide_a_conflict(
    as_b, reporter_b, reporting_plan, period, agency_b
):
    template = download(as_b, period, agency_b).fill("（二）", 进展情况="我的版本。")
    report = report_of(reporting_plan, "（二）", "省商务厅")
    report_save(report=report, by=reporter_b, expected_version=0, data=ReportInput(problems="他人"))
    template.fill("（二）", 版本号=1)
    _location, page = preview_of(as_b, upload(as_b, period, agency_b, template.bytes()))
    assert row_of(page, "（二）").errors == [
        "第 5 行“版本号”被改动：模板中为“0”，现为“1”。灰色单元格不能修改。"
    ]


def test_pointing_a_row_at_another_agencys_report_is_refused(
    as_b, reporting_plan, period, agency_b
):
    template = download(as_b, period, agency_b).fill("（二）", 进展情况="改别人的报告。")
    other = report_of(reporting_plan, "（一）", "省科技厅")
    template.fill("（二）", 报告编号=other.pk)
    _location, page = preview_of(as_b, upload(as_b, period, agency_b, template.bytes()))
    assert row_of(page, "（二）").errors == [
        "第 5 行：“报告编号”不是本模板中的报告。"
        "请不要增加、复制行或修改灰色单元格，重新下载模板填写。"
    ]
    other.refresh_from_db()
    assert other.progress_text == "" and other.version == 0


def test_a_copied_row_is_refused(as_b, period, agency_b):
    template = download(as_b, period, agency_b)
    sheet = template.sheet
    for column in range(1, sheet.max_column + 1):
        sheet.cell(6, column).value = sheet.cell(5, column).value
    sheet.cell(6, template.columns["进展情况"]).value = "第二份进展。"
    _location, page = preview_of(as_b, upload(as_b, period, agency_b, template.bytes()))
    rows = page.context["preview"].rows
    assert [row.row for row in rows] == [4, 5, 6]
    assert (
        rows[2].status == "invalid" and "第 6 行：“报告编号”不是本模板中的报告" in rows[2].errors[0]
    )


def test_a_value_typed_into_a_measure_without_that_indicator_is_refused(as_b, period, agency_b):
    template = download(as_b, period, agency_b)
    template.cell("（一）", "指标1实际值").value = 5  # （一） has no indicator
    _location, page = preview_of(as_b, upload(as_b, period, agency_b, template.bytes()))
    assert row_of(page, "（一）").errors == [
        "第 4 行“指标1实际值”：该措施没有第 1 个指标，请留空。"
    ]


# --- what people type ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        (
            {"进展状态": "进行中"},
            "第 5 行“进展状态”：“进行中”不是可选的进展状态，请从下拉列表中选择："
            "已完成、序时推进、进度滞后、未启动、已调整。",
        ),
        ({"完成比例": 150}, "第 5 行“完成比例(%)”：完成比例应在 0 到 100 之间。"),
        ({"完成比例": "-5"}, "第 5 行“完成比例(%)”：完成比例应在 0 到 100 之间。"),
        ({"完成比例": 2.5}, "第 5 行“完成比例(%)”：请填写整数，而不是 2.5。"),
        (
            {"完成比例": "大半"},
            "第 5 行“完成比例(%)”：“大半”不是有效的数字"
            "（可填写如 25、2.5、1,500、3万 或 二十五）。",
        ),
        (
            {"指标1实际值": "-3"},
            "第 5 行“指标1实际值”：指标实际值不能为负数。（填写的是 -3）",
        ),
        (
            {"指标1实际值": "25%"},
            "第 5 行“指标1实际值”：“25%”不是有效的数字：“%”不是数字的一部分，请只填写数值。",
        ),
        (
            {"指标1实际值": "1,50"},
            "第 5 行“指标1实际值”：“1,50”不是有效的数字：千位分隔符应每三位一组，如 1,500。",
        ),
        ({"指标1实际值": "1.23456"}, "第 5 行“指标1实际值”：最多保留 4 位小数。"),
        (
            {"进展情况": "字" * 5001},
            "第 5 行“进展情况”：“进展情况”最多 5000 字，现有 5001 字。",
        ),
        (
            {"下步打算": "步" * 5001},
            "第 5 行“下步打算”：“下步打算”最多 5000 字，现有 5001 字。",
        ),
        ({"是否报送": "好的"}, "第 5 行“是否报送”：请填“是”或留空，而不是“好的”。"),
        (
            {"是否报送": "是", "存在问题": "只填了问题"},
            "第 5 行“是否报送”：不能报送，请选择进展状态；请填写进展情况。",
        ),
        (
            {"是否报送": "是", "进展状态": "已调整", "进展情况": "目标已调整。"},
            "第 5 行“是否报送”：不能报送，进展状态为“已调整”时，请填写调整原因。",
        ),
    ],
)
def test_a_bad_cell_is_named_by_row_and_column_and_not_applied(
    as_b, reporting_plan, period, agency_b, cells, message
):
    template = download(as_b, period, agency_b).fill("（二）", **cells)
    location, page = preview_of(as_b, upload(as_b, period, agency_b, template.bytes()))
    row = row_of(page, "（二）")
    assert row.status == "invalid"
    assert row.errors == [message]
    assert message in page.content.decode()
    as_b.post(location, {"fingerprint": page.context["preview"].fingerprint})
    nothing_written(reporting_plan)


@pytest.mark.parametrize(
    ("typed", "number_format", "stored"),
    [
        ("３万", "General", Decimal("30000")),
        ("2.5", "General", Decimal("2.5")),
        ("１２．５", "General", Decimal("12.5")),
        ("1,500", "General", Decimal("1500")),
        ("2.2万", "General", Decimal("22000")),
        ("二十五", "General", Decimal("25")),
        (7, "General", Decimal("7")),
        (0.125, "0.00%", Decimal("12.5")),  # typed as 12.5% in Excel
        (0.1 + 0.2, "General", Decimal("0.3")),  # =0.1+0.2 in a formula cell
    ],
)
def test_numbers_are_read_the_way_people_type_them(
    as_b, reporting_plan, period, agency_b, typed, number_format, stored
):
    template = download(as_b, period, agency_b).fill("（二）", 指标1实际值=typed)
    template.cell("（二）", "指标1实际值").number_format = number_format
    location, page = preview_of(as_b, upload(as_b, period, agency_b, template.bytes()))
    assert row_of(page, "（二）").status == "changed"
    confirm(as_b, location, page)
    report = report_of(reporting_plan, "（二）", "省商务厅")
    assert report.values.get().value == stored


@pytest.mark.parametrize(
    ("typed", "number_format"), [("８０", "General"), ("80%", "General"), (0.8, "0%"), (80, "0")]
)
def test_completion_is_read_in_every_usual_spelling(
    as_b, reporting_plan, period, agency_b, typed, number_format
):
    template = download(as_b, period, agency_b).fill("（二）", 完成比例=typed)
    template.cell("（二）", "完成比例(%)").number_format = number_format
    location, page = preview_of(as_b, upload(as_b, period, agency_b, template.bytes()))
    confirm(as_b, location, page)
    assert report_of(reporting_plan, "（二）", "省商务厅").completion_percent == 80


def test_clearing_a_value_removes_it(as_b, reporter_b, reporting_plan, period, agency_b):
    report = report_of(reporting_plan, "（二）", "省商务厅")
    indicator = report.measure.indicators.get()
    report_save(
        report=report,
        by=reporter_b,
        expected_version=0,
        data=ReportInput(values={indicator.pk: Decimal(9)}),
    )
    template = download(as_b, period, agency_b).fill("（二）", 指标1实际值=None)
    location, page = preview_of(as_b, upload(as_b, period, agency_b, template.bytes()))
    change = row_of(page, "（二）").changes
    assert [(c.header, c.before, c.after) for c in change] == [
        ("指标1实际值：发明专利申请量（%）", "9", "（空）")
    ]
    confirm(as_b, location, page)
    assert not report.values.exists()


def test_a_bad_row_does_not_block_the_good_ones(as_b, reporting_plan, period, agency_b):
    template = download(as_b, period, agency_b)
    template.fill("（一）", 配合工作="提供名录。").fill("（二）", 完成比例=120)
    location, page = preview_of(as_b, upload(as_b, period, agency_b, template.bytes()))
    assert "导入 1 行无误的修改（1 行有问题，不导入）" in page.content.decode()
    response = confirm(as_b, location, page)
    assert "已导入 1 行：保存 1 份报告，报送 0 份；1 行有问题，未导入。" in messages_after(
        as_b, response
    )
    assert report_of(reporting_plan, "（一）", "省商务厅").contribution == "提供名录。"
    assert report_of(reporting_plan, "（二）", "省商务厅").completion_percent is None


# --- the report moved on since the download ----------------------------------------------


def test_a_report_changed_since_the_download_is_a_conflict(
    as_b, reporter_b, reporting_plan, period, agency_b
):
    template = download(as_b, period, agency_b)
    template.fill("（一）", 配合工作="提供名录。").fill("（二）", 进展情况="我在 Excel 里写的。")
    report = report_of(reporting_plan, "（二）", "省商务厅")
    report_save(
        report=report,
        by=reporter_b,
        expected_version=0,
        data=ReportInput(progress_text="同事在网页上写的。"),
    )
    location, page = preview_of(as_b, upload(as_b, period, agency_b, template.bytes()))
    row = row_of(page, "（二）")
    assert row.status == "conflict"
    assert row.errors == [
        "第 5 行（（二））：下载模板后，该报告已在系统中被修改（模板中为第 0 版，现为第 1 版）。"
        "本行不导入，以免覆盖他人的修改；请重新下载模板后再填写。"
    ]
    assert "冲突" in page.content.decode()
    confirm(as_b, location, page)
    report.refresh_from_db()
    assert report.progress_text == "同事在网页上写的。" and report.version == 1
    assert report_of(reporting_plan, "（一）", "省商务厅").contribution == "提供名录。"


def test_an_untouched_row_never_reverts_a_newer_edit(
    as_b, reporter_b, reporting_plan, period, agency_b
):
    template = download(as_b, period, agency_b)
    report = report_of(reporting_plan, "（一）", "省商务厅")
    report_save(
        report=report, by=reporter_b, expected_version=0, data=ReportInput(contribution="新写的")
    )
    _location, page = preview_of(as_b, upload(as_b, period, agency_b, template.bytes()))
    # The row still holds the old (empty) text: applying it would erase the newer edit.
    assert row_of(page, "（一）").status == "conflict"


def test_submitted_and_accepted_reports_are_flagged_not_applied(
    as_b, reporter_b, office_supervisor, reporting_plan, period, agency_b
):
    template = download(as_b, period, agency_b)
    template.fill("（一）", 配合工作="改已采纳的。").fill("（二）", 进展情况="改已报送的。")
    filled = ReportInput(progress_status="on_track", progress_text="按计划推进。")
    for label in ("（一）", "（二）"):
        report = report_of(reporting_plan, label, "省商务厅")
        report = report_save(report=report, by=reporter_b, expected_version=0, data=filled)
        report_submit(report=report, by=reporter_b)
    report_accept(report=report_of(reporting_plan, "（一）", "省商务厅"), by=office_supervisor)
    _location, page = preview_of(as_b, upload(as_b, period, agency_b, template.bytes()))
    assert row_of(page, "（一）").status == "locked"
    assert row_of(page, "（一）").errors == [
        "第 4 行（（一））：该报告已被采纳，不能修改；如需修改，请联系联席办重新打开。本行不导入。"
    ]
    assert row_of(page, "（二）").errors == [
        "第 5 行（（二））：该报告当前状态为“已报送”，不能修改。本行不导入。"
    ]
    assert "没有可以导入的修改" in page.content.decode()


def test_a_closed_period_takes_no_upload(as_b, reporting_plan, period, agency_b):
    template = download(as_b, period, agency_b).fill("（二）", 进展情况="迟到的进展。")
    period_close(period=period)
    _location, page = preview_of(as_b, upload(as_b, period, agency_b, template.bytes()))
    assert row_of(page, "（二）").errors == [
        "第 5 行（（二））：填报周期“2024年第一季度”已关闭，报告不能再修改。"
    ]


def test_a_change_after_the_preview_rolls_everything_back(
    reporter_b, reporting_plan, period, agency_b, as_b
):
    template = download(as_b, period, agency_b)
    template.fill("（一）", 配合工作="提供名录。").fill("（二）", 进展情况="Excel 里的进展。")
    preview = preview_build(
        extract=workbook_extract(template.bytes()),
        filename="填报.xlsx",
        period=period,
        agency=agency_b,
        by=reporter_b,
    )
    assert [row.status for row in preview.rows] == ["changed", "changed"]
    second = report_of(reporting_plan, "（二）", "省商务厅")
    report_save(report=second, by=reporter_b, expected_version=0, data=ReportInput(problems="抢先"))
    with pytest.raises(ApplyError) as error:
        preview_apply(preview, by=reporter_b)
    assert str(error.value).startswith("第 5 行（（二））：下载模板后，该报告已在系统中被修改")
    assert str(error.value).endswith("所有修改均未写入，请重新上传核对。")
    # Row 4 came first and was valid, but nothing is half-applied.
    first = report_of(reporting_plan, "（一）", "省商务厅")
    assert first.contribution == "" and first.version == 0
    assert not ReportEvent.objects.filter(action="uploaded").exists()


def test_a_confirm_that_does_not_match_the_current_preview_writes_nothing(
    as_b, reporter_b, reporting_plan, period, agency_b
):
    template = download(as_b, period, agency_b).fill("（二）", 进展情况="Excel 里的进展。")
    location, page = preview_of(as_b, upload(as_b, period, agency_b, template.bytes()))
    second = report_of(reporting_plan, "（二）", "省商务厅")
    report_save(report=second, by=reporter_b, expected_version=0, data=ReportInput(problems="抢先"))
    response = confirm(as_b, location, page)  # the fingerprint of what the person saw
    assert response.status_code == 200
    assert "在您核对之后，系统中的报告有了变化" in response.content.decode()
    assert row_of(response, "（二）").status == "conflict"
    second.refresh_from_db()
    assert second.progress_text == "" and second.problems == "抢先"
    # A forged fingerprint is no better.
    response = as_b.post(location, {"fingerprint": "0" * 64})
    assert "在您核对之后" in response.content.decode()
    assert not ReportEvent.objects.filter(action="uploaded").exists()


def test_an_implausible_value_is_warned_in_the_preview_as_on_the_web_form(
    as_b, reporting_plan, period, agency_b
):
    from indicators.models import Indicator
    from indicators.provenance import value_warnings

    # 150 for a growth indicator whose target is 10 %: the web form says 数值存疑 twice
    # (above 100 %, 15 × the target); the preview says the same, and still imports the row.
    indicator = Indicator.objects.get(plan=reporting_plan, name="发明专利申请量")
    expected = value_warnings(indicator, Decimal(150))
    assert len(expected) == 2
    template = download(as_b, period, agency_b)
    template.fill("（二）", 进展状态="序时推进", 进展情况="推进中。", 指标1实际值=150)
    _location, page = preview_of(as_b, upload(as_b, period, agency_b, template.bytes()))
    row = row_of(page, "（二）")
    assert row.warnings == [f"第 {row.row} 行“指标1实际值”：{message}" for message in expected]
    assert row.status == "changed" and not row.errors
    text = page.content.decode()
    for message in expected:
        assert f"数值存疑：第 {row.row} 行“指标1实际值”：{message}" in text
    # A believable value is not warned.
    template.fill("（二）", 指标1实际值=12)
    _location, page = preview_of(as_b, upload(as_b, period, agency_b, template.bytes()))
    assert row_of(page, "（二）").warnings == []
