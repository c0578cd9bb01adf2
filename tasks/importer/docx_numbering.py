"""The numbers Word prints in front of automatically numbered paragraphs.

A paragraph in a Word list (its own ``w:numPr`` or its style's, as "List Number" has) shows
a number that is not in its text: Word counts the list's paragraphs and prints the level's
``lvlText`` ("%1.", "（%1）", "%1、") with each ``%n`` in the format of level n (decimal,
chineseCounting …), from the level's ``start``. Lists sharing an abstract numbering continue
one count through the document unless a ``startOverride`` restarts them; a higher level
restarts the levels below it. ``Numbering.label`` gives the printed number, so the text
pipeline reads the paragraph as a clerk reads the printed page.
"""

from __future__ import annotations

from docx.oxml.ns import qn

from .numerals import chinese_numeral

_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_MAX_LEVELS = 9


def _roman(n: int) -> str:
    out = ""
    for value, letters in (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ):  # fmt: skip
        while n >= value:
            out, n = out + letters, n - value
    return out


def _letters(n: int) -> str:
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    """A counter in a Word ``numFmt``; empty for formats that print no number (bullet)."""
    if fmt in ("decimal", "decimalZero", ""):
        return str(n).zfill(2) if fmt == "decimalZero" else str(n)
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if fmt.startswith(("chineseCounting", "japaneseCounting", "taiwaneseCounting")):
        return chinese_numeral(n)
    if fmt.startswith("decimalEnclosedCircle") and n <= len(_CIRCLED):
        return _CIRCLED[n - 1]
    if fmt == "upperLetter":
        return _letters(n)
    if fmt == "lowerLetter":
        return _letters(n).lower()
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "ideographTraditional" and n <= 10:
        return "甲乙丙丁戊己庚辛壬癸"[n - 1]
    if fmt in ("bullet", "none"):
        return ""
    return str(n)


def _val(element, tag: str) -> str | None:
    child = element.find(qn(tag)) if element is not None else None
    return child.get(qn("w:val")) if child is not None else None


class Numbering:
    """The printed list numbers of one document's paragraphs, counted in reading order."""

    def __init__(self, document) -> None:
        self._levels: dict[str, dict[int, tuple[int, str, str]]] = {}  # abstract → lvl
        self._nums: dict[str, tuple[str, dict[int, int]]] = {}  # numId → abstract, starts
        self._styles: dict[str, tuple[str | None, int | None, str | None]] = {}
        self._counters: dict[str, list[int | None]] = {}
        self._used: set[str] = set()
        try:
            numbering = document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            return
        for abstract in numbering.findall(qn("w:abstractNum")):
            levels = {}
            for lvl in abstract.findall(qn("w:lvl")):
                start = _val(lvl, "w:start")
                levels[int(lvl.get(qn("w:ilvl"), "0"))] = (
                    int(start) if start and start.isdigit() else 1,
                    _val(lvl, "w:numFmt") or "decimal",
                    _val(lvl, "w:lvlText") or "",
                )
            self._levels[abstract.get(qn("w:abstractNumId"))] = levels
        for num in numbering.findall(qn("w:num")):
            overrides = {}
            for override in num.findall(qn("w:lvlOverride")):
                start = _val(override, "w:startOverride")
                if start and start.isdigit():
                    overrides[int(override.get(qn("w:ilvl"), "0"))] = int(start)
            self._nums[num.get(qn("w:numId"))] = (_val(num, "w:abstractNumId") or "", overrides)
        for style in document.styles.element.findall(qn("w:style")):
            ppr = style.find(qn("w:pPr"))
            numpr = ppr.find(qn("w:numPr")) if ppr is not None else None
            ilvl = _val(numpr, "w:ilvl")
            self._styles[style.get(qn("w:styleId"))] = (
                _val(numpr, "w:numId"),
                int(ilvl) if ilvl and ilvl.isdigit() else None,
                _val(style, "w:basedOn"),
            )

    def _style_numbering(self, style_id: str | None) -> tuple[str | None, int | None]:
        seen = set()
        while style_id and style_id in self._styles and style_id not in seen:
            seen.add(style_id)
            num_id, ilvl, based_on = self._styles[style_id]
            if num_id is not None:
                return num_id, ilvl
            style_id = based_on
        return None, None

    def label(self, paragraph) -> str:
        """The number Word prints before this paragraph ("1.", "（三）"); empty when none."""
        ppr = paragraph.find(qn("w:pPr"))
        numpr = ppr.find(qn("w:numPr")) if ppr is not None else None
        num_id, ilvl_text = _val(numpr, "w:numId"), _val(numpr, "w:ilvl")
        style_num, style_ilvl = self._style_numbering(_val(ppr, "w:pStyle"))
        num_id = num_id if num_id is not None else style_num
        if not num_id or num_id == "0" or num_id not in self._nums:
            return ""
        ilvl = int(ilvl_text) if ilvl_text and ilvl_text.isdigit() else (style_ilvl or 0)
        abstract, overrides = self._nums[num_id]
        levels = self._levels.get(abstract, {})
        if ilvl not in levels or ilvl >= _MAX_LEVELS:
            return ""
        counters = self._counters.setdefault(abstract, [None] * _MAX_LEVELS)
        if num_id not in self._used:
            self._used.add(num_id)
            for level, start in overrides.items():
                if level < _MAX_LEVELS:
                    counters[level] = start - 1
        start = levels[ilvl][0]
        counters[ilvl] = start if counters[ilvl] is None else counters[ilvl] + 1
        for lower in range(ilvl + 1, _MAX_LEVELS):
            counters[lower] = None
        text = levels[ilvl][2]
        for level in range(_MAX_LEVELS - 1, -1, -1):  # %10 never exists; %1 after %11 none
            if f"%{level + 1}" in text:
                value = (
                    counters[level] if counters[level] is not None else levels.get(level, (1,))[0]
                )
                fmt = levels.get(level, (1, "decimal", ""))[1]
                text = text.replace(f"%{level + 1}", format_number(value, fmt))
        return "" if levels[ilvl][1] in ("bullet", "none") else text
