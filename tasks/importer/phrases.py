"""Small text rules shared by the readers: the trailing responsibility phrase and lead-ins.

``split_responsibility`` only finds where the phrase is, so that an item's text and its
responsibility are stored apart; reading who is responsible is the job of
``agencies.responsibility.parse_responsibilities``.
"""

from __future__ import annotations

import re

from agencies.responsibility import BODY_LABELS, DEADLINE_LABELS, PEOPLE_LABELS

_OPENERS = {"）": "（", ")": "(", "〕": "〔", "﹞": "﹝", "］": "［", "]": "[", "】": "【"}
# Labels that introduce responsible bodies, and the deadline that often rides with them.
RESPONSIBILITY_LABELS = tuple(BODY_LABELS)
_LABEL_WORDS = "|".join(RESPONSIBILITY_LABELS)
_PHRASE_HEAD = re.compile(rf"^(?:{_LABEL_WORDS})\s*[:：]")
# "…。牵头单位：省发展改革委；配合单位：省财政厅" printed without brackets, inline or on the
# item's following lines.
_LABEL_TAIL = re.compile(
    rf"(?:^|(?<=[。；;.\s]))(?:{_LABEL_WORDS}|{'|'.join(DEADLINE_LABELS)})\s*[:：]"
)
_DEADLINE = re.compile(
    rf"[；;，,\s]*(?:{'|'.join(DEADLINE_LABELS)})\s*[:：]\s*(?P<when>[^；;。]*)[；;。]?"
)
_DEADLINE_HEAD = re.compile(rf"^(?:{'|'.join(DEADLINE_LABELS)})\s*[:：]")
# "【牵头单位】A【配合单位】B、C": a label printed in lenticular (or square) brackets instead
# of before a colon, on the item's own line or inline.
_BRACKETED_LABEL = re.compile(
    rf"(?P<before>[^\s。；;，,：:]?)[【［\[]\s*(?P<label>{_LABEL_WORDS}|{'|'.join(DEADLINE_LABELS)})"
    r"\s*[】］\]]\s*"
)


def colon_labels(text: str) -> str:
    """``…审判。【牵头单位】A【配合单位】B`` → ``…审判。牵头单位：A；配合单位：B``."""
    if "单位" not in text and "部门" not in text and "时" not in text:
        return text

    def colon(match: re.Match[str]) -> str:
        before = match.group("before")
        return f"{before}；{match.group('label')}：" if before else f"{match.group('label')}："

    return _BRACKETED_LABEL.sub(colon, text)


# A bracketed group is a responsibility phrase when its first clause is a list of bodies
# followed by the verb that assigns them: （A、B负责）, （A牵头，B、C参与）, （A会同B负责，
# 排在第一位的部门为牵头部门，下同）.
_ROLE_END = re.compile(
    r"(?:按职责分工负责|分工负责|共同负责|负责落实|负责|牵头|组织实施|参与|配合|指导)$"
)
# Words that make a clause a sentence rather than a list of names.
_NOT_NAMES = re.compile(
    r"的|由|将|把|对|通过|按照|根据|依法|进行|加强|推进|建立|完善|开展|研究|制定|做好|确保|以下|"
    r"其中|如|含|除外|为准|要|应|须|可"
)
_TERMINAL = "。！？；：;:!?…"
_CLOSING_QUOTES = "”’」』"
_LEAD_IN_MAX = 32
_SPACE = re.compile(r"[\s\u3000]+")


def split_responsibility(paragraph: str) -> tuple[str, str] | None:
    """Cut every responsibility phrase out of a paragraph.

    Returns ``(text_without_phrases, phrases)`` or ``None`` when there is none. Phrases
    are bracketed (``…创造。（省知识产权局负责）``, also in mid-paragraph when an item
    gives each sentence its own bodies) or labelled (``牵头单位：…；配合单位：…``, inline
    or on the item's own lines); ``phrases`` holds one phrase per line, as printed
    between its brackets, labels included.
    """
    text, labelled = colon_labels(paragraph), ""
    match = next((m for m in _LABEL_TAIL.finditer(text) if _depth(text, m.start()) == 0), None)
    if match:
        labelled = re.sub(r"\s*\n\s*", "；", text[match.start() :].strip())
        text = text[: match.start()].rstrip()
    found = []
    for start, end in _bracket_groups(text):
        inner = text[start + 1 : end].strip()
        if is_responsibility_phrase(inner) or (
            _stands_alone(text, start, end) and _names_bodies_only(inner)
        ):
            found.append((start, end, inner))
    if not found and not labelled:
        return None
    pieces, at = [], 0
    for start, end, _ in found:
        pieces.append(text[at:start])
        at = end + 1
    pieces.append(text[at:])
    phrases = [inner for *_, inner in found] + ([labelled] if labelled else [])
    return _join(pieces), "\n".join(phrases)


def _join(pieces: list[str]) -> str:
    """The paragraph without its phrases: "…环境。（A负责）加强…" → "…环境。加强…"."""
    text = ""
    for piece in pieces:
        piece = piece.strip(" \t\u3000")
        if text and piece and text[-1] not in _TERMINAL and piece[0] in "。；;.":
            text += piece[0] if piece[0] != "." else "。"
            piece = piece[1:]
        elif piece and piece[0] in "。；;." and not text:
            piece = piece[1:]
        text += piece
    return text.rstrip()


# Labels of people and divisions that may open a phrase before its bodies' label
# (（牵头领导：…；牵头单位：…）).
_PERSON_HEAD = re.compile(rf"^(?:{'|'.join(PEOPLE_LABELS)})[:：]")
# What a deadline printed without its label looks like (2020年底前, 长期坚持, 每年).
_BARE_DEADLINE = re.compile(
    r"^(?:\d{4}年.{0,12}|(?:年底|年内|上半年|下半年|\d{1,2}月).{0,8}|长期坚持|持续推进|长期|持续|"
    r"每年|每季度|每月)$"
)
_BODY_LIST = re.compile(r"[、，,；;]|及|和")


def _stands_alone(text: str, start: int, end: int) -> bool:
    """A bracket after a sentence (``…工作。（省发展改革委、省财政厅）``) or closing the
    paragraph, not a second nameplate after a name (``设在市市场监管局（市知识产权局），``)."""
    before = text[:start].rstrip()
    after = text[end + 1 :].strip(" \t\u3000。；;.")
    if not before or before[-1] in "。；;！？!?":
        return True
    return not after and not re.search(r"(?:局|厅|委|办|部|署|院|会|室|中心)$", before)


def _names_bodies_only(inner: str) -> bool:
    """``省发展改革委、省财政厅，各设区市人民政府，2020年底前``: every part a body (or a
    group of them, or a deadline) and at least one named body."""
    from agencies.responsibility import is_general_addressee
    from agencies.sentences import is_named_body

    compact = _SPACE.sub("", inner)
    if (
        not compact
        or len(compact) > 200
        or not re.fullmatch(r"[\u4e00-\u9fff0-9（）()、，,；;]+", compact)
    ):
        return False
    named = 0
    for part in _BODY_LIST.split(compact):
        if not part or _BARE_DEADLINE.match(part):
            continue
        if is_named_body(part) or _LEVEL_NAME.match(part):
            named += 1
        elif not (is_general_addressee(part) and _GROUP_NAME.match(part)):
            return False
    return named > 0


# Short names after a level prefix in a list (省财政厅、教育厅), and the shape of a group
# (各设区市人民政府, 区领导小组成员单位) that ``is_general_addressee``.
_LEVEL_NAME = re.compile(r"^[省市区县](?:委)?[\u4e00-\u9fff]{1,12}(?:局|厅|委|办|部|院|会)$")
_GROUP_NAME = re.compile(r"^[\u4e00-\u9fff（）()、]{2,24}(?:人民政府|政府|部门|单位|街道|镇|乡)$")


def is_responsibility_phrase(inner: str) -> bool:
    """Whether the words inside one pair of brackets assign responsibility."""
    compact = _SPACE.sub("", inner)
    if not compact or len(compact) > 300:
        return False
    if _PHRASE_HEAD.match(compact):
        return True
    if _PERSON_HEAD.match(compact):
        return any(_PHRASE_HEAD.match(part) for part in re.split(r"[；;，,]", compact))
    # Lists of names ("省商务厅，省法院，…") up to the first clause that ends in a role.
    for clause in re.split(r"[，,；;。]", compact):
        ended = _ROLE_END.search(clause)
        names = clause[: ended.start()] if ended else clause
        for link in ("会同", "牵头"):
            names = names.replace(link, "、")
        names = names.removeprefix("由").replace("有关部门", "").replace("有关单位", "")
        if not names or _NOT_NAMES.search(names):
            return False
        if ended:
            return True
    return False


def starts_with_label(line: str) -> bool:
    """``牵头单位：…`` or ``完成时限：…`` (or ``【牵头单位】…``) opening a line."""
    line = colon_labels(line)
    return bool(_PHRASE_HEAD.match(line) or _DEADLINE_HEAD.match(line))


def split_deadline(phrase: str) -> tuple[str, str]:
    """Take ``完成时限：2019年12月底前`` out of a phrase: ``(phrase_without, deadline)``."""
    match = _DEADLINE.search(phrase)
    if not match:
        return phrase, ""
    rest = (phrase[: match.start()] + phrase[match.end() :]).strip(" ；;，,\n")
    return rest, match.group("when").strip()


# Every bracket character, so that scanning a paragraph visits its brackets only.
_BRACKET = re.compile("[" + re.escape("".join(_OPENERS) + "".join(_OPENERS.values())) + "]")
_OPENING = frozenset(_OPENERS.values())


def _depth(text: str, position: int) -> int:
    """How many brackets are open at ``position``."""
    depth = 0
    for match in _BRACKET.finditer(text, 0, position):
        if match.group() in _OPENING:
            depth += 1
        else:
            depth = max(0, depth - 1)
    return depth


def _bracket_groups(text: str) -> list[tuple[int, int]]:
    """(open, close) positions of the top-level bracket pairs of a paragraph."""
    groups, stack = [], []
    for match in _BRACKET.finditer(text):
        char, index = match.group(), match.start()
        if char in _OPENING:
            stack.append(index)
        elif stack:
            start = stack.pop()
            if not stack and text[start] == _OPENERS[char]:
                groups.append((start, index))
    return groups


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


def ends_with_labelled_bodies(text: str) -> bool:
    """A paragraph whose last line closes with a labelled list of bodies (``…【配合单位】
    市财政局``, ``配合单位：省财政厅``): it ends there, unless the list visibly goes on
    (``、``)."""
    last = colon_labels(text.rsplit("\n", 1)[-1]).rstrip()
    if not last or last[-1] in "、，,；;：:及和":
        return False
    found = list(_LABEL_TAIL.finditer(last))
    return bool(found) and _depth(last, found[-1].start()) == 0


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
