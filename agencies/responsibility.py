"""Reading who is responsible for a measure from the phrase printed with it.

Plans name their responsible bodies in a short phrase after each item or in the 任务分工
cell of a schedule table:

- 2012 province plan: ``（省知识产权局、工商局、版权局、商务厅，省法院，南京海关负责）``
- 2016 pilot: ``（责任单位：省知识产权局、发展改革委…，各省辖市）``
- 2016 pilot annex: ``省知识产权局组织实施，省农委、工商局、版权局提供相关数据，…``
- Tongzhou district: ``〔责任单位：区市场监管局（知识产权局）牵头，区科技局…按职责分工负责〕``

``parse_responsibilities`` turns such a phrase into ``ParsedResponsibility`` rows (one per
body and role); cutting the phrase out of an item's text is the importer's
(``tasks.importer.phrases.split_responsibility``).
Nothing here knows the agency directory: names come out as the document wrote them, with
the level prefix (省/市/区/县) distributed, and are resolved to agencies elsewhere.

How a phrase is read:

1. Whitespace is dropped and half-width brackets and commas become full-width; a wrapping
   bracket pair and a ``责任单位：`` label are removed.
2. The phrase splits into clauses at ``，`` / ``；``. A clause is a list of bodies joined by
   ``、`` or ``及``, optionally followed by a predicate that starts with a role keyword
   (牵头, 组织实施, 会同, 参与, 提供, 给予, 负责, 按职责分工负责 …).
3. A clause with bodies but no keyword takes the role of the next clause that has one
   (``省商务厅，省法院，南京海关负责``); a phrase with no keyword at all (2016 pilot) is a
   plain list of responsible bodies. A clause that names no body continues the previous
   clause's predicate (``…负责修改或制定…政策，调整和完善项目支持重点及导向``).
4. Roles: 牵头 / 组织实施 / 组织 make every body before them a lead (``A、B牵头`` is a
   joint lead); ``A会同B、C…`` makes A lead and B, C co; 配合 → co (``A牵头，B、C配合``: B
   and C work with the lead, as 配合单位 columns say); 参与 / 共同参与 / 协助 →
   participant; 提供… → data supplier; 给予… → funder; 负责, 按职责分工负责, 重点推进 and
   bare lists are "responsible": when the phrase marks no lead anywhere, the first
   responsible body leads (the documents' convention), every other responsible body is co
   — or what a convention the document states makes them (``Convention``: ``其他为参与部门，
   下同``; ``以下各项均由X牵头``).
5. ``note`` keeps what the text says the body does when it says more than the role keyword
   (``提供相关数据``, ``给予项目立项及经费支持``, ``负责梳理并提供…清单``), and the second
   nameplate of a body with two (``区市场监管局（知识产权局）`` → name 区市场监管局, note
   ``加挂区知识产权局牌子``; ``written`` keeps the whole fragment).
6. A body is listed once per role, in order of first mention; notes of repeats are merged;
   a body that leads is not listed as co as well.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from agencies.parsed import (
    CO,
    DATA_SUPPLIER,
    FUNDER,
    LEAD,
    PARTICIPANT,
    ParsedResponsibility,
)
from core.places import PLACE_NAMES

# Internal role for bodies that are "responsible" without a marked lead: the first of them
# leads when the phrase names no lead, the rest are co.
_RESPONSIBLE = "responsible"

_OPENERS = "（(〔［[【﹝"
_CLOSERS = "）)〕］]】﹞"

# Everything turned full-width (and every bracket style of the district plans into 〔〕) so
# one grammar covers what the documents print. Enumeration commas (、) are left alone.
_FULL_WIDTH = str.maketrans(
    {
        "(": "（",
        ")": "）",
        ",": "，",
        ";": "；",
        ":": "：",
        "[": "〔",
        "]": "〕",
        "［": "〔",
        "］": "〕",
        "【": "〔",
        "】": "〕",
        "﹝": "〔",
        "﹞": "〕",
    }
)
_NORMAL_OPENERS = "（〔"
_NORMAL_CLOSERS = "）〕"

# Labels that set the role of every body listed after them; ``None``: read the list as an
# unlabelled phrase (first listed leads). The importer finds phrases by these labels too
# (``tasks.importer.phrases``), so this is the one list of them.
BODY_LABELS: dict[str, str | None] = {
    "牵头单位": LEAD,
    "牵头部门": LEAD,
    "主要责任单位": LEAD,
    "主要责任部门": LEAD,
    "主责单位": LEAD,
    "主责部门": LEAD,
    "协同单位": "co_listed",
    "协同部门": "co_listed",
    "参加单位": PARTICIPANT,
    "配合单位": "co_listed",
    "配合部门": "co_listed",
    "协办单位": "co_listed",
    "协办部门": "co_listed",
    "协作单位": "co_listed",
    "协作部门": "co_listed",
    "参与单位": PARTICIPANT,
    "参与部门": PARTICIPANT,
    "责任单位": None,
    "责任部门": None,
    "负责部门": None,
    "负责单位": None,
    "责任主体": None,
    "实施单位": None,
    "主办单位": None,
}
# Labels of what rides with the bodies and is not a body: the deadline (it goes to the
# timetable), and people and internal divisions (not bodies of the directory).
DEADLINE_LABELS = ("完成时限", "完成时间", "时间节点", "时限要求", "进度安排", "时间安排")
# 处室 of a 厅/局, 科室 of a city or county bureau
DIVISION_LABELS = ("牵头处室", "责任处室", "牵头科室", "责任科室")
PEOPLE_LABELS = ("牵头领导", "责任领导", "分管领导", "责任人", "联系人", *DIVISION_LABELS)
_LABEL_ROLES: dict[str, str | None] = {
    **BODY_LABELS,
    **dict.fromkeys((*DEADLINE_LABELS, "适用范围", "备注", *PEOPLE_LABELS), "skip"),
}
_LABELLED = re.compile(rf"(?:{'|'.join(_LABEL_ROLES)})：")
# "排在第一位的部门为牵头部门，其他为配合部门，下同": the document states its convention.
# The first listed body leads; the note may say what the others are (配合/责任 → co,
# 参与 → participant), and it governs the items after it (``Convention``).
_FIRST = (
    r"(?:排在?第一位|排名第一|排在首位|列在?首位|列在?第一位|列第一位|第一个|首个|首位)"
    r"的?(?:部门|单位)?为牵头(?:部门|单位)"
)
_OTHERS = (
    r"[，；、]?(?:其他|其余|其它)(?:部门|单位)?为"
    r"(?P<others>配合|参与|协同|协办|责任)(?:部门|单位)"
)
_CONVENTION = re.compile(rf"[，；]?{_FIRST}(?:{_OTHERS})?|[，；]?下同")
_CONVENTION_OTHERS = {"配合": CO, "协同": CO, "协办": CO, "责任": CO, "参与": PARTICIPANT}
# "（以下各项均由省知识产权局牵头）", "本部分任务由省科技厅牵头，省知识产权局、省工业和信息
# 化厅配合": one body leads every item of the scope, the partners named with it work on each.
_LED_BY = (
    r"(?:均|都|统一|皆)?由(?P<who>[^，。；（）()]{2,60}?)(?:牵头|负责牵头|统一牵头)"
    r"(?:[，、](?P<partners>[^，。；（）()]{2,80}?)(?P<how>配合|协同|参与))?"
)
_STANDING_LEAD = re.compile(
    r"(?:以下|本部分|本章|本节|本篇|本方面)(?:各项|各条|各项任务|任务|措施|工作|事项)?" + _LED_BY
)
# "以上第（一）至（四）项由省科技厅牵头，省财政厅配合", "上述第1、2项…": a note after a group
# of items names them by number and gives them their bodies.
_ITEM_NUMBER = r"[（(]?(?:[一二三四五六七八九十]+|\d{1,2})[)）]?"
_NAMED_ITEMS = re.compile(
    rf"(?:以上|上述|前述)第?(?P<which>{_ITEM_NUMBER}(?:(?:至|到|—|－|-|~|、|，|和|及)第?"
    rf"{_ITEM_NUMBER})*)(?:项|条)(?:任务|措施|工作|事项)?" + _LED_BY
)
# Bodies whose names end in none of the usual words (人民银行, 共青团中央, 新华社 …).
_KNOWN_ENDINGS = re.compile(
    r"(?:银行|中央|社|总公司|公司|集团|工商联|总工会|妇联|残联|侨联|文联|作协|红十字会|组委"
    r"|总社|总署|总局|署|办|台|馆|所|队|军|团|联合会|协会|学会|科学院|工程院|大学|研究院)$"
)
# 研究 is a verb, except in a research body's name (知识产权发展研究中心, …研究院, …研究所).
_SENTENCE_WORDS = re.compile(
    r"的|由|将|把|通过|按照|根据|依法|进行|加强|推进|建立|完善|开展|研究(?!中心|院|所|会)|制定|"
    r"做好|确保|以下|"
    r"其中|如|除外|为准|要|应(?![急用])|须|可|相关规定"
)

# Role keywords. The first one in a clause decides; at the same position the longer wins
# (组织实施 over 组织). "会同" is handled apart: the bodies after it are co.
_WITH = "with"
_KEYWORDS: tuple[tuple[str, str], ...] = (
    ("按职责分工负责", _RESPONSIBLE),
    # "A区政府、B区政府、C区政府分别负责": each leads the work in its own place
    ("分别负责", LEAD),
    ("分工负责", _RESPONSIBLE),
    ("按职责分工配合", CO),
    ("按职责配合", CO),
    ("按职责分工参与", PARTICIPANT),
    ("负责落实", _RESPONSIBLE),
    ("落实", _RESPONSIBLE),
    ("组织实施", LEAD),
    ("牵头", LEAD),
    ("会同", _WITH),
    ("共同参与", PARTICIPANT),
    ("参与", PARTICIPANT),
    ("配合", CO),
    ("协助", PARTICIPANT),
    ("提供", DATA_SUPPLIER),
    ("给予", FUNDER),
    ("重点推进", _RESPONSIBLE),
    ("负责", _RESPONSIBLE),
    ("指导", _RESPONSIBLE),
    ("组织", LEAD),
)
# A predicate that is only a role keyword says nothing worth a note.
_BARE_PREDICATES = frozenset(
    {
        "负责",
        "牵头",
        "组织实施",
        "参与",
        "共同参与",
        "配合",
        "协助",
        "按职责分工负责",
        "分工负责",
        "按职责分工配合",
        "按职责配合",
        "按职责分工参与",
        "负责落实",
        "落实",
    }
)

# What a body's name ends with. A clause fragment that does not end like this is not a
# body but the continuation of a predicate ("调整和完善项目支持重点及导向").
_BODY_ENDING = re.compile(
    r"(?:局|厅|委|办|室|院|部|署|海关|会|会议|校|区|市|县|镇|乡|街道|）|中心|单位|部门|政府|小组"
    r"|科协|支行|分行)$"
)
# A general addressee: every body of a kind (各设区市人民政府, 各镇（街道）, 各地各部门),
# the relevant ones (有关部门, 相关单位) or a group's members (领导小组成员单位). In a phrase it
# is kept as one group for the office (``is_group``); in a sentence it is not read as a
# body unless the document's phrases assign work to that same group
# (``agencies.sentences.read_sentences``).
ADDRESSEE_START = "各|相关|有关"
_GENERAL_ADDRESSEE = re.compile(rf"^(?:{ADDRESSEE_START})|(?:成员单位|有关部门|相关部门|各部门)$")


# Everyone concerned, no kind of body named: 各地区, 各有关部门, 市各有关部门, 区级各有关部门,
# 各责任单位, 各成员单位, 领导小组各成员单位. Such an addressee is no assignment: it gives no
# body (a kind of body, 各设区市人民政府 or 各区县市场监管局, and a group named in full,
# 省…联席会议各成员单位, stay a group).
_EVERYONE = re.compile(
    r"^(?:[省市区县]级?)?(?:领导小组|联席会议|工作小组)?各(?:有关|相关)?"
    r"(?:地区|地方|地|部门|单位|成员单位|责任单位)$"
)


def is_everyone(name: str) -> bool:
    """``各地区``, ``市各有关部门``, ``领导小组各成员单位``: an addressee that names no body."""
    return bool(_EVERYONE.match(name))


def is_general_addressee(name: str) -> bool:
    """``各县级市（区）人民政府``, ``各地各部门``, ``有关部门``, ``区领导小组成员单位``."""
    return bool(_GENERAL_ADDRESSEE.search(name))


# Bodies that carry their own place and never take the distributed prefix: every
# province and the cities the importer knows (浙江银保监局, 广东省税务局, 南京海关), and
# the towns of the seed district plan.
_PLACES = (*PLACE_NAMES, "香港", "澳门", "通州", "川姜")
_NO_PREFIX_START = re.compile(
    rf"^(?:{ADDRESSEE_START}|全|中国|中华|中共|国家|国务院|最高|人民银行|国网|共青团|团中央|团[省市区县]委"
    r"|新华社|" + "|".join(_PLACES) + ")"
)
# A university or college goes by its own name (嘉兴学院, 江苏大学), never 市嘉兴学院.
_NO_PREFIX_END = re.compile(r"(?:市|区|县|镇|乡|街道|海关|大学|学院)$")
# A place's own government or body carries its place: 临湖镇人民政府, 吴中区人民政府, 某某街道
# 办事处, 吴中经济技术开发区管委会, 高新区（滨江）管委会 (the bracket is part of the zone's
# name), and a branch named by its place (吴中公安分局, 苏州市分行).
_OWN_PLACE = re.compile(
    r"^[\u4e00-\u9fff]{2,}(?:镇|乡|街道|县|区|市|开发区|园区|新区|新城|高新区)(?:（[^（）]{1,8}）)?"
    r"(?:人民政府|政府|办事处|街道办事处|管委会|管理委员会|党委|党工委)$"
    r"|^[\u4e00-\u9fff]{2,}(?:分行|支行)$|^[\u4e00-\u9fff]{4,}分局$"
)
_LEVEL_PREFIX = re.compile(r"^(省|市|区|县)(?!场|域)")
_PARTY_PREFIX = re.compile(r"^(省|市|区|县)委")
_NAMEPLATE = re.compile(r"^(?P<body>.+?)（(?P<plate>[^（）]+?(?:局|厅|委|办|办公室))）$")
_NEEDS_RESOLUTION = re.compile(r"^(?:相关|有关)")
_WHITESPACE = re.compile(r"[\s\u3000]+")
_TRAILING_PUNCTUATION = re.compile(r"[。；，、.;,\s\u3000]*$")


def normalise_phrase(text: str) -> str:
    """The phrase without whitespace, with full-width brackets and commas."""
    return _WHITESPACE.sub("", text).translate(_FULL_WIDTH)


def split_nameplate(written: str) -> tuple[str, str]:
    """Split ``区市场监管局（知识产权局）`` into the body and its second nameplate.

    One body with two nameplates (一个机构两块牌子) is printed with the second name in
    brackets. Returns ``(body, plate)``; ``plate`` is "" when there is none. Brackets that
    are part of a name (``各镇（街道）``, ``中国南通（家纺）…中心``) are not nameplates.
    """
    match = _NAMEPLATE.match(normalise_phrase(written))
    if not match:
        return written, ""
    return match["body"], match["plate"]


@dataclass(frozen=True)
class Convention:
    """What a document says about reading its phrases, for the items after the note.

    ``others``: the role of the bodies listed after the first (co unless the note says
    其他为参与单位); ``leads``: bodies that lead every item in scope (以下各项均由X牵头).
    """

    others: str = CO
    leads: tuple[str, ...] = ()
    partners: tuple[tuple[str, str], ...] = ()  # (name, role) beside the standing leads


def read_convention(text: str, current: Convention | None = None) -> Convention | None:
    """The convention a text states (``排在第一位的部门为牵头部门，下同``, ``以下各项均由X
    牵头``), added to ``current``; ``current`` itself when the text states none."""
    compact = normalise_phrase(text)
    stated = re.search(_FIRST + rf"(?:{_OTHERS})?", compact)
    standing = _STANDING_LEAD.search(compact)
    if not stated and not standing:
        return current
    convention = current or Convention()
    if stated and stated.group("others"):
        convention = replace(convention, others=_CONVENTION_OTHERS[stated.group("others")])
    if standing:
        prefix = _Prefix()
        leads = tuple(prefix.name(body) for body in _bodies(standing.group("who")))
        role = _CONVENTION_OTHERS.get(standing.group("how") or "", CO)
        partners = tuple(
            (prefix.name(body), role) for body in _bodies(standing.group("partners") or "")
        )
        convention = replace(convention, leads=leads, partners=partners)
    return convention


def named_items(text: str) -> list[tuple[list[list[str]], Convention]]:
    """``以上第（一）至（四）项由X牵头，Y配合`` → ``([["（一）", "（四）"]], leads X, Y co)``:
    the items it names, as ranges of printed numbers (a list is ranges of one), and the
    bodies it gives them."""
    found = []
    for match in _NAMED_ITEMS.finditer(normalise_phrase(text)):
        prefix = _Prefix()
        leads = tuple(prefix.name(body) for body in _bodies(match.group("who")))
        role = _CONVENTION_OTHERS.get(match.group("how") or "", CO)
        partners = tuple(
            (prefix.name(body), role) for body in _bodies(match.group("partners") or "")
        )
        ranges = [
            re.split(r"至|到|—|－|-|~", part)
            for part in re.split(r"、|，|和|及", match.group("which"))
        ]
        found.append((ranges, Convention(leads=leads, partners=partners)))
    return found


def carries_forward(text: str) -> bool:
    """``（责任单位：省知识产权局、省市场监管局，下同）``: the bodies go on to the items after
    it that have no phrase of their own. (The 下同 of a stated convention, ``排在第一位的部门
    为牵头部门，下同``, carries the convention instead.)"""
    compact = normalise_phrase(text)
    return "下同" in compact and not re.search(_FIRST, compact)


def parse_responsibilities(
    text: str, *, convention: Convention | None = None
) -> list[ParsedResponsibility]:
    """Every body named in a responsibility phrase, with its role, in order, once per role."""
    return _deduplicate(_read_phrase(text, convention))


def parse_phrases(
    phrases: list[str], *, convention: Convention | None = None
) -> list[ParsedResponsibility]:
    """Several phrases of one item (``…。（A负责）…。（B、C负责）``), each read on its own:
    each phrase's first body leads, and a body that leads in any phrase is a lead. Under a
    convention that names the lead of every item, the item's own bodies are the others."""
    mentions: list[_Mention] = []
    if convention and convention.leads:
        mentions += [_Mention(name=name, role=LEAD, written=name) for name in convention.leads]
        mentions += [
            _Mention(name=name, role=role, written=name) for name, role in convention.partners
        ]
    for phrase in phrases:
        mentions += _read_phrase(phrase, convention)
    return _deduplicate(mentions)


def _read_phrase(text: str, convention: Convention | None = None) -> list[_Mention]:
    phrase = _strip_wrapping(normalise_phrase(text))
    phrase = _CONVENTION.sub("", phrase)
    if not phrase:
        return []
    prefix = _Prefix()
    mentions: list[_Mention] = []
    for label, content in _labelled_parts(phrase):
        role = _LABEL_ROLES.get(label) if label else None
        if role == "skip":
            continue
        if role is None:
            # After a full stop comes a note ("以下均需试点城市政府落实，不再列出").
            first_sentence = _split_top_level(content, "。")[0]
            clauses = _split_top_level(first_sentence, "，；")
            mentions += _read_clauses(clauses, prefix, listed=bool(label))
            continue
        for written in _bodies(content, separators="、，；及"):
            listed = _RESPONSIBLE if role == "co_listed" else role
            mentions.append(prefix.mention(written, listed, ""))
    convention = convention or Convention()
    # "责任处室：专利管理处；配合单位：省知识产权培训中心": a division of the issuing body
    # leads, so the bodies listed to work with it stay co.
    divided = any(f"{label}：" in phrase for label in DIVISION_LABELS)
    _settle_responsible(mentions, others=convention.others, led=bool(convention.leads) or divided)
    return mentions


def _labelled_parts(phrase: str) -> list[tuple[str, str]]:
    """``牵头单位：A；配合单位：B、C`` → ``[("牵头单位", "A"), ("配合单位", "B、C")]``."""
    found = list(_LABELLED.finditer(phrase))
    if not found:
        return [("", phrase)]
    parts = [("", phrase[: found[0].start()])] if found[0].start() else []
    for index, match in enumerate(found):
        end = found[index + 1].start() if index + 1 < len(found) else len(phrase)
        content = phrase[match.end() : end].strip("，；。 ")
        parts.append((match.group().rstrip("："), content))
    return [(label, content) for label, content in parts if content.strip("，；。 ")]


# --- reading a phrase -------------------------------------------------------------------


@dataclass
class _Mention:
    """One body as read from the phrase, before the responsible bodies are settled."""

    name: str
    role: str
    written: str
    note: str = ""
    plate: str = ""


@dataclass
class _Clause:
    subjects: list[str]  # body fragments before the keyword, as printed
    role: str | None  # None: the clause names bodies and nothing else
    objects: list[str]  # bodies after 会同
    predicate: str  # what the bodies do, from the role keyword on (after the 会同 objects)

    @property
    def note(self) -> str:
        return "" if self.predicate in _BARE_PREDICATES else self.predicate


def _strip_wrapping(phrase: str) -> str:
    """Drop wrapping brackets and trailing punctuation, repeatedly (labels stay: they
    carry roles, read by ``_labelled_parts``)."""
    while True:
        before = phrase
        phrase = _TRAILING_PUNCTUATION.sub("", phrase)
        if phrase and phrase[0] in _NORMAL_OPENERS and phrase[-1] in _NORMAL_CLOSERS:
            if _matching_opener(phrase, len(phrase) - 1) == 0:
                phrase = phrase[1:-1]
        if phrase == before:
            return phrase


def _matching_opener(text: str, close_at: int) -> int | None:
    depth = 0
    for index in range(close_at, -1, -1):
        char = text[index]
        if char in _CLOSERS:
            depth += 1
        elif char in _OPENERS:
            depth -= 1
            if depth == 0:
                return index
    return None


def _depths(text: str) -> list[int]:
    """Bracket depth at each character, so separators inside 各镇（街道） are ignored."""
    depth, result = 0, []
    for char in text:
        if char in _OPENERS:
            depth += 1
        result.append(depth)
        if char in _CLOSERS:
            depth = max(0, depth - 1)
    return result


def _split_top_level(text: str, separators: str) -> list[str]:
    parts, start = [], 0
    for index, (char, depth) in enumerate(zip(text, _depths(text), strict=True)):
        if char in separators and depth == 0:
            parts.append(text[start:index])
            start = index + 1
    parts.append(text[start:])
    return [part for part in parts if part]


def _find_keyword(text: str) -> tuple[int, str, str] | None:
    """The first role keyword outside brackets: (position, keyword, role).

    One scan finds a keyword at every position, the longest first where several start at
    the same character (按职责分工负责 before 负责).
    """
    depths: list[int] | None = None
    for match in _KEYWORD_AT.finditer(text):
        at, keyword = match.start(), match[1]
        # 组织部 is a body (省委组织部), not "organises".
        if keyword == "组织" and text.startswith("组织部", at):
            continue
        if depths is None:
            depths = _depths(text)
        if not depths[at]:
            return at, keyword, _KEYWORD_ROLES[keyword]
    return None


def keyword_role(text: str) -> str | None:
    """The role a role keyword opening ``text`` gives its bodies (``协助…`` → participant,
    ``配合…`` → co, ``牵头…`` → lead; ``负责…`` → "responsible"); None without one. The
    sentence reading asks this too, so a verb means the same in a bracket and a sentence."""
    match = _KEYWORD_AT.match(text)
    if match is None or (match[1] == "组织" and text.startswith("组织部")):
        return None
    return _KEYWORD_ROLES[match[1]]


_KEYWORD_ROLES = dict(_KEYWORDS)
_KEYWORD_AT = re.compile(
    "(?=("
    + "|".join(re.escape(keyword) for keyword in sorted(_KEYWORD_ROLES, key=len, reverse=True))
    + "))"
)


# "A、B等和各省级人民政府", "A等有关部门": 等 closes a list; what follows is a group.
_ETC = re.compile(r"等(?=和|及|有关|相关|各|部门|单位|$)")
_GROUP_WORDS = re.compile(r"^(?:有关|相关)?(?:部门|单位)$")


def _bodies(fragment: str, separators: str = "、及") -> list[str]:
    """Body fragments joined by 、 or 及; a leading 由 ("由省知识产权局负责") is dropped.

    ``A、B等负责`` lists A and B; ``A等有关部门`` lists A and the group 有关部门; ``A等和
    各省级人民政府`` lists A and 各省级人民政府.
    """
    fragment = fragment.removeprefix("由")
    fragment = _ETC.sub("、", fragment).replace("、和", "、").replace("、及", "、")
    parts: list[str] = []
    for part in _split_and(_split_top_level(fragment, separators.replace("及", "")), separators):
        part = part.strip()
        if not part:
            continue
        if (
            parts
            and _PLACE_GROUP.match(parts[-1])
            and "各" not in part
            and (part.endswith("政府") or _PLACE_WORD.match(part))
        ):
            # "各市、县（市、区）人民政府" is one group: every city and county government.
            parts[-1] = f"{parts[-1]}、{part}"
            continue
        if _GROUP_WORDS.match(part):
            part = part if part.startswith(("有关", "相关")) else f"有关{part}"
        if part.endswith("（牵头）"):
            part = part.removesuffix("（牵头）") + _LEAD_MARK
        parts.append(part)
    return _share_government(parts)


def _split_and(parts: list[str], separators: str) -> list[str]:
    """``A及B`` lists two bodies when A ends like a body's name (省科技厅及省教育厅); in
    ``专利局初审及流程管理部`` the 及 is inside one name."""
    if "及" not in separators:
        return parts
    result: list[str] = []
    for part in parts:
        pieces = _split_top_level(part, "及")
        joined = pieces[:1]
        for piece in pieces[1:]:
            if _BODY_ENDING.search(joined[-1]) or _KNOWN_ENDINGS.search(joined[-1]):
                joined.append(piece)
            else:
                joined[-1] += "及" + piece
        result += joined
    return result


_BARE_PLACE = re.compile(r"^[\u4e00-\u9fff]{1,8}(?:省|市|县|区|镇|乡|街道)$")
_GOVERNMENT = re.compile(
    r"^(?P<place>[\u4e00-\u9fff]{1,8}(?:省|市|县|区|镇|乡|街道))(?P<gov>人民政府|政府)$"
)


def _share_government(parts: list[str]) -> list[str]:
    """``盐城市、常州市、南通市人民政府``, ``浦口区、六合区政府``: the trailing 人民政府
    (政府) is each place's. A group
    (``各市、县人民政府``) stays one, joined before this."""
    last = _GOVERNMENT.match(parts[-1]) if parts else None
    if not last:
        return parts
    shared = list(parts)
    index = len(shared) - 2
    while (
        index >= 0
        and _BARE_PLACE.match(shared[index])
        and not shared[index].startswith("各")
        and not shared[index].endswith(("园区", "开发区", "新区"))
    ):
        shared[index] += last.group("gov")
        index -= 1
    return shared


# "各市、县（市、区）人民政府", "各辖市、区人民政府": one group of governments.
_PLACE_GROUP = re.compile(
    r"^各[\u4e00-\u9fff]{0,3}[省市区县](?:（[市区县]）)?(?:、(?:自治区|直辖市|计划单列市))*$"
)
_PLACE_WORD = re.compile(r"^(?:自治区|直辖市|计划单列市)$")
_LEAD_MARK = "\x00"  # "省科技厅（牵头）": the body is marked as the lead in a list


def _looks_like_body(fragment: str, *, assigned: bool = False) -> bool:
    """A name with no sentence words that ends like a body's name.

    ``assigned``: the fragment is listed right before a role keyword (``…、X负责``), where
    any short name is a body: an unfamiliar one is kept and flagged, never dropped.
    """
    body, _ = split_nameplate(fragment.rstrip(_LEAD_MARK))
    if not body or len(body) > 30 or _SENTENCE_WORDS.search(body):
        return False
    if _BODY_ENDING.search(body) or _KNOWN_ENDINGS.search(body):
        return True
    return assigned and len(body) <= 20


# A deadline riding in a list of bodies ("…，2020年底前"), never a body's name.
_WHEN = re.compile(r"\d|年底|年内|上半年|下半年|长期|持续")


def _parse_clause(clause: str, *, listed: bool = False) -> _Clause | None:
    """A clause as bodies + role, or None when it names no body (a predicate continued).

    ``listed``: the clause follows a label (``责任单位：``) that says what it lists, so an
    unfamiliar name there (人民银行苏州市分行) is a body to resolve, not a sentence."""
    found = _find_keyword(clause)
    head = clause if found is None else clause[: found[0]]
    subjects = _bodies(head)
    assigned = found is not None or (listed and not _WHEN.search(head))
    if subjects and not all(_looks_like_body(x, assigned=assigned) for x in subjects):
        return None
    if found is None:
        return _Clause(subjects, None, [], "") if subjects else None
    at, keyword, role = found
    predicate = clause[at:]
    objects: list[str] = []
    if role == _WITH:
        rest = predicate[len(keyword) :]
        after = _find_keyword(rest)
        objects = _bodies(rest if after is None else rest[: after[0]])
        predicate = "" if after is None else rest[after[0] :]
        if not all(_looks_like_body(item, assigned=True) for item in objects):
            return None
    elif not subjects:
        return None
    return _Clause(subjects, role, objects, predicate)


def _read_clauses(clauses: list[str], prefix: _Prefix, *, listed: bool = False) -> list[_Mention]:
    parsed: list[_Clause] = []
    for text in clauses:
        clause = _parse_clause(text, listed=listed)
        if clause is not None:
            parsed.append(clause)
        elif parsed:
            # No body named: the text continues the previous clause's predicate.
            parsed[-1].predicate = f"{parsed[-1].predicate}，{text}"
    # Bodies listed without a keyword share the role of the next clause that has one
    # ("省商务厅，省法院，…，南京海关负责"); a phrase without any keyword is a plain list.
    role, predicate = _RESPONSIBLE, ""
    for clause in reversed(parsed):
        if clause.role is None:
            clause.role = _RESPONSIBLE if role == _WITH else role
            clause.predicate = "" if role == _WITH else predicate
        else:
            role, predicate = clause.role, clause.predicate

    mentions: list[_Mention] = []
    for clause in parsed:
        subject_role = LEAD if clause.role == _WITH else clause.role
        for written in clause.subjects:
            mentions.append(prefix.mention(written, subject_role or _RESPONSIBLE, clause.note))
        for written in clause.objects:
            mentions.append(prefix.mention(written, CO, clause.note))
    return mentions


# Kinds of place that 各 distributes over: "各街道、镇" are 各街道 and 各镇.
_BARE_PLACES = frozenset("镇 乡 街道 乡镇 村 社区 园区 开发区 县 区 市".split())


class _Prefix:
    """Carries the level prefix (省, 区 …) from a prefixed name to the bare ones after it."""

    def __init__(self) -> None:
        self.level = ""
        self.party = False  # the last prefixed name was 省委…: 组织部 after it is 省委组织部
        self.each = False  # the last name was 各…: 镇 after 各街道 is 各镇

    def name(self, bare: str) -> str:
        if bare in _BARE_PLACES and self.each:
            return f"各{bare}"
        self.each = bare.startswith("各")
        own = _LEVEL_PREFIX.match(bare)
        if own:
            self.level = own.group(1)
            self.party = bool(_PARTY_PREFIX.match(bare))
            return bare
        if (
            not self.level
            or _NO_PREFIX_START.match(bare)
            or _NO_PREFIX_END.search(bare)
            or _OWN_PLACE.search(bare)
        ):
            return bare
        if self.party and bare.endswith("部"):
            return f"{self.level}委{bare}"
        return f"{self.level}{bare}"

    def mention(self, written: str, role: str, note: str) -> _Mention:
        if written.endswith(_LEAD_MARK):
            written, role = written.removesuffix(_LEAD_MARK), LEAD
        body, plate = split_nameplate(written)
        name = self.name(body)
        if plate:
            # The second nameplate shares the body's level: 区市场监管局（知识产权局）.
            level = _LEVEL_PREFIX.match(name)
            if not _LEVEL_PREFIX.match(plate) and level:
                plate = f"{level.group(1)}{plate}"
        return _Mention(name=name, role=role, written=written, note=note, plate=plate)


# A bare office of government (知识产权局, 科技局, 高新区管委会), not a school or a firm.
_GOVERNMENT_OFFICE = re.compile(r"(?:局|厅|委|办|办公室|委员会|管委会)$")


def at_level(name: str, level_prefix: str) -> str:
    """A bare office named in a plan of one place is that place's own: 知识产权局 in a
    市 plan is 市知识产权局, as 财政厅 after 省科技厅 is 省财政厅. Names that carry a
    place, a level or a general addressee stay as written."""
    if not _GOVERNMENT_OFFICE.search(name) or _NEEDS_RESOLUTION.match(name):
        return name
    if is_general_addressee(name) or name.startswith("各"):
        return name
    prefix = _Prefix()
    prefix.level = level_prefix
    return prefix.name(name)


def _settle_responsible(mentions: list[_Mention], *, others: str = CO, led: bool = False) -> None:
    """The first responsible body leads unless the phrase (or, ``led``, a standing note)
    marks a lead; the rest take the ``others`` role (co unless the document says so)."""
    lead_marked = led or any(mention.role == LEAD for mention in mentions)
    for mention in mentions:
        if mention.role != _RESPONSIBLE:
            continue
        mention.role = others if lead_marked else LEAD
        lead_marked = True


def _deduplicate(mentions: list[_Mention]) -> list[ParsedResponsibility]:
    result: dict[tuple[str, str], ParsedResponsibility] = {}
    for mention in mentions:
        if is_everyone(mention.name):
            continue
        notes = [mention.note] if mention.note else []
        if mention.plate:
            notes.append(f"加挂{mention.plate}牌子")
        key = (mention.name, mention.role)
        existing = result.get(key)
        if existing is None:
            result[key] = ParsedResponsibility(
                name=mention.name,
                role=mention.role,
                written=mention.written,
                is_group=is_general_addressee(mention.name),
                needs_resolution=bool(_NEEDS_RESOLUTION.match(mention.name)),
                note="；".join(notes),
            )
            continue
        for note in notes:
            if note not in existing.note.split("；"):
                existing.note = f"{existing.note}；{note}" if existing.note else note
    # A body that leads is not also listed as co ("省知识产权局、…，省知识产权局负责").
    leads = {name for name, role in result if role == LEAD}
    return [item for item in result.values() if not (item.role == CO and item.name in leads)]


__all__ = [
    "ADDRESSEE_START",
    "BODY_LABELS",
    "DEADLINE_LABELS",
    "PEOPLE_LABELS",
    "Convention",
    "at_level",
    "carries_forward",
    "is_general_addressee",
    "keyword_role",
    "normalise_phrase",
    "parse_phrases",
    "parse_responsibilities",
    "read_convention",
    "split_nameplate",
]
