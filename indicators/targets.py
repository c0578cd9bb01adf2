"""Find the quantitative targets written inside the paragraphs of a plan.

``extract_targets`` reads one paragraph (or one item's text) and proposes a ``ParsedTarget``
for every number with a unit that states a goal: ``新增注册商标3万件以上``, ``比2011年分别
增长25%和30%``, ``万人有效发明专利拥有量达 8 件``, ``培育知识产权密集型产业 1-2 个``,
``突破20亿元``, ``实现倍增``. The importer shows the proposals to the office, which confirms
them, so the extractor prefers missing a doubtful number to inventing a target.

How a target is read
    The number and its unit are the anchor. Its name is the noun phrase before it in the
    same clause (clauses end at ， ； ： 。 and line breaks), with the linking words that
    carry the comparison removed (达到, 超过, 累计达, 年均增幅达, 比2011年…增长, 分别, 均).
    When the number comes between a verb and a noun (``组织实施1500个重点技术创新项目``)
    the name is verb + noun. Action words that define what is counted stay in the name
    (新增, 新申请, 培育, 申请 …); a leading 新增 carries over to later items of the same
    ``、`` list (``新增驰名商标25件、省著名商标200件`` → 新增省著名商标).

Values and units
    万/亿 before a count unit (件 个 家 项 人 人次 …) multiply: 3万件 → 30000 件. Money keeps
    its unit and is not multiplied: 20亿元 → 20 亿元. Per-capita names (万人…, 每万人口…,
    万企…) get a per-unit such as ``件/万人`` and the kind ``ratio``; so does every
    percentage that is not a growth rate.

Comparison
    超过/突破/高于/…余 → ``gt``; 以上/达/达到/不少于/growth rates → ``gte``; 以内/以下/
    不超过/压缩至/降至/控制在 → ``lte``; a range → ``range``; a bare number or 左右 → ``eq``.
    Durations count only where a time is being cut (``审批时间压缩至100个工作日以内``).

Years
    ``base_year`` comes from 比/较2011年 or 在2011年基础上, and carries over to later growth
    targets of the same sentence (``企业专利申请量、授权量分别增长25%和30%``); 比上年 and
    同比 give the year before the target year. ``target_year`` is, in order of precedence:
    the last ``到2025年`` / ``到 2020 年`` written in ``text`` before the target; then
    ``context_year``, which the caller sets from a ``到20XX年`` earlier in the same section;
    then ``plan_year``.

What is deliberately not a target
    Numbers without a unit (document numbers ``〔2016〕132号``, hotlines, ``“7 + 1”``),
    dates and periods (2012年, 2016年2-5月, 6个月, 10个工作日), ordinals (第52次, 第三条),
    Chinese numerals that name rather than count (十三五, 四个意识, 两个维护, 从三个方面,
    一个平台: a count in words is read only right after a verb that creates or reaches
    it, ``建设十个知识产权强县``, ``培育二十家``, ``新增五个``, and 百分之六十), counts
    that close a list (``高端装备等11个``, ``北京、天津、上海、重庆4个直辖市``),
    eligibility conditions joined by 且/或 (``拥有有效发明专利50件以上且…``), grades and
    triggers (``造成30人以上死亡，或者…的``, ``涨幅超过10%时``), whole sentences that state
    subsidy, allowance or procedural rules (最高, 给予, 奖励, 返还, 每家, 单个, 应当, 定额,
    限额, 扣除标准, 应有, 注册资本, 请求, 拟投资 …: ``每家企业最高奖励10万元``;
    ``_RULE_LANGUAGE``), the clause a norm opens (原则上每个县不少于2家, 一般为6个月) and
    how often a rule applies (每年调整1次). Numbers that describe rather than promise go
    too (``_counts_what_exists``: places that exist, a project's spending, a stated size,
    关于…项目, 共191个项目). Past results are not goals: sentences with history words
    (截至, 已由, 累计建成, 以来, 近年来, 目前, 预计,
    “十三五”期间, …时期的1.36倍)
    or about a year or five-year period before ``since_year``, unless a forward word
    (到2025年, 力争, 确保, 每年) says otherwise, and everything after a review heading
    (``(一)发展基础。``) up to the next 到20XX年. Callers should still not feed review
    sections (发展基础, 工作成效) on their own.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from decimal import Decimal

from indicators.numbers import QuantityError, normalise_digits, parse_quantity
from indicators.parsed import ParsedTarget

ABSOLUTE = "absolute"
GROWTH = "growth"
ANNUAL_GROWTH = "annual_growth"
RATIO = "ratio"
CUMULATIVE = "cumulative"

GTE = "gte"
GT = "gt"
LTE = "lte"
EQ = "eq"
RANGE = "range"

# All matching runs on normalise_digits(text), so full-width ，；：（ are already , ; : (.
_SENTENCE_END = "。!?\n"
_CLAUSE_END = _SENTENCE_END + ",;:"
_CONNECTORS = "、和及与"
_MONEY_UNITS = ("美元", "元")
# Physical quantities keep 万/亿 in their unit, as statistics print them: 300万千瓦, 700亿斤.
_MEASURE_UNITS = (
    "微克/立方米",
    "平方公里",
    "平方米",
    "立方米",
    "千瓦时",
    "千瓦",
    "公里",
    "千米",
    "公顷",
    "公斤",
    "吨",
    "亩",
    "斤",
)
_UNITS = (
    *_MEASURE_UNITS,
    "个工作日",
    "工作日",
    "个月",
    "小时",
    "天",
    "个百分点",
    "人次",
    "场次",
    "家次",
    "美元",
    "元",
    "%",
    "件",
    "个",
    "家",
    "项",
    "人",
    "次",
    "起",
    "名",
    "所",
    "座",
    "场",
    "期",
    "户",
    "种",
    "部",
    "篇",
    "份",
    "单",
    "套",
    "台",
    "辆",
    "张",
    "艘",
    "学时",
    "课时",
    "分",
)
# 条 counts links, lines, routes (下架侵权商品链接1000条以上) when it closes the phrase; before
# a noun it only classifies it (围绕50条重点产业链): a count, not what is counted.
_CLOSING_UNIT = r"条(?=\s*(?:以上|左右|以内|以下|[,.;:!?，。；：、)）]|$))"
_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_ANCHOR = re.compile(
    rf"(?<![\d.])(?<!\d,)(?P<num>{_NUMBER})\s*(?P<mult1>万亿|亿|万)?"
    # 15%—20%: the percent sign may be printed on both ends of a range
    r"(?:(?:%(?=\s*(?:-|~|至|到|—)\s*\d[\d.]*\s*%))?"
    rf"\s*(?:-|~|至|到|—)\s*(?P<num2>{_NUMBER}))?"
    r"\s*(?P<approx>余|多)?\s*(?P<mult>万亿|亿|万)?\s*"
    rf"(?P<unit>{'|'.join(re.escape(unit) for unit in _UNITS)}|{_CLOSING_UNIT})?"
    r"(?:\s*(?P<after>以上|左右|以内|以下))?"
)
_PERCENT_WORDS = re.compile(
    r"百分之(?P<cn>[零〇一二三四五六七八九十百点两]+)(?:\s*(?P<after>以上|以下|以内|左右))?"
)
_DOUBLING = re.compile(r"(?:实现|达到)?(?P<word>翻两番|翻了一番|翻一番|翻番|倍增)")
_DOUBLING_PERCENT = {"翻两番": Decimal(300)}
_PROGRAMME = ("计划", "工程", "行动", "专项", "战略", "项目")
# A unit followed by one of these measures time, not a target: 6个月, 10个工作日, 5分钟.
_TIME_WORDS = ("月", "工作日", "小时", "日", "天", "年", "周", "季度", "钟", "之")
# Durations are targets only where a time is being cut: 企业开办时间压缩至3个工作日以内.
# (平均办案周期压缩至3个月以内, 授权周期压缩至3个月以内, 办结时限缩短至5天)
_DURATION_UNITS = ("个工作日", "工作日", "个月", "小时", "天")
_DURATION_CONTEXT = re.compile(r"时间|时限|周期|用时|办结|压缩|缩短|减少到|减至")
# Sentences with these words state subsidy or procedural rules, not goals.
_RULE_WORDS = (
    "最高",
    "最长",
    "最短",
    "各派",
    "返还",
    "奖励",
    "补助",
    "补贴",
    "资助金额",
    "罚款",
    "给予",
    "每家",
    "每件",
    "每项",
    "单个",
    "单项",
    "单笔",
    "一次性",
    "应当",
    "截至",
    "造成",
)
# Achievements, not promises: a sentence with one of these (and no forward word) reports
# what was done — 截至“十三五”末, 累计建成, 已由…增加到, …是“十二五”时期的1.36倍.
_HISTORY = re.compile(
    r"截至|截止|已经|已于|已达|已有|已建成|已形成|已由|已累计|先后|相继|累计建成|共建成|以来|过去|去年"
    r"|近年来|近几年|近些年|多年来|历年|目前|现已|居全国|位居|位列"
    r"|共(?:完成|发生|落实|造成|实现|投入|安排|下达|拨付|查处|办理|受理|培训|帮助)"
    r"|(?:增长|提高|提升|增加|下降|降低|减少)了"
    r"|上一年|期间[,，]|时期[,，]|时期的|分别是|由\d[\d.]*[^,，。]{0,6}(?:增加|提高|提升|增长)(?:到|至)"
)
_FORWARD = re.compile(r"(?:到|至)\s*(?:19|20|21)\d\d\s*年|力争|确保|争取|将达到|目标|每年")
_PAST_YEAR = re.compile(
    r"(?<![到至比较在与\d])((?:19|20)\d\d)\s*年(?:底|末|度)?(?!前|以前|之前|底前)"
)
_COMPARED_YEAR = re.compile(r"(?:比|较)\s*((?:19|20)\d\d)\s*年")
_FIVE_YEAR_END = {"十一五": 2010, "十二五": 2015, "十三五": 2020, "十四五": 2025}
_TARGET_YEAR = re.compile(r"(?:到|至)\s*(?P<year>(?:19|20|21)\d\d)\s*年")
# A deadline in the sentence (2024年底前完成盘点率100%, 2024年9月底前建成…): what it reaches
# is for that year. Only within its sentence: a later sentence may aim further.
_DEADLINE_YEAR = re.compile(
    r"(?<![\d每])(?P<year>(?:19|20|21)\d\d)\s*年\s*(?:\d{1,2}\s*月\s*)?(?:底|末)?(?:前|以前|之前)"
)
# Headings that review the past: 发展基础, “十三五”时期发展成就, 工作回顾. The words must open
# the heading (after a period qualifier): 夯实知识产权发展基础 and 优化发展环境 are tasks.
_REVIEW_WORDS = (
    r"(?:发展基础|工作基础|现实基础|发展现状|发展成就|主要成效|取得成效|工作成效|工作回顾"
    r"|面临形势|发展环境)"
)
_REVIEW_TITLE = re.compile(
    r"^\s*(?:[“\"]?十[一二三四]五[”\"]?(?:时期|期间)?(?:取得的|的)?|过去五年|近年来)?"
    + _REVIEW_WORDS
)
# The chapters of a report (调研报告, 情况报告) state facts and what was done: 基本情况,
# 地质险情成因分析, 处理情况, 存在的问题, 主要做法. The words close a short heading that does
# not open with a task's verb (摸清…基本情况 would be a task).
_REPORT_TITLE = re.compile(
    r"^[^,;:。、]{0,12}(?:基本情况|有关情况|调查情况|调研情况|处理情况|处置情况|进展情况|工作进展"
    r"|成因分析|原因分析|存在(?:的)?问题|主要问题|主要做法|工作情况)\s*[。.]?$"
)
_TASK_VERB = re.compile(
    r"^(?:摸清|掌握|了解|统计|调查|开展|做好|加强|建立|健全|完善|推进|推动|落实|实施|制定|加快|强化"
    r"|深化|提升|提高|优化|抓紧|切实|认真|及时|定期|全面|研究|分析|报告|报送|上报|解决)"
)
# A heading such as "(一)发展基础。" inside a text starts a review of past results; its
# numbers are achievements until the next 到20XX年.
_REVIEW_HEADING = re.compile(
    r"(?:^|\n|[)）、.])\s*(?:[“\"]?十[一二三四]五[”\"]?(?:时期|期间)?(?:取得的|的)?)?"
    r"(?:发展基础|工作基础|发展成就|主要成效|取得成效|工作回顾)\s*[。:\n]"
)


def is_review_title(title: str) -> bool:
    """A section title that reviews the past (``发展基础与面临形势``) or a report's chapter
    of facts (``基本情况``, ``地质险情成因分析``, ``处理情况``), not a task that happens to
    name one (``夯实知识产权发展基础``, ``摸清知识产权基本情况``)."""
    title = normalise_digits(title).strip()
    if _REVIEW_TITLE.match(title):
        return True
    return bool(_REPORT_TITLE.match(title)) and not _TASK_VERB.match(title)


# Words between a name and its number, matched at the end of the name (longest first).
# Each maps to the flags it sets: cumulative, annual, growth, comparison.
_LINKS: dict[str, tuple[str, ...]] = {
    "累计达到": ("cumulative", GTE),
    "累计超过": ("cumulative", GT),
    "累计突破": ("cumulative", GT),
    "累计达": ("cumulative", GTE),
    "累计": ("cumulative",),
    "年均增长率达到": ("annual", GTE),
    "年均增长率达": ("annual", GTE),
    "年均增长率": ("annual",),
    "年均增幅达到": ("annual", GTE),
    "年均增幅达": ("annual", GTE),
    "年均增幅": ("annual",),
    "年均增速达": ("annual", GTE),
    "年均增速": ("annual",),
    "年均增长": ("annual",),
    "年均提高": ("annual",),
    "提高到": (GTE,),
    "提高至": (GTE,),
    "提升到": (GTE,),
    "提升至": (GTE,),
    "增加到": (GTE,),
    "增加至": (GTE,),
    "增长到": (GTE,),
    "增长至": (GTE,),
    "提高了": ("growth",),
    "增长了": ("growth",),
    "增加了": ("growth",),
    "增长率": ("growth",),
    "增幅": ("growth",),
    "增速": ("growth",),
    "增长": ("growth",),
    "提高": ("growth",),
    "提升": ("growth",),
    "增加": ("growth",),
    "不超过": (LTE,),
    "不高于": (LTE,),
    "不多于": (LTE,),
    "控制在": (LTE,),
    "压缩至": (LTE,),
    "压缩到": (LTE,),
    "缩短至": (LTE,),
    "缩短到": (LTE,),
    "降至": (LTE,),
    "降到": (LTE,),
    "降低至": (LTE,),
    "降低到": (LTE,),
    "下降到": (LTE,),
    "下降至": (LTE,),
    "减少到": (LTE,),
    "减至": (LTE,),
    "再降低": ("growth", "decrease"),
    "再下降": ("growth", "decrease"),
    "降低了": ("growth", "decrease"),
    "下降了": ("growth", "decrease"),
    "降低": ("growth", "decrease"),
    "下降": ("growth", "decrease"),
    "压减": ("growth", "decrease"),
    "不得低于": (GTE,),
    "不得少于": (GTE,),
    "不得高于": (LTE,),
    "不得超过": (LTE,),
    "不少于": (GTE,),
    "不低于": (GTE,),
    "至少": (GTE,),
    "达到": (GTE,),
    "达": (GTE,),
    "超过": (GT,),
    "突破": (GT,),
    "高于": (GT,),
    "大于": (GT,),
    "多于": (GT,),
    "超": (GT,),
    "保持在": (),
    "保持": (),  # 正版软件使用率保持100%: what is kept, not 使用率保持
    "稳定在": (),
    "力争": (),
    "确保": (),
    "实现": (),
    "约": (),
    "近": (),
    "为": (),
    "分别": ("respectively",),
    "均": ("each",),
    "都": ("each",),
}
_LINK_LENGTHS = sorted({len(word) for word in _LINKS}, reverse=True)


def _link_at_end(segment: str) -> str | None:
    """The longest linking word that ends ``segment``, if any."""
    return next((segment[-n:] for n in _LINK_LENGTHS if segment[-n:] in _LINKS), None)


_BASE_YEAR = re.compile(
    r"(?:(?:比|较)\s*(?P<year>(?:19|20|21)\d\d)\s*年(?:底|末|度)?"
    r"|在\s*(?P<year2>(?:19|20|21)\d\d)\s*年(?:的)?基础上"
    r"|(?P<previous>(?:比|较)上年(?:度)?|同比))\s*$"
)
_LEADING_NOISE = re.compile(
    r"(?:\s|[、—\-]|其中|力争|确保|争取|同时|另外|以及|并且|全年"
    r"|[(（][一二三四五六七八九十\d]+[)）]|\d+[.、)）]|[①-⑳]|[一二三四五六七八九十]+、"
    r"|(?:到|至)?\s*\d{4}\s*年(?:底|末|度)?(?:前)?)+"
)
_PER_UNIT = re.compile(
    r"^(?:全省|全市|全区|全县)?(?:每)?(?P<base>万人口?|千人口?|万企|万户|亿元GDP|十亿元GDP|万亿元GDP)"
)
_FLOW_VERBS = ("新增", "新申请")
# Verbs kept in front of a head noun when a long 、-list of qualities is dropped:
# 培育自主创新能力优、…强的知识产权优势企业 → 培育知识产权优势企业.
_HEAD_VERBS = ("培育", "引进", "培养", "建设", "打造", "认定", "扶持", "支持")


@dataclass
class _Anchor:
    """A number with its unit, or a doubling word, found in the normalised text."""

    start: int
    end: int
    value: Decimal
    unit: str
    value_max: Decimal | None = None
    comparison: str = ""  # from 以上 / 余 / 左右 after the number
    doubling: bool = False


@dataclass
class _Group:
    """One name (possibly a list of names) with the values written for it."""

    name_start: int
    name_end: int
    name: str
    flags: set[str]
    base_year: int | None
    base_previous: bool
    anchors: list[_Anchor]
    phrase_start: int
    phrase_end: int
    base_value: Decimal | None = None  # 由2020年的23%提高到25%: 23
    noun: str = ""  # the noun after the number, in verb-number-noun form
    verb: str = ""  # the words before the number in that form
    sentence: int = 0
    clause: int = 0


def extract_targets(
    text: str,
    *,
    plan_year: int | None,
    context_year: int | None = None,
    since_year: int | None = None,
) -> list[ParsedTarget]:
    """Return every quantitative target stated in ``text``, in text order.

    ``plan_year`` is the year the plan is for; ``context_year`` is a ``到20XX年`` that the
    caller found earlier in the same section. A ``到20XX年`` inside ``text`` before the
    target wins over both (see the module docstring for the full rules). ``since_year``
    is the plan's first year: sentences about years before it are history.
    """
    norm = normalise_digits(text)
    anchors = _find_anchors(norm)
    if anchors and "为" in norm:
        anchors = _without_replaced(norm, anchors)
    if not anchors:
        return []
    covered = [(anchor.start, anchor.end) for anchor in anchors]
    clause_ends = _boundaries(norm, _CLAUSE_END, covered)
    sentence_ends = _boundaries(norm, _SENTENCE_END, covered)
    # A rule's words (给予, 单笔 …) govern their own part of a sentence, up to a ；: "…突破
    # 1000亿元；对单笔贷款给予…贴息" keeps the goal before the semicolon (and a budget put
    # up before the clauses that hand it out, ``_rule_start``).
    rule_ends = _boundaries(norm, _SENTENCE_END + ";", covered)
    reviews = [match.end() for match in _REVIEW_HEADING.finditer(norm)]
    target_years = [match.start() for match in _TARGET_YEAR.finditer(norm)]

    groups: list[_Group] = []
    previous: _Group | None = None
    from_value: _Group | None = None
    not_goals: dict[int, bool] = {}  # sentence start → history, read once
    # start of a sentence's part (up to ；) → where its rule starts (a clause's start; past
    # the part's end when it states none), read once
    rules: dict[int, int] = {}
    cursor, cursor_clause = 0, -1
    for index, anchor in enumerate(anchors):
        clause_start, clause_end = _enclosing(clause_ends, anchor.start, len(norm))
        sentence_start, sentence_end = _enclosing(sentence_ends, anchor.start, len(norm))
        part_start, part_end = _enclosing(rule_ends, anchor.start, len(norm))
        if sentence_start not in not_goals:
            not_goals[sentence_start] = _is_history(norm[sentence_start:sentence_end], since_year)
        if part_start not in rules:
            rules[part_start] = _rule_start(norm, part_start, part_end, sentence_start, clause_ends)
        if (
            not_goals[sentence_start]
            or anchor.start >= rules[part_start]
            or _in_principle(norm, clause_ends, clause_start, anchor.start)
            or _is_condition(norm[clause_start:clause_end])
            or _in_review(anchor.start, reviews, target_years)
            or _in_base_note(norm, sentence_start, anchor.start, since_year)
        ):
            continue
        left_start = max(cursor, clause_start) if cursor_clause == clause_start else clause_start
        left_raw = norm[left_start : anchor.start]
        if previous is not None and previous.clause != clause_start:
            previous = None

        if (
            previous is not None
            and not previous.noun
            and left_raw.strip(" " + _CONNECTORS) == ""
            and left_raw.strip() != ""
            and not anchor.doubling
        ):
            # "25%和30%": another value for the same name(s).
            previous.anchors.append(anchor)
            previous.phrase_end = anchor.end
            cursor, cursor_clause = anchor.end, clause_start
            continue

        base = _from_value(text, norm, clause_start, anchor)
        if base is not None:
            # "森林覆盖率由2020年的23%提高到25%": 23% is where it starts; the name and the
            # starting point go to the value it is raised to.
            from_value = base
            continue
        after_sibling = cursor_clause == clause_start
        group = _read_left(text, norm, left_start, anchor, after_sibling)
        group.sentence, group.clause = sentence_start, clause_start
        if from_value is not None and from_value.clause == clause_start:
            group.name, group.name_start = from_value.name, from_value.name_start
            group.phrase_start = from_value.phrase_start
            group.flags = (group.flags - {GTE, LTE, GT}) | from_value.flags
            group.base_year, group.base_value = from_value.base_year, from_value.base_value
        from_value = None
        following = anchors[index + 1] if index + 1 < len(anchors) else None
        next_start = following.start if following and following.start < clause_end else None
        noun_end = _read_noun(text, norm, group, anchor, clause_end, next_start)
        cursor, cursor_clause = max(anchor.end, noun_end), clause_start

        if previous is not None:
            _inherit_from_sibling(group, previous, left_raw)
        if not (group.name or group.noun) and clause_start > sentence_start:
            _name_from_object(group, norm, clause_ends, sentence_start, clause_start, left_raw)
        if not (group.name or group.noun) or _counts_what_exists(group, left_raw):
            continue
        groups.append(group)
        previous = group

    return _to_targets(groups, text, norm, plan_year, context_year)


# What an adjustment replaces: 目标由“2020年质押融资金额达到100亿元”调整为“…150亿元”.
_REPLACED = re.compile(r"由(“[^”]{1,80}”|[^,;。“”由]{1,40}?)(?:调整|修改|变更|更改|改)为")


def _without_replaced(norm: str, anchors: list[_Anchor]) -> list[_Anchor]:
    """The anchors outside the old figure an adjustment replaces."""
    spans = [match.span(1) for match in _REPLACED.finditer(norm)]
    return [a for a in anchors if not any(start <= a.start < end for start, end in spans)]


_FROM_BASE = re.compile(r"由\s*(?:(?P<year>(?:19|20|21)\d\d)\s*年(?:底|末)?\s*(?:的)?)?\s*$")
_TO_VALUE = re.compile(
    r"\s*(?:(?P<up>提高|提升|增加|增长|扩大|上升)|(?P<down>下降|降低|减少|缩短|压缩|压减|缩减|降))"
    r"(?:到|至)"
)


def _from_value(text: str, norm: str, clause_start: int, anchor: _Anchor) -> _Group | None:
    """The starting value of ``X由2020年的23%提高到25%``, read as a group that gives the
    value after it its name, base year, base value and comparison; ``None`` otherwise."""
    start = _FROM_BASE.search(norm, clause_start, anchor.start)
    to = _TO_VALUE.match(norm, anchor.end)
    if start is None or to is None:
        return None
    named = _read_left(
        text, norm, clause_start, _Anchor(start.start(), start.start(), anchor.value, ""), False
    )
    named.flags = {LTE if to["down"] else GTE}
    named.base_year = int(start["year"]) if start["year"] else None
    named.base_value = anchor.value
    named.clause = clause_start
    return named if named.name else None


def _find_anchors(norm: str) -> list[_Anchor]:
    anchors: list[_Anchor] = []
    for match in _ANCHOR.finditer(norm):
        anchor = _anchor_from(match, norm)
        if anchor is not None:
            anchors.append(anchor)
    for match in _PERCENT_WORDS.finditer(norm):
        # 百分之八十以上: older documents write percentages in words.
        try:
            value = parse_quantity(match["cn"])
        except QuantityError:
            continue
        after = match["after"] or ""
        comparison = {"以上": GTE, "以下": LTE, "以内": LTE, "左右": EQ}.get(after, "")
        anchors.append(_Anchor(match.start(), match.end(), value, "%", comparison=comparison))
    anchors += _counts_in_words(norm)
    for match in _DOUBLING.finditer(norm):
        if any(a.start < match.end() and match.start() < a.end for a in anchors):
            continue
        if norm.startswith(_PROGRAMME, match.end()):
            continue  # 实施发明专利倍增计划: the name of a programme, not its promise
        value = _DOUBLING_PERCENT.get(match["word"], Decimal(100))
        anchors.append(
            _Anchor(match.start(), match.end(), value, "%", comparison=GTE, doubling=True)
        )
    anchors.sort(key=lambda anchor: anchor.start)
    return anchors


# A count written in words is a goal only right after a verb that creates or reaches what
# it counts (建设十个知识产权强县, 培育二十家示范企业, 新增五个, 达到三十家以上); elsewhere
# such numerals name things (四个意识, 两个维护, 从三个方面, “十四五”) and 一个 is an article.
_CHINESE = "零〇一二三四五六七八九十百千万两"
_COUNT_IN_WORDS = re.compile(
    r"(?:建设|建成|新建|培育|打造|新增|创建|创成|认定|引进|培养|设立|遴选|评选|命名|达到|超过|突破"
    r"|达)(?:约|近)?"
    rf"(?P<cn>[{_CHINESE}]+)(?:(?:-|~|至|到|—)(?P<cn2>[{_CHINESE}]+))?(?P<approx>余|多)?"
    r"(?P<unit>个|家|项|件|所|座|名|人次|场次|人|户|种|套|台|辆|张|艘|篇)(?P<after>以上|左右)?"
)


def _counts_in_words(norm: str) -> list[_Anchor]:
    anchors = []
    for match in _COUNT_IN_WORDS.finditer(norm):
        if match["cn"] == "一" or norm.startswith(_TIME_WORDS, match.end("unit")):
            continue  # 建设一个平台 (an article), 五个月 (a time)
        try:
            value = parse_quantity(match["cn"])
            value_max = parse_quantity(match["cn2"]) if match["cn2"] else None
        except QuantityError:
            continue
        if value_max is not None and value_max < value:
            continue
        comparison = GT if match["approx"] else {"以上": GTE, "左右": EQ}.get(match["after"], "")
        start = match.start("cn")
        anchors.append(_Anchor(start, match.end(), value, match["unit"], value_max, comparison))
    return anchors


_ACTS_ON_NUMBER = re.compile(
    r"(?:建设|培育|打造|新增|建成|引进|培养|认定|创建|发展|实施|完成|组织|开展|培训|新建|达到|超过"
    r"|突破|至|到|达|力争|确保)$"
)


_FREQUENCY = re.compile(r"每\s*\d*\s*(?:个)?(?:年|半年|季度|月|周)[^,;:。]{0,10}$")


def _anchor_from(match: re.Match[str], norm: str) -> _Anchor | None:
    unit = match["unit"]
    if not unit:
        return None
    if unit in _DURATION_UNITS and not _DURATION_CONTEXT.search(
        norm[max(0, match.start() - 24) : match.start()]
    ):
        return None
    before = norm[: match.start()].rstrip()
    if before.endswith(("第", "等", "前", "〔", "[", "﹝")):
        return None  # ordinals, ranks, the count that closes a list, document numbers
    if norm[match.end() :].lstrip().startswith(_TIME_WORDS) and not match["after"]:
        return None
    if unit == "分" and norm[match.end() :].startswith("钱"):
        return None  # 2分钱 is a price, not a score
    if unit == "单" and norm[match.end() :].startswith(("元", "位", "价")):
        return None  # 2单元, 3单位: a unit of a building or of account, not deals (1-2单)
    if unit == "次" and _FREQUENCY.search(before):
        return None  # 每年调整1次, 每5年修订1次: how often a rule applies
    rest = norm[match.end() :]
    if re.match(r"\s*(?:及以[上下]的|的\s*[,;:。为])", rest):
        # A threshold that picks who a rule applies to: 3家及以上的, 入围企业为2家的，…
        return None
    if match["after"] in ("以上", "以下") and re.match(r"的|\d[\d.]*\S{0,3}以[上下]的", rest):
        # 年产值10亿元以上的企业, 2000万元以下的为小型企业: a qualifier of what is counted,
        # unless an action comes straight before it (培育100家以上的龙头企业).
        if not _ACTS_ON_NUMBER.search(before):
            return None
    high_multiplier = match["mult"] or ""
    low_multiplier = match["mult1"] or high_multiplier
    if unit in _MEASURE_UNITS and norm[match.end() :].startswith("级"):
        return None  # 5万吨级泊位 is a class of berth, not an amount
    if unit == "所" and norm[match.end() : match.end() + 1] in ("列", "示", "述"):
        return None  # 达到表1所列目标: 所列 points to a table, it counts no institutes
    if unit in _MONEY_UNITS or unit in _MEASURE_UNITS:
        # 20亿元 is 20 of the unit 亿元; money and physical quantities are not multiplied out.
        unit = (match["mult"] or match["mult1"] or "") + unit
        low_multiplier = high_multiplier = ""
    try:
        value = parse_quantity(match["num"] + low_multiplier)
        value_max = None
        if match["num2"]:
            value_max = parse_quantity(match["num2"] + high_multiplier)
    except QuantityError:
        return None
    if value_max is not None and value_max < value:
        return None
    comparison = ""
    if match["approx"]:
        comparison = GT  # 100余家, 100多家: more than 100
    elif match["after"] == "以上":
        comparison = GTE
    elif match["after"] == "左右":
        comparison = EQ
    elif match["after"] in ("以内", "以下"):
        comparison = LTE
    return _Anchor(match.start(), match.end(), value, unit, value_max, comparison)


def _boundaries(norm: str, marks: str, covered: list[tuple[int, int]]) -> list[int]:
    """Positions of clause or sentence marks, ignoring marks inside numbers (1,500)."""
    inside = {position for start, end in covered for position in range(start, end)}
    return [
        position for position, char in enumerate(norm) if char in marks and position not in inside
    ]


def _enclosing(ends: list[int], position: int, length: int) -> tuple[int, int]:
    index = bisect_right(ends, position)
    start = ends[index - 1] + 1 if index > 0 else 0
    end = ends[index] if index < len(ends) else length
    return start, end


# A cap stated as a share of something else is a rule's parameter: 不超过实际缴纳官费的50%.
_SHARE_CAP = re.compile(r"(?:不超过|不高于|不低于|最多|按照?)[^,;。]{1,30}的\s*\d")
_MONEY = r"\d[\d,.]*\s*(?:万亿|亿|万|千)?元"
# Words that open a list of conditions: 符合下列条件, 应当具备, 具备下列要求.
_CONDITIONS_LEAD = (
    r"(?:符合|具备|满足|具有)(?:下列|以下)|(?:下列|以下)条件|应当?(?:同时)?具备|须(?:同时)?具备"
)
_OPENS_CONDITIONS = re.compile(_CONDITIONS_LEAD)
# "应当同时具备以下条件：A不低于2000万元；B不低于3%；C5件以上": the colon opens a list of
# conditions that runs over the ；-parts to the end of the sentence.
_LISTS_CONDITIONS = re.compile(rf"(?:{_CONDITIONS_LEAD})[^;。]*:")


def opens_conditions(heading: str) -> bool:
    """Whether the items under ``heading`` are conditions (``符合下列要求的社会团体予以保留``,
    ``法人社会团体还应具备：``): their numbers are a rule's thresholds, never targets."""
    return bool(_OPENS_CONDITIONS.search(normalise_digits(heading)))


# The language of rules rather than goals (each pattern stands for a family of phrases):
_RULE_LANGUAGE = re.compile(
    "|".join(
        (
            # rates and allowances: 每月1000元的标准, 扣除标准为每月1500元, 在80000元限额内,
            # 定额扣除, 据实扣除, 分摊的额度, 超过15000元的部分
            r"定额|限额|据实|额度|扣除标准|标准为|费率为|比例为|贴息",
            # a rate the law sets: 享受高新技术企业15%的企业所得税优惠税率
            r"税率",
            # who pays what share: 由市、区两级各承担50%, 承担的风险责任比例 (牵头承担
            # 国家重大项目50项 is a goal)
            r"承担\s*\d|各承担|承担的",
            _MONEY + r"(?:/[^\s,;。]{1,3})?的?(?:标准|部分)",
            r"每(?:人|户|名|月|个|次|亩|吨|千瓦时|平方米|套)[^,;。\d]{0,12}" + _MONEY,
            # conditions a body must meet: 应有10万元以上资金, 应当具备, 符合下列条件,
            # 有50个以上的成员
            r"应有|须有|" + _CONDITIONS_LEAD,
            # what an applicant must be or have: 申报城市应为地级以上城市，…不低于15件
            r"(?:申报|申请)[^,;。]{0,8}(?:应|须|必须)(?!急|用)",
            r"(?<![拥具占])有\s*\d[^,;。]{0,10}以上",
            # requests and proposals in a reply: 大连市请求…, 拟投资400亿元
            r"请求|申请(?:资金|补助|投资)|报请|上报|共需|所需资金|资金缺口|总投资|(?<!模)拟(?!定|订|稿)",
            # what a body must hold to be registered: 注册资本不少于1000万元
            r"注册资[本金]|实缴资本|开办资金|活动资金|出资额",
        )
    )
)


# 原则上 ("as a rule") and 一般为/一般不超过 ("normally") state the norm of the clause they
# open (原则上每个县不少于2家, 顶岗实习时间一般为6个月), or of the next one when they stand
# alone (原则上，…); a goal in another clause of the sentence stays.
_NORM = re.compile(r"原则上|一般(?=为|不|在|应|以|控制|按)")


def _in_principle(norm: str, clause_ends: list[int], clause_start: int, position: int) -> bool:
    if _NORM.search(norm, clause_start, position):
        return True
    index = bisect_left(clause_ends, clause_start - 1)
    previous_start = clause_ends[index - 1] + 1 if index > 0 else 0
    alone = norm[previous_start : clause_start - 1].strip()
    return clause_start > 0 and bool(alone) and _NORM.fullmatch(alone) is not None


_RULE_WORD = re.compile("|".join(map(re.escape, _RULE_WORDS)))
# A budget a body puts up (市财政局每年安排专项资金500万元, 统筹安排…资金不少于1000万元)
# is its promise; the clauses after it that hand the money out are the rule.
_BUDGET = re.compile(r"安排[^,;。]{0,24}(?:资金|经费)")


_GRANTED_TO = re.compile(r"[,]?\s*对")
# A grant per unit in its own clause (每件补助…, 每家奖励…) after a goal; a quota capped
# before it (每年实施不超过10个项目，每项给予…) is the scheme's rule, not a goal.
_GRANTED_EACH = re.compile(r"[,]?\s*每(?:件|家|项|个|部|篇|人|次)")
_QUOTA_CAP = re.compile(r"不超过|最多|至多")


def _rule_start(
    norm: str, part_start: int, part_end: int, sentence_start: int, clause_ends: list[int]
) -> int:
    """Where the rule of a sentence's part starts: the part's start, or the clause of its
    first rule word when a budget is put up before it; also the part's start when a list
    of conditions opened earlier in the sentence runs on into it; past the part's end when
    it states no rule."""
    if _LISTS_CONDITIONS.search(norm, sentence_start, part_start):
        return part_start
    part = norm[part_start:part_end]
    found = [m.start() for m in (_RULE_WORD.search(part), _SHARE_CAP.search(part)) if m]
    found += [m.start() for m in [_RULE_LANGUAGE.search(part)] if m]
    if not found:
        return part_end + 1
    clause_start = _enclosing(clause_ends, part_start + min(found), len(norm))[0]
    if clause_start > part_start and (
        _GRANTED_TO.match(norm, clause_start)
        or (
            _GRANTED_EACH.match(norm, clause_start)
            and not _QUOTA_CAP.search(norm, part_start, clause_start)
        )
    ):
        # "…累计超过50亿元，对质押贷款贴息比例为…50%", "扶持作品200件，每件补助不超过
        # 5万元": the grant opens its own clause (对 whom, 每 unit), after the goal.
        return clause_start
    if not _BUDGET.search(part):
        return part_start
    if clause_start > part_start and _BUDGET.search(norm, part_start, clause_start):
        return clause_start
    return part_start


# A sentence that says what will be achieved, in a paragraph that is not a goals section:
# 到2025年…, 力争…, 目标是…, or a year still ahead with what it will reach (1998年达到…,
# 2022年全县…达到…).
_GOAL_MARKS = re.compile(r"力争|确保|争取|目标(?:是|为)")
_YEAR_REACHES = re.compile(
    r"(?:(?:到|至)\s*(?P<by>(?:19|20|21)\d\d)\s*年"
    r"|(?P<year>(?:19|20|21)\d\d)\s*年(?:底|末)?(?:前)?[,]?\s*(?:要|将|全面|基本)?"
    r"(?:达到|实现|突破|超过|完成|建成)"
    # 2022年全县发明专利拥有量达到1500件: the year, the whole county's measure, what it reaches.
    r"|(?P<whole>(?:19|20|21)\d\d)\s*年[,，]?\s*全[省市县区镇][^,，;；。]{0,20}?(?:达到|突破|超过))"
)


def states_goal(sentence: str, since_year: int | None) -> bool:
    """Whether ``sentence`` promises an outcome (see ``_GOAL_MARKS`` and ``_YEAR_REACHES``);
    a year before ``since_year`` reports the past instead."""
    norm = normalise_digits(sentence)
    if _GOAL_MARKS.search(norm):
        return True
    return any(
        since_year is None or int(match["by"] or match["year"] or match["whole"]) >= since_year
        for match in _YEAR_REACHES.finditer(norm)
    )


def goal_sentences(text: str, since_year: int | None) -> list[str]:
    """The sentences of ``text`` that state a goal (``states_goal``), each whole."""
    return [
        sentence
        for sentence in re.findall(r"[^。!?！？\n]+[。!?！？]?", text)
        if states_goal(sentence, since_year)
    ]


def _is_history(sentence: str, since_year: int | None) -> bool:
    """A sentence reporting results: history words, or a year or five-year period that
    ended before the plan began, with no forward word (到2025年, 力争, 确保 …). A forecast
    (2004年预计国产柴油机94台) is not the plan's promise either."""
    if _FORWARD.search(sentence):
        return False
    if "预计" in sentence or "预测" in sentence:
        return True
    if since_year is not None:
        # “十四五”期间，全省新增…: the plan's own period is ahead, not behind.
        for name, end in _FIVE_YEAR_END.items():
            if end >= since_year and name in sentence:
                sentence = re.sub(name + r"[”\"]?\s*(?:期间|时期)", "", sentence)
    if _HISTORY.search(sentence):
        return True
    if since_year is None:
        return False
    past_period = any(name in sentence and end < since_year for name, end in _FIVE_YEAR_END.items())
    past_year = any(
        int(year) < since_year
        for year in _PAST_YEAR.findall(
            _BRACKETED_BASE.sub("", sentence) if "年" in sentence else sentence
        )
    )
    # "专利授权量比2015年增长60%" in a plan from 2021: a growth over a base long before the
    # plan reports what was achieved. The plan's own base is the year before it starts, or
    # the end of the five-year period it runs in (较2015年 in a plan for 2017—2020).
    period_base = max((end for end in _FIVE_YEAR_END.values() if end < since_year), default=0)
    old_base = any(
        int(year) < since_year - 1 and int(year) != period_base
        for year in _COMPARED_YEAR.findall(sentence)
    )
    return past_period or past_year or old_base


def _in_review(position: int, reviews: list[int], target_years: list[int]) -> bool:
    review = bisect_right(reviews, position)
    if review == 0:
        return False
    year = bisect_right(target_years, position)
    return year == 0 or target_years[year - 1] < reviews[review - 1]


# "达到3.5件（2015年为1.2件）": a bracket after a goal gives where it starts from.
# "达到3.5件（2015年为1.2件）", "新增1.5万件（2024年新增1.3万件）": a bracket after a goal
# gives where it starts from (为/是/：, or a year before the plan's), and does not make the
# sentence around it a report of the past.
_BASE_NOTE = re.compile(
    r"[（(]\s*(?P<year>(?:19|20)\d\d)\s*年(?:底|末)?\s*(?P<stated>为|是|：|:)?[^（()）]*$"
)
_BRACKETED_BASE = re.compile(r"[（(]\s*(?:19|20)\d\d\s*年[^（()）\d]*\d[^（()）]*[)）]")


def _in_base_note(norm: str, sentence_start: int, position: int, since_year: int | None) -> bool:
    opened = norm.rfind("（", sentence_start, position), norm.rfind("(", sentence_start, position)
    start = max(opened)
    note = _BASE_NOTE.match(norm, start, position) if start >= 0 else None
    if note is None:
        return False
    return bool(note["stated"]) or (since_year is not None and int(note["year"]) < since_year)


def _is_condition(clause: str) -> bool:
    # Eligibility conditions combine thresholds with 且/或; "在…达到12000元的基础上" and
    # "以1995年实招人数1445名为基数" are the starting point, not the goal. Goals never do either.
    # A trigger (当…时, 连续3个月涨幅超过10%时，启动…) sets off a response, not a goal.
    stripped = clause.strip()
    return (
        "且" in clause
        or stripped.startswith(("或", "当", "如果", "若", "一旦"))
        or bool(_TRIGGER_END.search(stripped))
        or "的基础上" in clause
        or "基数" in clause
    )


_TRIGGER_END = re.compile(r"(?<![小同及适按实随准临暂定届学课工])时$")


# Places that exist are counted, not created: 北京、天津、上海、重庆4个直辖市 (the count
# closes a list of names), 全国31个省份均…; 创建10个示范县 and 在100个县开展试点 are goals.
_PLACES = re.compile(
    r"^(?P<place>直辖市|自治区|省份|省区|省|地级市|地市|设区市|省辖市|计划单列市|副省级城市"
    r"|县区|区县|市县|县|乡镇|街道)(?:\s*\([^)]*\))?(?P<rest>.*)$"
)
_PLACE_ENDS = re.compile(r"^(?:$|的|均|都|已|共|全部|各)")
_CLOSES_LIST = re.compile(r"、[^、,;。()]{1,8}$|(?:^|[^\w])全(?:国|省|市|区)$")
_CREATES = re.compile(r"建设|创建|培育|打造|认定|新增|新设|评选|命名|建成|创成|设立|遴选|确定|选择")


def _counts_a_list(left: str, value: Decimal) -> bool:
    """``北京、天津、上海、重庆4个直辖市``, ``选择A、B和C等3个城市``: a count that closes a
    list of three or more names, as many as it counts, tells what the list is."""
    items = [item for item in re.split(r"[、和及与]", left.rstrip()) if item.strip()]
    if value < 3 or value != len(items) or not re.search(r"[、]", left):
        return False
    return all(len(item.strip()) <= 12 for item in items[1:])


# Money that a project spends, as a reply or an approval states it (拟投资400亿元, 投入5亿元
# 建设…), is the project's description; a goal compares (研发投入突破500亿元).
_SPENDS = re.compile(r"(?:投资|投入|出资|估算|概算)$")
_REALISES = re.compile(r"^(?:完成|实现|带动|拉动|撬动|吸引)")  # 完成投资1500亿元 is a goal


# Physical quantities are goals when something is built or changed (新建改造农村公路1万公里,
# 通车里程达到6000公里); 总用地面积为41.565公顷 describes what is there.
_BUILDS = re.compile(
    r"^(?:每年|年均|全年)?(?:新建|新增|建设|建成|改造|完成|实施|治理|修复|整治|造林|种植|推广|开展"
    r"|培育|发展|减少|节约|节能|压减|淘汰|化解|回收|利用|处置|生产|供应)"
)


# 关于60万吨乙烯项目问题 (a topic), 全省现有…, 共191个项目 (the total of a set described).
_DESCRIBES = re.compile(r"^(?:关于|(?:全国|全省|全市|全区|全县)?(?:现有|共有|共计|合计|总计|共$))")


# "建设高价值专利培育中心，到2025年累计达到60个": a count that only reaches (达到) takes its
# name from what the clause before it builds.
_BUILT_OBJECT = re.compile(
    r"(?:建设|建成|新建|培育|打造|设立|创建|认定)(?P<object>[\u4e00-\u9fff]{2,20})$"
)
_REACHES_ONLY = re.compile(r"(?:累计|共)?(?:达到|达|超过|突破)$")


def _name_from_object(
    group: _Group,
    norm: str,
    clause_ends: list[int],
    sentence_start: int,
    clause_start: int,
    left: str,
) -> None:
    if not _REACHES_ONLY.search(left.strip()):
        return
    before = _enclosing(clause_ends, clause_start - 2, len(norm))[0]
    built = _BUILT_OBJECT.search(norm, max(before, sentence_start), clause_start - 1)
    if built:
        group.name = built["object"]
        group.name_start, group.name_end = built.start("object"), built.end("object")
        group.phrase_start = built.start()


def _counts_what_exists(group: _Group, left: str) -> bool:
    """Numbers that describe rather than promise: a list's count, existing places, a topic
    (关于60万吨乙烯项目问题), a project's spending, a physical size that is stated."""
    anchor = group.anchors[0]
    if _counts_a_list(left, anchor.value) or _DESCRIBES.match(group.verb or group.name):
        return True
    measure = re.sub(r"^(?:万亿|亿|万)", "", anchor.unit) in _MEASURE_UNITS
    if measure and not group.flags & {GTE, GT, LTE, "growth", "annual"}:
        if not anchor.comparison and not _BUILDS.match(group.verb or group.name):
            return True
    place = _PLACES.match(normalise_digits(group.noun)) if group.noun else None
    if place and not _CREATES.search(group.verb):
        return bool(_PLACE_ENDS.match(place["rest"]) or _CLOSES_LIST.search(left.rstrip()))
    if anchor.unit.endswith("元") and not group.noun:
        compares = group.flags & {GTE, GT, LTE, "cumulative"} or anchor.comparison
        return not compares and bool(_SPENDS.search(group.name)) and not _REALISES.match(group.name)
    return False


def _read_left(text: str, norm: str, start: int, anchor: _Anchor, after_sibling: bool) -> _Group:
    """Read the name and the linking words before ``anchor``.

    ``after_sibling`` says another number of the same clause comes just before, so a
    leading 和/及/与 joins the two items rather than starting a word (及时, 与会).
    """
    end = anchor.start
    flags: set[str] = set()
    base_year: int | None = None
    base_previous = False
    while True:
        segment = norm[start:end].rstrip()
        end = start + len(segment)
        base = _BASE_YEAR.search(segment)
        if base:
            year = base["year"] or base["year2"]
            if year:
                base_year = int(year)
            else:
                base_previous = True
            flags.add("base")
            end = start + base.start()
            continue
        word = _link_at_end(segment)
        if word is None:
            break
        flags.update(_LINKS[word])
        flags.add("linked")
        end -= len(word)
    noise = _LEADING_NOISE.match(norm, start, end)
    name_start = noise.end() if noise else start
    if after_sibling and norm[name_start : name_start + 1] in ("和", "及", "与"):
        name_start += 1
    if norm.startswith("累计", name_start):
        flags.add("cumulative")
        name_start += 2
    if "累计" in norm[name_start:end]:
        flags.add("cumulative")
    name = _clean(text[name_start:end])
    name = _drop_qualities(name)
    return _Group(
        name_start=name_start,
        name_end=end,
        name=name,
        flags=flags,
        base_year=base_year,
        base_previous=base_previous,
        anchors=[anchor],
        phrase_start=name_start if name else anchor.start,
        phrase_end=anchor.end,
    )


def _read_noun(
    text: str, norm: str, group: _Group, anchor: _Anchor, clause_end: int, next_start: int | None
) -> int:
    """Read the noun after the number (``1500个重点技术创新项目``); return where it ends."""
    stop = next_start if next_start is not None else clause_end
    right = norm[anchor.end : stop]
    stripped = right.lstrip()
    # "1998年达到2000人的规模": with no name before the number, the noun after 的 names it.
    named_after = not group.name and stripped.startswith("的")
    if (
        ("linked" in group.flags or anchor.unit in ("%", "个百分点")) and not named_after
    ) or anchor.doubling:
        return anchor.end
    if not stripped or stripped[0] in _CONNECTORS + "(（[〔":
        return anchor.end
    offset = anchor.end + len(right) - len(stripped)
    length = len(stripped)
    if next_start is not None:
        # "20个示范县（市、区）和20家示范企业": the noun ends at the last connector
        # outside brackets; without one the words belong to the next number's name.
        cut = _last_connector(stripped)
        if cut is None:
            return anchor.end
        length = cut
    noun_norm = norm[offset : offset + length]
    if noun_norm.startswith("的"):
        offset, length = offset + 1, length - 1
    noun = _clean(text[offset : offset + length]).rstrip("等")
    if not noun:
        return anchor.end
    group.noun = noun
    group.verb = group.name
    group.name = group.verb + noun
    group.phrase_end = offset + length
    return offset + length + (1 if next_start is not None else 0)


def _last_connector(text: str) -> int | None:
    depth = 0
    found = None
    for position, char in enumerate(text):
        if char in "(（":
            depth += 1
        elif char in ")）":
            depth = max(0, depth - 1)
        elif depth == 0 and char in _CONNECTORS:
            found = position
    return found


def _inherit_from_sibling(group: _Group, previous: _Group, left_raw: str) -> None:
    if not group.verb and group.noun and previous.verb:
        # "认定20个示范县（市、区）和20家示范企业": the verb serves both nouns.
        group.name = previous.verb + group.noun
        return
    if not left_raw.lstrip().startswith("、") or not group.name:
        return
    flow = next((verb for verb in _FLOW_VERBS if previous.name.startswith(verb)), None)
    if flow and not group.name.startswith(("新", *_HEAD_VERBS)):
        # "新增驰名商标25件、省著名商标200件": 新增 distributes over the list.
        group.name = flow + group.name


def _sentence_deadline(norm: str, sentence_start: int, position: int) -> tuple[int, int] | None:
    """The last ``2024年底前`` of the sentence before ``position``: (where, year)."""
    found = None
    for match in _DEADLINE_YEAR.finditer(norm, sentence_start, position):
        found = (match.start(), int(match["year"]))
    return found


def _to_targets(
    groups: list[_Group], text: str, norm: str, plan_year: int | None, context_year: int | None
) -> list[ParsedTarget]:
    targets: list[ParsedTarget] = []
    year_marks = [(match.start(), int(match["year"])) for match in _TARGET_YEAR.finditer(norm)]
    year_positions = [position for position, _ in year_marks]
    sentence_base: dict[int, int] = {}
    for group in groups:
        first = group.anchors[0]
        index = bisect_left(year_positions, first.start)
        if index > 0:
            target_year = year_marks[index - 1][1]
        else:
            target_year = context_year if context_year is not None else plan_year
        deadline = _sentence_deadline(norm, group.sentence, first.start)
        if deadline is not None and (index == 0 or year_positions[index - 1] < deadline[0]):
            target_year = deadline[1]

        percent = first.unit in ("%", "个百分点")
        growth = first.doubling or (percent and bool(group.flags & {"growth", "annual"}))
        base_year = group.base_year
        if group.base_previous and target_year is not None:
            base_year = target_year - 1
        if base_year is not None:
            sentence_base[group.sentence] = base_year
        elif growth:
            base_year = sentence_base.get(group.sentence)

        names = _split_names(group, len(group.anchors))
        for name, anchor in _pair(names, group.anchors):
            targets.append(
                ParsedTarget(
                    name=name,
                    unit=per_capita_unit(name, anchor.unit),
                    kind=_kind(group, anchor, growth, name),
                    comparison=_comparison(group, anchor, growth),
                    # 降低10%: a change of at most -10 %.
                    target_value=-anchor.value if "decrease" in group.flags else anchor.value,
                    target_max=anchor.value_max,
                    base_year=base_year if growth or group.base_value is not None else None,
                    base_value=group.base_value,
                    target_year=target_year,
                    phrase=text[group.phrase_start : group.phrase_end].strip(),
                )
            )
    return targets


def _split_names(group: _Group, values: int) -> list[str]:
    distribute = values > 1 or bool(group.flags & {"each", "respectively"})
    if not distribute or group.noun:
        return [group.name]
    parts = _split_top_level(group.name)
    if len(parts) < 2:
        return [group.name]
    first = parts[0]
    names = [first]
    for part in parts[1:]:
        # "发明专利申请量、授权量": the short parallel word takes the first name's prefix.
        if len(part) < len(first) and len(part) <= 4 and part[-1] == first[-1]:
            part = first[: len(first) - len(part)] + part
        names.append(part)
    return names


def _split_top_level(name: str) -> list[str]:
    parts, depth, current = [], 0, ""
    for char in name:
        if char in "(（“":
            depth += 1
        elif char in ")）”":
            depth = max(0, depth - 1)
        if depth == 0 and char in _CONNECTORS:
            if current:
                parts.append(current)
            current = ""
        else:
            current += char
    if current:
        parts.append(current)
    return parts


def _pair(names: list[str], anchors: list[_Anchor]) -> list[tuple[str, _Anchor]]:
    if len(names) == len(anchors):
        return list(zip(names, anchors, strict=True))
    if len(anchors) == 1:
        return [(name, anchors[0]) for name in names]
    # Counts that do not match: keep every value under the whole name for the office.
    joined = "、".join(names)
    return [(joined, anchor) for anchor in anchors]


def per_capita_unit(name: str, unit: str) -> str:
    """The unit of a per-capita name: 每万人口发明专利拥有量 in 件 is 件/万人 (a table's
    单位 column may print either)."""
    per = _PER_UNIT.match(name)
    if per and unit != "%" and "/" not in unit:
        base = per["base"].removesuffix("口")
        return f"{unit}/{base}"
    return unit


def _kind(group: _Group, anchor: _Anchor, growth: bool, name: str) -> str:
    if growth:
        return ANNUAL_GROWTH if "annual" in group.flags else GROWTH
    if anchor.unit == "%" or _PER_UNIT.match(name):
        return RATIO
    if "cumulative" in group.flags:
        return CUMULATIVE
    return ABSOLUTE


def _comparison(group: _Group, anchor: _Anchor, growth: bool) -> str:
    if anchor.value_max is not None:
        return RANGE
    if LTE in group.flags or anchor.comparison == LTE or "decrease" in group.flags:
        return LTE
    if GT in group.flags or anchor.comparison == GT:
        return GT
    if GTE in group.flags or anchor.comparison == GTE or growth:
        return GTE
    return EQ


def _clean(fragment: str) -> str:
    """Drop line breaks and the spaces typed around digits (``PCT 专利申请量``)."""
    fragment = re.sub(r"\s+", " ", fragment).strip()
    fragment = re.sub(r" (?=[^\x00-\x7f])|(?<=[^\x00-\x7f]) ", "", fragment)
    fragment = _REFERENCE_NOTE.sub("", fragment)
    return fragment.strip(" 、")


# A pointer to a table or annex is not part of a name: 招生规模（见附表）.
_REFERENCE_NOTE = re.compile(r"[(（](?:见|详见|参见)[^()（）]*[)）]$")


def _drop_qualities(name: str) -> str:
    head, _, noun = name.rpartition("的")
    if not head or "、" not in head or not noun:
        return name
    verb = next((verb for verb in _HEAD_VERBS if head.startswith(verb)), "")
    return verb + noun


# --- Tables of indicators ----------------------------------------------------------------
# A plan's 主要指标 table: 序号 / 指标(名称) / 单位 / 2020年 / 2025年 / 属性, one row a line
# (cells split by tabs, | or wide spaces). The column of a year the plan reaches (or 目标)
# holds the targets; a year before the plan is the base.
# Cells apart by a tab, a bar, two spaces, or one full-width space (序号　指标　2020年　2025年).
_TABLE_CELLS = re.compile(r"\t|\s*[|｜]\s*|[ \u3000]{2,}|\u3000")
_CELL_GAP = re.compile(r"[\t|｜\u3000]|  ")
_TABLE_YEAR = re.compile(r"((?:19|20|21)\d\d)\s*年")
_TABLE_VALUE = re.compile(
    r"^(?P<sign>≥|>=|＞|>|≤|<=|＜|<)?\s*[\[〔【(（]?\s*(?P<num>" + _NUMBER + r")"
    r"(?:\s*(?:-|~|至|—)\s*(?P<num2>" + _NUMBER + r"))?\s*[\]〕】)）]?\s*"
    r"(?P<after>以上|以下|以内|左右)?$"
)
_UNIT_IN_NAME = re.compile(r"[(（](?P<unit>[^()（）]{1,8})[)）]$")
_SIGNS = {"≥": GTE, ">=": GTE, "＞": GT, ">": GT, "≤": LTE, "<=": LTE, "＜": LTE, "<": LTE}


@dataclass
class _Columns:
    name: int
    values: list[tuple[int, int | None]]  # (column, its year): each a target
    unit: int | None = None
    base: int | None = None
    base_year: int | None = None
    width: int = 0


def table_targets(lines: list[str], *, since_year: int | None) -> list[ParsedTarget]:
    """Targets from the rows of indicator tables among ``lines`` (see ``_TABLE_CELLS``)."""
    targets: list[ParsedTarget] = []
    columns: _Columns | None = None
    for line in lines:
        if not _CELL_GAP.search(line.strip()):
            columns = None
            continue
        cells = [cell.strip() for cell in _TABLE_CELLS.split(line.strip())]
        if len(cells) < 3:
            columns = None
            continue
        header = _table_header(cells, since_year)
        if header is not None:
            columns = header
            continue
        if columns is not None:
            targets += _table_row(cells, columns, line.strip())
    return targets


def is_indicator_header(cells: list[str], *, since_year: int | None = None) -> bool:
    """Whether a table row is the header of an indicator table (指标 and a target column)."""
    return _table_header(cells, since_year) is not None


# A column of where the plan starts from, whatever its year: 2015年基数, 基期值, 现状值.
_BASE_COLUMN = re.compile(r"基数|基期|基准|现状|现值|完成值|实际")


# 一级指标 / 二级指标 (/ 三级指标): the deepest level names the indicator, the others group it.
_INDICATOR_LEVEL = re.compile(r"^([一二三四])级指标")


def _name_column(cells: list[str]) -> int | None:
    named = [i for i, cell in enumerate(cells) if "指标" in cell and len(cell) <= 8]
    levels = [(m[1], i) for i in named if (m := _INDICATOR_LEVEL.match(cells[i]))]
    if levels:
        return max(levels, key=lambda level: "一二三四".index(level[0]))[1]
    return named[0] if named else None


def _table_header(cells: list[str], since_year: int | None) -> _Columns | None:
    name = _name_column(cells)
    if name is None:
        return None
    values: list[tuple[int, int | None]] = []
    base = base_year = None
    for index, cell in enumerate(cells):
        year = _TABLE_YEAR.search(cell)
        ahead = "目标" in cell or ("预期" in cell and "属性" not in cell)
        if _BASE_COLUMN.search(cell) and not ahead:
            base, base_year = index, int(year[1]) if year else None
        elif (year and (since_year is None or int(year[1]) >= since_year)) or (not year and ahead):
            # 2017年目标 and 2020年目标: a target for each year the plan reaches.
            values.append((index, int(year[1]) if year else None))
        elif year:
            base, base_year = index, int(year[1])
    values = [(index, year) for index, year in values if index != name]
    if not values:
        return None
    unit = next((i for i, cell in enumerate(cells) if cell.startswith("单位")), None)
    return _Columns(name, values, unit, base, base_year, len(cells))


def _table_row(cells: list[str], columns: _Columns, line: str) -> list[ParsedTarget]:
    # A row that lacks leading cells (a merged 类别 cell) lines up from the right.
    offset = columns.width - len(cells)

    def cell(index: int | None) -> str:
        at = None if index is None else index - max(offset, 0)
        return cells[at] if at is not None and 0 <= at < len(cells) else ""

    name = cell(columns.name)
    if not name:
        return []
    printed_unit = cell(columns.unit)
    in_name = _UNIT_IN_NAME.search(name)
    if in_name:
        name = name[: in_name.start()].strip()
        printed_unit = printed_unit or in_name["unit"]
    base = _TABLE_VALUE.match(normalise_digits(cell(columns.base)).replace(" ", ""))
    targets = []
    for column, year in columns.values:
        match = _TABLE_VALUE.match(normalise_digits(cell(column)).replace(" ", ""))
        if match is None:
            continue
        value, value_max, unit = _table_quantity(match["num"], match["num2"], printed_unit)
        if value is None:
            continue
        comparison = _SIGNS.get(match["sign"] or "", "")
        comparison = comparison or {"以上": GTE, "以下": LTE, "以内": LTE}.get(
            match["after"] or "", ""
        )
        if value_max is not None:
            comparison = RANGE
        growth = unit == "%" and any(word in name for word in ("增长", "增速", "增幅"))
        kind = ANNUAL_GROWTH if growth and "年均" in name else GROWTH if growth else ""
        unit = per_capita_unit(name, unit)
        if not kind:
            kind = (
                RATIO if unit == "%" or "/" in unit else CUMULATIVE if "累计" in name else ABSOLUTE
            )
        targets.append(
            ParsedTarget(
                name=name,
                unit=unit,
                kind=kind,
                comparison=comparison or (GTE if growth else EQ),
                target_value=value,
                target_max=value_max,
                base_year=columns.base_year if base else None,
                base_value=_table_quantity(base["num"], None, printed_unit)[0] if base else None,
                target_year=year,
                phrase=line,
            )
        )
    return targets


def _table_quantity(
    number: str, upper: str | None, unit: str
) -> tuple[Decimal | None, Decimal | None, str]:
    """A cell's number with the column's unit: 25 and 万个 read as 250000 个, as in text."""
    anchors = _find_anchors(normalise_digits(f"{number}{unit}"))
    if anchors and anchors[0].start == 0 and unit:
        anchor = anchors[0]
        high = None
        if upper is not None:
            high = _find_anchors(normalise_digits(f"{upper}{unit}"))
            high = high[0].value if high else None
        return anchor.value, high, anchor.unit
    try:
        value = parse_quantity(number)
        high = parse_quantity(upper) if upper else None
    except QuantityError:
        return None, None, unit
    return value, high, unit
