"""Small text rules shared by the readers: the trailing responsibility phrase and lead-ins.

``split_responsibility`` only finds where the phrase is, so that an item's text and its
responsibility are stored apart; reading who is responsible is the job of
``agencies.responsibility`` (its ``find_responsibility_phrase`` has the same signature and
can replace this function).
"""

from __future__ import annotations

import re

_OPENERS = {"）": "（", ")": "(", "〕": "〔", "﹞": "﹝", "］": "［", "]": "["}
# A bracketed tail is a responsibility phrase when it names the unit (责任单位：…) or ends
# with the verb that assigns it (…负责, …牵头, …组织实施).
_PHRASE_HEAD = re.compile(r"^(?:责任单位|牵头单位|责任部门|责任主体|主办单位)\s*[:：]")
_PHRASE_TAIL = re.compile(r"(?:负责|牵头|组织实施|分工负责|按职责分工负责|共同负责)$")
_TERMINAL = "。！？；：;:!?…"
_CLOSING_QUOTES = "”’」』"
_LEAD_IN_MAX = 32


def split_responsibility(paragraph: str) -> tuple[str, str] | None:
    """Split ``…创造。（省知识产权局负责）`` into the text and the phrase inside the brackets.

    Returns ``(text_without_phrase, phrase)`` or ``None`` when the paragraph does not end
    with a responsibility phrase. The phrase is kept as printed between the brackets,
    ``责任单位：`` prefix included.
    """
    stripped = paragraph.rstrip(" \t\u3000。．.")
    if not stripped or stripped[-1] not in _OPENERS:
        return None
    depth = 0
    for index in range(len(stripped) - 1, -1, -1):
        ch = stripped[index]
        if ch in _OPENERS:
            depth += 1
        elif ch in _OPENERS.values():
            depth -= 1
            if depth == 0:
                break
    else:
        return None
    if stripped[index] != _OPENERS[stripped[-1]]:
        return None
    phrase = stripped[index + 1 : -1].strip()
    if not phrase or len(phrase) > 300:
        return None
    if not (_PHRASE_HEAD.match(phrase) or _PHRASE_TAIL.search(phrase)):
        return None
    return stripped[:index].rstrip(), phrase


def ends_sentence(text: str) -> bool:
    """True when a paragraph visibly ends: full stop, colon, semicolon or a closing bracket."""
    text = text.rstrip()
    if not text:
        return False
    last = text[-1]
    if last in _TERMINAL:
        return True
    if last in _CLOSING_QUOTES:
        return len(text) > 1 and text[-2] in _TERMINAL
    # A bracket closes a paragraph when it closes a responsibility phrase or a citation.
    return last in _OPENERS


def lead_in(text: str) -> str:
    """The heading an item starts with: ``强化示范创建组织领导。成立…`` → ``强化示范创建组织领导``.

    Only a short first sentence without commas counts, and only when more text follows;
    otherwise the item has no heading of its own.
    """
    position = text.find("。")
    if position <= 0 or position > _LEAD_IN_MAX or position == len(text.rstrip()) - 1:
        return ""
    head = text[:position]
    if any(mark in head for mark in "，,；;：:"):
        return ""
    return head.strip()


def is_heading_like(content: str) -> bool:
    """True for a bare heading such as ``指导思想`` or ``实施高价值专利培育升级工程。``."""
    content = content.strip().rstrip("。.")
    if not content or len(content) > _LEAD_IN_MAX:
        return False
    return not any(mark in content for mark in "。，,；;：:！？!?")
