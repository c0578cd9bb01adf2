"""What the importer's parsers produce: plain dataclasses, no database.

Every reader (text, docx, xlsx) turns a document into a ``ParsedPlan``; one service
(``tasks.importer.services``) writes it to the database. The same structure, dumped as
JSON, is the seed fixture format in ``fixtures/plans/``.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import PurePath

# What a responsibility phrase and a target phrase read as belong to the apps that read
# them; a parsed plan holds them, and the importer's modules name them from here.
from agencies.parsed import ParsedResponsibility
from indicators.parsed import ParsedTarget

_NOT_SLUG = re.compile(r"[^A-Za-z0-9_-]+")


def slug_stem(source_name: str) -> str:
    """The stable key of a plan from its file name, as a slug the database accepts.

    ``2016-pilot.txt`` → ``2016-pilot``; a Chinese name keeps its ASCII part and gains a
    short hash of the whole name (``方案.txt`` → ``plan-1a2b3c4d``), so re-importing the
    same file still finds the same plan.
    """
    stem = PurePath(source_name).stem
    ascii_part = _NOT_SLUG.sub("-", stem).strip("-_")[:90]
    if ascii_part == stem:
        return stem or "plan"
    digest = hashlib.sha1(stem.encode("utf-8")).hexdigest()[:8]
    return f"{ascii_part or 'plan'}-{digest}"


@dataclass
class ParsedMeasure:
    """A numbered item: （二十一）, 1., 第三条 …"""

    number: int
    label: str  # as printed: "（二十一）", "1.", "第三条"
    text: str
    ref: str  # unique path inside the plan: "（二十一）", "二（一）3"
    title: str = ""  # the lead-in heading when the item has one
    line_start: int = 0  # 1-based source lines, for side-by-side review
    line_end: int = 0
    responsibility_text: str = ""  # the raw phrases, one a line: "省知识产权局、工商局负责"
    responsibilities: list[ParsedResponsibility] = field(default_factory=list)
    deadline: str = ""  # as printed after 完成时限：: "2019年12月底前", "持续推进"
    targets: list[ParsedTarget] = field(default_factory=list)
    children: list[ParsedMeasure] = field(default_factory=list)


@dataclass
class ParsedSection:
    """A chapter (一、) or nested heading that groups measures."""

    number: int
    label: str  # "一、", "（一）", "第一章"
    title: str
    text: str = ""  # paragraphs that belong to the section itself
    line_start: int = 0
    line_end: int = 0
    sections: list[ParsedSection] = field(default_factory=list)
    measures: list[ParsedMeasure] = field(default_factory=list)
    targets: list[ParsedTarget] = field(default_factory=list)  # stated in the section text


@dataclass
class ParsedScheduleRow:
    """One row of a task breakdown / timeline table (the 2016 pilot's annex)."""

    stage: str
    key_task: str
    action: str
    division_text: str  # the 任务分工 cell as printed
    start: tuple[int, int] | None  # (year, month)
    end: tuple[int, int] | None
    period_text: str = ""  # the 时序进度 cell as printed
    responsibilities: list[ParsedResponsibility] = field(default_factory=list)
    measure_ref: str = ""  # the measure it belongs to, when known
    line_start: int = 0


@dataclass
class UnplacedLine:
    line: int
    text: str
    reason: str = ""


@dataclass
class ParsedPlan:
    title: str
    slug: str  # stable key for re-import: the source file's stem
    level: str  # national | province | city | district | town
    issuer_name: str = ""
    document_number: str = ""  # "连政发〔2016〕132号"
    issued_on: str = ""  # ISO date "2012-05-15" when printed
    period_start_year: int | None = None
    period_end_year: int | None = None
    source_name: str = ""
    source_text: str = ""
    parent_slug: str = ""
    sections: list[ParsedSection] = field(default_factory=list)
    measures: list[ParsedMeasure] = field(default_factory=list)  # items outside any chapter
    schedule: list[ParsedScheduleRow] = field(default_factory=list)
    targets: list[ParsedTarget] = field(default_factory=list)  # plan-level targets
    unplaced: list[UnplacedLine] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def plan_measures(plan: ParsedPlan) -> list[ParsedMeasure]:
    """Every measure of the plan, sub-measures included, in document order."""
    found: list[ParsedMeasure] = []

    def walk_measures(measures: list[ParsedMeasure]) -> None:
        for measure in measures:
            found.append(measure)
            walk_measures(measure.children)

    def walk_sections(sections: list[ParsedSection]) -> None:
        for section in sections:
            walk_measures(section.measures)
            walk_sections(section.sections)

    walk_measures(plan.measures)
    walk_sections(plan.sections)
    return found


def plan_sections(plan: ParsedPlan) -> list[ParsedSection]:
    """Every section of the plan, nested ones included."""
    found: list[ParsedSection] = []

    def walk(sections: list[ParsedSection]) -> None:
        for section in sections:
            found.append(section)
            walk(section.sections)

    walk(plan.sections)
    return found
