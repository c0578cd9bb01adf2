"""Download a template, fill it like a person would, upload it, check the preview, confirm."""

import shutil
import subprocess
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl.utils import get_column_letter

from agencies.models import Agency
from tasks.models import Assignment, Measure, ProgressReport, ReportEvent, ReportVersion
from tasks.services.reporting import ReportInput, period_open, report_save
from tests.excel.conftest import confirm, download, preview_of, report_of, upload

pytestmark = pytest.mark.django_db


def test_round_trip_saves_every_change_only_after_confirmation(
    as_b, reporter_b, reporting_plan, period, agency_b, second_indicator
):
    template = download(as_b, period, agency_b)
    template.fill(
        "（二）",
        进展状态="序时推进",
        完成比例="８０",  # full-width digits, as typed with a Chinese input method
        进展情况="申请量同比增长12%。\n第二季度继续推进。",
        存在问题="基层数据报送不及时",
        指标1实际值="12",
        指标2实际值="３万",
    )
    template.fill("（一）", 配合工作="提供企业名录 35 家。")
    location, page = preview_of(as_b, upload(as_b, period, agency_b, template.bytes()))

    preview = page.context["preview"]
    rows = {row.measure: row for row in preview.rows}
    assert [row.row for row in preview.rows] == [4, 5]  # row numbers as Excel shows them
    assert {(c.header, c.before, c.after) for c in rows["（二）"].changes} == {
        ("进展状态", "（空）", "序时推进"),
        ("完成比例(%)", "（空）", "80"),
        ("进展情况", "（空）", "申请量同比增长12%。\n第二季度继续推进。"),
        ("存在问题", "（空）", "基层数据报送不及时"),
        ("指标1实际值：发明专利申请量（%）", "（空）", "12"),
        ("指标2实际值：新增注册商标（件）", "（空）", "30000"),
    }
    assert [(c.header, c.after) for c in rows["（一）"].changes] == [
        ("配合工作", "提供企业名录 35 家。")
    ]
    html = page.content.decode()
    assert "确认导入 2 行" in html and "现在还没有写入任何修改" in html

    # Nothing is written before the person confirms.
    second = report_of(reporting_plan, "（二）", "省商务厅")
    assert second.version == 0 and second.progress_text == "" and not second.values.exists()
    assert not ReportEvent.objects.exists()

    response = confirm(as_b, location, page)
    assert response.status_code == 302 and response["Location"].startswith("/reports/excel/")
    followed = as_b.get(response["Location"])
    assert "已导入 2 行：保存 2 份报告，报送 0 份。" in followed.content.decode()

    second.refresh_from_db()
    assert second.progress_status == "on_track"
    assert second.completion_percent == 80
    assert second.progress_text == "申请量同比增长12%。\n第二季度继续推进。"
    assert second.problems == "基层数据报送不及时"
    assert second.version == 1 and second.state == "draft"
    values = {v.indicator.name: v.value for v in second.values.select_related("indicator")}
    assert values == {"发明专利申请量": Decimal("12"), "新增注册商标": Decimal("30000")}
    first = report_of(reporting_plan, "（一）", "省商务厅")
    assert first.contribution == "提供企业名录 35 家。" and first.version == 1
    events = list(
        ReportEvent.objects.filter(report=second).values_list("action", "actor", "comment")
    )
    assert events == [("uploaded", reporter_b.pk, "Excel 导入：填报.xlsx 第 5 行")]

    # The pending upload is gone: confirming twice cannot apply anything twice.
    again = as_b.post(location, {"fingerprint": page.context["preview"].fingerprint})
    assert again.status_code == 302
    assert "已失效" in as_b.get(again["Location"]).content.decode()


def test_uploading_the_same_file_again_shows_no_changes(as_b, period, agency_b):
    template = download(as_b, period, agency_b).fill("（二）", 进展情况="已完成调研。")
    location, page = preview_of(as_b, upload(as_b, period, agency_b, template.bytes()))
    confirm(as_b, location, page)
    # Versions moved on, but the rows now equal what ipplan holds: no change, no conflict.
    _location, page = preview_of(as_b, upload(as_b, period, agency_b, template.bytes()))
    assert [row.status for row in page.context["preview"].rows] == ["unchanged", "unchanged"]
    assert "没有可以导入的修改" in page.content.decode()


def test_a_row_marked_for_submission_is_saved_then_submitted(
    as_b, reporter_b, reporting_plan, period, agency_b
):
    template = download(as_b, period, agency_b)
    template.fill("（二）", 进展状态="已完成", 进展情况="全年目标已完成。", 是否报送="是")
    location, page = preview_of(as_b, upload(as_b, period, agency_b, template.bytes()))
    row = next(r for r in page.context["preview"].rows if r.measure == "（二）")
    assert row.status == "changed" and row.submit
    assert "保存后报送" in page.content.decode()
    confirm(as_b, location, page)

    report = report_of(reporting_plan, "（二）", "省商务厅")
    # 省商务厅 has no approver, so the report goes straight to the office.
    assert report.state == ProgressReport.State.SUBMITTED
    assert report.version == 2  # one for saving, one for submitting
    version = ReportVersion.objects.get(report=report)
    assert version.progress_text == "全年目标已完成。" and version.submitted_by == reporter_b
    actions = list(ReportEvent.objects.filter(report=report).values_list("action", flat=True))
    assert actions == ["uploaded", "submitted"]


def test_a_reporter_with_an_approver_submits_to_the_approver(
    client, reporter_a, approver_a, reporting_plan, period
):
    agency_a = Agency.objects.get(short_name="省科技厅")
    client.force_login(reporter_a)
    template = download(client, period, agency_a)
    template.fill("（一）", 进展状态="序时推进", 进展情况="平台一期上线。", 是否报送="是")
    location, page = preview_of(client, upload(client, period, agency_a, template.bytes()))
    confirm(client, location, page)
    report = report_of(reporting_plan, "（一）", "省科技厅")
    assert report.state == ProgressReport.State.PENDING_SIGNOFF


def test_the_template_is_prefilled_with_the_current_draft(
    as_b, reporter_b, reporting_plan, period, agency_b, second_indicator
):
    report = report_of(reporting_plan, "（二）", "省商务厅")
    growth = report.measure.indicators.get(name="发明专利申请量")
    report_save(
        report=report,
        by=reporter_b,
        expected_version=0,
        data=ReportInput(
            progress_status="lagging",
            completion_percent=35,
            progress_text="受疫情影响进度滞后。",
            next_steps="四季度集中攻坚。",
            values={growth.pk: Decimal("7.5"), second_indicator.pk: Decimal("22000")},
        ),
    )
    template = download(as_b, period, agency_b)
    assert template.get("（二）", "进展状态") == "进度滞后"
    assert template.get("（二）", "完成比例(%)") == 35
    assert template.get("（二）", "进展情况") == "受疫情影响进度滞后。"
    assert template.get("（二）", "下步打算") == "四季度集中攻坚。"
    assert template.get("（二）", "指标1") == "发明专利申请量（%）"
    assert template.get("（二）", "指标1实际值") == 7.5
    assert template.get("（二）", "指标2") == "新增注册商标（件）"
    assert template.get("（二）", "指标2实际值") == 22000
    assert template.get("（二）", "报告编号") == report.pk
    assert template.get("（二）", "版本号") == 1
    assert template.get("（一）", "本单位角色") == "配合"
    assert template.get("（二）", "本单位角色") == "牵头"
    assert template.sheet.title == "2024年第一季度"
    assert "测试行动计划 · 2024年第一季度 · 省商务厅" in template.sheet["A1"].value


def test_the_template_locks_key_columns_and_offers_a_status_list(
    as_b, period, agency_b, second_indicator
):
    template = download(as_b, period, agency_b)
    sheet, columns = template.sheet, template.columns
    assert sheet.protection.sheet is True
    for header in ("序号", "措施编号", "措施内容", "本单位角色", "报告编号", "版本号", "指标1"):
        assert template.cell("（二）", header).protection.locked, header
    for header in ("进展状态", "完成比例(%)", "进展情况", "存在问题", "下步打算"):
        assert not template.cell("（二）", header).protection.locked, header
    # 配合工作 is for co-agencies: open on B's （一） (配合), locked on its （二） (牵头).
    assert template.cell("（二）", "配合工作").protection.locked
    assert not template.cell("（一）", "配合工作").protection.locked
    assert not template.cell("（二）", "指标2实际值").protection.locked
    # （一） has no indicators: its value cells stay locked.
    assert template.cell("（一）", "指标1实际值").protection.locked
    for header in ("报告编号", "版本号"):
        letter = get_column_letter(columns[header])
        assert sheet.column_dimensions[letter].hidden, header

    status_letter = get_column_letter(columns["进展状态"])
    lists = [v for v in sheet.data_validations.dataValidation if v.type == "list"]
    status = next(v for v in lists if status_letter in str(v.sqref))
    assert status.formula1 == '"已完成,序时推进,进度滞后,未启动,已调整"'
    assert str(status.sqref) == f"{status_letter}4:{status_letter}5"

    assert sheet.freeze_panes == "C4"
    assert template.cell("（二）", "措施内容").alignment.wrap_text
    assert sheet.column_dimensions["C"].width == 42
    meta = template.workbook["ipplan"]
    assert meta.sheet_state == "veryHidden" and meta.protection.sheet
    assert template.workbook.security.lockStructure
    assert "填写说明" in template.workbook.sheetnames


def test_submitted_reports_are_greyed_and_locked_in_the_template(
    as_b, reporter_b, reporting_plan, period, agency_b
):
    from tasks.services.reporting import report_submit

    report = report_of(reporting_plan, "（二）", "省商务厅")
    report = report_save(
        report=report,
        by=reporter_b,
        expected_version=0,
        data=ReportInput(progress_status="on_track", progress_text="按计划推进。"),
    )
    report_submit(report=report, by=reporter_b)
    template = download(as_b, period, agency_b)
    assert template.get("（二）", "报告状态") == "已报送"
    assert template.cell("（二）", "进展情况").protection.locked
    assert not template.cell("（一）", "进展情况").protection.locked


def test_no_libreoffice_or_other_program_is_needed(
    as_b, monkeypatch, tmp_path, reporting_plan, period, agency_b
):
    """Only openpyxl: with no office suite on PATH and no subprocess allowed, it all works."""

    def no_programs(*args, **kwargs):
        raise AssertionError(f"the Excel round trip started a program: {args}")

    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(subprocess, "Popen", no_programs)
    assert shutil.which("soffice") is None and shutil.which("libreoffice") is None
    template = download(as_b, period, agency_b).fill("（二）", 进展情况="无需办公软件。")
    location, page = preview_of(as_b, upload(as_b, period, agency_b, template.bytes()))
    confirm(as_b, location, page)
    assert report_of(reporting_plan, "（二）", "省商务厅").progress_text == "无需办公软件。"


def _add_measures(plan, agency, count: int) -> None:
    """``count`` more measures led by ``agency``, each with two indicators and saved values."""
    start = plan.measures.count()
    for n in range(start + 1, start + count + 1):
        measure = Measure.objects.create(
            plan=plan, number=n, label=f"（{n}）", ref=f"m{n}", order=n, text=f"第{n}项措施。"
        )
        Assignment.objects.create(measure=measure, agency=agency, role="lead", name_as_written="x")
        for order in (1, 2):
            measure.indicators.create(plan=plan, name=f"指标{n}-{order}", kind="absolute")


def _download_queries(client, period, agency) -> int:
    with CaptureQueriesContext(connection) as queries:
        download(client, period, agency)
    return len(queries)


def test_template_download_queries_do_not_grow_with_reports(
    as_b, reporter_b, reporting_plan, period, agency_b, django_assert_max_num_queries
):
    _add_measures(reporting_plan, agency_b, 3)
    period_open(period=period)
    small = _download_queries(as_b, period, agency_b)
    _add_measures(reporting_plan, agency_b, 30)
    period_open(period=period)
    for report in ProgressReport.objects.filter(period=period, agency=agency_b)[:20]:
        report_save(
            report=report,
            by=reporter_b,
            expected_version=report.version,
            data=ReportInput(
                progress_text="进展。",
                values={i.pk: Decimal(5) for i in report.measure.indicators.all()},
            ),
        )
    assert ProgressReport.objects.filter(period=period, agency=agency_b).count() == 35
    with django_assert_max_num_queries(small):
        template = download(as_b, period, agency_b)
    assert template.sheet.max_row == 3 + 35
