"""Shared layout for ipplan's workbooks: headers, widths, frozen header row, print setup.

Every value that goes into any ipplan workbook — exports and the Excel template alike —
is written by ``write_cell``: text stays text (a report beginning with ``=`` is never a
formula), characters a workbook cannot hold are dropped the same way every time, and
dates are local. ``sheet_text`` says what a text becomes in a cell, so the upload can
tell an untouched cell from an edited one.

Cells take their look from named styles registered once per workbook, and a body cell is
created straight from its style's array: assigning font, border and alignment objects per
cell made openpyxl hash them again for every cell, most of the time of a large export.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Sequence
from copy import copy
from typing import IO
from weakref import WeakKeyDictionary

from django.utils import timezone
from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.styles.borders import DEFAULT_BORDER
from openpyxl.styles.cell_style import StyleArray
from openpyxl.styles.fonts import DEFAULT_FONT
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

MAX_CELL_TEXT = 32767  # Excel's limit per cell
_HEADER_FONT = Font(bold=True, name="宋体")
_HEADER_FILL = PatternFill("solid", fgColor="EEF2F6")
_THIN = Side(style="thin", color="9AA5B1")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="top")
_TITLE_FONT = Font(bold=True, size=14, name="黑体")
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
# The workbook's named styles (shown in Excel's style gallery under these names).
TITLE, HEADER, BODY, BODY_DATETIME = "ipplan 标题", "ipplan 表头", "ipplan 正文", "ipplan 时间"


def _named_styles() -> list[NamedStyle]:
    """Fresh objects for each workbook: openpyxl binds a named style to one workbook."""
    return [
        NamedStyle(TITLE, font=copy(_TITLE_FONT), border=copy(DEFAULT_BORDER)),
        NamedStyle(
            HEADER,
            font=copy(_HEADER_FONT),
            fill=copy(_HEADER_FILL),
            border=copy(_BORDER),
            alignment=Alignment(horizontal="center", vertical="center", wrap_text=True),
        ),
        NamedStyle(BODY, font=copy(DEFAULT_FONT), border=copy(_BORDER), alignment=copy(_WRAP)),
        NamedStyle(
            BODY_DATETIME,
            font=copy(DEFAULT_FONT),
            border=copy(_BORDER),
            alignment=copy(_WRAP),
            number_format=DATETIME_FORMAT,
        ),
    ]


# Each workbook's named styles as style arrays (font, fill, border … ids), by style name.
_STYLE_ARRAYS: WeakKeyDictionary[Workbook, dict[str, StyleArray]] = WeakKeyDictionary()


def new_workbook() -> Workbook:
    workbook = Workbook(write_only=True)
    arrays = {}
    for style in _named_styles():
        workbook.add_named_style(style)
        arrays[style.name] = style.as_tuple()
    _STYLE_ARRAYS[workbook] = arrays
    return workbook


def sheet_text(text: str) -> str:
    """A text as a cell holds it: without the control characters a workbook cannot store."""
    return ILLEGAL_CHARACTERS_RE.sub("", text)[:MAX_CELL_TEXT]


def write_cell(target: Cell, value: object) -> Cell:
    """Put ``value`` into ``target``: the one way any ipplan workbook cell is written.

    Text stays text even when it begins with = + - @ (a formula, or CSV/DDE injection, in
    a spreadsheet); lazy labels become plain text; aware datetimes are written as local
    time, which is what people read on the pages.
    """
    if isinstance(value, Promise | str):  # lazy labels and str subclasses become plain str
        value = sheet_text(str(value))
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value).replace(tzinfo=None)
    target.value = value
    if isinstance(value, str) and value:
        target.data_type = "s"  # openpyxl would store "=…" as a live formula
    return target


def put(sheet, row: int, column: int, value: object) -> Cell:
    """Write ``value`` into a cell of an ordinary (not write-only) sheet."""
    return write_cell(sheet.cell(row, column), value)


def _styled(sheet: WriteOnlyWorksheet, value: object, style: str) -> Cell:
    """A write-only cell in one of the workbook's named styles."""
    arrays = _STYLE_ARRAYS.get(sheet.parent)
    if arrays is None:  # a workbook not made by new_workbook()
        result = write_cell(WriteOnlyCell(sheet), value)
        result.style = style
        return result
    return write_cell(Cell(sheet, row=1, column=1, style_array=arrays[style]), value)


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
        sheet.append([_styled(sheet, caption, TITLE)])
    sheet.append([_styled(sheet, name, HEADER) for name, _ in columns])
    return sheet


def cell(sheet: WriteOnlyWorksheet, value: object) -> Cell:
    """One bordered, wrapped body cell of a write-only sheet, written by ``write_cell``."""
    is_datetime = isinstance(value, datetime.datetime)
    return _styled(sheet, value, BODY_DATETIME if is_datetime else BODY)


def append(sheet: WriteOnlyWorksheet, values: Iterable[object]) -> None:
    sheet.append([cell(sheet, value) for value in values])


def save(workbook: Workbook, out: IO[bytes] | str) -> None:
    workbook.save(out)
