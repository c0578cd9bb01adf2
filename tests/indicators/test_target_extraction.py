"""Tests for finding quantitative targets in the text of the source documents.

Expected values are read off the documents in fixtures/documents; each test quotes the
sentence it is about.
"""

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indicators.targets import extract_targets

DOCUMENTS = Path(__file__).resolve().parents[2] / "fixtures" / "documents"


def document(name: str) -> str:
    return (DOCUMENTS / name).read_text(encoding="utf-8")


def line_containing(name: str, words: str) -> str:
    return next(line for line in document(name).splitlines() if words in line)


def summary(targets):
    """(name, value, max, unit, kind, comparison) — the parts a reader checks first."""
    return [
        (
            target.name,
            target.target_value,
            target.target_max,
            target.unit,
            target.kind,
            target.comparison,
        )
        for target in targets
    ]


def d(value) -> Decimal:
    return Decimal(str(value))


# --- 2012 provincial action plan -------------------------------------------------------

PLAN_2012 = "2012-jiangsu-ip-strategy-action-plan.txt"


def test_2012_item_2_pairs_values_by_fenbie_and_keeps_base_year():
    text = line_containing(PLAN_2012, "（二）促进专利申请量")
    targets = extract_targets(text, plan_year=2012)
    assert summary(targets) == [
        ("发明专利申请量", d(25), None, "%", "growth", "gte"),
        ("发明专利授权量", d(30), None, "%", "growth", "gte"),
        ("企业专利申请量", d(25), None, "%", "growth", "gte"),
        ("企业专利授权量", d(30), None, "%", "growth", "gte"),
    ]
    assert [target.base_year for target in targets] == [2011] * 4
    assert [target.target_year for target in targets] == [2012] * 4
    assert targets[0].phrase == "发明专利申请量、授权量比2011年分别增长25%和30%"
    assert targets[2].phrase == "企业专利申请量、授权量分别增长25%和30%"


def test_2012_item_3_counts_with_bounds_and_wan():
    text = line_containing(PLAN_2012, "（三）新增注册商标")
    assert summary(extract_targets(text, plan_year=2012)) == [
        ("新增注册商标", d(30000), None, "件", "absolute", "gte"),
        ("新增国际注册商标", d(260), None, "件", "absolute", "gte"),
        ("新增集体商标和证明商标", d(8), None, "件", "absolute", "gte"),
        ("新增驰名商标", d(25), None, "件", "absolute", "eq"),
        ("新增省著名商标", d(200), None, "件", "absolute", "eq"),
        ("新增省级产业集群品牌培育基地", d(20), None, "个", "absolute", "eq"),
        ("新增品牌示范基地", d(10), None, "个", "absolute", "eq"),
    ]


def test_2012_item_3_phrases_are_the_printed_words():
    text = line_containing(PLAN_2012, "（三）新增注册商标")
    phrases = [target.phrase for target in extract_targets(text, plan_year=2012)]
    assert phrases[:2] == ["新增注册商标3万件以上", "国际注册商标260件以上"]


def test_2012_item_4_doubling_is_growth_of_one_hundred_percent():
    text = line_containing(PLAN_2012, "（四）强化农产品")
    first, doubling = extract_targets(text, plan_year=2012)
    assert summary([first]) == [("新申请农产品商标", d(5000), None, "件", "absolute", "gte")]
    assert summary([doubling]) == [("地理标志商标申请量", d(100), None, "%", "growth", "gte")]
    assert doubling.base_year == 2011
    assert doubling.phrase == "地理标志商标申请量在2011年基础上实现倍增"


def test_2012_item_5_jun_gives_both_names_the_value():
    text = "（五）一般作品登记量和软件作品登记量均比2011年增长15%。（省版权局负责）"
    targets = extract_targets(text, plan_year=2012)
    assert summary(targets) == [
        ("一般作品登记量", d(15), None, "%", "growth", "gte"),
        ("软件作品登记量", d(15), None, "%", "growth", "gte"),
    ]
    assert {target.base_year for target in targets} == {2011}


def test_2012_item_6_base_year_carries_over_within_the_sentence():
    text = line_containing(PLAN_2012, "（六）推动“双软”")
    targets = extract_targets(text, plan_year=2012)
    assert [(target.name, target.base_year) for target in targets] == [
        ("“双软”认定数", 2011),
        ("软件著作权登记代理数", 2011),
    ]


def test_2012_item_7_verb_number_noun():
    text = line_containing(PLAN_2012, "（七）组织实施1500个")
    assert summary(extract_targets(text, plan_year=2012)) == [
        ("组织实施重点技术创新项目", d(1500), None, "个", "absolute", "eq"),
        ("申请专利", d(6000), None, "件", "absolute", "eq"),
        ("开发市级以上新产品", d(25000), None, "个", "absolute", "eq"),
        ("申请专利", d(2500), None, "件", "absolute", "eq"),
        ("认定中小企业专精特新产品", d(100), None, "个", "absolute", "eq"),
    ]


def test_2012_item_8_cumulative_and_decimal_wan():
    text = line_containing(PLAN_2012, "（八）强化企业技术中心")
    assert summary(extract_targets(text, plan_year=2012)) == [
        ("省级以上企业技术中心", d(800), None, "家", "cumulative", "gte"),
        ("拥有专利", d(22000), None, "件", "absolute", "eq"),
    ]


def test_2012_item_14_yixiang_count():
    text = line_containing(PLAN_2012, "（十四）")
    assert summary(extract_targets(text, plan_year=2012)) == [
        (
            "各级各类科技计划资助优秀专利转化和产业化项目",
            d(1500),
            None,
            "项",
            "absolute",
            "gte",
        )
    ]


def test_2012_item_70_full_width_dash_range_and_shared_verb():
    text = line_containing(PLAN_2012, "（七十）")
    assert summary(extract_targets(text, plan_year=2012)) == [
        ("认定示范县（市、区）", d(20), None, "个", "absolute", "eq"),
        ("认定示范企业", d(20), None, "家", "absolute", "eq"),
        ("选择市、县（市、区）进行商标国际注册与保护试点", d(2), d(3), "个", "absolute", "range"),
    ]


def test_2012_plan_has_no_targets_in_items_without_numbers():
    for words in (
        "（一）继续实施",
        "（三十二）",
        "（三十三）",
        "（七十四）",
        "（八十三）",
        "（八十七）",
    ):
        assert extract_targets(line_containing(PLAN_2012, words), plan_year=2012) == []


# --- Lianyungang 2016 ------------------------------------------------------------------

LIANYUNGANG = "2016-lianyungang-ip-implementation-opinion.txt"
LIANYUNGANG_GOALS = [
    ("专利申请总量", d(10), None, "%", "annual_growth", "gte"),
    ("发明专利申请量", d(15), None, "%", "annual_growth", "gte"),
    ("万人有效发明专利拥有量", d(8), None, "件/万人", "ratio", "gte"),
    ("PCT专利申请量", d(300), None, "件", "cumulative", "gte"),
    ("培育知识产权密集型产业", d(1), d(2), "个", "absolute", "range"),
    ("培育知识产权优势企业", d(100), None, "家", "absolute", "eq"),
    ("全社会知识产权认知度", d(75), None, "%", "ratio", "gt"),
    ("权利人满意度", d(80), None, "%", "ratio", "gt"),
    ("贯标企业数", d(200), None, "家", "absolute", "gte"),
    ("培育、引进各类知识产权服务品牌机构", d(10), None, "家", "absolute", "gte"),
    ("培育企业知识产权工程师", d(400), None, "人", "absolute", "gte"),
    ("企业知识产权总监", d(100), None, "人", "absolute", "gte"),
]


def lianyungang_goals_section() -> str:
    lines = document(LIANYUNGANG).splitlines()
    start = lines.index("（二）主要目标")
    end = lines.index("二、重点任务")
    return "\n".join(lines[start:end])


def test_lianyungang_goals_section_by_2020():
    targets = extract_targets(lianyungang_goals_section(), plan_year=2016)
    assert summary(targets) == LIANYUNGANG_GOALS
    assert {target.target_year for target in targets} == {2020}
    assert {target.base_year for target in targets} == {None}


def test_lianyungang_phrases_keep_the_spaces_as_printed():
    phrases = [t.phrase for t in extract_targets(lianyungang_goals_section(), plan_year=2016)]
    assert "专利申请总量年均增幅达 10%" in phrases
    assert "万人有效发明专利拥有量达 8 件" in phrases
    assert "PCT 专利申请量累计达 300 件" in phrases
    assert "培育知识产权密集型产业 1-2 个" in phrases


def test_lianyungang_paragraph_takes_context_year_from_the_caller():
    text = line_containing(LIANYUNGANG, "全社会知识产权认知度")
    with_context = extract_targets(text, plan_year=2016, context_year=2020)
    assert [target.target_year for target in with_context] == [2020, 2020]
    without = extract_targets(text, plan_year=2016)
    assert [target.target_year for target in without] == [2016, 2016]


def test_lianyungang_document_numbers_and_meetings_are_not_targets():
    lines = document(LIANYUNGANG).splitlines()
    head = "\n".join(lines[:20])  # 连政发〔2016〕132号, 市十三届政府第52次常务会议
    assert extract_targets(head, plan_year=2016) == []
    hotline = line_containing(LIANYUNGANG, "12330")
    assert extract_targets(hotline, plan_year=2016) == []


# --- Tongzhou 2022-2025 ----------------------------------------------------------------

TONGZHOU = "2022-tongzhou-ip-strong-county-work-plan.txt"


def tongzhou_goals_section() -> str:
    lines = document(TONGZHOU).splitlines()
    start = lines.index("三、主要目标")
    end = lines.index("四、重点任务")
    return "\n".join(lines[start:end])


def test_tongzhou_goals_by_2025():
    targets = extract_targets(tongzhou_goals_section(), plan_year=2022)
    found = summary(targets)
    for expected in [
        ("万人高价值发明专利拥有量", d(18), None, "件/万人", "ratio", "gte"),
        ("新增海外专利授权", d(30), None, "件", "absolute", "eq"),
        ("马德里商标注册量", d(70), None, "件", "cumulative", "gte"),
        ("万人作品著作权登记量", d(800), None, "件/万人", "ratio", "gte"),
        ("专利密集型产业增加值占GDP比重", d(16), None, "%", "ratio", "gte"),
        ("版权产业增加值占GDP比重", d("8.6"), None, "%", "ratio", "gte"),
        ("知识产权质押登记担保金额", d(20), None, "亿元", "absolute", "gt"),
        ("新增省级“正版正货”示范街区和行业", d(2), None, "个", "absolute", "eq"),
        ("案件结案率", d(90), None, "%", "ratio", "gte"),
        ("全社会知识产权满意度", d(85), None, "%", "ratio", "gt"),
        ("新增贯标单位", d(80), None, "家", "absolute", "eq"),
        ("新增国家知识产权优势示范企业", d(6), None, "家", "absolute", "eq"),
        ("万企有效注册商标企业数", d(1400), None, "家/万企", "ratio", "gte"),
        ("知识产权服务机构从业人员", d(200), None, "人", "absolute", "gte"),
    ]:
        assert expected in found
    assert len(targets) == 15
    assert {target.target_year for target in targets} == {2025}


def test_tongzhou_money_keeps_its_unit():
    text = line_containing(TONGZHOU, "突破20亿元")
    money = extract_targets(text, plan_year=2022, context_year=2025)[-1]
    assert (money.target_value, money.unit, money.comparison) == (d(20), "亿元", "gt")
    assert money.phrase == "知识产权质押登记担保金额突破20亿元"
    assert money.target_year == 2025


def test_tongzhou_training_target_after_daoyear_inside_a_task():
    text = line_containing(TONGZHOU, "组织各类知识产权培训15次以上")
    assert [
        (target.name, target.target_value, target.unit, target.comparison, target.target_year)
        for target in extract_targets(text, plan_year=2022)
    ] == [
        ("组织各类知识产权培训", d(15), "次", "gte", 2025),
        ("培训各类知识产权实用人才", d(2400), "人次", "eq", 2025),
    ]


def test_tongzhou_subsidy_rule_and_periods_are_not_targets():
    rule = line_containing(TONGZHOU, "资助金额不超过")
    assert extract_targets(rule, plan_year=2022) == []
    schedule = line_containing(TONGZHOU, "2022年8月-12月底")
    assert extract_targets(schedule, plan_year=2022) == []
    title = line_containing(TONGZHOU, "（2022-2025年）的通知")
    assert extract_targets(title, plan_year=2022) == []


# --- Policy listing --------------------------------------------------------------------

POLICY = "policy-listing-suzhou-jiangsu-national.txt"


def test_policy_listing_jiangsu_14th_five_year_goal():
    text = line_containing(POLICY, "万人高价值发明专利拥有量达17件")
    targets = extract_targets(text, plan_year=2021)
    goal = next(target for target in targets if target.target_value == 17)
    assert (goal.name, goal.unit, goal.kind, goal.comparison, goal.target_year) == (
        "万人高价值发明专利拥有量",
        "件/万人",
        "ratio",
        "gte",
        2025,
    )
    assert goal.phrase == "万人高价值发明专利拥有量达17件"


def test_policy_listing_review_of_past_results_is_not_a_target():
    text = line_containing(POLICY, "万人高价值发明专利拥有量达17件")
    names = [target.name for target in extract_targets(text, plan_year=2021)]
    # "(一)发展基础" reports the 13th five-year period: 全省新增专利授权157.88万件.
    assert "全省新增专利授权" not in names
    assert "万人发明专利拥有量" not in names


def test_policy_listing_subsidy_rules_are_not_targets():
    text = line_containing(POLICY, "每家企业最高奖励10万元")
    assert extract_targets(text, plan_year=2021) == []


def test_policy_listing_eligibility_conditions_are_not_targets():
    text = line_containing(POLICY, "拥有有效发明专利50件以上")
    names = [target.name for target in extract_targets(text, plan_year=2021)]
    assert not any("发明专利" in name for name in names)


def test_policy_listing_national_outline_by_2025_per_10000_population():
    text = line_containing(POLICY, "每万人口高价值发明专利拥有量达到12件")
    goal = next(t for t in extract_targets(text, plan_year=2021) if t.target_value == 12)
    assert (goal.name, goal.unit, goal.kind, goal.target_year) == (
        "每万人口高价值发明专利拥有量",
        "件/万人",
        "ratio",
        2025,
    )


# --- Rules that hold everywhere --------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "连政发〔2016〕132号",
        "已经市十三届政府第52次常务会议审议通过",
        "二○一二年五月十五日",
        "江苏省人民政府办公厅\n2016年2月17日",
        "2015年9月，江苏省被国家知识产权局列为全国首批开展知识产权区域布局试点工作承担单位。",
        "2016年\n2-5月",
        "（七十四）积极参加药品稽查协作联防“7 + 1”协作会议，推进药品稽查区域联防工作。",
        "第三条 本办法所称知识产权质押融资是指企业以其拥有的合法有效的知识产权出质",
        "编制江苏省“十二五”知识产权人才培养规划",
        "建设单位应当在10个工作日内向江苏省知识产权局提出验收申请",
        "项目实施期为两年",
        "在生物医药和高端医疗器械、航空航天、集成电路、信息通信与显示、高端装备等11个先进制造业集群",
    ],
)
def test_not_targets(text):
    assert extract_targets(text, plan_year=2016) == []


def test_2016_pilot_has_no_quantitative_targets():
    text = document("2016-jiangsu-ip-regional-layout-pilot.txt")
    assert extract_targets(text, plan_year=2016) == []


def test_full_width_digits_are_read():
    (target,) = extract_targets("新增注册商标３万件以上", plan_year=2012)
    assert (target.target_value, target.unit, target.comparison) == (d(30000), "件", "gte")
    assert target.phrase == "新增注册商标３万件以上"


def test_target_year_precedence():
    sentence = "到2025年，万人高价值发明专利拥有量达18件"
    assert extract_targets(sentence, plan_year=2022, context_year=2024)[0].target_year == 2025
    bare = "万人高价值发明专利拥有量达18件"
    assert extract_targets(bare, plan_year=2022, context_year=2024)[0].target_year == 2024
    assert extract_targets(bare, plan_year=2022)[0].target_year == 2022
    assert extract_targets(bare, plan_year=None)[0].target_year is None


def test_base_year_is_not_a_target_year():
    (target,) = extract_targets("软件产业销售收入比2011年增长15%。", plan_year=2012)
    assert (target.base_year, target.target_year) == (2011, 2012)


@pytest.mark.parametrize("name", [PLAN_2012, LIANYUNGANG, TONGZHOU, POLICY])
def test_targets_come_in_text_order_and_quote_the_input(name):
    for paragraph in document(name).splitlines():
        position = 0
        for target in extract_targets(paragraph, plan_year=2020):
            # Each phrase is found at or after the previous one (phrases can repeat).
            position = paragraph.index(target.phrase, position)
            assert target.name
            assert target.target_value is not None


@settings(max_examples=500, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(
            list("0123456789０１２.．,，、；。\n -－~至以上超过达到累计万亿件个家%人次元比年")
            + list("增长分别均和新增第等且或倍实现（）“”")
        ),
        max_size=60,
    )
)
def test_any_text_gives_targets_quoting_the_input(text):
    for target in extract_targets(text, plan_year=2020):
        assert target.phrase in text
        assert target.name


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("侦破侵权案件150起以上", Decimal(150), "起"),
        ("全年查办商标侵权案件不少于30起", Decimal(30), "起"),
    ],
)
def test_cases_counted_in_qi_are_targets(text, value, unit):
    (target,) = extract_targets(text, plan_year=2023)
    assert (target.target_value, target.unit, target.target_year) == (value, unit, 2023)
