"""Build the pre-filled Excel template an agency fills offline for one reporting period.

One sheet lists the agency's reports for the period, one row per measure: the measure and
the agency's role on grey locked cells, the report's current draft on white cells to fill
in, the measure's indicators as "指标N / 指标N实际值" pairs, and on hidden locked columns
the report id and version. A very hidden sheet carries a token signed with Django's
``signing`` that names the period and the agency and records every locked cell as it was
written, so an upload can tell a template from another period or agency, or one whose
locked cells were changed, from the real thing.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import math
from dataclasses import dataclass
from decimal import Decimal

from django.core import signing
from django.db.models import Prefetch
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation

from agencies.models import Agency, User
from core import clock
from indicators.models import Indicator
from ipplan.formats import date_text
from ipplan.workcalendar import WorkingCalendar

from ..exports import xlsx
from ..models import Assignment, ProgressReport, ReportingPeriod
from ..workflow import EDITABLE_STATES

SALT = "ipplan.excel.template"
FORMAT_VERSION = 1
META_SHEET = "ipplan"
GUIDE_SHEET = "填写说明"
TITLE_ROW, NOTE_ROW, HEADER_ROW, FIRST_ROW = 1, 2, 3, 4
# Sheet protection keeps honest people from typing into locked cells; the password is not
# a secret (it is in docs/excel.md) because the signature, not the password, is the guard.
SHEET_PASSWORD = "ipplan"
SUBMIT_YES = "是"
SUBMIT_NO = "否"
TOKEN_CHUNK = 30000  # a cell holds at most 32,767 characters


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: float
    editable: bool
    hidden: bool = False


def columns(slots: int) -> list[Column]:
    """The sheet's columns in order; ``slots`` is the most indicators any measure has."""
    indicator_columns = []
    for n in range(1, slots + 1):
        indicator_columns += [
            Column(f"indicator_{n}", f"指标{n}", 20, editable=False),
            Column(f"value_{n}", f"指标{n}实际值", 13, editable=True),
        ]
    return [
        Column("seq", "序号", 6, editable=False),
        Column("measure", "措施编号", 10, editable=False),
        Column("measure_text", "措施内容", 42, editable=False),
        Column("role", "本单位角色", 10, editable=False),
        Column("state", "报告状态", 10, editable=False),
        Column("progress_status", "进展状态", 12, editable=True),
        Column("completion_percent", "完成比例(%)", 10, editable=True),
        Column("progress_text", "进展情况", 40, editable=True),
        Column("problems", "存在问题", 28, editable=True),
        Column("next_steps", "下步打算", 28, editable=True),
        Column("contribution", "配合工作", 24, editable=True),
        Column("adjusted_reason", "调整原因", 20, editable=True),
        *indicator_columns,
        Column("submit", "是否报送", 10, editable=True),
        Column("report_id", "报告编号", 10, editable=False, hidden=True),
        Column("version", "版本号", 8, editable=False, hidden=True),
    ]


# Locked cells whose text the signature records; the long measure text as a digest.
SIGNED_KEYS = ("seq", "measure", "measure_text", "role", "state", "report_id", "version")
TEXT_KEYS = ("progress_text", "problems", "next_steps", "contribution", "adjusted_reason")


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def cell_text(value) -> str:
    """A cell's value as the text a person sees (numbers without a trailing .0)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def indicator_label(indicator: Indicator) -> str:
    return f"{indicator.name}（{indicator.unit}）" if indicator.unit else indicator.name


def template_reports(period: ReportingPeriod, agency: Agency) -> list[ProgressReport]:
    """The agency's reports for the period with measure, indicators and values: 3 queries."""
    return list(
        ProgressReport.objects.filter(period=period, agency=agency)
        .select_related("measure")
        .prefetch_related(
            "values",
            Prefetch("measure__indicators", queryset=Indicator.objects.order_by("order", "id")),
        )
        .order_by("measure__order", "measure_id")
    )


def _number(value: Decimal) -> int | float | str:
    """A stored value as a number cell; as text when a float would not hold every digit."""
    if value == value.to_integral_value() and abs(value) < 10**15:
        return int(value)
    if Decimal(format(float(value), ".15g")) == value:
        return float(value)
    return format(value.normalize(), "f")


def _locked_cells(report: ProgressReport, seq: int) -> dict[str, str]:
    """What the template writes into the locked cells of one report's row."""
    roles = dict(Assignment.Role.choices)
    return {
        "seq": str(seq),
        "measure": report.measure.label,
        "measure_text": report.measure.text,
        "role": str(roles.get(report.role, report.role)),
        "state": str(report.get_state_display()),
        "report_id": str(report.pk),
        "version": str(report.version),
    }


def _row_height(texts: list[tuple[str, float]]) -> float:
    """Enough height for the longest wrapped cell (a CJK character is two width units)."""
    lines = 1
    for text, width in texts:
        count = 0
        for paragraph in text.split("\n"):
            units = sum(2 if ord(char) > 0x2E80 else 1 for char in paragraph)
            count += max(1, math.ceil(units / max(width - 1, 1)))
        lines = max(lines, count)
    return min(max(lines * 15 + 6, 30), 180)


_THIN = Side(style="thin", color="B0B7C3")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="DCE3EC")
_INPUT_HEADER_FILL = PatternFill("solid", fgColor="FFF2CC")
_LOCKED_FILL = PatternFill("solid", fgColor="F2F2F2")
_CLOSED_FILL = PatternFill("solid", fgColor="E0E0E0")
_WRAP = Alignment(wrap_text=True, vertical="top")
_CENTER = Alignment(wrap_text=True, vertical="center", horizontal="center")


def sheet_title(period: ReportingPeriod) -> str:
    # Excel sheet names: at most 31 characters, none of []:*?/\
    title = period.label
    for char in "[]:*?/\\":
        title = title.replace(char, " ")
    return title[:31]


def template_build(*, period: ReportingPeriod, agency: Agency, by: User) -> bytes:
    """The filled-in template for ``agency`` in ``period`` as .xlsx bytes."""
    reports = template_reports(period, agency)
    slots = max((len(r.measure.indicators.all()) for r in reports), default=0)
    layout = columns(slots)
    position = {column.key: index for index, column in enumerate(layout, start=1)}
    progress = dict(ProgressReport.Progress.choices)

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title(period)
    last_column = get_column_letter(len(layout))
    sheet.merge_cells(f"A{TITLE_ROW}:{last_column}{TITLE_ROW}")
    title = xlsx.put(
        sheet, TITLE_ROW, 1, f"{period.plan.title} · {period.label} · {agency} 进展情况填报表"
    )
    title.font = Font(bold=True, size=14)
    title.alignment = Alignment(vertical="center")
    sheet.row_dimensions[TITLE_ROW].height = 26
    sheet.merge_cells(f"A{NOTE_ROW}:{last_column}{NOTE_ROW}")
    note = xlsx.put(
        sheet,
        NOTE_ROW,
        1,
        f"填写白色单元格；灰色单元格为系统信息，已锁定，请勿修改。进展状态请从下拉列表选择；"
        f"完成比例填 0–100 的整数；指标实际值只填数字（可写 3万、2.5）。"
        f"“是否报送”填“是”则保存后直接报送。"
        f"截止日期：{date_text(WorkingCalendar.load().due_date(period.due_on))}。",
    )
    note.alignment = _WRAP
    note.font = Font(color="8A1C1C")
    sheet.row_dimensions[NOTE_ROW].height = 36

    for column in layout:
        cell = xlsx.put(sheet, HEADER_ROW, position[column.key], column.header)
        cell.font = Font(bold=True)
        cell.fill = _INPUT_HEADER_FILL if column.editable else _HEADER_FILL
        cell.alignment = _CENTER
        cell.border = _BORDER
        dimension = sheet.column_dimensions[get_column_letter(position[column.key])]
        dimension.width = column.width
        dimension.hidden = column.hidden
    sheet.row_dimensions[HEADER_ROW].height = 32

    rows = []
    for seq, report in enumerate(reports, start=1):
        row = FIRST_ROW + seq - 1
        editable = report.state in EDITABLE_STATES
        locked = _locked_cells(report, seq)
        values = {v.indicator_id: v.value for v in report.values.all()}
        indicators = list(report.measure.indicators.all())
        cells: dict[str, object] = {
            **locked,
            "seq": seq,
            "report_id": report.pk,
            "version": report.version,
            "progress_status": str(progress.get(report.progress_status, "")),
            "completion_percent": report.completion_percent,
            "submit": "",
            **{name: getattr(report, name) for name in TEXT_KEYS},
        }
        for n, indicator in enumerate(indicators, start=1):
            cells[f"indicator_{n}"] = indicator_label(indicator)
            if indicator.pk in values:
                cells[f"value_{n}"] = _number(values[indicator.pk])
        for column in layout:
            cell = xlsx.put(sheet, row, position[column.key], cells.get(column.key))
            cell.alignment = _WRAP
            cell.border = _BORDER
            slot_unused = column.key.startswith(("indicator_", "value_")) and int(
                column.key.rsplit("_", 1)[1]
            ) > len(indicators)
            # 配合工作 is for co-agencies (validate_input refuses it from a lead's row)
            slot_unused |= column.key == "contribution" and report.role == Assignment.Role.LEAD
            if column.editable and editable and not slot_unused:
                cell.protection = Protection(locked=False)
            else:
                cell.fill = _CLOSED_FILL if column.editable else _LOCKED_FILL
        sheet.row_dimensions[row].height = _row_height(
            [
                (str(cells.get(c.key) or ""), c.width)
                for c in layout
                if c.key in ("measure_text", *TEXT_KEYS)
            ]
        )
        rows.append(
            {
                **{key: locked[key] for key in SIGNED_KEYS if key != "measure_text"},
                "measure_text": digest(locked["measure_text"]),
                "indicators": [[i.pk, indicator_label(i)] for i in indicators],
            }
        )

    last_row = FIRST_ROW + len(reports) - 1
    if reports:
        _validations(sheet, position, last_row)
    sheet.freeze_panes = sheet.cell(FIRST_ROW, position["measure_text"])
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    _protect(sheet)

    _guide(workbook, period, agency)
    payload = {
        "format": FORMAT_VERSION,
        "period": period.pk,
        "agency": agency.pk,
        "sheet": sheet.title,
        "slots": slots,
        "by": by.pk,
        "rows": rows,
    }
    _meta(workbook, period, agency, signing.dumps(payload, salt=SALT, compress=True))
    workbook.security = WorkbookProtection(workbookPassword=SHEET_PASSWORD, lockStructure=True)
    workbook.active = 0
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def progress_labels() -> list[str]:
    return [str(label) for label in ProgressReport.Progress.labels]


def _validations(sheet, position: dict[str, int], last_row: int) -> None:
    def span(key: str) -> str:
        letter = get_column_letter(position[key])
        return f"{letter}{FIRST_ROW}:{letter}{last_row}"

    labels = progress_labels()
    status = DataValidation(
        type="list",
        formula1='"' + ",".join(labels) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="进展状态",
        error="请从下拉列表中选择：" + "、".join(labels),
        showInputMessage=True,
        promptTitle="进展状态",
        prompt="从下拉列表中选择",
    )
    status.add(span("progress_status"))
    percent = DataValidation(
        type="whole",
        operator="between",
        formula1="0",
        formula2="100",
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="warning",
        errorTitle="完成比例",
        error="完成比例请填写 0 到 100 之间的整数。",
    )
    percent.add(span("completion_percent"))
    submit = DataValidation(
        type="list",
        formula1=f'"{SUBMIT_YES},{SUBMIT_NO}"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="是否报送",
        error=f"填“{SUBMIT_YES}”表示保存后直接报送，留空或填“{SUBMIT_NO}”只保存草稿。",
        showInputMessage=True,
        promptTitle="是否报送",
        prompt=f"填“{SUBMIT_YES}”则保存后直接报送",
    )
    submit.add(span("submit"))
    for validation in (status, percent, submit):
        sheet.add_data_validation(validation)


def _protect(sheet) -> None:
    protection = sheet.protection
    protection.sheet = True
    protection.password = SHEET_PASSWORD
    # People may still resize rows and columns to read long texts.
    protection.formatColumns = False
    protection.formatRows = False


def _guide(workbook: Workbook, period: ReportingPeriod, agency: Agency) -> None:
    guide = workbook.create_sheet(GUIDE_SHEET)
    lines = [
        f"{period.label} · {agency} 进展情况填报表 填写说明",
        "",
        "1. 每行是本单位负责的一项措施。白色单元格可以填写，灰色单元格为系统信息，已锁定。",
        "2. 进展状态：从下拉列表选择 "
        + "、".join(progress_labels())
        + "；选“已调整”须填写调整原因。",
        "3. 完成比例(%)：填写 0 到 100 之间的整数，如 80。",
        "4. 进展情况、存在问题、下步打算：如实填写，每项不超过 5000 字；单元格内换行按 Alt+Enter。",
        "5. 配合工作：配合单位填写本单位承担的工作，供牵头单位汇总。",
        "6. 指标实际值：在“指标N”右侧的“指标N实际值”列填写数字，可写 30000、3万、2.5；"
        "不填表示暂无数据；不能为负数。",
        "7. 是否报送：填“是”则保存后直接报送（需已选进展状态并填写进展情况）；"
        "留空只保存草稿，可以之后在系统中报送。",
        "8. 已报送或已采纳的报告整行为深灰色，不能通过本表修改。",
        "9. 填好后在系统“Excel 填报”页面上传本文件：系统逐行显示将要修改的内容，确认后才写入。",
        "10. 请不要增删行、改表名或改动灰色单元格，否则上传时该行会被拒绝。"
        "下载模板后若报告在系统中被修改，该行会被标为冲突，请重新下载模板。",
    ]
    for row, line in enumerate(lines, start=1):
        cell = xlsx.put(guide, row, 1, line)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    guide["A1"].font = Font(bold=True, size=13)
    guide.column_dimensions["A"].width = 110
    _protect(guide)


def _meta(workbook: Workbook, period: ReportingPeriod, agency: Agency, token: str) -> None:
    meta = workbook.create_sheet(META_SHEET)
    lines = [
        ("ipplan 填报模板标识（请勿修改）", None),
        ("填报周期", period.label),
        ("单位", agency.name),
        ("生成时间", clock.now().isoformat(timespec="seconds")),
        ("签名", None),
    ]
    for row, (label, value) in enumerate(lines, start=1):
        xlsx.put(meta, row, 1, label)
        xlsx.put(meta, row, 2, value)
    for n in range(0, len(token), TOKEN_CHUNK):
        xlsx.put(meta, 5 + n // TOKEN_CHUNK, 2, token[n : n + TOKEN_CHUNK])
    meta.sheet_state = "veryHidden"
    _protect(meta)


def template_filename(period: ReportingPeriod, agency: Agency) -> str:
    return f"进展填报-{period.label}-{agency}.xlsx"
