"""Undo the layout of text copied out of a PDF: hard line wraps, page footers and the
running header printed again at every page break.

A PDF's text comes out one printed line at a time: a sentence, a figure (``200`` /
``0家次``) or a body's name (``市市场监督管理`` / ``局``) is cut wherever the page
width ran out, a footer ``— 3 —`` sits between two halves of a paragraph and the next
page opens with the document's running header. Paragraphs are still told apart by their
indent (``　　``), so a line that is not indented and follows a line that stops
mid-sentence is the rest of that line.
"""

from __future__ import annotations

import re

from .phrases import ends_sentence, starts_with_label
from .structure import Line, match_label

_EDGE = " \t\u00a0\u3000"
# "— 3 —", "- 3 -", "—3—", "第3页 共10页", "第 3 页/共 10 页"
_PAGE_FOOTER = re.compile(
    r"^(?:[—–\-－]{1,2}\s*\d{1,4}\s*[—–\-－]{1,2}"
    r"|第\s*\d{1,4}\s*页\s*[，,/／]?\s*共\s*\d{1,4}\s*页)$"
)
_SENTENCE_MARKS = re.compile(r"[，。；：！？,;:!?]")
_PARAGRAPH_INDENT = ("\u3000\u3000", "    ", "\t")
_ANNEX_LINE = re.compile(r"^附件")
_TABLE_CELL = re.compile(r"\t|[|｜]")
# A document is read as wrapped only when this share of its lines run on into the next.
_WRAPPED_SHARE = 0.1
_WRAPPED_MIN = 4
_FULL_SHARE = 0.7


def undo_page_layout(lines: list[Line]) -> list[Line]:
    """Drop page footers and running headers, then join hard-wrapped lines.

    Lines are joined only in a document that shows the layout (indented paragraphs and
    many lines running on mid-sentence into an unindented line), so a document typed
    line by line is left as it was. A joined line keeps the number of its first line.
    """
    lines = _without_page_breaks(lines)
    indented = sum(1 for line in lines if line.text.startswith(_PARAGRAPH_INDENT))
    if indented < 3:
        return lines
    widths = sorted(len(line.text.rstrip(_EDGE)) for line in lines if line.text.strip(_EDGE))
    # The printed width: most lines of a wrapped page run to it; a line cut there is full.
    full = int(widths[int(len(widths) * 0.9)] * _FULL_SHARE) if widths else 0
    runs_on = [
        index
        for index in range(1, len(lines))
        if _continues(lines[index - 1].text, lines[index].text, full)
    ]
    if len(runs_on) < max(_WRAPPED_MIN, _WRAPPED_SHARE * len(widths)):
        return lines
    result: list[Line] = []
    for index, line in enumerate(lines):
        if result and _continues(lines[index - 1].text, line.text, full):
            joined = result[-1].text.rstrip(" \t") + line.text
            result[-1] = Line(result[-1].number, joined, last=line.end)
        else:
            result.append(line)
    return result


def _continues(previous: str, text: str, full: int) -> bool:
    """Whether ``text`` is the rest of the printed line ``previous`` (which ran to the
    printed width ``full``)."""
    if not text.strip(_EDGE) or text.startswith(_PARAGRAPH_INDENT):
        return False
    if _TABLE_CELL.search(previous) or _TABLE_CELL.search(text):
        return False
    if len(previous.rstrip(_EDGE)) < full or starts_with_label(text.strip(_EDGE)):
        return False
    before = previous.strip(_EDGE)
    if not before or _ANNEX_LINE.match(before) or _ANNEX_LINE.match(text.strip(_EDGE)):
        return False
    if match_label(text.strip(_EDGE)):
        return False
    if ends_sentence(before) and before.count("（") + before.count("(") <= before.count(
        "）"
    ) + before.count(")"):
        return False
    labelled = match_label(before)
    return not (labelled and not _SENTENCE_MARKS.search(labelled[2]))


def _without_page_breaks(lines: list[Line]) -> list[Line]:
    """Drop each page footer, the blank lines around it and the running header after it.

    The first line of a new page is a running header when it is a bare title (no
    sentence marks, not indented, not numbered) and either is printed elsewhere in the
    document too or the page broke mid-paragraph (the line after it is not indented).
    """
    footers = [i for i, line in enumerate(lines) if _PAGE_FOOTER.match(line.text.strip(_EDGE))]
    if not footers:
        return lines
    texts = [line.text.strip(_EDGE) for line in lines]
    dropped: set[int] = set()
    for footer in footers:
        dropped.add(footer)
        before = footer - 1
        while before >= 0 and not texts[before]:
            dropped.add(before)
            before -= 1
        after = footer + 1
        while after < len(lines) and not texts[after]:
            dropped.add(after)
            after += 1
        if after < len(lines) and _is_running_header(lines, texts, after):
            dropped.add(after)
    return [line for i, line in enumerate(lines) if i not in dropped]


def _is_running_header(lines: list[Line], texts: list[str], index: int) -> bool:
    text = texts[index]
    if (
        lines[index].text.startswith(_PARAGRAPH_INDENT)
        or _SENTENCE_MARKS.search(text)
        or match_label(text)
        or len(text) > 40
    ):
        return False
    if texts.count(text) > 1:
        return True
    following = lines[index + 1].text if index + 1 < len(lines) else ""
    return bool(following.strip(_EDGE)) and not following.startswith(_PARAGRAPH_INDENT)
