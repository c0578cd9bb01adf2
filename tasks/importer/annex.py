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
from .parsed import ParsedMeasure, ParsedScheduleRow, ParsedSection, UnplacedLine
from .schedule import TableRows, align_short_row, column_roles, is_schedule_table
from .structure import Line

_ROW_SEPARATOR = re.compile(r"\t|\s*[|｜]\s*")


@dataclass
class Annex:
    title: str = ""
    schedule: list[ParsedScheduleRow] = field(default_factory=list)
    measures: list[ParsedMeasure] = field(default_factory=list)
    # Rows with only their first cell filled by a heading (一、完善知识产权保护制度) group
    # the rows under them.
    sections: list[ParsedSection] = field(default_factory=list)
    unplaced: list[UnplacedLine] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def parse_annex(lines: list[Line], *, ref_prefix: str = "") -> Annex:
    """Read the lines after ``附件`` (raw, tabs kept) into schedule rows or measures."""
    annex = Annex()
    groups = _cell_groups(lines)
    title_lines = [line for line in lines if line.text.strip() and "\t" not in line.text]
    header_at = _header_at(groups)
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
    table = TableRows(breakdown=not is_schedule_table(roles))
    body = _continued(groups[header_at + 1 :], numbered=roles.get(0) == "number")
    for line_number, cells in body:
        if not any(cells) or table.heading(cells, line_number):
            continue
        if len(cells) == len(header):
            aligned = {roles[i]: cells[i] for i in roles}
        else:
            aligned = align_short_row(cells, order)
            if len(cells) > len(header):
                annex.warnings.append(f"第{line_number}行：表格行的单元格多于表头，已并入主要措施")
        table.add(line_number, aligned)
    content = table.content(annex.warnings, ref_prefix=ref_prefix)
    annex.measures, annex.sections, annex.schedule = (
        content.measures,
        content.sections,
        content.schedule,
    )
    return annex


def is_task_table(lines: list[Line]) -> bool:
    """Whether the annex lines hold a table with a header ``parse_annex`` reads."""
    return _header_at(_cell_groups(lines)) is not None


def _header_at(groups: list[tuple[int, list[str]]]) -> int | None:
    return next((i for i, (_, cells) in enumerate(groups) if column_roles(cells) is not None), None)


_TERMINAL = "。；;！？!?"


def _continued(
    groups: list[tuple[int, list[str]]], *, numbered: bool
) -> list[tuple[int, list[str]]]:
    """A row whose 序号 is empty, whose one filled cell goes on from the row above that
    stops mid-sentence (``| 7 | …新增备案主体 | … |`` then ``|   | 800家以上… |  |  |``), is
    the same row printed over two lines: its cell is joined to the one above."""
    result: list[tuple[int, list[str]]] = []
    for line_number, cells in groups:
        filled = [i for i, cell in enumerate(cells) if cell]
        if numbered and result and len(filled) == 1 and filled[0] > 0 and not cells[0]:
            above = result[-1][1]
            at = filled[0]
            if at < len(above) and above[at] and above[at][-1] not in _TERMINAL:
                above[at] += cells[at]
                continue
        result.append((line_number, list(cells)))
    return result


def _spaced_cells(lines: list[Line]) -> list[Line]:
    """A table copied out of a PDF as text, its cells parted by one full-width space
    (``序号　重点任务　牵头单位…``, rows indented ``　　1　开展…``, an empty cell ``　　``):
    the spaces become tabs once a header row of that shape is found."""
    if any(_ROW_SEPARATOR.search(line.text) for line in lines):
        return lines
    if not any(
        column_roles(line.text.strip(_INDENT).split("\u3000")) is not None
        for line in lines
        if line.text.strip(_INDENT).count("\u3000") >= 2
    ):
        return lines
    return [
        Line(line.number, line.text.strip(_INDENT).replace("\u3000", "\t"), line.indent, line.last)
        for line in lines
    ]


_INDENT = " \u3000"


def _cell_groups(lines: list[Line]) -> list[tuple[int, list[str]]]:
    """Split the table into rows of cells: ``(first line number, cells)``."""
    lines = _spaced_cells(lines)
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
