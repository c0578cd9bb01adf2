"""Parse an Excel (.xlsx) task breakdown sheet into a plan with measures or schedule rows.

Offices keep plans as sheets: an optional title row, a header row (序号 / 重点任务 /
主要措施 / 责任单位 / 时间节点 …) and one row per task, with 阶段 and 重点任务 cells merged
over several rows. Each sheet holding such a table becomes one plan; line numbers are the
sheet's row numbers and ``source_text`` is the sheet rendered as tab-separated lines.
"""

from __future__ import annotations

import datetime
import io
import zipfile

from .decoding import DEFAULT_MAX_BYTES, DocumentError, check_package, check_size, normalise_line
from .levels import infer_level
from .parsed import ParsedPlan, slug_stem
from .schedule import (
    TableContent,
    column_roles,
    date_in_plan_year,
    read_indicator_table,
    read_table,
)
from .text_reader import plan_years, widen_years

MAX_CELLS = 200_000  # a task breakdown has hundreds of rows, never hundreds of thousands
NO_TABLE = "Excel文件中没有找到任务分解表（需要“重点任务”或“任务”以及“责任单位”“时间节点”等表头）"


def parse_xlsx(
    data: bytes, *, source_name: str, level: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> list[ParsedPlan]:
    """Read every sheet that holds a task table; raises ``DocumentError`` when none does."""
    check_size(data, max_bytes=max_bytes)
    check_package(data, what="Excel")
    workbook = _open(data)
    stem = slug_stem(source_name)
    every = [(sheet.title, _grid(sheet)) for sheet in workbook.worksheets]
    sheets = [(name, grid) for name, grid in every if _header_row(grid) is not None]
    # A sheet of the plan's indicators (指标 beside 任务) belongs to the first plan.
    indicators = [
        (grid, content)
        for name, grid in every
        if _header_row(grid) is None
        # refs apart from the task sheet's: both number their rows from 1
        for content in [read_indicator_table(grid, ref_prefix=name)]
        if content is not None and (content.measures or content.targets)
    ]
    if not sheets and indicators:
        sheets = [next((name, grid) for name, grid in every if grid is indicators[0][0])]
        indicators = indicators[1:]
    if not sheets:
        raise DocumentError(NO_TABLE)
    plans = []
    for position, (name, grid) in enumerate(sheets, start=1):
        slug = stem if len(sheets) == 1 else f"{stem}-{position}"
        plans.append(
            _plan(
                grid,
                name,
                slug=slug,
                source_name=source_name,
                level=level,
                indicators=indicators if position == 1 else [],
            )
        )
    return plans


def _open(data: bytes):
    import openpyxl

    try:
        return openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise DocumentError("无法读取Excel文件：文件已损坏，或不是.xlsx格式") from error
    except Exception as error:  # openpyxl raises several types for malformed packages
        raise DocumentError("无法读取Excel文件：文件内容无法解析") from error


def _grid(sheet) -> list[tuple[int, list[str]]]:
    """The sheet's rows as ``(row number, cell texts)``, merged cells filled from top-left."""
    if sheet.max_row * sheet.max_column > MAX_CELLS:
        raise DocumentError(
            f"工作表“{sheet.title}”有{sheet.max_row}行×{sheet.max_column}列，"
            f"超过任务分解表的上限（{MAX_CELLS}个单元格）"
        )
    values = [[_text(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]
    for merged in sheet.merged_cells.ranges:
        if merged.min_row > len(values) or merged.min_col > len(values[merged.min_row - 1]):
            continue  # a merge over cells the sheet never wrote
        top_left = values[merged.min_row - 1][merged.min_col - 1]
        for row in range(merged.min_row - 1, min(merged.max_row, len(values))):
            for column in range(merged.min_col - 1, min(merged.max_col, len(values[row]))):
                values[row][column] = top_left
    return [(number, cells) for number, cells in enumerate(values, start=1)]


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date):
        return f"{value.year}年{value.month}月"
    # A line break typed in a cell stays: in a column of bodies it separates names.
    lines = str(value).replace("\r", "").split("\n")
    return "\n".join(line for line in map(normalise_line, lines) if line)


def _header_row(grid: list[tuple[int, list[str]]]) -> int | None:
    for position, (_, cells) in enumerate(grid[:15]):
        if column_roles(cells) is not None:
            return position
    return None


def _plan(
    grid: list[tuple[int, list[str]]],
    sheet_name: str,
    *,
    slug: str,
    source_name: str,
    level: str | None,
    indicators: list[tuple[list[tuple[int, list[str]]], TableContent]],
) -> ParsedPlan:
    """One sheet's plan; the indicator sheets given come first in its text, as in the
    workbook when they precede it (their rows keep their place, the sheet's move down)."""
    before = [row for indicator_grid, _ in indicators for row in indicator_grid]
    grid = [(line + len(before), cells) for line, cells in grid]
    header_at = _header_row(grid) or 0
    title = next(
        (
            next(cell for cell in cells if cell).replace("\n", "")
            for _, cells in grid[:header_at]
            if len({cell for cell in cells if cell}) == 1
        ),
        sheet_name,
    )
    plan = ParsedPlan(
        title=title,
        slug=slug,
        level="",
        source_name=source_name,
        source_text="\n".join("\t".join(cells).replace("\n", "") for _, cells in [*before, *grid]),
    )
    content = read_table(grid[header_at:], plan.warnings) or read_indicator_table(grid)
    if content is not None:
        plan.measures = content.measures
        plan.sections = content.sections
        plan.schedule = content.schedule
        plan.unplaced = content.notes
        plan.targets = content.targets
    for _, indicator in reversed(indicators):
        plan.measures[:0] = indicator.measures
        plan.unplaced[:0] = indicator.notes
        plan.targets[:0] = indicator.targets
    plan.period_start_year, plan.period_end_year = plan_years(plan, [])
    date_in_plan_year(plan.schedule, plan.period_start_year, plan.warnings)
    widen_years(plan)
    plan.level = level or infer_level(title=title)
    return plan
