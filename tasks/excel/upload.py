"""Read a filled-in template back: check that it is ours and unaltered, read every row into
the ``ReportInput`` the services take, and describe each change as old → new.

Nothing here writes a report. Whole-file problems (not an .xlsx, too large, another
period's or agency's template, a broken signature, changed headers) raise ``ExcelError``;
row problems are collected on the row with a Chinese message naming the Excel row and the
column, so the preview can show all of them at once. The file is read once, within
bounds, by ``reading.workbook_extract``; what it held waits in Django's storage as JSON
until the person confirms or cancels, and the browser holds only a signed token.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from agencies.models import Agency, User
from core import clock
from indicators.numbers import QuantityError, number_text, parse_quantity

from ..exports.xlsx import sheet_text
from ..models import ProgressReport, ReportingPeriod
from ..selectors.values import values_warnings
from ..services.reporting import ReportInput, validate_input
from .reading import ExcelError, Extract
from .template import (
    HEADER_ROW,
    SIGNED_KEYS,
    SUBMIT_NO,
    SUBMIT_YES,
    TEXT_KEYS,
    cell_text,
    columns,
    digest,
    progress_labels,
)

PENDING_SALT = "ipplan.excel.pending"
PENDING_DIR = "excel-uploads"
PENDING_MAX_AGE = datetime.timedelta(days=2)
EMPTY = "（空）"


class Status:
    CHANGED = "changed"
    UNCHANGED = "unchanged"
    INVALID = "invalid"
    CONFLICT = "conflict"
    LOCKED = "locked"

    LABELS = {
        CHANGED: "将导入",
        UNCHANGED: "无变化",
        INVALID: "填写有误",
        CONFLICT: "冲突",
        LOCKED: "不可修改",
    }
    PROBLEMS = (INVALID, CONFLICT, LOCKED)


@dataclass
class FieldChange:
    header: str
    before: str
    after: str


@dataclass
class RowPreview:
    row: int  # the Excel row number people see in the left margin
    measure: str
    report: ProgressReport | None = None
    expected_version: int | None = None
    data: ReportInput | None = None
    submit: bool = False
    changes: list[FieldChange] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    status: str = Status.UNCHANGED
    value_columns: dict[int, str] = field(default_factory=dict)  # indicator id → header
    # 数值存疑: what looks implausible about a value (tasks.selectors.values), never a refusal
    warnings: list[str] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return Status.LABELS[self.status]

    @property
    def is_problem(self) -> bool:
        return self.status in Status.PROBLEMS

    @property
    def has_work(self) -> bool:
        return bool(self.changes) or self.submit

    def refuse(self, message: str, status: str = Status.INVALID) -> None:
        self.errors.append(message)
        if self.status not in Status.PROBLEMS:
            self.status = status


@dataclass
class Preview:
    period: ReportingPeriod
    agency: Agency
    filename: str
    rows: list[RowPreview]

    @property
    def to_apply(self) -> list[RowPreview]:
        return [row for row in self.rows if row.status == Status.CHANGED]

    @property
    def problems(self) -> list[RowPreview]:
        return [row for row in self.rows if row.is_problem]

    @property
    def unchanged(self) -> list[RowPreview]:
        return [row for row in self.rows if row.status == Status.UNCHANGED]

    @property
    def submitting(self) -> list[RowPreview]:
        return [row for row in self.to_apply if row.submit]

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)

    @property
    def fingerprint(self) -> str:
        """Identifies what the person saw, so a confirm applies exactly that or nothing."""
        seen = [
            [row.row, row.report and row.report.pk, row.status, row.submit]
            + [[c.header, c.before, c.after] for c in row.changes]
            for row in self.rows
        ]
        return hashlib.sha256(json.dumps(seen, ensure_ascii=False).encode()).hexdigest()


def _check_origin(payload: dict, period: ReportingPeriod, agency: Agency) -> None:
    if payload["period"] == period.pk and payload["agency"] == agency.pk:
        return
    other_period = ReportingPeriod.objects.filter(pk=payload["period"]).first()
    other_agency = Agency.objects.filter(pk=payload["agency"]).first()
    described = f"“{other_period or '另一填报周期'} · {other_agency or '另一单位'}”"
    if payload["agency"] != agency.pk:
        problem = f"这份文件是{described}的填报模板，不是{agency}的"
    else:
        problem = f"这份文件是{described}的填报模板，不是{period}的"
    raise ExcelError(
        f"{problem}：请在本页选择对应的单位和填报周期后上传，"
        f"或下载“{period} · {agency}”的模板重新填写。"
    )


# --- reading cells -----------------------------------------------------------------------


def _percent_cell(cell) -> bool:
    return isinstance(cell.value, int | float) and "%" in (cell.number_format or "")


def _number(cell, where: str, row: RowPreview, *, strip_percent: bool = False) -> Decimal | None:
    """A number a person typed: 80, 2.5, ３万, "1,500"; a cell formatted as 80% reads 80."""
    value = cell.value
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        row.refuse(f"{where}：请填写数字，而不是“{value}”。")
        return None
    if isinstance(value, int | float):
        # Excel keeps 15 significant digits; more are binary noise (0.1 + 0.2 in a formula).
        number = Decimal(format(value, ".15g")) if isinstance(value, float) else Decimal(value)
        if _percent_cell(cell):
            number *= 100
        return number
    text = cell_text(value)
    if strip_percent and text[-1:] in ("%", "％"):
        text = text[:-1]
    try:
        return parse_quantity(text)
    except QuantityError as error:
        row.refuse(f"{where}：{error}。")
        return None


def _shown(value: Decimal | None) -> str:
    if value is None:
        return EMPTY
    return number_text(value)


def _shown_text(text: str) -> str:
    return text if text else EMPTY


def _read_row(
    cells: dict[str, object],
    signed: dict,
    report: ProgressReport,
    row: RowPreview,
    headers: dict[str, str],
) -> None:
    """Fill ``row.data``, ``row.changes`` and ``row.submit`` from the row's input cells."""
    progress = {str(label): value for value, label in ProgressReport.Progress.choices}
    progress_names = dict(ProgressReport.Progress.choices)

    def where(key: str) -> str:
        return f"第 {row.row} 行“{headers[key]}”"

    def change(key: str, before: str, after: str) -> None:
        if before != after:
            row.changes.append(FieldChange(headers[key], before, after))

    data = ReportInput()
    status_text = cell_text(cells["progress_status"].value)
    if status_text and status_text not in progress:
        row.refuse(
            f"{where('progress_status')}：“{status_text}”不是可选的进展状态，"
            f"请从下拉列表中选择：{'、'.join(progress_labels())}。"
        )
    data.progress_status = progress.get(status_text, "")
    change(
        "progress_status",
        _shown_text(str(progress_names.get(report.progress_status, ""))),
        _shown_text(status_text),
    )

    percent = _number(
        cells["completion_percent"], where("completion_percent"), row, strip_percent=True
    )
    if percent is not None and percent != percent.to_integral_value():
        row.refuse(f"{where('completion_percent')}：请填写整数，而不是 {_shown(percent)}。")
        percent = None
    data.completion_percent = None if percent is None else int(percent)
    before = None if report.completion_percent is None else Decimal(report.completion_percent)
    change("completion_percent", _shown(before), _shown(percent))

    for key in TEXT_KEYS:
        current = getattr(report, key)
        written = cell_text(sheet_text(current))  # what the template put in the cell
        typed = cell_text(cells[key].value)
        # An unchanged cell keeps the stored text exactly (Excel may trim its whitespace,
        # line breaks come back as \n, characters a cell cannot hold were left out).
        setattr(data, key, current if typed == written else typed)
        change(key, _shown_text(written), _shown_text(typed))

    stored = {value.indicator_id: value.value for value in report.values.all()}
    data.values = dict(stored)
    for n, (indicator_id, label) in enumerate(signed["indicators"], start=1):
        number = _number(cells[f"value_{n}"], where(f"value_{n}"), row)
        if number is not None and number.as_tuple().exponent < -4:
            row.refuse(f"{where(f'value_{n}')}：最多保留 4 位小数。")
            continue
        if number is not None and abs(number) >= Decimal(10) ** 16:
            row.refuse(f"{where(f'value_{n}')}：数值过大。")
            continue
        if number is None and cell_text(cells[f"value_{n}"].value):
            continue  # unreadable: already refused above
        if number is None:
            data.values.pop(indicator_id, None)
        else:
            data.values[indicator_id] = number
        before = stored.get(indicator_id)
        if before != number:
            row.changes.append(
                FieldChange(f"{headers[f'value_{n}']}：{label}", _shown(before), _shown(number))
            )

    submit = cell_text(cells["submit"].value)
    if submit not in ("", SUBMIT_YES, SUBMIT_NO):
        row.refuse(f"{where('submit')}：请填“{SUBMIT_YES}”或留空，而不是“{submit}”。")
    row.submit = submit == SUBMIT_YES
    row.data = data


def _check_rules(row: RowPreview, report: ProgressReport, headers: dict[str, str]) -> None:
    """Ask the service's own validation about the row, and name the column it objects to."""
    try:
        validate_input(row.data, report)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            if name == "values":
                continue
            for message in messages:
                row.refuse(f"第 {row.row} 行“{headers.get(name, name)}”：{message}")
        if "values" not in error.message_dict:
            return
        # Ask again one indicator at a time to say which column holds the bad value.
        for indicator_id, value in row.data.values.items():
            try:
                validate_input(ReportInput(values={indicator_id: value}), report)
            except ValidationError as single:
                column = row.value_columns.get(indicator_id, "指标实际值")
                for message in single.message_dict.get("values", []):
                    row.refuse(f"第 {row.row} 行“{column}”：{message}（填写的是 {_shown(value)}）")


def read_upload(
    *, extract: Extract, filename: str, period: ReportingPeriod, agency: Agency
) -> Preview:
    """Read a filled template for ``period`` and ``agency`` into a preview of every row."""
    payload = extract.payload
    _check_origin(payload, period, agency)
    layout = columns(payload["slots"])
    headers = {column.key: column.header for column in layout}
    for index, column in enumerate(layout, start=1):
        found = extract.headers[index - 1] if index <= len(extract.headers) else ""
        if found != column.header:
            raise ExcelError(
                f"第 {HEADER_ROW} 行的表头被改动：第 {index} 列应为“{column.header}”，"
                f"现为“{found or EMPTY}”。请不要增删或移动列，重新下载模板填写。"
            )

    signed_rows = {row["report_id"]: row for row in payload["rows"]}
    reports = {
        str(report.pk): report
        for report in ProgressReport.objects.filter(
            pk__in=[int(key) for key in signed_rows], period=period, agency=agency
        )
        .select_related("measure", "period")
        .prefetch_related("values")
    }
    rows: list[RowPreview] = []
    seen: set[str] = set()
    for number, excel_row in extract.rows:
        cells = {column.key: cell for column, cell in zip(layout, excel_row, strict=False)}
        if all(cell_text(cell.value) == "" for cell in excel_row):
            continue
        report_id = cell_text(cells["report_id"].value)
        signed = signed_rows.get(report_id)
        row = RowPreview(row=number, measure=cell_text(cells["measure"].value))
        rows.append(row)
        if signed is None or report_id in seen:
            row.refuse(
                f"第 {number} 行：“{headers['report_id']}”不是本模板中的报告。请不要增加、复制行或"
                "修改灰色单元格，重新下载模板填写。"
            )
            continue
        seen.add(report_id)
        _check_locked(cells, signed, row, headers)
        report = reports.get(report_id)
        if report is None:
            row.refuse(f"第 {number} 行（{signed['measure']}）：该报告已不存在，本行不导入。")
            continue
        row.report = report
        row.expected_version = int(signed["version"])
        _read_row(cells, signed, report, row, headers)
        row.value_columns = {
            indicator_id: headers[f"value_{n}"]
            for n, (indicator_id, _label) in enumerate(signed["indicators"], start=1)
        }
        if row.has_work:
            # Also when a cell could not be read: the person sees every problem at once.
            _check_rules(row, report, headers)
        if not row.is_problem:
            row.status = Status.CHANGED if row.has_work else Status.UNCHANGED
    _warn_implausible(rows, period)
    return Preview(period=period, agency=agency, filename=filename, rows=rows)


def _warn_implausible(rows: list[RowPreview], period: ReportingPeriod) -> None:
    """The web form's 数值存疑 warnings for the values each row would save: the same rule
    (indicators.provenance.value_warnings) with the same text. Two queries for the file."""
    wanted = {
        (row.row, indicator_id): (indicator_id, value)
        for row in rows
        if row.has_work and row.data is not None
        for indicator_id, value in row.data.values.items()
    }
    by_row = {row.row: row for row in rows}
    for (number, indicator_id), messages in values_warnings(period, wanted).items():
        row = by_row[number]
        column = row.value_columns.get(indicator_id, "指标实际值")
        row.warnings.extend(f"第 {number} 行“{column}”：{message}" for message in messages)


def _check_locked(cells: dict, signed: dict, row: RowPreview, headers: dict[str, str]) -> None:
    """Every grey cell must read as the template wrote it."""
    for key in SIGNED_KEYS:
        found = cell_text(cells[key].value)
        expected = signed[key]
        if key == "measure_text":
            altered = digest(found) != expected
        else:
            altered = found != expected
        if altered:
            shown = (
                "" if key == "measure_text" else f"：模板中为“{expected}”，现为“{found or EMPTY}”"
            )
            row.refuse(f"第 {row.row} 行“{headers[key]}”被改动{shown}。灰色单元格不能修改。")
    slots = sum(1 for key in headers if key.startswith("indicator_"))
    for n in range(1, slots + 1):
        label = signed["indicators"][n - 1][1] if n <= len(signed["indicators"]) else ""
        found = cell_text(cells[f"indicator_{n}"].value)
        if found != label:
            row.refuse(
                f"第 {row.row} 行“{headers[f'indicator_{n}']}”被改动：模板中为“{label or EMPTY}”，"
                f"现为“{found or EMPTY}”。灰色单元格不能修改。"
            )
        if n > len(signed["indicators"]) and cell_text(cells[f"value_{n}"].value):
            row.refuse(
                f"第 {row.row} 行“{headers[f'value_{n}']}”：该措施没有第 {n} 个指标，请留空。"
            )


# --- the pending upload ------------------------------------------------------------------


@dataclass
class Pending:
    token: str
    path: str
    filename: str
    period_id: int
    agency_id: int
    extract: Extract


def pending_store(
    *, extract: Extract, filename: str, period: ReportingPeriod, agency: Agency, by: User
) -> str:
    """Keep what the upload held server-side until confirmed; return the token naming it."""
    _sweep()
    data = json.dumps(extract.as_json(), ensure_ascii=False).encode()
    path = default_storage.save(f"{PENDING_DIR}/{uuid.uuid4().hex}.json", ContentFile(data))
    return signing.dumps(
        {
            "path": path,
            "name": filename,
            "user": by.pk,
            "period": period.pk,
            "agency": agency.pk,
            "sha": hashlib.sha256(data).hexdigest(),
        },
        salt=PENDING_SALT,
    )


def pending_load(token: str, *, by: User) -> Pending:
    expired = ExcelError("这份上传已失效（已导入、已取消或超过两天）：请重新上传。")
    try:
        payload = signing.loads(token, salt=PENDING_SALT, max_age=PENDING_MAX_AGE)
    except signing.BadSignature as error:
        raise expired from error
    if payload["user"] != by.pk:
        raise ExcelError("这份上传不是您提交的，不能查看或导入。")
    if not default_storage.exists(payload["path"]):
        raise expired
    with default_storage.open(payload["path"], "rb") as handle:
        data = handle.read()
    if hashlib.sha256(data).hexdigest() != payload["sha"]:
        raise expired
    extract = Extract.from_json(json.loads(data))
    return Pending(
        token, payload["path"], payload["name"], payload["period"], payload["agency"], extract
    )


def pending_discard(pending: Pending) -> None:
    default_storage.delete(pending.path)


def _sweep() -> None:
    """Forget uploads nobody confirmed or cancelled within the token's lifetime."""
    try:
        _dirs, files = default_storage.listdir(PENDING_DIR)
    except FileNotFoundError:
        return
    cutoff = clock.now() - PENDING_MAX_AGE
    for name in files:
        path = f"{PENDING_DIR}/{name}"
        try:
            if default_storage.get_modified_time(path) < cutoff:
                default_storage.delete(path)
        except (FileNotFoundError, NotImplementedError):
            continue
