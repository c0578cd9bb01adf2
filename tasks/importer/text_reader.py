"""Parse a plain-text plan (or a listing of several) into ``ParsedPlan`` objects.

The text is cut into regions: the notice header (metadata), the plan's body (chapters,
sections, measures), an annex table after ``附件`` (schedule rows) and the footer from
``抄送`` on (metadata). A policy listing, whose documents each start with
``• 【级别】title`` and often sit on one very long line, is first split into documents.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import PurePath

from .annex import is_task_table, parse_annex
from .decoding import DocumentError, normalise_line
from .header import (
    Header,
    document_number,
    expand_issuer,
    issued_on,
    read_header,
    read_signature,
)
from .levels import infer_level, level_of_tag
from .page_layout import undo_page_layout
from .parsed import ParsedMeasure, ParsedPlan, ParsedSection, plan_measures, slug_stem
from .phrases import RESPONSIBILITY_LABELS
from .schedule import date_in_plan_year, deadline_rows, fold, link_rows, stage_rows
from .structure import PREAMBLE, Line, Structure, build_structure, indent_of

_LISTING_ITEM = re.compile(r"^\s*[•·●▪]\s*【(?P<tag>[^】]{1,12})】\s*(?P<title>.+?)\s*$")
_LISTING_CHROME = re.compile(r"(?:下一页|上一页|末页|首页)")
# In listings a paragraph break was exported as a run of non-breaking spaces.
_NBSP_BREAK = re.compile(r"[ \t\u3000]*\u00a0[\s\u00a0\u3000]*")
_INLINE_CHAPTER = re.compile(r"\s+(?=第[一二三四五六七八九十百]+章\s*\S)")
_NOISE = re.compile(r"^(?:\[image:[^\]]*\]|-\s*\d+\s*-|_\d{6,}|[（(]此件[^）)]*[）)])$")
_ANNEX_START = re.compile(r"^附件\s*\d*\s*[.．:：]?$")
# "附件：市政府关于…", "附件1.深圳湾…界址点坐标", "附件：1.…" and, on the lines after it,
# the further attachments "2.深圳湾公路大桥…坐标" (short names, no sentence).
_ATTACHMENT_LIST = re.compile(
    r"^附件\s*(?:\d+\s*[.．、:：]|[:：]\s*(?:\d+\s*[.．、])?)\s*(?P<what>.+)$"
)
_MORE_ATTACHMENTS = re.compile(r"^\d{1,2}\s*[.．、]\s*(?P<what>[^。；，,;]{2,60})$")
_RANGE_YEARS = re.compile(r"(\d{4})\s*[-－—–~～至]\s*(\d{4})\s*年")
_FIVE_YEAR = {"十一五": 2006, "十二五": 2011, "十三五": 2016, "十四五": 2021, "十五五": 2026}
_TITLE_YEAR = re.compile(r"(\d{4})\s*年")
_BY_YEAR = re.compile(r"(?:到|至)\s*(\d{4})\s*年")
_FROM_YEAR = re.compile(r"自\s*(\d{4})\s*年[^，。,]{0,12}?起")
_VALID_UNTIL = re.compile(r"有效期至\s*(\d{4})\s*年")


def parse_text(text: str, *, source_name: str, level: str | None = None) -> list[ParsedPlan]:
    """Parse a decoded text document into its plans (a listing yields several).

    ``level`` is the caller's level for the plan; it overrides what the issuer suggests,
    but a listing's 【…级】 tag, stated per document, takes precedence over it.
    Raises ``DocumentError`` when no numbered structure is found at all.
    """
    plans = read_plans(text, source_name=source_name, level=level)
    if not any(plan.sections or plan.measures for plan in plans):
        raise DocumentError(
            "没有找到编号结构（如“一、”“（一）”“1.”“第一条”），这不像是一份行动计划或政策文件"
        )
    for plan in plans:
        if not (plan.sections or plan.measures):
            plan.warnings.append("没有找到任何章节或条目")
    return plans


def read_plans(
    text: str, *, source_name: str, level: str | None = None, source_text: str | None = None
) -> list[ParsedPlan]:
    """Like ``parse_text`` but never refuses a text without structure (used by docx).

    ``source_text`` is what the plans keep as their source when it differs from the text
    parsed (a Word file's rendering, tables included).
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    raw = text.split("\n")
    source = (source_name, text if source_text is None else source_text)
    stem = slug_stem(source_name)
    starts = [i for i, line in enumerate(raw) if _LISTING_ITEM.match(line)]
    if not starts:
        lines = undo_page_layout([Line(i + 1, line) for i, line in enumerate(raw)])
        return [_read_plan(lines, slug=stem, source=source, level=level)]
    plans = []
    for position, start in enumerate(starts):
        end = starts[position + 1] if position + 1 < len(starts) else len(raw)
        item = _LISTING_ITEM.match(raw[start])
        body = [
            Line(i + 1, piece)
            for i in range(start + 1, end)
            if not _LISTING_CHROME.search(raw[i]) or len(raw[i].strip()) > 40
            for piece in _split_long_line(raw[i])
        ]
        plans.append(
            _read_plan(
                body,
                slug=f"{stem}-{position + 1}",
                source=source,
                level=level_of_tag(item.group("tag")) or level,
                title=normalise_line(item.group("title")),
            )
        )
    return plans


def _split_long_line(line: str) -> list[str]:
    """Undo a listing's one-line paragraphs: NBSP runs and inline 第X章 headings break."""
    pieces = []
    for part in _NBSP_BREAK.split(line):
        pieces.extend(_INLINE_CHAPTER.split(part))
    return pieces


def _read_plan(
    lines: list[Line],
    *,
    slug: str,
    source: tuple[str, str],
    level: str | None,
    title: str = "",
) -> ParsedPlan:
    normalised = [
        Line(line.number, normalise_line(line.text), indent_of(line.text), line.last)
        for line in lines
    ]
    header = Header(title=title) if title else read_header(normalised)
    body, annex_lines, attachments = _regions(lines, normalised, header.body_start)
    if not title:
        read_signature(header, [line.text for line in body])
    structure = build_structure(body)
    if annex_lines and not (structure.sections or structure.measures) and _passes_on(body):
        annex_lines = _annexed_text(structure, annex_lines)
    elif annex_lines:
        annex_lines = _annexed_text(structure, annex_lines, breakdown_only=True)
    if not header.title:
        header.title = PurePath(source[0]).stem or "未命名计划"
        structure.warnings.append("没有找到计划标题，暂用文件名代替")
    plan = ParsedPlan(
        title=header.title,
        slug=slug,
        level="",
        issuer_name=header.issuer_name,
        document_number=header.document_number,
        issued_on=header.issued_on,
        source_name=source[0],
        source_text=source[1],
        sections=structure.sections,
        measures=structure.measures,
        unplaced=structure.unplaced,
        warnings=structure.warnings,
    )
    _read_attachments(plan, attachments)
    if annex_lines:
        annex = parse_annex(annex_lines, ref_prefix="附表-" if all_measures(structure) else "")
        plan.measures.extend(annex.measures)
        plan.sections.extend(annex.sections)
        plan.schedule.extend(annex.schedule)
        plan.unplaced.extend(annex.unplaced)
        plan.warnings.extend(annex.warnings)
    measures = all_measures(structure)
    plan.schedule.extend(stage_rows(measures, plan.warnings))
    link_rows(plan.schedule, measures)
    plan.period_start_year, plan.period_end_year = plan_years(plan, body)
    date_in_plan_year(plan.schedule, plan.period_start_year, plan.warnings)
    plan.schedule.extend(
        deadline_rows(measures, year=plan.period_start_year, warnings=plan.warnings)
    )
    plan.level = level or infer_level(
        issuer=plan.issuer_name, number=plan.document_number, title=plan.title
    )
    return plan


def _regions(
    raw: list[Line], normalised: list[Line], body_start: int
) -> tuple[list[Line], list[Line], list[str]]:
    """Split the lines after the header into body, annex (raw, tabs kept) and 附件： lines."""
    body: list[Line] = []
    attachments: list[str] = []
    attachments_at = -2  # the line of the last attachment listed
    for index in range(body_start, len(normalised)):
        text = normalised[index].text
        if text.startswith("抄送"):
            break
        if _ANNEX_START.match(text):
            end = next(
                (j for j in range(index, len(normalised)) if normalised[j].text.startswith("抄送")),
                len(normalised),
            )
            return body, raw[index + 1 : end], attachments
        if _NOISE.match(text):
            continue
        listed = _ATTACHMENT_LIST.match(text) or (
            attachments_at == index - 1 and _MORE_ATTACHMENTS.match(text)
        )
        if listed:
            attachments.append(listed.group("what"))
            attachments_at = index
            continue
        body.append(normalised[index])
    return body, [], attachments


# "现将国土资源部及专家组的有关意见转复你省", "现将《…》印发给你们": the notice hands its
# annex on to be acted upon. (A 通报 that commends 130 practices listed in its annex does
# not: the list is not work to do.)
_PASSES_ON = re.compile(r"现将[^。]{0,80}?(?:印发|转发|转复|转去|转送|发给|送给)")


def _passes_on(body: list[Line]) -> bool:
    return any(_PASSES_ON.search(line.text) for line in body)


# Words an annex that hands out tasks uses: a label (负责单位：) or a role (牵头, 负责).
_ASSIGNS = re.compile("|".join(RESPONSIBILITY_LABELS) + "|负责|牵头")
_TABLE_ROW = re.compile(r"\t|[|｜]")


def _paragraphs_assigning_work(annex_lines: list[Line]) -> bool:
    """Whether an annex is printed as paragraphs (no table rows) and names someone's work:
    a quick look before reading it as text (a table goes to ``parse_annex``)."""
    if any(_TABLE_ROW.search(line.text) for line in annex_lines):
        return False
    return any(_ASSIGNS.search(line.text) for line in annex_lines)


def _annexed_text(
    structure: Structure, annex_lines: list[Line], *, breakdown_only: bool = False
) -> list[Line]:
    """A reply or notice with nothing numbered of its own that passes on its annex, a
    numbered text (a ministry's report, 一、基本情况 … 四、建议意见, not a task table): each
    annex's text is read as the document's structure, one annex at a time (附件2 does not
    run on into the last chapter of 附件1). Returns the annex lines left for
    ``parse_annex`` ([] when read).

    With ``breakdown_only`` (the text has numbered items of its own) an annex is read only
    when it is a task breakdown printed as paragraphs: numbered items that carry their
    bodies (``1.推动…`` over a line ``负责单位：A牵头，B配合``); its refs say 附件.
    """
    if breakdown_only and not _paragraphs_assigning_work(annex_lines):
        return annex_lines
    if is_task_table(annex_lines):
        return annex_lines
    chunks: list[list[Line]] = [[]]
    for line in annex_lines:
        text = normalise_line(line.text)
        if _ANNEX_START.match(text):
            chunks.append([])
        elif text and not _NOISE.match(text):
            chunks[-1].append(Line(line.number, text, indent_of(line.text), line.last))
    read = [build_structure(chunk) for chunk in chunks if chunk]
    if breakdown_only:
        if not all(any(m.responsibility_text for m in all_measures(part)) for part in read):
            return annex_lines
        for part in read:
            for measure in plan_measures(part):
                measure.ref = f"附件-{measure.ref}"
    if not any(part.sections or part.measures for part in read):
        return annex_lines
    for part in read:
        structure.sections += part.sections
        structure.measures += part.measures
        structure.unplaced += [
            replace(line, reason=ANNEX_TEXT) if line.reason == PREAMBLE else line
            for line in part.unplaced
        ]
        structure.warnings += part.warnings
    return []


ANNEX_TEXT = "附件正文：编号条目之前的说明（报告的标题、抬头和导语）"


def _read_attachments(plan: ParsedPlan, attachments: list[str]) -> None:
    """``附件:市政府关于印发<title>的通知(苏府〔2021〕81号)`` names the plan's own notice."""
    for what in attachments:
        if "印发" not in what or fold(plan.title) not in fold(what):
            continue
        plan.document_number = plan.document_number or document_number(what)
        plan.issued_on = plan.issued_on or issued_on(what)
        if not plan.issuer_name and "关于" in what:
            plan.issuer_name = expand_issuer(what.split("关于")[0], plan.title)


def all_measures(structure: Structure | ParsedPlan) -> list[ParsedMeasure]:
    """Every top-level measure of a plan, chapter by chapter, in document order."""
    result = list(structure.measures)

    def walk(sections: list[ParsedSection]) -> None:
        for section in sections:
            result.extend(section.measures)
            walk(section.sections)

    walk(structure.sections)
    return result


def plan_years(plan: ParsedPlan, body: list[Line]) -> tuple[int | None, int | None]:
    """The years a plan covers, from its title, else from its dates and 到…年 targets."""
    title = plan.title
    ranged = _RANGE_YEARS.search(title)
    if ranged:
        return int(ranged.group(1)), int(ranged.group(2))
    for name, first in _FIVE_YEAR.items():
        if name in title:
            return first, first + 4
    single = _TITLE_YEAR.search(title)
    if single:
        return int(single.group(1)), int(single.group(1))
    text = "\n".join(line.text for line in body)
    starts = [int(plan.issued_on[:4])] if plan.issued_on else []
    number_year = re.search(r"〔(\d{4})〕", plan.document_number)
    if number_year:
        starts.append(int(number_year.group(1)))
    starts.extend(int(year) for year in _FROM_YEAR.findall(text))
    starts.extend(row.start[0] for row in plan.schedule if row.start)
    start = min(starts) if starts else None
    ends = [int(year) for year in _BY_YEAR.findall(text) + _VALID_UNTIL.findall(text)]
    ends.extend(row.end[0] for row in plan.schedule if row.end)
    ends = [year for year in ends if start is None or year >= start]
    return start, (max(ends) if ends else None)


def widen_years(plan: ParsedPlan) -> None:
    """Let a table's periods fill in the years a plan covers when its text did not say."""
    starts = [row.start[0] for row in plan.schedule if row.start]
    ends = [row.end[0] for row in plan.schedule if row.end]
    if starts and plan.period_start_year is None:
        plan.period_start_year = min(starts)
    if ends and (plan.period_end_year is None or max(ends) > plan.period_end_year):
        plan.period_end_year = max(ends)
