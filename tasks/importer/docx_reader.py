"""Parse a Word (.docx) plan: paragraphs like a text plan, tables as task tables.

The document is rendered to text in reading order, one line per paragraph and one
tab-separated line per table row; that rendering is the plan's ``source_text`` and the
line numbers refer to it. Paragraphs go through the text pipeline; tables whose header
names 重点任务/任务, 责任单位/任务分工, 时序进度/时间节点 … become measures or schedule rows.
"""

from __future__ import annotations

import io
import zipfile

from .decoding import DEFAULT_MAX_BYTES, DocumentError, check_package, check_size
from .docx_numbering import Numbering
from .parsed import ParsedPlan
from .schedule import date_in_plan_year, link_rows, place_breakdown_targets, read_table
from .text_reader import all_measures, read_plans, widen_years

NOT_A_PLAN = (
    "Word文件中既没有编号结构（如“一、”“（一）”“1.”），"
    "也没有可识别的任务表（需要“任务”“责任单位”等表头）"
)


def parse_docx(
    data: bytes, *, source_name: str, level: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> list[ParsedPlan]:
    """Read a .docx file into plans; raises ``DocumentError`` for corrupt or empty files."""
    check_size(data, max_bytes=max_bytes)
    check_package(data, what="Word")
    document = _open(data)
    lines: list[str] = []  # the rendering, tables included
    text_lines: list[str] = []  # the same lines with table rows blanked for the text parser
    tables: list[list[tuple[int, list[str]]]] = []
    titles: list[str] = []  # the paragraph above each table (its title)
    for block in _blocks(document):
        if isinstance(block, str):
            lines.append(block)
            text_lines.append(block)
            continue
        titles.append(next((line for line in reversed(text_lines) if line.strip()), ""))
        grid = []
        for cells in block:
            lines.append("\t" + "\t".join(cell.replace("\n", "") for cell in cells))
            text_lines.append("")
            grid.append((len(lines), cells))
        tables.append(grid)
    if not any(line.strip() for line in lines):
        raise DocumentError("Word文件中没有任何文字")
    plans = read_plans(
        "\n".join(text_lines), source_name=source_name, level=level, source_text="\n".join(lines)
    )
    plan = plans[0]
    found_table = False
    for number, grid in enumerate(tables, start=1):
        prefix = f"表{number}-" if (all_measures(plan) or len(tables) > 1) else ""
        content = read_table(grid, plan.warnings, ref_prefix=prefix)
        if content is None:
            plan.targets += place_breakdown_targets(grid, titles[number - 1])
            continue
        found_table = True
        plan.measures.extend(content.measures)
        plan.sections.extend(content.sections)
        plan.schedule.extend(content.schedule)
        plan.unplaced.extend(content.notes)
    if not found_table and not any(p.sections or p.measures for p in plans):
        raise DocumentError(NOT_A_PLAN)
    # A table's 完成时限 of months only (12月底, 全年) is in the plan's year.
    date_in_plan_year(plan.schedule, plan.period_start_year, plan.warnings)
    link_rows(plan.schedule, all_measures(plan))
    widen_years(plan)
    return plans


def _open(data: bytes):
    import docx  # python-docx; imported here so text-only imports stay light
    from docx.opc.exceptions import PackageNotFoundError

    try:
        return docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise DocumentError("无法读取Word文件：文件已损坏，或不是.docx格式") from error
    except Exception as error:  # lxml and zip errors vary by version; all mean the same
        raise DocumentError("无法读取Word文件：文件内容无法解析") from error


def _blocks(document):
    """Paragraph texts and tables (as lists of cell texts) in reading order."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    numbering = Numbering(document)
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = Paragraph(child, document).text
            # Word's automatic numbering prints a number that is not in the text.
            yield numbering.label(child) + text if text.strip() else text
        elif tag == "tbl":
            table = Table(child, document)
            # python-docx repeats a merged cell's text in every grid position it covers,
            # which is exactly "same as above" for 阶段/重点任务 columns. A cell's line
            # breaks (its paragraphs) stay: in a column of bodies they separate names.
            yield [[cell.text for cell in row.cells] for row in table.rows]
