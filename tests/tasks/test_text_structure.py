"""The five source documents parse into the structure a reader sees in them.

Every expected value below was read off the documents in fixtures/documents/.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from tasks.importer import DocumentError
from tasks.importer.numerals import chinese_numeral
from tasks.importer.parsed import ParsedMeasure, ParsedPlan
from tasks.importer.structure import PREAMBLE
from tasks.importer.text_reader import all_measures, parse_text

DOCUMENTS = Path(__file__).resolve().parents[2] / "fixtures" / "documents"
PLAN_2012 = "2012-jiangsu-ip-strategy-action-plan.txt"
PILOT = "2016-jiangsu-ip-regional-layout-pilot.txt"
LIANYUNGANG = "2016-lianyungang-ip-implementation-opinion.txt"
TONGZHOU = "2022-tongzhou-ip-strong-county-work-plan.txt"
LISTING = "policy-listing-suzhou-jiangsu-national.txt"


def parse(name: str) -> list[ParsedPlan]:
    return parse_text((DOCUMENTS / name).read_text(encoding="utf-8"), source_name=name)


def every_measure(plan: ParsedPlan) -> list[ParsedMeasure]:
    """Top-level measures and their children, depth first."""
    found: list[ParsedMeasure] = []

    def add(measures: list[ParsedMeasure]) -> None:
        for measure in measures:
            found.append(measure)
            add(measure.children)

    add(all_measures(plan))
    return found


def assert_refs_unique(plan: ParsedPlan) -> None:
    refs = [measure.ref for measure in every_measure(plan)]
    assert len(refs) == len(set(refs))
    assert all(refs)


# --- 2012 Jiangsu action plan -------------------------------------------------------------

CHAPTERS_2012 = [
    "推进知识产权创造",
    "强化自主知识产权转化运用",
    "加大知识产权保护力度",
    "加强知识产权管理",
    "健全知识产权服务体系",
    "促进知识产权区域协调发展",
    "落实知识产权发展保障措施",
]


@pytest.fixture(scope="module")
def plan_2012() -> ParsedPlan:
    plans = parse(PLAN_2012)
    assert len(plans) == 1
    return plans[0]


def test_2012_metadata(plan_2012: ParsedPlan) -> None:
    assert plan_2012.title == "实施江苏省知识产权战略纲要2012年行动计划"
    assert plan_2012.issuer_name == "江苏省人民政府办公厅"
    assert plan_2012.issued_on == "2012-05-15"
    assert plan_2012.level == "province"
    assert (plan_2012.period_start_year, plan_2012.period_end_year) == (2012, 2012)
    assert plan_2012.slug == "2012-jiangsu-ip-strategy-action-plan"
    assert plan_2012.source_name == PLAN_2012
    assert plan_2012.source_text == (DOCUMENTS / PLAN_2012).read_text(encoding="utf-8")
    assert plan_2012.document_number == ""


def test_2012_has_seven_chapters_and_89_measures(plan_2012: ParsedPlan) -> None:
    assert [s.title for s in plan_2012.sections] == CHAPTERS_2012
    assert [s.label for s in plan_2012.sections] == [f"{chinese_numeral(n)}、" for n in range(1, 8)]
    assert [len(s.measures) for s in plan_2012.sections] == [13, 7, 29, 10, 8, 7, 15]
    measures = all_measures(plan_2012)
    assert [m.number for m in measures] == list(range(1, 90))
    assert [m.label for m in measures] == [f"（{chinese_numeral(n)}）" for n in range(1, 90)]
    assert [m.ref for m in measures] == [m.label for m in measures]
    assert not plan_2012.measures
    assert all(not s.sections and not s.text for s in plan_2012.sections)


def test_2012_measures_carry_their_responsibility_phrase(plan_2012: ParsedPlan) -> None:
    measures = {m.label: m for m in all_measures(plan_2012)}
    assert all(m.responsibility_text.endswith("负责") for m in measures.values())
    assert not any("负责）" in m.text for m in measures.values())
    item_21 = measures["（二十一）"]
    assert item_21.responsibility_text.startswith("省商务厅")
    assert "南京海关" in item_21.responsibility_text
    assert item_21.text.endswith("加大对违法犯罪行为的惩处力度。")
    assert measures["（一）"].responsibility_text == "省知识产权局负责"
    assert measures["（十八）"].text == "加快培育发展版权新兴产业。"


def test_2012_line_numbers_point_at_the_source(plan_2012: ParsedPlan) -> None:
    measures = {m.label: m for m in all_measures(plan_2012)}
    assert (measures["（一）"].line_start, measures["（一）"].line_end) == (15, 15)
    assert measures["（七十四）"].line_start == 170  # printed without a blank line before it
    assert measures["（八十九）"].line_start == 202
    first, last = plan_2012.sections[0], plan_2012.sections[-1]
    assert (first.line_start, first.line_end) == (13, 39)
    assert (last.line_start, last.line_end) == (172, 202)
    source = plan_2012.source_text.split("\n")
    assert source[measures["（二十一）"].line_start - 1].startswith("（二十一）")


def test_2012_only_the_preamble_is_unplaced(plan_2012: ParsedPlan) -> None:
    assert len(plan_2012.unplaced) == 1
    assert plan_2012.unplaced[0].line == 11
    assert plan_2012.unplaced[0].reason == PREAMBLE
    assert plan_2012.warnings == []


def test_2012_parses_well_under_100_ms() -> None:
    text = (DOCUMENTS / PLAN_2012).read_text(encoding="utf-8")
    parse_text(text, source_name=PLAN_2012)  # warm caches
    best = min(_timed(text) for _ in range(5))
    assert best < 0.1


def _timed(text: str) -> float:
    start = time.perf_counter()
    parse_text(text, source_name=PLAN_2012)
    return time.perf_counter() - start


# --- 2016 Jiangsu pilot ------------------------------------------------------------------

KEY_TASKS = [
    "开展知识产权资源调查分析",
    "实施知识产权布局综合评价",
    "建立健全知识产权资源配置机制",
    "加强知识产权区域布局支撑条件建设",
    "推进重点产业知识产权布局",
    "推进重点区域知识产权布局",
]


@pytest.fixture(scope="module")
def pilot() -> ParsedPlan:
    return parse(PILOT)[0]


def test_pilot_metadata(pilot: ParsedPlan) -> None:
    assert pilot.title == "江苏省知识产权区域布局试点工作推进方案"
    assert pilot.issuer_name == "江苏省人民政府办公厅"
    assert pilot.issued_on == "2016-02-17"
    assert pilot.level == "province"
    assert (pilot.period_start_year, pilot.period_end_year) == (2016, 2018)


def test_pilot_six_key_tasks_with_responsibility(pilot: ParsedPlan) -> None:
    assert [s.title for s in pilot.sections] == ["指导思想", "工作思路和主要目标", "重点任务"]
    tasks = pilot.sections[2].measures
    assert [m.label for m in tasks] == [f"（{chinese_numeral(n)}）" for n in range(1, 7)]
    assert [m.title for m in tasks] == KEY_TASKS
    # Labels are unique in the plan (工作思路/主要目标 are framing), so refs are the labels.
    assert [m.ref for m in tasks] == [f"（{chinese_numeral(n)}）" for n in range(1, 7)]
    for measure in tasks:
        assert measure.responsibility_text.startswith("责任单位：省知识产权局")
        assert measure.responsibility_text.endswith("各省辖市")
        assert "责任单位" not in measure.text
    assert tasks[0].line_start == 24 and tasks[-1].line_start == 29


def test_pilot_thinking_and_goals_are_framing_with_their_bullets(pilot: ParsedPlan) -> None:
    # 工作思路 and 主要目标 frame the plan: sections, not tasks to report on.
    assert not pilot.sections[1].measures
    first, second = pilot.sections[1].sections
    assert (first.title, second.title) == ("工作思路", "主要目标")
    assert "到2018年" in second.text
    # The three —— paragraphs elaborate 主要目标 and stay with it.
    assert second.text.count("——") == 3 and "支撑体系不断完善" in second.text
    assert (second.line_start, second.line_end) == (17, 22)
    assert pilot.sections[0].text.startswith("深入贯彻党的十八大")
    assert pilot.sections[2].text.startswith("开展知识产权区域布局试点工作意义重大")


def test_pilot_unplaced_and_footer(pilot: ParsedPlan) -> None:
    assert [(u.line, u.reason) for u in pilot.unplaced] == [(10, PREAMBLE)]
    assert_refs_unique(pilot)


# --- Lianyungang 2016 --------------------------------------------------------------------


@pytest.fixture(scope="module")
def lianyungang() -> ParsedPlan:
    return parse(LIANYUNGANG)[0]


def test_lianyungang_metadata(lianyungang: ParsedPlan) -> None:
    assert lianyungang.document_number == "连政发〔2016〕132号"
    assert lianyungang.title == "市政府关于进一步加强知识产权工作的实施意见"
    assert lianyungang.issuer_name == "连云港市人民政府"
    assert lianyungang.level == "city"
    assert lianyungang.issued_on == ""  # no date is printed
    assert (lianyungang.period_start_year, lianyungang.period_end_year) == (2016, 2020)


def test_lianyungang_chapters_sections_and_numbered_tasks(lianyungang: ParsedPlan) -> None:
    chapters = lianyungang.sections
    assert [s.title for s in chapters] == ["总体要求", "重点任务", "保障措施"]
    assert [s.title for s in chapters[0].sections] == ["指导思想", "主要目标"]
    tasks = chapters[1].sections
    assert [s.title for s in tasks] == [
        "加强知识产权创造",
        "促进知识产权运用",
        "严格知识产权保护",
        "提升知识产权管理和服务",
        "推动知识产权人才队伍和文化建设",
    ]
    assert [len(s.measures) for s in tasks] == [4, 4, 5, 4, 3]
    assert [m.ref for m in tasks[0].measures] == [
        "二（一）1",
        "二（一）2",
        "二（一）3",
        "二（一）4",
    ]
    assert tasks[0].measures[0].title == "引导知识产权“增量提质”"
    # 保障措施 items are headings over paragraphs: measures whose text is the paragraphs.
    assert [m.title for m in chapters[2].measures] == [
        "加强组织领导",
        "加大投入力度",
        "强化督查推进",
    ]
    assert all("\n" in m.text for m in chapters[2].measures)
    assert not any(m.responsibility_text for m in all_measures(lianyungang))
    assert_refs_unique(lianyungang)


def test_lianyungang_split_sentences_are_joined(lianyungang: ParsedPlan) -> None:
    item = lianyungang.sections[1].sections[0].measures[3]
    assert "工程技术研究中心、工程研究中心、企业技术中心" in item.text
    assert (item.line_start, item.line_end) == (53, 55)
    talent = lianyungang.sections[1].sections[4].measures[0]
    assert talent.text.endswith("建设我市知识产权远程教育平台子站。")
    goals = lianyungang.sections[0].sections[1]
    assert "年均增幅达 10%，其中发明专利申请量年均增幅达 15%" in goals.text
    assert goals.text.count("——") == 6


def test_lianyungang_notice_and_footer_are_not_unplaced(lianyungang: ParsedPlan) -> None:
    assert [(u.line, u.reason) for u in lianyungang.unplaced] == [(17, PREAMBLE)]


# --- Tongzhou 2022-2025 ------------------------------------------------------------------


@pytest.fixture(scope="module")
def tongzhou() -> ParsedPlan:
    return parse(TONGZHOU)[0]


def test_tongzhou_metadata(tongzhou: ParsedPlan) -> None:
    assert tongzhou.title == "通州区国家知识产权强县建设示范县工作方案（2022-2025年）"
    assert tongzhou.issuer_name == "南通市通州区人民政府"
    assert tongzhou.level == "district"
    assert tongzhou.issued_on == "2022-11-14"
    assert (tongzhou.period_start_year, tongzhou.period_end_year) == (2022, 2025)


def test_tongzhou_chapters_and_numbered_paragraphs(tongzhou: ParsedPlan) -> None:
    chapters = tongzhou.sections
    assert [s.title for s in chapters] == [
        "总体思路",
        "基本原则",
        "主要目标",
        "重点任务",
        "时序进度",
        "保障措施",
    ]
    # 基本原则 are the plan's framing: sections, not measures.
    principles = chapters[1].sections
    assert [s.title for s in principles][:2] == ["坚持党的领导", "坚持改革创新"]
    assert not chapters[1].measures
    assert chapters[2].text.startswith("到2025年") and not chapters[2].measures
    tasks = chapters[3].sections
    assert [len(s.measures) for s in tasks] == [3, 3, 5, 7, 3, 2]
    for section in tasks:
        for measure in section.measures:
            assert measure.responsibility_text.startswith("责任单位：")
            assert "〔" not in measure.text
    assert [m.ref for m in tasks[3].measures][-1] == "四（四）7"
    assert_refs_unique(tongzhou)


def test_tongzhou_lead_units_marked_where_printed(tongzhou: ParsedPlan) -> None:
    measures = {m.ref: m for m in every_measure(tongzhou)}
    led = {ref for ref, m in measures.items() if "牵头" in m.responsibility_text}
    assert led == {"四（一）1", "四（一）2", "四（二）1", "四（二）2", "四（四）5"}
    assert measures["四（一）1"].responsibility_text == (
        "责任单位：区市场监管局（知识产权局）牵头，区知识产权工作领导小组成员单位按职责分工负责"
    )


def test_tongzhou_further_paragraphs_keep_their_own_units(tongzhou: ParsedPlan) -> None:
    creation = tongzhou.sections[3].sections[1].measures
    assert [len(m.children) for m in creation] == [1, 2, 1]
    brands = creation[1]
    assert [c.ref for c in brands.children] == ["四（二）2-2", "四（二）2-3"]
    assert brands.children[1].title == "加大地理标志品牌培育力度"
    assert "区农业农村局" in brands.children[1].responsibility_text
    assert (brands.line_start, brands.line_end) == (54, 57)


def test_tongzhou_unplaced_is_only_the_preamble(tongzhou: ParsedPlan) -> None:
    assert [(u.line, u.reason) for u in tongzhou.unplaced] == [(18, PREAMBLE)]
    texts = [s.text for s in tongzhou.sections] + [m.text for m in every_measure(tongzhou)]
    assert not any("[image" in text or "抄送" in text for text in texts)


# --- policy listing ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def listing() -> list[ParsedPlan]:
    return parse(LISTING)


def test_listing_holds_five_plans_with_levels(listing: list[ParsedPlan]) -> None:
    assert [p.title for p in listing] == [
        "苏州市知识产权金融奖励补贴实施办法(试行)",
        "苏州市企业知识产权登峰行动计划(2021~2023年)",
        "知识产权强国建设纲要(2021-2035年)",
        "江苏省高价值专利培育示范中心建设和管理办法(暂行)",
        "江苏省“十四五”知识产权发展规划",
    ]
    assert [p.level for p in listing] == ["city", "city", "national", "province", "province"]
    stem = "policy-listing-suzhou-jiangsu-national"
    assert [p.slug for p in listing] == [f"{stem}-{n}" for n in range(1, 6)]
    assert [(p.period_start_year, p.period_end_year) for p in listing] == [
        (2021, 2023),
        (2021, 2023),
        (2021, 2035),
        (2021, None),
        (2021, 2025),
    ]
    for plan in listing:
        assert_refs_unique(plan)


def test_listing_finance_rules_chapters_and_articles(listing: list[ParsedPlan]) -> None:
    finance = listing[0]
    assert [s.title for s in finance.sections] == [
        "总则",
        "奖励补贴标准",
        "申报条件及程序",
        "经费来源和使用",
        "附则",
    ]
    assert [len(s.measures) for s in finance.sections] == [2, 6, 4, 4, 2]
    articles = all_measures(finance)
    assert [m.label for m in articles] == [f"第{chinese_numeral(n)}条" for n in range(1, 19)]
    assert [m.ref for m in articles] == [m.label for m in articles]
    assert "对符合申报条件的重点企业投保知识产权保险" in articles[5].text
    assert [c.ref for c in articles[10].children] == [f"第十一条（{n}）" for n in "一二三四"]
    assert all(line == 4 for m in articles for line in (m.line_start, m.line_end))
    assert finance.unplaced == []


def test_listing_high_value_patent_rules(listing: list[ParsedPlan]) -> None:
    rules = listing[3]
    assert [s.title for s in rules.sections] == [
        "总则",
        "管理职责",
        "立项建设",
        "运行管理",
        "附则",
    ]
    assert [len(s.measures) for s in rules.sections] == [3, 3, 6, 5, 3]
    articles = all_measures(rules)
    assert articles[0].text.startswith("为贯彻落实省委、省政府")
    assert len(articles[3].children) == 7
    assert articles[11].text.endswith("组织验收。")  # the paragraph after its list


def test_listing_action_plan_notice_metadata(listing: list[ParsedPlan]) -> None:
    action = listing[1]
    assert action.document_number == "苏府〔2021〕81号"
    assert action.issuer_name == "苏州市人民政府"
    assert [s.title for s in action.sections] == [
        "实施目标",
        "实施方法",
        "申报条件",
        "实施步骤",
        "实施要点",
        "政策支持",
    ]
    assert [len(s.measures) for s in action.sections] == [0, 0, 3, 6, 3, 2]
    assert action.sections[3].measures[0].ref == "四（一）"


def test_listing_national_outline(listing: list[ParsedPlan]) -> None:
    outline = listing[2]
    assert len(outline.sections) == 9
    measures = all_measures(outline)
    assert len(measures) == 21  # 指导思想 is framing, not a task
    assert measures[-1].title == "加强考核评估"
    thinking, principles, goals = outline.sections[1].sections
    assert thinking.title == "指导思想"
    assert (principles.title, goals.title) == ("工作原则", "发展目标")
    assert principles.text.count("——") == 4
    assert "到2035年" in goals.text


def test_listing_five_year_plan_sections(listing: list[ParsedPlan]) -> None:
    five_year = listing[4]
    assert len(five_year.sections) == 8
    # 一 and 二 frame the plan; the items of 三 to 八 are its measures (issue 10).
    assert [len(s.sections) for s in five_year.sections] == [2, 3, 0, 0, 0, 0, 0, 0]
    assert [len(s.measures) for s in five_year.sections] == [0, 0, 3, 5, 4, 3, 3, 4]
    assert five_year.sections[2].measures[0].title == "实施高价值专利培育升级工程"


# --- small texts -------------------------------------------------------------------------


def test_stray_fragment_is_unplaced_with_its_line() -> None:
    text = "某市工作要点\n一、加强创造\n（一）推进专利导航。（市知识产权局负责）\n12\n"
    plan = parse_text(text, source_name="points.txt")[0]
    assert [(u.line, u.text) for u in plan.unplaced] == [(4, "12")]
    assert "孤立片段" in plan.unplaced[0].reason


def test_chapter_and_article_labels_on_their_own_lines() -> None:
    lines = ["某某管理办法", "第一章", "总 则", "第一条", "为规范管理，制定本办法。"]
    lines.append("第二条 本办法自发布之日起施行。")
    text = "\n".join(lines)
    plan = parse_text(text, source_name="rules.txt")[0]
    assert plan.title == "某某管理办法"
    assert [(s.label, s.title) for s in plan.sections] == [("第一章", "总则")]
    assert [(m.ref, m.text) for m in plan.sections[0].measures] == [
        ("第一条", "为规范管理，制定本办法。"),
        ("第二条", "本办法自发布之日起施行。"),
    ]


def test_text_without_structure_is_refused() -> None:
    with pytest.raises(DocumentError) as caught:
        parse_text("今天天气很好。\n我们去公园散步。\n", source_name="diary.txt")
    assert re.search(r"[\u4e00-\u9fff]", str(caught.value))


PLAN_WITH_SECTIONS_AND_BOX = """某省“十四五”知识产权发展规划

第一章　总体要求

第一节　指导思想
　　以习近平新时代中国特色社会主义思想为指导，全面加强知识产权工作。

第二章　提升创造质量

第一节　强化专利培育
　　1．建设高价值专利培育中心。（省知识产权局负责）
第二节　推进品牌建设
　　2．实施商标品牌战略。（省市场监管局负责）

专栏1　创造重点工程
　　（1）专利培育工程：支持建设专利组合100个。（牵头单位：省知识产权局）
　　（2）版权精品工程：扶持优秀版权作品200件。（牵头单位：省版权局）

第三章　保障措施

　　3．加强组织领导。（省知识产权局负责）
"""


def test_a_plan_chapters_sections_and_boxes_are_sections_and_their_numbers_items() -> None:
    (plan,) = parse_text(PLAN_WITH_SECTIONS_AND_BOX, source_name="规划.txt", level="province")
    outline = [
        (
            chapter.label,
            [(s.label, s.title, [m.label for m in s.measures]) for s in chapter.sections],
        )
        for chapter in plan.sections
    ]
    assert outline == [
        ("第一章", [("第一节", "指导思想", [])]),
        (
            "第二章",
            [
                ("第一节", "强化专利培育", ["1．"]),
                ("第二节", "推进品牌建设", ["2．"]),
                ("专栏1", "创造重点工程", ["（1）", "（2）"]),
            ],
        ),
        ("第三章", []),
    ]
    assert [m.label for m in plan.sections[2].measures] == ["3．"]
    assert [s.number for s in plan.sections[1].sections] == [1, 2, 1]


def test_points_counted_in_words_are_items_of_their_chapter():
    # 第一，第二，… restarting in every 一、 chapter (an opinion's points): each is an item.
    text = "\n".join(
        [
            "关于加强专利保护的若干意见",
            "一、加强源头保护",
            "第一，严格审查质量。省知识产权局负责建立质量监测机制。",
            "第二，加强商标管理。省市场监督管理局打击恶意抢注。",
            "二、加强司法保护",
            "第一，提升裁决效能。由省司法厅负责行政裁决工作。",
            "各地各部门要结合实际抓好落实。",
        ]
    )
    plan = parse_text(text, source_name="意见.txt")[0]
    assert [s.title for s in plan.sections] == ["加强源头保护", "加强司法保护"]
    assert [[m.title for m in s.measures] for s in plan.sections] == [
        ["严格审查质量", "加强商标管理"],
        ["提升裁决效能"],
    ]
    assert [m.ref for m in all_measures(plan)] == ["一第一", "一第二", "二第一"]
