"""Read an uploaded workbook once, within bounds, into plain data the preview works from.

An .xlsx is a zip of XML parts, and a small file can hold a great deal of work: 100,000
appended rows fit in 2 MB, and a crafted 1 MB file inflates to 20 MB. So before openpyxl
sees the file, its content is checked against limits a real template stays far below —
the file's size, the number of parts, what the parts inflate to (read from the package's
directory: reading a part never yields more than its declared size), and the rows and
cells in its worksheets (counted while streaming their XML) — and the file is refused
with a Chinese message if it exceeds one. A file within them parses in a few hundred
milliseconds (bench/excel_upload.py).

``workbook_extract`` returns an ``Extract``: the verified template signature and the
data sheet's cells as values. It is stored (JSON) with the pending upload, so the preview
and the confirmation read it again without opening the file a second time.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError

from core.packages import ZIP_ERRORS, PackageRefused, zip_members

from .template import FIRST_ROW, FORMAT_VERSION, HEADER_ROW, META_SHEET, SALT, cell_text, columns

XLS_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_PARTS = 200
_ROW = re.compile(rb"<(?:\w+:)?row[\s>/]")
_CELL = re.compile(rb"<(?:\w+:)?c[\s>/]")
_CHUNK = 1 << 16


class ExcelError(ValidationError):
    """The whole file is refused; the message says why, in Chinese."""


def _megabytes(size: int) -> str:
    if size < 1048576:
        return f"{size / 1024:.0f} KB"
    return f"{size / 1048576:.1f} MB"


def check_size(size: int) -> None:
    limit = settings.IPPLAN_MAX_DOCUMENT_BYTES
    if size > limit:
        raise ExcelError(f"文件有 {_megabytes(size)}，超过 {_megabytes(limit)} 的上限。")


def _count_rows_and_cells(archive: zipfile.ZipFile, name: str) -> tuple[int, int]:
    """Rows and cells in one worksheet part, streamed (a tag never spans more than the
    few bytes carried over between chunks)."""
    rows = cells = 0
    carry = b""
    with archive.open(name) as part:
        while chunk := part.read(_CHUNK):
            text = carry + chunk
            # Count only matches that end before the carried tail, so none is counted twice.
            cut = max(len(text) - 8, 0)
            rows += len(_ROW.findall(text, 0, cut))
            cells += len(_CELL.findall(text, 0, cut))
            carry = text[cut:]
    rows += len(_ROW.findall(carry))
    cells += len(_CELL.findall(carry))
    return rows, cells


def check_package(data: bytes) -> None:
    """Refuse, before any parsing, a file that is not an .xlsx or holds far more than any
    template: too many parts, too much inflated content, too many rows or cells."""
    check_size(len(data))
    if data[:8] == XLS_MAGIC:
        raise ExcelError(
            "这是旧版 .xls 文件：请用下载的 .xlsx 模板填写，或在 Excel 中另存为 .xlsx。"
        )
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ExcelError("无法读取文件：这不是 .xlsx 格式的 Excel 文件，请上传从本系统下载的模板。")
    max_inflated = settings.IPPLAN_EXCEL_MAX_INFLATED_BYTES
    max_rows = settings.IPPLAN_EXCEL_MAX_ROWS
    max_cells = settings.IPPLAN_EXCEL_MAX_CELLS
    corrupt = "无法读取文件：Excel 文件已损坏。"
    try:
        parts = zip_members(data, max_members=MAX_PARTS, max_inflated=max_inflated)
    except PackageRefused as refused:
        if refused.reason == PackageRefused.TOO_MANY_MEMBERS:
            message = f"无法读取文件：文件包含 {refused.members} 个部件，不是正常的填报模板。"
        elif refused.reason == PackageRefused.INFLATED:
            message = (
                f"无法读取文件：文件解压后有 {_megabytes(refused.inflated)}，超过 "
                f"{_megabytes(max_inflated)} 的上限，不是正常的填报模板。"
            )
        else:
            message = corrupt
        raise ExcelError(message) from refused
    rows = cells = 0
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for part in parts:
                if part.filename.startswith("xl/worksheets/") and part.filename.endswith(".xml"):
                    counted = _count_rows_and_cells(archive, part.filename)
                    rows, cells = rows + counted[0], cells + counted[1]
    except ZIP_ERRORS as error:
        raise ExcelError(corrupt) from error
    if rows > max_rows or cells > max_cells:
        raise ExcelError(
            f"文件有 {rows} 行、{cells} 个单元格，超过填报模板 {max_rows} 行、{max_cells} 个"
            "单元格的上限：请只在下载的模板中填写，不要追加行。"
        )


# --- the extract ----------------------------------------------------------------------------


@dataclass(frozen=True)
class SheetCell:
    """A cell as read: its value (text, number, bool or None) and its number format."""

    value: object
    number_format: str = "General"


@dataclass
class Extract:
    """What the upload holds: the verified signature, the header row, the data rows."""

    payload: dict
    headers: list[str]
    rows: list[tuple[int, list[SheetCell]]]  # (Excel row number, cells of the layout)

    def as_json(self) -> dict:
        return {
            "payload": self.payload,
            "headers": self.headers,
            "rows": [
                [number, [[c.value, c.number_format] for c in cells]] for number, cells in self.rows
            ],
        }

    @classmethod
    def from_json(cls, data: dict) -> Extract:
        return cls(
            payload=data["payload"],
            headers=data["headers"],
            rows=[
                (number, [SheetCell(value, fmt) for value, fmt in cells])
                for number, cells in data["rows"]
            ],
        )


def _plain(value: object) -> object:
    """A value JSON can hold: dates as the text a person sees."""
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return cell_text(value) if not isinstance(value, datetime.time) else value.isoformat()
    return value


def _payload(workbook) -> dict:
    if META_SHEET not in workbook.sheetnames:
        raise ExcelError(
            "这不是从本系统下载的填报模板（缺少模板标识）：请先下载本期模板，在模板上填写后上传。"
        )
    token = "".join(
        cell_text(row[0])
        for row in workbook[META_SHEET].iter_rows(min_col=2, max_col=2, min_row=5, values_only=True)
    ).strip()
    try:
        payload = signing.loads(token, salt=SALT)
    except signing.BadSignature as error:
        raise ExcelError(
            "模板标识被改动过，无法确认这份文件来自本系统：请重新下载模板填写。"
        ) from error
    if not isinstance(payload, dict) or payload.get("format") != FORMAT_VERSION:
        raise ExcelError("模板版本过旧，请重新下载模板填写。")
    return payload


def workbook_extract(data: bytes) -> Extract:
    """Check the file's bounds, then read it once (openpyxl's streaming reader)."""
    import openpyxl

    check_package(data)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), data_only=True, read_only=True)
    except Exception as error:  # openpyxl raises many types for a damaged package
        raise ExcelError("无法读取文件：Excel 文件已损坏，或不是 .xlsx 格式。") from error
    try:
        payload = _payload(workbook)
        if payload["sheet"] not in workbook.sheetnames:
            raise ExcelError(f"找不到工作表“{payload['sheet']}”：请不要修改工作表名称。")
        width = len(columns(payload["slots"]))
        headers: list[str] = []
        rows: list[tuple[int, list[SheetCell]]] = []
        sheet = workbook[payload["sheet"]]
        sheet.reset_dimensions()  # do not trust the size the file declares
        for number, row in enumerate(
            sheet.iter_rows(min_row=HEADER_ROW, max_col=width), start=HEADER_ROW
        ):
            cells = [
                SheetCell(_plain(cell.value), getattr(cell, "number_format", None) or "General")
                for cell in row
            ]
            cells += [SheetCell(None)] * (width - len(cells))
            if number == HEADER_ROW:
                headers = [cell_text(cell.value) for cell in cells]
            elif number >= FIRST_ROW:
                rows.append((number, cells))
    except ExcelError:
        raise
    except Exception as error:
        raise ExcelError("无法读取文件：Excel 文件已损坏，或不是 .xlsx 格式。") from error
    finally:
        workbook.close()
    return Extract(payload=payload, headers=headers, rows=rows)
