"""Shared layout for ipplan's workbooks: headers, widths, frozen header row, print setup."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Sequence
from typing import IO

from django.utils import timezone
from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

FORMULA_START = ("=", "+", "-", "@")
_HEADER_FONT = Font(bold=True, name="宋体")
_HEADER_FILL = PatternFill("solid", fgColor="EEF2F6")
_THIN = Side(style="thin", color="9AA5B1")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="top")
_TITLE_FONT = Font(bold=True, size=14, name="黑体")
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")


def new_workbook() -> Workbook:
    return Workbook(write_only=True)


def sheet_title(text: str, used: set[str]) -> str:
    """A legal, unique sheet name (Excel: ≤ 31 characters, none of []:*?/\\)."""
    base = _SHEET_NAME_BAD.sub("", text).strip()[:28] or "Sheet"
    name, n = base, 2
    while name in used:
        name = f"{base[:26]}{n}"
        n += 1
    used.add(name)
    return name


def add_sheet(
    workbook: Workbook,
    title: str,
    columns: Sequence[tuple[str, float]],
    *,
    used: set[str],
    caption: str = "",
) -> WriteOnlyWorksheet:
    """A sheet with an optional caption row, then the header row frozen and repeated on print."""
    sheet = workbook.create_sheet(sheet_title(title, used))
    for index, (_, width) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = "9"  # A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    # Write-only sheets fix their views on the first row written: set them before it.
    header_row = 2 if caption else 1
    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.print_title_rows = f"{header_row}:{header_row}"
    if caption:
        title = WriteOnlyCell(sheet, value=caption)
        title.font = _TITLE_FONT
        sheet.append([title])
    header = []
    for name, _ in columns:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font, cell.fill, cell.border = _HEADER_FONT, _HEADER_FILL, _BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        header.append(cell)
    sheet.append(header)
    return sheet


def cell(sheet: WriteOnlyWorksheet, value: object) -> WriteOnlyCell:
    """One bordered, wrapped cell; text stays text even when it looks like a formula."""
    if isinstance(value, Promise | str):  # lazy labels and str subclasses become plain str
        value = str(value)
    if isinstance(value, datetime.datetime):
        value = (
            timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
        )
    result = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str) and value:
        # A cell beginning with = + - @ would be a formula (CSV/DDE injection): keep it text.
        result.data_type = "s"
    if isinstance(value, datetime.datetime):
        result.number_format = "yyyy-mm-dd hh:mm"
    result.border, result.alignment = _BORDER, _WRAP
    return result


def append(sheet: WriteOnlyWorksheet, values: Iterable[object]) -> None:
    sheet.append([cell(sheet, value) for value in values])


def save(workbook: Workbook, out: IO[bytes] | str) -> None:
    workbook.save(out)
