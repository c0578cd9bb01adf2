"""Task breakdown tables: column recognition, rows → schedule rows or measures, linking.

The same table shape turns up as a tab-indented annex in text (the 2016 pilot), as a
Word table and as an Excel sheet: 阶段 / 重点任务 / 主要措施 / 任务分工 / 时序进度, or the
simpler 序号 / 任务 / 责任单位 / 时间节点. The readers hand their rows to this module so
that every format follows the same rules for merged cells and periods.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from agencies.responsibility import DIVISION_LABELS
from indicators.targets import is_indicator_header, table_targets

from .numerals import NumeralError, label_number
from .parsed import ParsedMeasure, ParsedScheduleRow, ParsedSection, ParsedTarget, UnplacedLine
from .periods import PeriodError, inline_deadlines, parse_deadline
from .phrases import lead_in
from .structure import match_label

# Header names per column role; the first matching role wins, exact names before prefixes.
COLUMN_NAMES: dict[str, tuple[str, ...]] = {
    "number": ("序号", "编号", "项次"),
    "stage": ("阶段", "实施阶段", "工作阶段", "推进阶段"),
    "action": (
        "主要措施",
        "工作措施",
        "具体措施",
        "推进措施",
        "工作内容",
        "具体内容",
        "措施",
        "工作举措",
        "主要举措",
        "具体举措",
        "举措",
        "建设内容",
        "项目内容",
        "主要建设内容",
    ),
    "key_task": (
        "重点任务",
        "工作任务",
        "主要任务",
        "任务名称",
        "任务内容",
        "任务",
        "重点工作",
        # a 重点项目表: each project is a task, its 建设内容 the work
        "项目名称",
        "重点项目",
    ),
    "division": ("任务分工", "责任单位", "责任部门", "责任分工", "责任主体", "负责部门"),
    "lead_units": ("牵头单位", "牵头部门"),
    "co_units": (
        "配合单位",
        "配合部门",
        "协办单位",
        "协办部门",
        "协同单位",
        "协同部门",
        "协作单位",
        "协作部门",
        "参与单位",
    ),
    # what the task must reach (工作标准: 全市发明专利授权量达到1.2万件以上): its targets
    "standard": (
        "工作标准",
        "完成标准",
        "工作目标",
        "目标要求",
        "预期目标",
        "预期成效",
        "工作成效",
        "考核标准",
        "验收标准",
    ),
    "period": (
        "时序进度",
        "时间节点",
        "完成时限",
        "完成时间",
        "完成期限",
        "时间进度",
        "时间要求",
        "时间安排",
        "进度安排",
        "工作进度",
        "时限",
        "时间",
    ),
}
_DIVISION_HINT = re.compile(
    r"组织实施|负责|牵头|参与|提供|支持|会同|配合|(?:局|厅|委|办|政府|省辖市)$"
)
_PERIOD_HINT = re.compile(r"\d{4}\s*年|\d{1,2}\s*月")
_SPACE = re.compile(r"[\s\u00a0\u3000]+")
_FOLD_PUNCT = re.compile(r"[\s\u00a0\u3000，。、；：,.;:“”\"'（）()]+")
_STAGE_TITLE = re.compile(r"^(?P<stage>.+?)[（(](?P<period>[^（）()]*\d{4}[^（）()]*)[）)]$")


@dataclass
class TableRow:
    """One table row: its cells by role (``None`` when the row has no such cell)."""

    line: int
    cells: dict[str, str | None]


def column_roles(header: list[str]) -> dict[int, str] | None:
    """Map header cells to column roles; ``None`` when this is not a task table header."""
    roles: dict[int, str] = {}
    for index, cell in enumerate(header):
        role = _role_of(_SPACE.sub("", cell))
        if role and role not in roles.values():
            roles[index] = role
    found = set(roles.values())
    if len(found) >= 2 and found & {"key_task", "action"}:
        return roles
    return None


@lru_cache(maxsize=1024)
def _role_of(name: str) -> str:
    if not name:
        return ""
    for role, names in COLUMN_NAMES.items():
        if name in names:
            return role
    for role, names in COLUMN_NAMES.items():
        if any(name.startswith(known) or name.endswith(known) for known in names if len(known) > 1):
            return role
    return ""


def is_schedule_table(roles: dict[int, str]) -> bool:
    """A timetable of the text's tasks (阶段, or 主要措施, under a 重点任务 that names the
    task) is a schedule; a breakdown that numbers its rows or names a 牵头单位 for each is a
    list of measures, and so is a timetable whose rows name no task of the text
    (阶段 / 时间 / 工作内容 / 责任单位): its work is its own."""
    found = set(roles.values())
    if "key_task" not in found:
        return False
    if "stage" in found:
        return True
    if found & {"number", "lead_units"}:
        return False
    return "action" in found


def align_short_row(cells: list[str], order: list[str]) -> dict[str, str | None]:
    """Give roles to the cells of a row that lacks some columns (a 阶段总结 row, say).

    The period is the last cell when it reads like one; the division is the cell before
    it when it names units; the remaining leading cells take the first leading roles, and
    the last of them is always the action (or task).
    """
    remaining = list(cells)
    aligned: dict[str, str | None] = dict.fromkeys(order)
    if "period" in order and remaining and _PERIOD_HINT.search(remaining[-1]):
        aligned["period"] = remaining.pop()
    if "division" in order and len(remaining) >= 2 and _DIVISION_HINT.search(remaining[-1]):
        aligned["division"] = remaining.pop()
    leading = [role for role in order if role not in ("period", "division")]
    if not remaining or not leading:
        return aligned
    if len(remaining) >= len(leading):
        extra = remaining[len(leading) - 1 :]
        remaining = [*remaining[: len(leading) - 1], "".join(extra)]
        aligned.update(zip(leading, remaining, strict=True))
        return aligned
    aligned[leading[-1]] = remaining.pop()
    aligned.update(zip(leading[:-1], remaining, strict=False))
    return aligned


@dataclass
class TableContent:
    """What one recognised table contributes to a plan: measures outside any group,
    the groups its heading rows open (each with its measures), and schedule rows."""

    measures: list[ParsedMeasure] = field(default_factory=list)
    schedule: list[ParsedScheduleRow] = field(default_factory=list)
    sections: list[ParsedSection] = field(default_factory=list)
    notes: list[UnplacedLine] = field(default_factory=list)  # 填表说明 rows, kept as printed
    targets: list[ParsedTarget] = field(default_factory=list)  # an indicator table's, no item


def read_table(
    grid: list[tuple[int, list[str]]], warnings: list[str], *, ref_prefix: str = ""
) -> TableContent | None:
    """Read a grid of ``(line, cells)`` (merged cells already filled in) as a task table.

    The header is looked for in the first rows; ``None`` means the grid is not a task table.
    A cell's line breaks are kept until its column is known (``cell_text``).
    """
    header_at = next((i for i, (_, cells) in enumerate(grid[:8]) if column_roles(cells)), None)
    if header_at is None:
        return None
    header = grid[header_at][1]
    roles = column_roles(header) or {}
    divisions = ""
    if header_at + 1 < len(grid) and _sub_header(grid[header_at + 1][1], header, roles):
        # 责任分工 merged over 责任科室 / 责任人: the row under names what the column holds.
        header_at += 1
        division = next((i for i, role in roles.items() if role == "division"), None)
        sub = _SPACE.sub("", _cell(grid[header_at][1], division)) if division is not None else ""
        divisions = sub if sub in DIVISION_LABELS else ""
    table = TableRows(breakdown=not is_schedule_table(roles))
    notes: list[UnplacedLine] = []
    for line, cells in grid[header_at + 1 :]:
        if not any(cell.strip() for cell in cells):
            continue
        if _repeats_header(cells, header):
            continue  # a header repeated on every printed page
        compact = [_SPACE.sub("", cell) for cell in cells]
        if table.heading(compact, line):
            continue
        if is_note_row(compact):
            # "填表说明：1.牵头部门对任务完成负总责…" merged across the table: a note on the
            # table, not a task (its 1./2. are the note's points, its figures no goals).
            notes.append(UnplacedLine(line, compact[0], TABLE_NOTE))
            continue
        aligned = {role: cell_text(_cell(cells, i), role) for i, role in roles.items()}
        if divisions and aligned.get("division"):
            aligned["division"] = f"{divisions}：{aligned['division']}"
        table.add(line, aligned)
    content = table.content(warnings, ref_prefix=ref_prefix)
    content.notes = notes
    return content


TABLE_NOTE = "表格说明：跨列合并的说明行（填表说明、备注），不是任务"

# The name column of a 主要指标 table (序号 / 指标名称 / 单位 / 基准值 / 目标值 / 责任单位).
_INDICATOR_NAME = re.compile(r"^(?:指标|指标名称|主要指标|具体指标)$")
_YEAR = re.compile(r"((?:19|20)\d\d)")


def _indicator_name(header: list[str]) -> int | None:
    """The name column of an indicator table's header row; ``None`` for any other row."""
    names = [_SPACE.sub("", cell) for cell in header]
    name = next((i for i, cell in enumerate(names) if _INDICATOR_NAME.match(cell)), None)
    return name if name is not None and is_indicator_header(names) else None


def read_indicator_table(
    grid: list[tuple[int, list[str]]], *, ref_prefix: str = ""
) -> TableContent | None:
    """A table of indicators: ``None`` when the grid is not one.

    Rows that carry a 序号 beside a 责任单位 column are items, one per indicator, with
    their bodies and the row's targets (the 目标值 column, read as ``table_targets`` reads
    a table printed in text); a table without bodies states the plan's targets only.
    """
    at = next(
        (i for i, (_, cells) in enumerate(grid[:8]) if _indicator_name(cells) is not None), None
    )
    if at is None:
        return None
    names = [_SPACE.sub("", cell) for cell in grid[at][1]]
    name = _indicator_name(names)
    header_line = "\t".join(names)
    # The title's 2018—2020年 says which year columns are the base (2017年) and which ahead;
    # without one, a year before the first 目标 column's is the base.
    title_years = _YEAR.findall(" ".join(cell for _, cells in grid[:at] for cell in cells))
    aimed = [year for cell in names if "目标" in cell for year in _YEAR.findall(cell)]
    since = int((title_years or sorted(aimed) or [0])[0]) or None
    roles = {index: _role_of(cell) for index, cell in enumerate(names)}
    number = next((i for i, role in roles.items() if role == "number"), None)
    division = next((i for i, role in roles.items() if role in ("division", "lead_units")), None)
    content = TableContent()
    for line, cells in grid[at + 1 :]:
        compact = [_SPACE.sub("", cell) for cell in cells]
        if not any(compact):
            continue
        if is_note_row(compact):
            content.notes.append(UnplacedLine(line, compact[0], TABLE_NOTE))
            continue
        targets = table_targets([header_line, "\t".join(compact)], since_year=since)
        label, title = _cell(compact, number) if number is not None else "", _cell(compact, name)
        if division is None or not label or not title:
            content.targets += targets
            continue
        try:
            position = label_number(label)
        except NumeralError:
            position = len(content.measures) + 1
        content.measures.append(
            ParsedMeasure(
                number=position,
                label=label,
                text=title,
                ref=f"{ref_prefix}{label}",
                title=title,
                line_start=line,
                line_end=line,
                responsibility_text=cell_text(_cell(cells, division), "division"),
                targets=targets,
            )
        )
    return content


# A 目标任务分解表: the plan's figures broken down by place, one row a place (设区市 /
# 发明专利拥有量（件） / PCT申请（件）, 南京市 … 全省合计), the year in the table's title.
_PLACE_COLUMN = re.compile(
    r"^(?:各?设区市|省辖市|地级市|城市|地区|市别|县（市、区）|县（市）区|县市区|区县|县区|辖市区|各区)$"
)
_FIGURE_COLUMN = re.compile(r"^(?P<name>[^（(]{2,24})[（(](?P<unit>[^）()]{1,4})[）)]$")
_TOTAL = re.compile(r"(?:合计|总计)$")


def place_breakdown_targets(grid: list[tuple[int, list[str]]], title: str) -> list[ParsedTarget]:
    """The targets of a per-place breakdown table, each named by its place and column
    (南京市发明专利拥有量 150000 件; 全省合计 → 全省…); empty for any other table."""
    if len(grid) < 2:
        return []
    header = [_SPACE.sub("", cell) for cell in grid[0][1]]
    figures = {i: m for i, cell in enumerate(header) if (m := _FIGURE_COLUMN.match(cell))}
    if not header or not _PLACE_COLUMN.match(header[0]) or not figures or 0 in figures:
        return []
    years = [int(year) for year in _YEAR.findall(title)]
    head = f"序号\t指标\t{max(years)}年" if years else "序号\t指标\t目标值"
    targets: list[ParsedTarget] = []
    for _, cells in grid[1:]:
        compact = [_SPACE.sub("", cell) for cell in cells]
        if not compact or not compact[0] or is_note_row(compact):
            continue
        place = _TOTAL.sub("", compact[0])
        for index, match in figures.items():
            value = _cell(compact, index)
            if value:
                row = f"-\t{place}{match['name']}（{match['unit']}）\t{value}"
                targets += table_targets([head, row], since_year=min(years) if years else None)
    return targets


_NOTE_START = re.compile(r"^(?:填表说明|填报说明|说明|备注|注)[：:]")


def is_note_row(cells: list[str]) -> bool:
    """A note under the table: one text merged across every cell (a Word or Excel merge
    repeats it in each), or ``填表说明：``/``备注：``/``注：`` alone in the first cell."""
    if len(cells) < 2 or not cells[0]:
        return False
    if all(cell == cells[0] for cell in cells):
        return True
    return bool(_NOTE_START.match(cells[0])) and not any(cells[1:])


@dataclass
class Segment:
    """The rows of a breakdown under one heading row (``None``: before the first)."""

    section: ParsedSection | None = None
    rows: list[TableRow] = field(default_factory=list)


def breakdown_content(
    segments: list[Segment], warnings: list[str], *, ref_prefix: str = ""
) -> TableContent:
    """A breakdown's measures, each group's under its heading, with their schedule rows."""
    content = TableContent()
    for segment in segments:
        measures, schedule = measure_rows(segment.rows, warnings, ref_prefix=ref_prefix)
        content.schedule += schedule
        section = segment.section
        if section is None:
            content.measures += measures
            continue
        section.measures = measures
        section.line_end = max([section.line_end, *(m.line_end for m in measures)])
        content.sections.append(section)
    return content


@dataclass
class TableRows:
    """A task table's body rows as they are read, one at a time, into its content: heading
    rows open a group (a breakdown's only), merged lead cells are filled from the row above,
    and ``content()`` gives the breakdown's measures or the timetable's schedule rows. The
    Word/Excel grids (``read_table``) and the text annexes (``annex.parse_annex``) share it."""

    breakdown: bool
    segments: list[Segment] = field(default_factory=lambda: [Segment()])
    previous: dict[str, str | None] = field(default_factory=dict)

    def heading(self, cells: list[str], line: int) -> bool:
        """Open a group if ``cells`` is a heading row (一、完善知识产权保护制度)."""
        heading = heading_row(cells) if self.breakdown else None
        if heading is None:
            return False
        heading.line_start = heading.line_end = line
        self.segments.append(Segment(heading))
        self.previous = {}
        return True

    def add(self, line: int, cells: dict[str, str | None]) -> None:
        if self.breakdown:
            self.previous = fill_down(cells, self.previous)
        self.segments[-1].rows.append(TableRow(line, with_division(dict(cells))))

    def content(self, warnings: list[str], *, ref_prefix: str = "") -> TableContent:
        if not self.breakdown:
            rows = [row for segment in self.segments for row in segment.rows]
            return TableContent(schedule=schedule_rows(rows, warnings))
        return breakdown_content(self.segments, warnings, ref_prefix=ref_prefix)


def heading_row(cells: list[str]) -> ParsedSection | None:
    """``| 一、完善知识产权保护制度 |  |  |  |``, or a Word row merged across whose every
    cell repeats the heading: a heading over the rows below it."""
    if not cells or not cells[0] or any(cell and cell != cells[0] for cell in cells[1:]):
        return None
    labelled = match_label(cells[0])
    if labelled is None or labelled[0] not in ("chapter", "paren", "chapter_art"):
        return None
    _, label, title = labelled
    try:
        number = label_number(label)
    except NumeralError:
        number = 0
    return ParsedSection(number=number, label=label, title=title)


# Columns of bodies: a line break inside the cell separates two of them.
_UNIT_ROLES = ("division", "lead_units", "co_units")
_ROLE_WORD_END = re.compile(r"(?:负责|牵头|组织实施|参与|配合|指导|落实)$")


def cell_text(text: str, role: str) -> str:
    """A cell's lines as one text.

    In a column of bodies each line is a body (``市科技局↵市工信局`` → ``市科技局、市工信局``;
    a line that ends with its role, ``A牵头↵B配合``, is a clause: ``A牵头，B配合``); elsewhere
    a line break only wraps (``2016年7月↵-2017年6月``, a task's sentence).
    """
    lines = [line for line in text.split("\n") if line]
    if role not in _UNIT_ROLES or len(lines) < 2:
        return "".join(lines)
    joined = lines[0]
    for line in lines[1:]:
        if joined[-1] in "、，,；;：:。" or line[0] in "、，,；;）)":
            joined += line
        elif _ROLE_WORD_END.search(joined):
            joined += "，" + line
        else:
            joined += "、" + line
    return joined


def with_division(cells: dict[str, str | None]) -> dict[str, str | None]:
    """Separate 牵头单位 / 配合单位 columns become one labelled phrase, roles kept."""
    lead, co = cells.pop("lead_units", None), cells.pop("co_units", None)
    if lead or co:
        parts = [cells.get("division") or ""]
        parts += [f"牵头单位：{lead}" if lead else "", f"配合单位：{co}" if co else ""]
        cells["division"] = "；".join(part for part in parts if part)
    return cells


def fill_down(
    cells: dict[str, str | None], previous: dict[str, str | None]
) -> dict[str, str | None]:
    """Fill a row's merged lead cell from the row above; returns this row's cells.

    A task always has a lead: an empty cell of the column that names it (牵头单位, or
    责任单位 in a table without one) under a filled one is a vertically merged cell
    exported as text, "same as above". An empty 配合单位, or a 责任单位 beside a 牵头单位
    column, is just empty.
    """
    if cells.get("action") and "key_task" in cells and not cells["key_task"]:
        cells["key_task"] = previous.get("key_task")  # 重点任务 merged over its 具体措施
    lead = "lead_units" if "lead_units" in cells else "division"
    if (cells.get("key_task") or cells.get("action")) and lead in cells:
        if not cells[lead] and previous.get(lead):
            cells[lead] = previous[lead]
    return cells


def _cell(cells: list[str], index: int) -> str:
    """The cell's text without spaces; its line breaks stay for ``cell_text``."""
    return re.sub(r"[^\S\n]+", "", cells[index]) if index < len(cells) else ""


def _sub_header(cells: list[str], header: list[str], roles: dict[int, str]) -> bool:
    """The second row of a two-row header: the columns merged down repeat the header's
    names, the others name what a merged group (责任分工) splits into."""
    task = next(i for i, role in roles.items() if role in ("key_task", "action"))
    return _cell(cells, task) == _cell(header, task) and not _repeats_header(cells, header)


def _repeats_header(cells: list[str], header: list[str]) -> bool:
    return [_SPACE.sub("", c) for c in cells] == [_SPACE.sub("", c) for c in header]


def schedule_rows(rows: list[TableRow], warnings: list[str]) -> list[ParsedScheduleRow]:
    """Turn aligned rows into schedule rows, filling merged 阶段/重点任务 cells down."""
    result: list[ParsedScheduleRow] = []
    previous: dict[str, str] = {"stage": "", "key_task": ""}
    for row in rows:
        cells = row.cells
        stage = cells.get("stage") or previous["stage"]
        key_task = cells.get("key_task")
        if key_task == "" and stage == previous["stage"]:
            key_task = previous["key_task"]
        key_task = key_task or ""
        period_text = cells.get("period") or ""
        start, end = read_period(period_text, row.line, warnings)
        result.append(
            ParsedScheduleRow(
                stage=stage,
                key_task=key_task,
                action=cells.get("action") or "",
                division_text=cells.get("division") or "",
                start=start,
                end=end,
                period_text=period_text,
                line_start=row.line,
            )
        )
        previous = {"stage": stage, "key_task": key_task}
    return result


def measure_rows(
    rows: list[TableRow], warnings: list[str], *, ref_prefix: str = ""
) -> tuple[list[ParsedMeasure], list[ParsedScheduleRow]]:
    """Turn a 序号/任务/责任单位 table into measures, plus schedule rows when it has periods."""
    measures: list[ParsedMeasure] = []
    schedule: list[ParsedScheduleRow] = []
    for position, row in enumerate(rows, start=1):
        # 重点任务 / 具体措施: each measure is a 具体措施 under its 重点任务's heading.
        key_task, action = row.cells.get("key_task") or "", row.cells.get("action") or ""
        work = action or key_task
        if not work:
            continue
        # The 工作标准 cell is the task's own promise: it reads on from the task.
        standard = row.cells.get("standard") or ""
        text = f"{work.rstrip('。；;')}。{standard}" if standard else work
        label = row.cells.get("number") or ""
        try:
            number = label_number(label) if label else position
        except NumeralError:
            number = position
        measure = ParsedMeasure(
            number=number,
            label=label,
            text=text,
            ref=f"{ref_prefix}{label or position}",
            title=key_task if action and key_task else lead_in(work),
            line_start=row.line,
            line_end=row.line,
            responsibility_text=row.cells.get("division") or "",
        )
        measures.append(measure)
        period_text = row.cells.get("period") or ""
        if period_text:
            start, end = read_period(period_text, row.line, warnings)
            schedule.append(
                ParsedScheduleRow(
                    stage=row.cells.get("stage") or "",
                    key_task="",
                    action=work,
                    division_text="",  # the measure's own: not assigned twice
                    start=start,
                    end=end,
                    period_text=period_text,
                    measure_ref=measure.ref,
                    line_start=row.line,
                )
            )
    return measures, schedule


def read_period(
    text: str, line: int, warnings: list[str]
) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
    """Parse a period cell; an unreadable one becomes a warning, not a failure."""
    if not text:
        return None, None
    try:
        return parse_deadline(text, year=None)
    except PeriodError as error:
        warnings.append(f"第{line}行：{error}")
        return None, None


def stage_rows(measures: list[ParsedMeasure], warnings: list[str]) -> list[ParsedScheduleRow]:
    """Schedule rows from items such as ``宣传动员阶段（2022年8月-12月底）。成立…``."""
    result = []
    for measure in measures:
        match = _STAGE_TITLE.match(measure.title)
        if not match:
            continue
        start, end = read_period(match.group("period"), measure.line_start, warnings)
        if start is None:
            continue
        result.append(
            ParsedScheduleRow(
                stage=match.group("stage").strip(),
                key_task="",
                action=measure.text[len(measure.title) :].lstrip("。 "),
                division_text=measure.responsibility_text,
                start=start,
                end=end,
                period_text=match.group("period").strip(),
                measure_ref=measure.ref,
                line_start=measure.line_start,
            )
        )
    return result


def deadline_rows(
    measures: list[ParsedMeasure], *, year: int | None, warnings: list[str]
) -> list[ParsedScheduleRow]:
    """One schedule row per item with a ``完成时限`` (its children included).

    The row has only an end when the text gives a deadline (``2019年12月底前``; ``年底前``
    in the plan's year), and no dates for ongoing work (``持续推进``), whose words stay.
    The row belongs to its measure, whose bodies it shares: it carries none of its own.
    """
    result = []
    pending = list(measures)
    while pending:
        measure = pending.pop(0)
        pending[:0] = measure.children
        if not measure.deadline:
            result.extend(_inline_rows(measure, year))
            continue
        try:
            start, end = parse_deadline(measure.deadline, year=year)
        except PeriodError as error:
            warnings.append(f"第{measure.line_start}行：{error}")
            start = end = None
        result.append(
            ParsedScheduleRow(
                stage="",
                key_task="",
                action=measure.title or measure.text[:200],
                division_text="",
                start=start,
                end=end,
                period_text=measure.deadline[:60],
                measure_ref=measure.ref,
                line_start=measure.line_start,
            )
        )
    return result


def _inline_rows(measure: ParsedMeasure, year: int | None) -> list[ParsedScheduleRow]:
    """Rows for the deadlines an item states in its sentences (``该项工作于2019年4月底前
    完成``): one per date, the sentence as its action; words that are not a date are left."""
    rows: list[ParsedScheduleRow] = []
    seen = set()
    for when, sentence in inline_deadlines(measure.text):
        try:
            start, end = parse_deadline(when, year=year)
        except PeriodError:
            continue
        if (start, end) in seen:
            continue
        seen.add((start, end))
        rows.append(
            ParsedScheduleRow(
                stage="",
                key_task="",
                action=sentence.strip()[:200],
                division_text="",
                start=start,
                end=end,
                period_text=when,
                measure_ref=measure.ref,
                line_start=measure.line_start,
            )
        )
    return rows


def date_in_plan_year(
    schedule: list[ParsedScheduleRow], year: int | None, warnings: list[str]
) -> None:
    """Rows read before the plan's year was known (``年底前`` in a table cell) take it now,
    and the warning that the year was missing goes."""
    if year is None:
        return
    for row in schedule:
        if row.start or row.end or not row.period_text:
            continue
        try:
            row.start, row.end = parse_deadline(row.period_text, year=year)
        except PeriodError:
            continue
        missing = f"第{row.line_start}行：时间缺少年份：“{row.period_text}”"
        if missing in warnings:
            warnings.remove(missing)


def link_rows(schedule: list[ParsedScheduleRow], measures: list[ParsedMeasure]) -> None:
    """Point each row at the measure its 重点任务 names.

    A row belongs to a measure when, punctuation and spaces ignored, the key task is
    contained in the measure's lead-in heading or the heading in the key task (the pilot's
    ``知识产权资源调查分析`` ↔ ``（一）开展知识产权资源调查分析``). The longest heading wins.
    """
    headed = [(fold(m.title), m) for m in measures if m.title]
    for row in schedule:
        if row.measure_ref or not row.key_task:
            continue
        task = fold(row.key_task)
        matches = [(len(title), m) for title, m in headed if task in title or title in task]
        if matches:
            row.measure_ref = max(matches, key=lambda pair: pair[0])[1].ref


def fold(text: str) -> str:
    """Text reduced for comparison: no spaces, no punctuation."""
    return _FOLD_PUNCT.sub("", text)
