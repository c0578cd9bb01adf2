"""Read a task breakdown table printed as text after ``附件``.

Two text exports are read. In one (the 2016 pilot's annex) every table cell starts on a
line of its own with a tab; a line without a leading tab continues the cell above
(``试点`` / ``启动``); a blank line ends a row. In the other every row is one line, its
cells separated by tabs (or ``|``). Merged cells show up as empty cells (same as above),
and some rows lack columns. A 阶段/主要措施 timetable gives schedule rows for the measures
of the text; a 序号/重点任务/牵头单位 breakdown gives the plan's measures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .decoding import normalise_line
from .parsed import ParsedMeasure, ParsedScheduleRow, UnplacedLine
from .schedule import (
    TableRow,
    align_short_row,
    column_roles,
    fill_down,
    is_schedule_table,
    measure_rows,
    schedule_rows,
    with_division,
)
from .structure import Line

_ROW_SEPARATOR = re.compile(r"\t|\s*[|｜]\s*")


@dataclass
class Annex:
    title: str = ""
    schedule: list[ParsedScheduleRow] = field(default_factory=list)
    measures: list[ParsedMeasure] = field(default_factory=list)
    unplaced: list[UnplacedLine] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def parse_annex(lines: list[Line], *, ref_prefix: str = "") -> Annex:
    """Read the lines after ``附件`` (raw, tabs kept) into schedule rows or measures."""
    annex = Annex()
    groups = _cell_groups(lines)
    title_lines = [line for line in lines if line.text.strip() and "\t" not in line.text]
    header_at = next(
        (i for i, (_, cells) in enumerate(groups) if column_roles(cells) is not None), None
    )
    if header_at is None:
        annex.unplaced = [
            UnplacedLine(line.number, normalise_line(line.text), "附件内容：未识别为任务分解表")
            for line in lines
            if normalise_line(line.text)
        ]
        return annex
    first_cell_line = groups[header_at][0]
    annex.title = "".join(
        normalise_line(line.text) for line in title_lines if line.number < first_cell_line
    )
    header = groups[header_at][1]
    roles = column_roles(header) or {}
    order = [roles[i] for i in sorted(roles)]
    rows: list[TableRow] = []
    breakdown = not is_schedule_table(roles)
    previous: dict[str, str | None] = {}
    for line_number, cells in groups[header_at + 1 :]:
        if not any(cells):
            continue
        if len(cells) == len(header):
            aligned = {roles[i]: cells[i] for i in roles}
        else:
            aligned = align_short_row(cells, order)
            if len(cells) > len(header):
                annex.warnings.append(f"第{line_number}行：表格行的单元格多于表头，已并入主要措施")
        if breakdown:
            previous = fill_down(aligned, previous)
        rows.append(TableRow(line_number, with_division(dict(aligned))))
    if not breakdown:
        annex.schedule = schedule_rows(rows, annex.warnings)
    else:
        annex.measures, annex.schedule = measure_rows(rows, annex.warnings, ref_prefix=ref_prefix)
    return annex


def _cell_groups(lines: list[Line]) -> list[tuple[int, list[str]]]:
    """Split the table into rows of cells: ``(first line number, cells)``."""
    groups: list[tuple[int, list[str]]] = []
    cells: list[str] | None = None
    for line in lines:
        raw = line.text
        if "\t" not in raw and not normalise_line(raw):
            cells = None  # a blank line ends the row
            continue
        row = _ROW_SEPARATOR.split(raw.strip("\n").strip("|"))
        if not raw.startswith("\t") and len(row) >= 2:
            # One row a line: "1\t建设…\t市市场监管局\t…" (or "| 1 | 建设… |").
            groups.append((line.number, [normalise_line(part) for part in row]))
            cells = None
            continue
        if raw.startswith("\t"):
            if cells is None:
                cells = []
                groups.append((line.number, cells))
            cells.extend(normalise_line(part) for part in raw.split("\t")[1:])
        elif cells is not None and cells:
            # A line break inside a cell: 2016年 / 2-5月 reads 2016年2-5月.
            cells[-1] += normalise_line(raw)
    return groups
