"""Build a plan's chapters, sections and measures from its body lines.

Works on normalised, numbered lines (the header, footer and annex already removed) in
two passes: first lines are joined into paragraphs, each tagged with the kind of label it
starts with (一、 / （一） / 1. / （1） / 第一章 / 第一条); then a stack of open sections and
open items places every paragraph. A numbered line is a *section* when it is a bare
heading followed by text or deeper numbering, and a *measure* otherwise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from indicators.targets import is_review_title

from .numerals import NumeralError, label_number
from .parsed import ParsedMeasure, ParsedPlan, ParsedSection, UnplacedLine
from .phrases import (
    ends_sentence,
    ends_with_labelled_bodies,
    is_heading_like,
    lead_in,
    split_deadline,
    split_responsibility,
    starts_with_label,
)

_NUMERAL = r"[一二三四五六七八九十百零〇两]+"
_LABELS = (
    ("chapter_art", re.compile(rf"^(第{_NUMERAL}章)\s*(.*)$")),
    # a 规划's 第一节 under its 第一章, and a 专栏 box (专栏1 重点工程) beside them
    ("section_art", re.compile(rf"^(第{_NUMERAL}节|专栏\s*\d{{1,2}})\s*(.*)$")),
    ("article", re.compile(rf"^(第{_NUMERAL}条)\s*(.*)$")),
    ("chapter", re.compile(r"^([一二三四五六七八九十百]+、)\s*(.*)$")),
    ("paren", re.compile(r"^([（(][一二三四五六七八九十百]+[）)])\s*(.*)$")),
    # "第一，严格专利审查质量管控。…": points counted in words inside a 一、 chapter
    ("ordinal", re.compile(r"^(第[一二三四五六七八九十]+[，,])\s*(.*)$")),
    ("paren_digit", re.compile(r"^([（(]\d{1,3}[）)])\s*(.*)$")),
    ("digit", re.compile(r"^(\d{1,3}[.．、])(?!\d)\s*(.*)$")),
)
# Decimal outline numbering, 1.1 / 2.1.1 / 3.2.1.4: each further number is one level
# deeper. Without a space after it, "3.5万家…" opening a wrapped line is a number, not a
# label, so a two-part label needs a space, a closing dot or a word that is not a unit.
_OUTLINE = re.compile(
    r"^(\d{1,2}(?:[.．]\d{1,3}){1,3})(?:[.．、]|\s+|(?![\d.．%％万亿千百十个家件元倍项所人年月日])"
    r"(?=[\u4e00-\u9fff]))\s*(.*)$"
)
# "1 总体要求": the first level of an outline, printed without a dot; only read as a label in
# a document that numbers its sections 1.1, 1.2 … (else "1 项" would be a label).
_OUTLINE_TOP = re.compile(r"^(\d{1,2})[ \t\u3000]+(?=[\u4e00-\u9fff])(.*)$")
_OUTLINE_KINDS = {2: "outline2", 3: "outline3", 4: "outline4"}
# How deep each kind of label sits; an item closes every open item at its depth or deeper.
# An outline's first level is an ordinary "1." item; 1.1 and 1.1.1 sit under it.
RANK = {
    "chapter_art": 1,
    "section_art": 1.5,
    "chapter": 2,
    "article": 2.5,
    "paren": 3,
    "ordinal": 3.5,
    "digit": 4,
    "outline2": 4.3,
    "outline3": 4.6,
    "outline4": 4.8,
    "paren_digit": 5,
}
_HEADINGS = ("chapter_art", "section_art", "chapter")
_BULLET = re.compile(r"^(?:——|—|-{2}|•|·|●|▪|※|[①-⑳])")
_HAS_WORDS = re.compile(r"[\u4e00-\u9fffA-Za-z]")
_CJK_GAP = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")
PREAMBLE = "前言：位于第一个章节之前，计划结构中没有存放它的字段"


@dataclass
class Line:
    """One logical source line; ``number`` is the 1-based line in the source file."""

    number: int
    text: str
    indent: int = 0  # the spaces printed before the text (a full-width space counts two)
    last: int = 0  # the last source line of a line joined from several printed lines

    @property
    def end(self) -> int:
        return self.last or self.number


def indent_of(raw: str) -> int:
    """How far a raw line is indented: ``　　市科技局要…`` → 4."""
    stripped = raw.lstrip(" \t\u3000")
    return sum(2 if char == "\u3000" else 1 for char in raw[: len(raw) - len(stripped)])


@dataclass
class Paragraph:
    kind: str  # a key of RANK, or "body"
    label: str
    content: str
    line_start: int
    line_end: int
    phrase: str = ""  # responsibility phrases split off, one a line
    printed: str = ""  # the whole paragraph as printed, phrase and brackets included
    deadline: str = ""  # 完成时限：… as printed
    indent: int = 0  # of its first line


@dataclass
class Structure:
    sections: list[ParsedSection] = field(default_factory=list)
    measures: list[ParsedMeasure] = field(default_factory=list)
    unplaced: list[UnplacedLine] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def match_label(text: str, *, outline: bool = False) -> tuple[str, str, str] | None:
    """Return ``(kind, label, rest)`` when a line starts with an item label.

    ``outline``: the document numbers decimally (1.1, 2.1.1), so a bare ``1 总体要求`` is
    its first level too.
    """
    for kind, pattern in _LABELS:
        match = pattern.match(text)
        if match:
            return kind, match.group(1), match.group(2).strip()
    match = _OUTLINE.match(text)
    if match:
        label = match.group(1).replace("．", ".")
        return _OUTLINE_KINDS[label.count(".") + 1], label, match.group(2).strip()
    match = _OUTLINE_TOP.match(text) if outline else None
    if match:
        return "digit", match.group(1), match.group(2).strip()
    return None


def numbers_decimally(lines: list[Line]) -> bool:
    """Whether a document numbers its sections as an outline: 1.1, 2.1.1 …"""
    return any(_OUTLINE.match(line.text) for line in lines)


def paragraphs(lines: list[Line]) -> list[Paragraph]:
    """Join physical lines into paragraphs and split off each one's responsibility phrase."""
    result: list[Paragraph] = []
    outline = numbers_decimally(lines)
    for line in lines:
        text = line.text
        if not text:
            continue
        previous = result[-1] if result else None
        if previous and previous.kind not in _HEADINGS and starts_with_label(text):
            # "牵头单位：…" / "完成时限：…" on the lines under an item belong to it.
            previous.content += "\n" + text
            previous.line_end = line.end
            continue
        labelled = match_label(text, outline=outline)
        if labelled:
            kind, label, rest = labelled
            result.append(Paragraph(kind, label, rest, line.number, line.end, indent=line.indent))
            continue
        if previous and previous.kind != "body" and not previous.content:
            # "第一条" or "第一章" on a line of its own: the next line is its text.
            previous.content = text
        elif previous and _is_continued(previous):
            previous.content += text
        else:
            result.append(Paragraph("body", "", text, line.number, line.end, indent=line.indent))
            continue
        previous.line_end = line.end
    for paragraph in result:
        paragraph.printed = paragraph.content
        if paragraph.kind == "chapter_art":
            continue
        split = split_responsibility(paragraph.content)
        if split:
            paragraph.content, phrase = split
            paragraph.phrase, paragraph.deadline = split_deadline(phrase)
    return result


def _is_continued(paragraph: Paragraph) -> bool:
    """A paragraph goes on in the next line when it visibly stops mid-sentence."""
    if paragraph.kind in _HEADINGS or not paragraph.content:
        return False
    if paragraph.kind != "body" and is_heading_like(paragraph.content):
        return False
    return not ends_sentence(paragraph.content) and not ends_with_labelled_bodies(paragraph.content)


def build_structure(lines: list[Line]) -> Structure:
    """Place every paragraph of a plan's body in sections and measures."""
    items = paragraphs(lines)
    contents = _table_of_contents(items)
    listed = {id(item) for item in contents}
    structure = _Builder([item for item in items if id(item) not in listed]).build()
    structure.unplaced[:0] = [
        UnplacedLine(item.line_start, f"{item.label}{item.printed}", CONTENTS) for item in contents
    ]
    return structure


CONTENTS = "目录：正文之前列出的标题，各条见正文"


def _table_of_contents(items: list[Paragraph]) -> list[Paragraph]:
    """The headings a table of contents lists before the text repeats them (1 总则, 1.1 …).

    A run of at least three numbered bare headings, with no text between them, that ends
    where its first heading is printed again."""
    start = next((i for i, item in enumerate(items) if item.kind != "body"), None)
    if start is None:
        return []
    first = items[start]
    for index in range(start + 1, len(items)):
        item = items[index]
        if item.kind == first.kind and item.label == first.label and item.content == first.content:
            return items[start:index] if index - start >= 3 else []
        if item.kind == "body" or not is_heading_like(item.content):
            return []
    return []


class _Builder:
    def __init__(self, items: list[Paragraph]) -> None:
        self.items = items
        self.result = Structure()
        self.sections: list[tuple[float, ParsedSection]] = []
        self.open_items: list[tuple[str, ParsedMeasure]] = []
        # An item printed as a bare heading ("（一）实施高价值专利培育升级工程") whose text
        # is the unnumbered paragraphs under it.
        self.heading_item: ParsedMeasure | None = None
        self.position = 0  # the index in ``items`` of the paragraph being placed
        self.indents: dict[int, int] = {}  # id of an open item → its paragraph's indent

    def build(self) -> Structure:
        for index, paragraph in enumerate(self.items):
            self.position = index
            following = self.items[index + 1] if index + 1 < len(self.items) else None
            if paragraph.kind == "chapter" and self._chapter_is_item(paragraph, index):
                self._place_item(paragraph, following)
            elif paragraph.kind in _HEADINGS:
                self._open_section(paragraph)
            elif paragraph.kind == "body":
                self._place_body(paragraph)
            else:
                self._place_item(paragraph, following)
            for _, section in self.sections:
                section.line_end = max(section.line_end, paragraph.line_end)
        assign_refs(self.result)
        return self.result

    def _open_section(self, paragraph: Paragraph) -> None:
        level = RANK[paragraph.kind]
        self.open_items.clear()
        self.heading_item = None
        while self.sections and self.sections[-1][0] >= level:
            self.sections.pop()
        title, text = _heading_parts(paragraph.content)
        section = ParsedSection(
            number=self._number(paragraph),
            label=paragraph.label,
            title=title,
            text=text,
            line_start=paragraph.line_start,
            line_end=paragraph.line_end,
        )
        if self.sections:
            self.sections[-1][1].sections.append(section)
        else:
            self.result.sections.append(section)
        self.sections.append((level, section))

    def _place_item(self, paragraph: Paragraph, following: Paragraph | None) -> None:
        rank = RANK[paragraph.kind]
        if paragraph.kind == "article":
            self.open_items.clear()
        while self.open_items and RANK[self.open_items[-1][0]] >= rank:
            self.open_items.pop()
        self.heading_item = None
        if not self.open_items and self._is_heading(paragraph, following):
            self._open_section(paragraph)
            return
        if not paragraph.phrase and self._frames(paragraph):
            # 指导思想, 基本原则, 发展目标 …: the plan's framing, not a task to report on.
            self._open_section(paragraph)
            return
        measure = self._measure(paragraph)
        if (
            is_heading_like(paragraph.content)
            and following is not None
            and following.kind == "body"
        ):
            measure.title = clean_title(paragraph.content.rstrip("。."))
            self.heading_item = measure
        if self.open_items:
            self.open_items[-1][1].children.append(measure)
            self._extend(paragraph.line_end)
        else:
            while self.sections and self.sections[-1][0] >= rank:
                self.sections.pop()
            container = self.sections[-1][1].measures if self.sections else self.result.measures
            container.append(measure)
        self.open_items.append((paragraph.kind, measure))
        self.indents[id(measure)] = paragraph.indent

    def _is_heading(self, paragraph: Paragraph, following: Paragraph | None) -> bool:
        """A bare heading over deeper numbered items (or, in the framing, over text)."""
        if (
            paragraph.kind.startswith("outline")
            and not paragraph.phrase
            and following is not None
            and RANK.get(following.kind, 0) > RANK[paragraph.kind]
            and not paragraph.content.rstrip().endswith(("：", ":"))
            and not _INTRODUCES_LIST.search(paragraph.content)
        ):
            # 4.2.2 国务院批准启动本预案后，…迅速落实各项应急措施。 over （1）…（4）: the
            # outline item frames the actions numbered under it (unless it lists 以下内容：).
            return True
        if paragraph.phrase or not is_heading_like(paragraph.content) or following is None:
            return False
        if _INTRODUCES_LIST.search(paragraph.content):
            # "符合下列要求的社会团体予以保留": a decision whose points are its own parts.
            return False
        if following.kind == "body":
            return self._frames(paragraph) or self._heads_deeper_items(paragraph)
        return RANK.get(following.kind, 0) > RANK[paragraph.kind]

    def _heads_deeper_items(self, paragraph: Paragraph) -> bool:
        """An outline heading whose paragraphs lead into deeper numbered items (2.1 国家粮食
        应急工作指挥部, its members' list, then 2.1.1 …) is a section; its paragraphs are its
        text. (Under （一） the numbered points after a paragraph are the item's own.)"""
        if not paragraph.kind.startswith("outline") and "." not in paragraph.label.rstrip("."):
            return False
        for item in self.items[self.position + 1 :]:
            if item.kind != "body":
                return item.kind not in _HEADINGS and RANK[item.kind] > RANK[paragraph.kind]
            if _INTRODUCES_LIST.search(item.content):
                return False  # "有下列情形之一的，…报告": the points are the item's own
        return False

    def _frames(self, paragraph: Paragraph) -> bool:
        """Whether an item is part of the plan's framing: 指导思想, 基本原则, 发展目标 …,
        by its own heading or by the chapter it sits in."""
        own = lead_in(paragraph.content) or paragraph.content
        if _frames_plan(clean_title(own)):
            return True
        # Only the sections that enclose it: a chapter after 一、基本情况 is not inside it.
        return any(
            _frames_plan(section.title) or _FRAMING_CHAPTER_END.search(section.title)
            for level, section in self.sections
            if level < RANK[paragraph.kind]
        )

    def _chapter_is_item(self, paragraph: Paragraph, index: int) -> bool:
        """``一、…`` is a measure when it carries its own bodies, or states a whole task
        with no numbered items under it: sentences, or a heading over plain paragraphs
        (``一、专用号牌的核发范围和管理`` and the paragraph that says what it is), or over
        paragraphs that name who does it (``一、目标分解`` … ``（各区政府负责）``)."""
        if paragraph.phrase:
            return True
        content = paragraph.content
        if _frames_plan(clean_title(content)):
            return False
        under = []
        assigned = False  # a paragraph under it names who is responsible: （各区政府负责）
        for item in self.items[index + 1 :]:
            if item.kind in _HEADINGS:
                break
            if _SEE_ANNEX.search(item.content):
                return False  # 三、重点任务 over "重点任务及分工见附件": the annex lists them
            under.append(item.kind)
            assigned = assigned or bool(item.phrase)
        if _is_chapter_heading(content):
            # A heading over plain text is a task in a notice whose chapters all hold plain
            # text; where other chapters number their items, a flat one is a task only when
            # its heading says what to do (制定…配套制度), not what it reports (关于…的确定).
            flat = bool(under) and all(kind == "body" for kind in under)
            title = clean_title(content.rstrip("。."))
            return flat and (
                self._flat_chapters
                or assigned
                or (bool(_TASK_HEADING.match(title)) and not _FRAMING_END.search(title))
                or bool(_MEASURES_HEADING.fullmatch(title))
            )
        return all(kind == "body" for kind in under)

    @cached_property
    def _flat_chapters(self) -> bool:
        """Whether no chapter (一、) of the document has numbered items under it."""
        in_chapter = False
        for item in self.items:
            if item.kind in _HEADINGS:
                in_chapter = True
            elif in_chapter and item.kind != "body":
                return False
        return in_chapter

    def _place_body(self, paragraph: Paragraph) -> None:
        text = paragraph.content
        line = paragraph.line_start
        if not _HAS_WORDS.search(text) and not paragraph.phrase:
            self._unplace(paragraph, "孤立片段：没有文字，无法归属")
            return
        top = self.open_items[0][1] if self.open_items else None
        if top is not None and not top.responsibility_text and self._absorbs(paragraph):
            # A phrase in this paragraph closes the item that had none of its own.
            if paragraph.phrase:
                top.responsibility_text = paragraph.phrase
            top.deadline = top.deadline or paragraph.deadline
            top.text = f"{top.text}\n{text}" if top.text else text
            self._extend(paragraph.line_end)
        elif top is not None and top.responsibility_text and paragraph.phrase:
            # A further paragraph of the same item with its own responsible units
            # (Tongzhou style): kept apart so that each phrase keeps its own text.
            child = ParsedMeasure(
                number=len(top.children) + 2,
                label="",
                text=text,
                ref="",
                title=lead_in(text),
                line_start=line,
                line_end=paragraph.line_end,
                responsibility_text=paragraph.phrase,
            )
            top.children.append(child)
            self._extend(paragraph.line_end)
        elif self.sections:
            section = self.sections[-1][1]
            printed = paragraph.printed
            section.text = f"{section.text}\n{printed}" if section.text else printed
        elif top is not None:
            self._unplace(paragraph, "无法归属：不在任何章节内，也不是上一条目的续段")
        else:
            self._unplace(paragraph, PREAMBLE)

    def _absorbs(self, paragraph: Paragraph) -> bool:
        """Whether an unnumbered paragraph continues the open item rather than its section."""
        kind, top = self.open_items[0]
        if top is self.heading_item:
            return True
        if kind in ("article", "chapter"):
            # The further paragraphs (款) of an article belong to it, and so do those of a
            # 一、 item that is a task rather than a chapter (the items of a 批复 or 函).
            return True
        if paragraph.phrase:  # the item's last paragraph, carrying its responsible units
            return True
        if _BULLET.match(paragraph.content):
            return True
        if paragraph.indent > self.indents.get(id(top), paragraph.indent):
            # Indented under its item (the item printed flush, its further paragraphs with
            # full-width spaces): the item's own text, until the next numbered label.
            return True
        return top.text.rstrip().endswith(("：", ":"))

    def _extend(self, line_end: int) -> None:
        for _, measure in self.open_items:
            measure.line_end = max(measure.line_end, line_end)

    def _unplace(self, paragraph: Paragraph, reason: str) -> None:
        self.result.unplaced.append(UnplacedLine(paragraph.line_start, paragraph.printed, reason))

    def _measure(self, paragraph: Paragraph) -> ParsedMeasure:
        # Articles (第N条) open with a rule, not a heading, so they get no lead-in title.
        title = "" if paragraph.kind == "article" else lead_in(paragraph.content)
        return ParsedMeasure(
            number=self._number(paragraph),
            label=paragraph.label,
            text=paragraph.content,
            ref="",
            title=title,
            line_start=paragraph.line_start,
            line_end=paragraph.line_end,
            responsibility_text=paragraph.phrase,
            deadline=paragraph.deadline,
        )

    def _number(self, paragraph: Paragraph) -> int:
        try:
            # An outline label counts by its last part: 2.1.3 is the third of its siblings.
            return label_number(paragraph.label.rpartition(".")[2] or paragraph.label)
        except NumeralError as error:
            self.result.warnings.append(f"第{paragraph.line_start}行：{error}")
            return 0


_FRAMING_WORDS = re.compile(
    r"^(?:总体要求|指导思想|基本原则|工作原则|总体思路|工作思路|基本思路|总体考虑|基本要求"
    r"|发展目标|主要目标|工作目标|总体目标|具体目标|预期目标|具体指标|编制目的"
    r"|形势要求|重大意义|重要意义|适用范围|试点范围|编制依据)"
)


def _frames_plan(title: str) -> bool:
    """The plan's framing (指导思想, 发展目标 …) or a review of facts (发展基础, 面临形势, a
    report's 基本情况 and 成因分析: ``is_review_title``, which also keeps their numbers
    from being targets): a section, not a task."""
    return bool(_FRAMING_WORDS.match(title)) or is_review_title(title)


_TASK_HEADING = re.compile(
    r"^(?:制定|建立|健全|完善|推进|推动|加强|加快|强化|开展|实施|落实|做好|深化|提升|提高|优化"
    r"|促进|严格|规范|扩大|培育|打造|构建|营造|明确|抓紧|切实|进一步)"
)
# A chapter that names the plan's own measures (四、保障措施 over one paragraph: who
# supervises, who funds) holds work to report on, like the items of such a chapter.
_MEASURES_HEADING = re.compile(r"(?:保障措施|组织实施|组织保障|实施保障|工作保障)")
_FRAMING_END = re.compile(
    r"(?:意义|形势|背景|基础|原则|思想|目标|要求|方法|步骤|范围|期限|时间|安排|程序|流程|方式"
    r"|主体|对象|条件|标准|内容)$"
)
# A chapter whose text sends its tasks to the annex (重点任务及分工见附件, 具体任务分工详见附件1)
# is a heading: its tasks are the annex's rows (not "坐标详见附件1": a detail, not the tasks).
_SEE_ANNEX = re.compile(r"(?:任务|分工|措施|清单|事项)[^。；，,]{0,8}见附件")
_INTRODUCES_LIST = re.compile(r"下列|如下|以下(?:条件|要求|情形|问题|内容|事项)")
# A chapter named for its framing at the end: 清理整顿工作的指导思想, 清理整顿的原则.
_FRAMING_CHAPTER_END = re.compile(r"的(?:指导思想|基本原则|原则|总体要求|主要目标|工作目标)$")


def _is_chapter_heading(content: str) -> bool:
    """``五、强化协调配合，加强资金保障``: a short title without a sentence of its own."""
    content = content.strip().rstrip("。.")
    return bool(content) and len(content) <= 40 and not any(mark in content for mark in "。；;！？")


def _heading_parts(content: str) -> tuple[str, str]:
    """Split a heading line into its title and any text printed after it."""
    content = content.strip()
    if is_heading_like(content):
        return clean_title(content.rstrip("。.")), ""
    head = lead_in(content)
    if head:
        return clean_title(head), content[len(head) + 1 :].strip()
    return clean_title(content), ""


def clean_title(title: str) -> str:
    """Drop the spaces typesetting puts between Chinese characters: ``附 则`` → ``附则``."""
    return _CJK_GAP.sub("", title.strip())


def ref_piece(label: str) -> str:
    """The part of a ref contributed by one label: ``一、`` → ``一``, ``(一)`` → ``（一）``."""
    piece = label.strip().replace("(", "（").replace(")", "）")
    return piece.rstrip("、.．，,")


_OUTLINE_PIECE = re.compile(r"\d+(?:\.\d+)+")


def join_ref(path: str, piece: str) -> str:
    """A label under its parents' path; an outline label (2.1.3) already is its path."""
    return piece if _OUTLINE_PIECE.fullmatch(piece) else path + piece


def assign_refs(structure: Structure) -> None:
    """Give every measure a ref unique inside the plan.

    Plans that number their items straight through (（一）…（八十九）, 第一条…) use the
    label alone; plans that restart numbering per chapter use the path, e.g. ``二（一）1``.
    """
    placed: list[tuple[str, ParsedMeasure]] = []

    def walk(sections: list[ParsedSection], path: str) -> None:
        for section in sections:
            inner = join_ref(path, ref_piece(section.label))
            placed.extend((inner, measure) for measure in section.measures)
            walk(section.sections, inner)

    placed.extend(("", measure) for measure in structure.measures)
    walk(structure.sections, "")
    pieces = [ref_piece(measure.label) for _, measure in placed]
    by_label = len(set(pieces)) == len(pieces)
    refs = RefSet(structure.warnings)
    for (path, measure), piece in zip(placed, pieces, strict=True):
        measure.ref = refs.unique(piece if by_label else join_ref(path, piece))
        _child_refs(measure, refs)


def _child_refs(parent: ParsedMeasure, refs: RefSet) -> None:
    for child in parent.children:
        piece = ref_piece(child.label) if child.label else f"-{child.number}"
        child.ref = refs.unique(join_ref(parent.ref, piece) if child.label else parent.ref + piece)
        _child_refs(child, refs)


REF_MAX = 40  # Measure.ref's length in the database
NUMBER_MAX = 30000  # below the largest Section.number the database stores


class RefSet:
    """Hands out refs unique inside a plan: a repeat gets ``#2``, ``#3`` … in linear time."""

    def __init__(self, warnings: list[str]) -> None:
        self.warnings = warnings
        self.taken: set[str] = set()
        self.next_suffix: dict[str, int] = {}

    def unique(self, ref: str) -> str:
        ref = ref[: REF_MAX - 6] if len(ref) > REF_MAX else ref
        candidate = ref
        if candidate in self.taken:
            counter = self.next_suffix.get(ref, 2)
            while f"{ref}#{counter}" in self.taken:
                counter += 1
            self.next_suffix[ref] = counter + 1
            candidate = f"{ref}#{counter}"
            self.warnings.append(f"条目编号重复：{ref}，已改记为{candidate}")
        self.taken.add(candidate)
        return candidate


def settle_numbering(plan: ParsedPlan) -> None:
    """Make the numbers and refs the database keeps unique, whatever the document printed.

    Documents repeat their numbering (two regulations that both start at 一、, a table of
    contents before the text, a table's 序号 column next to numbered paragraphs); each
    repeat keeps its printed label and gets the next free number among its siblings.
    """
    refs = RefSet(plan.warnings)

    def renumber(items: list[ParsedSection] | list[ParsedMeasure]) -> None:
        used: set[int] = set()
        for item in items:
            if not 1 <= item.number <= NUMBER_MAX or item.number in used:
                item.number = max(used, default=0) + 1
            used.add(item.number)

    def walk_measures(measures: list[ParsedMeasure]) -> None:
        renumber(measures)
        for measure in measures:
            measure.ref = refs.unique(measure.ref or measure.label or str(measure.number))
            walk_measures(measure.children)

    def walk_sections(sections: list[ParsedSection]) -> None:
        renumber(sections)
        for section in sections:
            walk_measures(section.measures)
            walk_sections(section.sections)

    walk_sections(plan.sections)
    walk_measures(plan.measures)
