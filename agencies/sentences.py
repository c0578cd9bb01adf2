"""Bodies named in the sentences of an item, when it carries no bracketed or labelled phrase.

State Council notices, opinions, 批复 and replies name who does what in ordinary sentences:

- ``请财政部落实…``, ``请科技部、工业和信息化部…等部门在2019年2月底前完成``
- ``发展改革委会同水利部研究提出…``, ``由发展改革委会同水利部…`` (A leads, B co);
  ``发展改革委、农业部会同财政部等有关部门…`` (both before 会同 lead; 财政部, 有关部门 co)
- ``公安部负责维护…``, ``科技部、财政部等有关部门要加强…`` (first leads; the rest and
  有关部门 co), ``国家发展改革委及国家粮食局负责…``, ``林业局与财政部商定…``
- ``由X商Y…``, ``由国务院组织有关部门…``, ``X指导Y…`` (X leads, Y co)
- ``X牵头，Y、Z配合`` (Y, Z co), ``…参与`` (participants)
- ``治理工作联合办公室设在教育部、住房城乡建设部`` (the bodies the office sits in, not
  the office); ``成员由A、B、C等部门负责同志组成`` (members: participants)

A subject counts only where a clause starts (after 。；，：, the item's start, 由 or 请), when
every name in it is a named body — known to the seed directory or shaped like one (ending
in 部/委/局/署/办/院/厅/会/中央/政府/总公司 …) — and an action follows (负责, 牵头, 会同,
研究, 要, 应, 将 …; after 由 or 请 the name alone is enough). General addressees (各地区、
各部门, 地方各级人民政府, 省级人民政府, 有关部门 on its own, 行政执法机关, X部门 categories)
are not bodies, and a body named only as an object (向财政部报告, 报国务院) is not responsible.
Roles follow the bracket convention: the first body named leads unless the text marks a lead
(会同, 牵头), every other body named is co.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from .parsed import CO, LEAD, PARTICIPANT, ParsedResponsibility
from .responsibility import (
    _RESPONSIBLE,
    ADDRESSEE_START,
    _deduplicate,
    _Mention,
    _Prefix,
    _settle_responsible,
    keyword_role,
    normalise_phrase,
    split_nameplate,
)

# What a named body's name ends with. 中心, 公司 and 集团 are too often generic ("数据中心",
# "保险公司") to count on their own; the directory's names cover the real ones. A ministry's
# 司 (知识产权运用促进司, 财政部经济建设司) and a 研究中心 are named bodies.
_NAME_END = re.compile(
    r"(?:部|委|局|署|办|办公室|院|厅|银行|支行|分行|会|中央|政府|总公司|总社|社|指挥部|小组"
    r"|海关|妇联|侨联|文联|残联|工商联|科联|组委|(?<!公)司|研究中心)$"
)
# Words a name never starts with: addressees in general terms, levels, prepositions.
_NOT_NAME_START = re.compile(
    rf"^(?:{ADDRESSEE_START}|其他|其它|其|地方|当地|本|该|我|你|他|上级|下级|同级|所在|省级|市级|"
    r"县级|乡级|区级|基层|全社会|全体|全省|全市|全区|全县|所属|直属|主管|承担|负责|每|一|两|"
    r"多|部分|个别|中央和地方|中央有关|国务院有关|国家有关|国务院各|党委|政府|报|向|对|在|"
    r"按|据|为|把|被|将|与|和|及|或|同|并|也|如|若|凡|除|从|于|以|且|即|则|但|根据|依据|依照|"
    r"遵照|经(?!信|济|贸)|通过|结合|围绕|针对|关于|鉴于|由于|鼓励|支持|引导|推动|要求|督促|允许|"
    r"推进|加快|组织|指导|协调|建议|希望|配合|协助|参与|会同|负责|牵头|加强|强化|完善|建立|健全|"
    r"推行|深化|落实|做好|实施|开展|提高|提升|扩大|优化|培育|设立|成立|确保|保障)"
)
# Characters and words no name contains (a name that does is a sentence or a category).
_NOT_NAME_PART = re.compile(
    r"[的各等或之要将把被向在从按请由是不了着过已也还均每其该你我他们、，；：]|部门|机关|机构|单位|"
    r"主管|有关|相关|所在|以上|以下|同级|本级|承担|负责|参加|开展|实施|推进|建立|报告|经(?!信|济|贸)"
)
_NOT_NAME_END = re.compile(
    r"(?:干部|内部|全部|局部|总部|俱乐部|支部|东部|西部|中部|南部|北部|本部|部署|社会|大会|全会|"
    r"机会|都会|学会|工会|协会|商会|居委会|村委会|党委|纪委|村委|居委|医院|学院|商业银行|签署|"
    r"政策性银行|村镇银行|基金会|(?:业主|居民|村民)委员会|合作社|报社|出版社|旅行社|杂志社|"
    r"研究院|设计院|街道办|"
    # verbs ending in 办 (依法查办…案件, 督办, 承办): 督查办 is an office
    r"(?<!督)查办|督办|承办|交办|催办|代办|举办|开办|筹办|包办|接办|批办|转办|兴办|试办|领办)$"
)
_GENERIC = frozenset(
    "人民政府 政府 地方政府 法院 人民法院 检察院 人民检察院 银行 委员会 办公室 领导小组 "
    "工作小组 小组 指挥部 中央 党中央 中共中央 总公司 联合会 专班办公室 海关 红十字会 "
    "工作领导小组 专项工作小组 高级人民法院 中级人民法院 基层人民法院 管委会 园区管委会".split()
)
# What may follow a subject: an action, or an adverb before one.
_ACTION = re.compile(
    r"(?:负责|牵头|会同|商|组织(?!部)|研究|制定|制订|落实|做好|加强|抓紧|抓好|要|应|必须|须|将|已|正|也|还|"
    r"共同|联合|分别|提出|指导|依法|按照|根据|对|在|表示|继续|积极|认真|进一步|尽快|适时|及时|推动|"
    r"切实|统筹|协调|会商|配合|参与|协助|意见|为|编制|建立|完善|开展|推进|审核|主动|牵|承担|"
    r"履行|发挥|于|立即|迅速|随时|定期|严格|全面|统一|加快|大力|着力|不断|逐步|充分|具体|督促|监督|"
    r"每年|每季度|每半年|每月|召开)"
)
# Verbs of checking that bodies named as objects do together (会同B核定/审定/核实…).
_CHECKS = re.compile(r"核定|核实|核查|审定|评定|考核")
_JOIN = re.compile(r"、|及|和|与|同|以及")
# 会同/商/组织/指导 followed by bodies: those bodies are co.
_WITH = re.compile(r"(?:已|将|正|也|还|要|再)*(?:会同|商|组织(?!部)|指导)")
_WITH_ELIDED = re.compile(r"(?:已|将|正|也|还|要|再)*会同")
_PARTNERED = re.compile(r"(?:已|将|正|也|还|要|再)*(?:联合|商请)(?!国|体|会|开|发)")
_ETC_GROUP = re.compile(r"等(?:有关|相关)(?:部门|单位)(?:（单位）|（部门）)?")
_ETC = re.compile(r"等(?:部门|单位|机构)?")
_GROUP_OBJECT = re.compile(r"(?:国务院)?(?:有关|相关)(?:部门|单位)(?:（单位）|（部门）)?")
_TRAILING_GROUP = re.compile(
    r"(?:和|及|以及)(?:国务院)?(?:有关|相关)[^，。；、]{0,12}(?:部门|单位)"
)
# The bodies an office "sits in" and the members of a working group.
_SEATED = re.compile(r"办公室设在")
_MEMBERS = re.compile(
    r"(?:等(?:部门|单位))?(?:主要|分管|有关)?(?:负责同志|负责人)?组成|(?:选派|派出?)(?:人员|干部)参加"
)
# Words after 由 that name a person, not the body's action (由国家粮食局主要负责人兼任).
_PERSON = re.compile(
    r"(?:主要|分管|有关|常务)?(?:负责同志|负责人|领导|主任|同志|"
    r"副?(?:总理|省长|市长|区长|县长|秘书长|部长|主席|书记|局长|厅长))"
)
# A name's last character that is the first of a word instead (财政部门, 部分, 部署, 会议).
_SPLIT_WORD = frozenset(
    "部门 部分 部署 部位 局面 局势 院校 院所 办法 办理 办事 办公 会议 会计 会同 社区 社团 "
    "署名".split()
)
# A government is named by its place (西藏自治区人民政府, 省政府), not by a category
# (地方政府, 试点城市政府, 县级政府). A bare 市政府/区政府/县政府 in a city's, district's or
# county's own plan is its issuer committing itself (市政府将…纳入议事日程), not a body that
# reports to the office; 省政府 is kept (a State Council reply names the province's).
_GOVERNMENT = re.compile(r"政府$")
_PLACED_GOVERNMENT = re.compile(
    r"^(?:省|[\u4e00-\u9fff]{2,12}(?:省|市|区|县|自治区|特别行政区|自治州|盟|旗|"
    r"镇|乡))(?:人民)?政府$"
)
_NOT_A_PLACE = re.compile(r"城市|试点|地区|所在|有关|相关|下级|上级")
# After 由 or 请 a name followed by these is not the subject: a category (由国务院税务主管
# 部门), alternatives (由A或B报请).
_NOT_SUBJECT_AFTER = re.compile(r"或|[\u4e00-\u9fff]{0,8}?(?:部门|机关|机构|单位)")
_BY = re.compile(r"由(?!于|此|衷)")
_PLEASE = re.compile(r"^(?:并|同时|另外|此外)?(?:请|建议)(?!示|求|书)")
_CONNECTOR = re.compile(r"^(?:并|同时|另外|此外|其中|目前|今后|届时|必要时|对此)")
_QUOTED = re.compile(r"《[^《》]*》|“[^“”]*”")
_CLAUSE_END = re.compile(r"[。；，：！？]")
_MAX_NAME = 25


@lru_cache(maxsize=1)
def _directory_names() -> frozenset[str]:
    """Every name, short name and alias of the seed directory (national and Jiangsu)."""
    from django.conf import settings

    from .services import SEED_DIRECTORY_FILES

    names: set[str] = set()
    for file_name in SEED_DIRECTORY_FILES:
        path = Path(settings.BASE_DIR) / "fixtures" / file_name
        if not path.exists():
            continue
        for entry in json.loads(path.read_text(encoding="utf-8")):
            names.add(entry["name"])
            names.update(filter(None, [entry.get("short_name")]))
            names.update(entry.get("aliases", []))
    return frozenset(names)


@lru_cache(maxsize=1)
def _last_chars() -> frozenset[str]:
    """The characters a body's name can end with (to skip the rest quickly)."""
    endings = re.findall(r"[\u4e00-\u9fff]+", _NAME_END.pattern)
    return frozenset(word[-1] for word in endings) | {n[-1] for n in _directory_names()}


@lru_cache(maxsize=4096)
def is_named_body(name: str) -> bool:
    """Whether ``name`` names one body (公安部, 西藏自治区人民政府), not an addressee in
    general terms (各地区, 地方各级人民政府, 有关部门, 行政执法机关, 教育行政部门)."""
    body, _ = split_nameplate(name)
    if not 2 <= len(body) <= _MAX_NAME or _NOT_NAME_START.match(body) or body in _GENERIC:
        return False
    if body in _directory_names():
        return True
    if _NOT_NAME_PART.search(body) or _NOT_NAME_END.search(body):
        return False
    if _GOVERNMENT.search(body) and (
        not _PLACED_GOVERNMENT.match(body) or _NOT_A_PLACE.search(body)
    ):
        return False
    return bool(_NAME_END.search(body))


# A notice adjusting a plan's division of work (关于调整…任务分工的通知) records only the new
# assignment: the old one (原由X牵头的第3项…) is not read, and the adjustment's own words say
# the new roles (原牵头单位X改为配合单位 → X配合; 牵头单位调整为X → 由X牵头; 增加X为配合单位
# → X配合).
_ADJUSTED = (
    (re.compile(r"原由[^，。；“”]{2,40}?(?:牵头|负责|承担)的"), ""),
    (
        re.compile(
            r"原(?:牵头|责任|配合)单位(?P<who>[^，。；]{2,30}?)(?:改为|调整为)(?P<role>配合|牵头)单位"
        ),
        r"\g<who>\g<role>",
    ),
    (
        re.compile(r"(?P<role>牵头|配合)单位(?:调整为|改为)(?P<who>[^，。；]{2,30})"),
        r"由\g<who>\g<role>",
    ),
    (
        re.compile(r"增加(?P<who>[^，。；]{2,30}?)为(?P<role>配合|牵头|参与)单位"),
        r"\g<who>\g<role>",
    ),
)


def _new_division(text: str) -> str:
    if "原" not in text and "单位" not in text:
        return text
    for pattern, replacement in _ADJUSTED:
        text = pattern.sub(replacement, text)
    return text


def read_sentences(
    text: str,
    *,
    leads: tuple[str, ...] = (),
    partners: tuple[tuple[str, str], ...] = (),
    heading: list[ParsedResponsibility] | None = None,
    author: str = "",
    addressees: frozenset[str] = frozenset(),
) -> list[ParsedResponsibility]:
    """The bodies an item's sentences name, with roles (first leads unless one is marked).

    ``leads``: the bodies a standing note (以下各项均由X牵头) makes lead of every item, and
    ``partners`` (name, role) those it names beside them (本部分任务由X牵头，Y配合);
    ``heading``: the bodies the item's heading gives it (``heading_bodies``). Either way the
    bodies the sentences name are then co. ``author``: the body whose report the document
    transmits (``transmitted_author``): its 我局/我部/我委 is that body. ``addressees``: the
    general addressees (各县级市（区）人民政府) the document's own phrases assign work to:
    named in a sentence, they are that same group; any other stays unread.
    """
    if author:
        text = text.replace(f"我{author[-1]}", author)
    text = _QUOTED.sub(lambda m: "《》" if m.group().startswith("《") else "“”", text)
    text = _new_division(normalise_phrase(text.replace("\n", "。")))
    mentions = [_Mention(name=name, role=LEAD, written=name) for name in leads]
    mentions += [_Mention(name=name, role=role, written=name) for name, role in partners]
    mentions += [_Mention(name=r.name, role=r.role, written=r.written) for r in heading or []]
    clauses = _clauses(text)
    named_first = _named_first(text)
    if named_first:
        # "省教育厅：推动…": the item names its own bodies where an assignment is written,
        # so the chapter's standing note (本部分任务由X牵头) does not reach it.
        mentions = [_Mention(name=r.name, role=r.role, written=r.written) for r in heading or []]
        mentions += _mentions(named_first, _RESPONSIBLE)
    for index, clause in enumerate(clauses):
        mentions += _read_clause(clause, addressees) + _requested(clauses, index)
    if not mentions:
        return []
    _settle_responsible(mentions)
    found = _deduplicate(mentions)
    # A body that leads or works with the lead is not also listed as a member, and the
    # office of a body the item names is that body (指挥部…；指挥部办公室必须24小时值班).
    named = {item.name for item in found if item.role in (LEAD, CO)}
    return [
        item
        for item in found
        if not (item.role == PARTICIPANT and item.name in named)
        and not (item.name.endswith("办公室") and item.name.removesuffix("办公室") in named)
    ]


# A heading that names whose duties follow: "国家粮食应急工作指挥部职责",
# "国家粮食应急工作指挥部办公室及其职责"; a lead-in: "发展改革委提出了以下意见：",
# "证监会、发展改革委提出了以下意见：", "由省财政厅负责以下工作：".
_DUTIES = re.compile(r"^(?P<who>.{2,30}?)(?:的主要职责|的职责|及其职责|主要职责|工作职责|职责)$")
_LEAD_IN = re.compile(
    r"(?:^|[。；])由?(?P<who>[^。；：，]{2,60}?)(?:研究)?(?:提出了?|负责)(?:以下|如下|下列)"
    r"(?:办理意见|意见|建议|工作|事项|职责)：?$"
)
# "国家粮食应急工作指挥部下设办公室，负责日常工作。办公室设在国家粮食局": the office's
# duties are the host body's.
_OFFICE_HOST = re.compile(
    r"(?P<who>[^。；，：]{2,30}?)下设办公室[^。]{0,30}。[^。]{0,20}?办公室设在(?P<host>[^，。；]{2,25})"
)


def heading_bodies(title: str, text: str = "") -> list[ParsedResponsibility]:
    """The bodies a heading (``国家粮食应急工作指挥部职责``) or the lead-in its text ends
    with (``证监会、发展改革委提出了以下意见：``) gives the items under it. [] otherwise."""
    duties = _DUTIES.match(normalise_phrase(title or text).rstrip("。"))
    if duties and is_named_body(duties["who"]):
        return [ParsedResponsibility(name=duties["who"], role=LEAD, written=duties["who"])]
    lead_in = _LEAD_IN.search(normalise_phrase(text.replace("\n", "。")))
    if not lead_in:
        return []
    mentions = _subject(f"{lead_in['who']}负责", relaxed=False) or []
    _settle_responsible(mentions)
    return _deduplicate(mentions)


_TRANSMITTED = re.compile(r"转发(?P<who>[^，。；《》]{2,30}?)(?:关于|《)")


def transmitted_author(header: str) -> str:
    """``国务院办公厅转发国家地震局关于…报告的通知``: the one body whose report (意见, 请示)
    the notice transmits; "" when it names none or several (转发国家教委等部门关于…)."""
    match = _TRANSMITTED.search(normalise_phrase(header))
    who = match["who"] if match else ""
    return who if who and is_named_body(who) else ""


def office_hosts(text: str) -> dict[str, str]:
    """``X下设办公室…办公室设在Y``: the name of X's office → Y."""
    hosts = {}
    for match in _OFFICE_HOST.finditer(normalise_phrase(text.replace("\n", "。"))):
        host = _names_at(match["host"], relaxed=True)
        # The longest body the words before 下设办公室 end with.
        who = next(
            (
                match["who"][at:]
                for at in range(len(match["who"]))
                if is_named_body(match["who"][at:])
            ),
            "",
        )
        if who and host:
            hosts[f"{who}办公室"] = host[0][0]
    return hosts


def rename_bodies(
    found: list[ParsedResponsibility], names: dict[str, str]
) -> list[ParsedResponsibility]:
    """The bodies with the names of ``names`` replaced (an office by its host), once each."""
    mentions = [
        _Mention(name=names.get(r.name, r.name), role=r.role, written=r.written) for r in found
    ]
    return _deduplicate(mentions) if any(r.name in names for r in found) else found


# "省法院：在…", "省委组织部、省委党校：将…": bodies alone before a colon, where a sentence
# starts, are the bodies of what follows (the first leads unless the text marks one).
_NAMED_FIRST = re.compile(r"(?:^|[。；])(?P<who>[^。；，：！？]{2,80})：")
# Offices named only where they are assigned (省委督查室、省政府督查室：将…): in a sentence
# 省政府督查室定期督查 is the supervision that every plan promises, not a task of its own.
_ROOM = re.compile(r"^(?:省|市|区|县)(?:委|政府)(?:督查|督办|研究|政研|参事)室$")


def _named_first(text: str) -> list[str]:
    if "：" not in text:
        return []
    found: list[str] = []
    for match in _NAMED_FIRST.finditer(text):
        names = match["who"].split("、")  # 和 is inside names (省文化和旅游厅)
        if all(is_named_body(name) or _ROOM.search(name) for name in names):
            found += names
    return found


def _clauses(text: str) -> list[str]:
    return [clause for clause in _CLAUSE_END.split(text) if clause]


# "可由A或B报请C及D、E，经请示国务院批准后，按职责分工迅速组织粮食进口": the bodies asked
# act once approval comes, each by its duties (按职责分工); A or B only ask. Without
# 按职责分工 the one asked approves (由财政部报请国务院批准后实施): an object.
_REQUEST = re.compile(r"报请(?P<who>.+)$")
_APPROVED = re.compile(r"^经.{0,20}批准(?:后|以后)?$")


def _requested(clauses: list[str], index: int) -> list[_Mention]:
    request = _REQUEST.search(clauses[index])
    if (
        request is None
        or index + 2 >= len(clauses)
        or not _APPROVED.match(clauses[index + 1])
        or not clauses[index + 2].startswith("按职责分工")
    ):
        return []
    names = _names_at(request["who"], relaxed=True)
    if not names or names[-1][1] != len(request["who"]):
        return []
    return _mentions([name for name, _ in names], _RESPONSIBLE)


def _read_clause(clause: str, addressees: frozenset[str] = frozenset()) -> list[_Mention]:
    clause = _CONNECTOR.sub("", clause)
    seated = _SEATED.search(clause)
    if seated:
        return _seated(clause[seated.end() :])
    partnered = ("联合" in clause or "商请" in clause) and _PARTNERED.match(clause)
    if partnered:
        # "联合省金融办、人民银行南京分行召开…", "商请省公安厅配合": the author acts, with them.
        names = _names_at(clause[partnered.end() :], objects=True, addressees=addressees)
        return _mentions([name for name, _ in names], CO)
    joined = _WITH_ELIDED.match(clause)
    if joined:
        # "同时将会同发展改革委、财政部等有关部门…": the subject named before goes on.
        objects, _ = _objects(clause, addressees)
        return _mentions(objects or [], CO)
    please = _PLEASE.match(clause)
    if please:
        return _subject(clause[please.end() :], relaxed=True, addressees=addressees) or []
    found = _subject(clause, relaxed=False, addressees=addressees)
    if found is not None:
        return found
    # "本预案由国务院办公厅负责解释", "具体比例由西藏自治区人民政府研究确定".
    for match in _BY.finditer(clause):
        found = _subject(clause[match.end() :], relaxed=True, addressees=addressees)
        if found is not None:
            return found
    return []


def _names_at(
    text: str,
    *,
    relaxed: bool = False,
    objects: bool = False,
    addressees: frozenset[str] = frozenset(),
) -> list[tuple[str, int]]:
    """A list of bodies at the start of ``text``: (name, end) for each, shortest names first
    (发展改革委 before 发展改革委会 in 发展改革委会同…); [] when none fits."""
    names: list[tuple[str, int]] = []
    at = 0
    options = {"relaxed": relaxed, "objects": objects, "addressees": addressees}
    while True:
        end = _name_end(text, at, **options)
        if end is None:
            return names
        names.append((text[at:end], end))
        joined = _JOIN.match(text, end)
        if not joined or _name_end(text, joined.end(), **options) is None:
            return names
        at = joined.end()


def _name_end(
    text: str,
    at: int,
    *,
    relaxed: bool = False,
    objects: bool = False,
    addressees: frozenset[str] = frozenset(),
) -> int | None:
    """Where the shortest named body starting at ``at`` ends, when one does; a second
    nameplate in brackets belongs to it (市场监管局（知识产权局）). Unless ``relaxed`` (after
    由 or 请), the name must be followed by what follows a subject. A general addressee
    counts only when it is one of ``addressees``."""
    for name in addressees:
        end = at + len(name)
        if text.startswith(name, at) and (
            relaxed or _continues(text, end) or (objects and end == len(text))
        ):
            return end
    if _NOT_NAME_START.match(text, at):
        return None
    first = None
    last_chars = _last_chars()
    for end in range(at + 2, min(len(text), at + _MAX_NAME) + 1):
        if text[end - 1] not in last_chars:
            continue
        candidate = text[at:end]
        if candidate.count("（") != candidate.count("）") or not is_named_body(candidate):
            continue
        if text.startswith("（", end):
            close = text.find("）", end)
            if close != -1 and split_nameplate(text[at : close + 1])[1]:
                end = close + 1
        if text[end - 1 : end + 1] in _SPLIT_WORD:
            continue
        if _continues(text, end) or (objects and (end == len(text) or _CHECKS.match(text, end))):
            # Objects may close their clause: "要会同人民银行南通市分行，推动…", or check
            # with the subject: "县科技局会同县知识产权局核定…".
            return end
        if first is None and not _NOT_SUBJECT_AFTER.match(text, end):
            first = end
    return first if relaxed else None


def _continues(text: str, end: int) -> bool:
    """What follows a name in a subject: another name, 等 or an action."""
    rest = text[end:]
    return bool(
        _JOIN.match(rest) or rest.startswith("等") or _ACTION.match(rest) or _PERSON.match(rest)
    )


def _subject(
    clause: str, *, relaxed: bool, addressees: frozenset[str] = frozenset()
) -> list[_Mention] | None:
    """The bodies a clause starts with and their roles, or None when it starts otherwise.

    ``relaxed``: after 由 or 请 the name is the subject whatever follows.
    """
    names = _names_at(clause, relaxed=relaxed, addressees=addressees)
    if not names:
        return None
    rest = clause[names[-1][1] :]
    groups: list[str] = []
    etc = _ETC_GROUP.match(rest)
    if etc:
        groups.append("有关部门")
        rest = rest[etc.end() :]
    else:
        rest = rest[_ETC.match(rest).end() if _ETC.match(rest) else 0 :]
        trailing = _TRAILING_GROUP.match(rest)
        if trailing:  # "科技部、财政部和相关科技项目管理部门要…": the category is not a body
            rest = rest[trailing.end() :]
    if relaxed and _MEMBERS.match(rest):
        return _mentions([n for n, _ in names], PARTICIPANT)
    if relaxed and _PERSON.match(rest):
        return None
    assisted, helper_role = _assisted(rest, addressees)
    if assisted:
        # "省知识产权局配合省法院推进…": the body helped leads; the helper is co (配合) or
        # a participant (协助), as in a bracket.
        return _mentions(assisted, LEAD) + _mentions([n for n, _ in names] + groups, helper_role)
    objects, subject_role = _objects(rest, addressees)
    if objects is None:
        if not relaxed and not _ACTION.match(rest):
            return None
        subject_role = _verb_role(rest)
        objects = []
    mentions = _mentions([n for n, _ in names], subject_role)
    mentions += _mentions(groups, CO)
    mentions += _mentions(objects, CO)
    return mentions


def _objects(rest: str, addressees: frozenset[str] = frozenset()) -> tuple[list[str] | None, str]:
    """``会同B、C等有关部门`` / ``商B`` / ``组织有关部门`` / ``指导B``: the bodies after it."""
    joined = _WITH.match(rest)
    if not joined:
        return None, _RESPONSIBLE
    after = rest[joined.end() :]
    group = _GROUP_OBJECT.match(after)
    if group:
        return [_group_name(group.group())], LEAD
    # The bodies after 会同 stand before the verb of the work done together, whatever it
    # is (会同省市场监督管理局打击…, 会同A、B建设…).
    together = joined.group().endswith("会同")
    names = _names_at(after, objects=True, relaxed=together, addressees=addressees)
    if not names:
        return None, _RESPONSIBLE
    objects = [name for name, _ in names]
    tail = after[names[-1][1] :]
    if _ETC_GROUP.match(tail):
        objects.append("有关部门")
    return objects, LEAD


_ASSISTS = re.compile(r"(?:已|将|正|也|还|要|再|积极|主动)*(?P<word>配合|协助)")


def _assisted(rest: str, addressees: frozenset[str] = frozenset()) -> tuple[list[str], str]:
    """``配合B开展…`` / ``协助B…``: the bodies helped ([] when the word closes the clause,
    ``B、C配合``) and the helper's role."""
    assists = _ASSISTS.match(rest)
    if not assists:
        return [], CO
    names = _names_at(rest[assists.end() :], objects=True, addressees=addressees)
    return [name for name, _ in names], CO if assists["word"] == "配合" else PARTICIPANT


def _group_name(written: str) -> str:
    return re.sub(r"（(?:单位|部门)）$", "", written).replace("相关", "有关")


def _verb_role(rest: str) -> str:
    """The role the verb after a subject gives it, as the same word does in a bracket."""
    role = keyword_role(re.sub(r"^(?:已|将|正|也|还|要|再|积极|主动)+", "", rest))
    return role if role in (LEAD, CO, PARTICIPANT) else _RESPONSIBLE


def _seated(rest: str) -> list[_Mention]:
    names = _names_at(rest, relaxed=True)
    return _mentions([name for name, _ in names], _RESPONSIBLE)


def _mentions(names: list[str], role: str) -> list[_Mention]:
    prefix = _Prefix()
    return [prefix.mention(name, role, "") for name in names]


__all__ = [
    "heading_bodies",
    "is_named_body",
    "office_hosts",
    "read_sentences",
    "rename_bodies",
    "transmitted_author",
]
