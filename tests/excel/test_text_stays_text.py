"""Every workbook cell is written by one function: text a person typed stays text, and an
unchanged template comes back with no change at all (issue 16)."""

from decimal import Decimal

import openpyxl
import pytest

from tasks.exports.progress import write_progress_summary
from tasks.services.reporting import ReportInput, report_save
from tests.excel.conftest import confirm, download, preview_of, report_of, upload

pytestmark = pytest.mark.django_db

FORMULA_LIKE = {
    "progress_text": '=HYPERLINK("x")',
    "problems": "+86 025-8371 号码待核实",
    "next_steps": "-1 项调整；@联席办",
}


def _save(report, by, **fields):
    return report_save(
        report=report, by=by, expected_version=report.version, data=ReportInput(**fields)
    )


def test_report_text_that_looks_like_a_formula_survives_download_upload_and_confirm(
    as_b, reporter_b, reporting_plan, period, agency_b
):
    report = _save(report_of(reporting_plan, "（二）", "省商务厅"), reporter_b, **FORMULA_LIKE)

    template = download(as_b, period, agency_b)
    cell = template.cell("（二）", "进展情况")
    assert cell.value == '=HYPERLINK("x")' and cell.data_type == "s"  # text, not a formula
    for header in ("存在问题", "下步打算"):
        assert template.cell("（二）", header).data_type == "s"

    # Uploading the untouched template proposes nothing.
    _location, page = preview_of(as_b, upload(as_b, period, agency_b, template.bytes()))
    assert [row.status for row in page.context["preview"].rows] == ["unchanged", "unchanged"]

    # Changing another cell of the same row and confirming keeps the formula-like text.
    template.fill("（二）", 进展状态="序时推进")
    location, page = preview_of(as_b, upload(as_b, period, agency_b, template.bytes()))
    row = next(r for r in page.context["preview"].rows if r.measure == "（二）")
    assert [(c.header, c.after) for c in row.changes] == [("进展状态", "序时推进")]
    confirm(as_b, location, page)
    report.refresh_from_db()
    assert report.progress_status == "on_track" and report.version == 2
    assert {key: getattr(report, key) for key in FORMULA_LIKE} == FORMULA_LIKE


def test_line_breaks_and_control_characters_round_trip_without_a_change(
    as_b, reporter_b, reporting_plan, period, agency_b
):
    # Pasted from another program: Windows line breaks and a stray bell character, which
    # no workbook can hold; the template leaves the bell out and the upload knows it did.
    _save(
        report_of(reporting_plan, "（二）", "省商务厅"),
        reporter_b,
        progress_text="第一段。\r\n第二段\x07。",
    )
    template = download(as_b, period, agency_b)
    assert template.get("（二）", "进展情况") == "第一段。\r\n第二段。"
    _location, page = preview_of(as_b, upload(as_b, period, agency_b, template.bytes()))
    assert [row.status for row in page.context["preview"].rows] == ["unchanged", "unchanged"]


def test_an_indicator_value_with_more_digits_than_excel_keeps_comes_back_unchanged(
    as_b, reporter_b, reporting_plan, period, agency_b
):
    report = report_of(reporting_plan, "（二）", "省商务厅")
    growth = report.measure.indicators.get(name="发明专利申请量")
    _save(report, reporter_b, values={growth.pk: Decimal("123456789012.3456")})
    stored = report.values.get().value  # SQLite keeps 15 digits of it, PostgreSQL all 16
    template = download(as_b, period, agency_b)
    assert Decimal(str(template.get("（二）", "指标1实际值"))) == stored  # every digit
    _location, page = preview_of(as_b, upload(as_b, period, agency_b, template.bytes()))
    assert [row.status for row in page.context["preview"].rows] == ["unchanged", "unchanged"]


def test_the_progress_export_writes_formula_like_text_as_text(
    reporter_b, reporting_plan, period, tmp_path
):
    _save(report_of(reporting_plan, "（二）", "省商务厅"), reporter_b, **FORMULA_LIKE)
    path = tmp_path / "汇总.xlsx"
    write_progress_summary(period, str(path))
    workbook = openpyxl.load_workbook(path)
    cells = [c for sheet in workbook for row in sheet.iter_rows() for c in row]
    found = [c for c in cells if c.value == '=HYPERLINK("x")']
    assert found and all(c.data_type == "s" for c in found)
    assert not [c for c in cells if c.data_type == "f"]
