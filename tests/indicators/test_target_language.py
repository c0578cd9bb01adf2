"""Targets are promises: the language that states a goal, and the language that does not.

Each test pairs short excerpts written the way government documents write them: what must
not become a target (history, a rule's parameters, a request, a count of places that
exist) beside a forward statement in nearly the same words that must.
"""

from decimal import Decimal

import pytest

from indicators.targets import extract_targets, is_review_title, table_targets


def d(value) -> Decimal:
    return Decimal(str(value))


def values(text: str, *, plan_year: int = 2023, since_year: int | None = 2023):
    return [
        (t.target_value, t.unit, t.comparison)
        for t in extract_targets(text, plan_year=plan_year, since_year=since_year)
    ]


@pytest.mark.parametrize(
    "text",
    [
        # allowances and deductions in a tax regulation
        "纳税人的子女接受全日制学历教育的相关支出，按照每个子女每月1000元的标准定额扣除。",
        "在学历（学位）教育期间按照每月400元定额扣除。",
        "取得相关证书的当年，按照3600元定额扣除。",
        "由纳税人在办理年度汇算清缴时，在80000元限额内据实扣除。",
        "直辖市、省会（首府）城市，扣除标准为每月1500元。",
        "每人分摊的额度不能超过每月1000元。",
        "个人负担累计超过15000元的部分，由纳税人据实扣除。",
        # rates charged per unit
        "对非居民用电每千瓦时加价2分钱，每户每年补贴不超过300元。",
    ],
)
def test_allowances_rates_and_deductions_are_rule_parameters(text):
    assert values(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "3.有50个以上的成员。",
        "全国性社会团体应有10万元以上资金，基金会基金数额不少于210万元人民币。",
        "非法人社会团体还应有固定的联络地点、5000元以上的资金和兼职工作人员。",
        "申请设立的机构应当具备下列条件：注册资金5000元以上，专职人员3名以上。",
        "符合下列条件的企业可以申请认定：研发人员占职工总数的10%以上。",
        # what an applicant must be or have
        "申报城市应为地级以上城市，上年度每万人口发明专利拥有量不低于15件，且已设立专项资金。",
        # the list after the colon runs over its ；-parts
        "申请项目的企业，应当同时具备以下条件：上年度销售收入不低于2000万元；"
        "研发投入占销售收入比例不低于3%；拥有有效发明专利5件以上。",
    ],
)
def test_conditions_a_body_must_meet_are_not_targets(text):
    assert values(text, plan_year=1997, since_year=1997) == []


def test_a_goal_for_applications_is_still_a_target():
    # 申请 as what the plan counts, not who must meet a condition.
    assert values("到2025年，全市发明专利申请量达到2万件。") == [(Decimal(20000), "件", "gte")]


def test_goals_after_a_semicolon_stay_targets_when_no_conditions_are_listed():
    # The same figures as goals: the ；-parts are promises, not what an applicant must have.
    assert values(
        "到2019年，规上企业研发投入占销售收入比例不低于3%；企业拥有有效发明专利5件以上。",
        plan_year=2017,
        since_year=2017,
    ) == [(Decimal(3), "%", "gte"), (Decimal(5), "件", "gte")]


def test_a_count_of_members_to_reach_is_still_a_target():
    # 有 opens a condition; 发展 … 达到 states what the plan will achieve.
    assert values("到2025年，全省发展会员企业达到50个以上。") == [(Decimal(50), "个", "gte")]


@pytest.mark.parametrize(
    "text",
    [
        "大连市请求，由企业合资合作，拟投资400亿元，建设炼油项目。",
        "大连市请求，联合有关企业投入5亿元，建设大型曲轴项目。",
        "项目拟新建厂房2万平方米，拟招聘员工300人。",
    ],
)
def test_requests_and_proposed_investments_in_a_reply_are_not_targets(text):
    assert values(text, plan_year=2004, since_year=2004) == []


def test_a_money_goal_with_a_comparison_is_a_target():
    assert values("到2025年，全市研发经费投入突破500亿元，模拟仿真平台达到3个。") == [
        (Decimal(500), "亿元", "gt"),
        (Decimal(3), "个", "gte"),
    ]


@pytest.mark.parametrize(
    "title",
    ["发展基础", "发展基础与面临形势", "“十三五”时期发展成就", "工作回顾", "面临形势"],
)
def test_review_titles_open_with_the_review(title):
    assert is_review_title(title)


@pytest.mark.parametrize("title", ["夯实知识产权发展基础", "优化发展环境", "巩固工作基础"])
def test_a_task_that_names_a_foundation_is_not_a_review(title):
    assert not is_review_title(title)


def test_a_review_heading_inside_a_text_needs_its_own_line():
    reviewed = "（一）发展基础。全省培育示范企业241家。"
    assert values(reviewed, plan_year=2025, since_year=2021) == []
    task = "（四）夯实知识产权发展基础\n9.全年培训知识产权专业人才5000人次以上。"
    assert values(task) == [(Decimal(5000), "人次", "gte")]


@pytest.mark.parametrize(
    "text",
    [
        "重点保证北京、天津、上海、重庆4个直辖市的粮食供应。",
        "在河北、山西、内蒙古3个省（区）开展调研。",
        "全国31个省份均已出台实施方案。",
    ],
)
def test_counts_of_places_that_exist_are_not_targets(text):
    assert values(text) == []


def test_places_a_plan_creates_are_targets():
    assert values("到2025年，创建10个知识产权示范县，培育20个试点街道。") == [
        (Decimal(10), "个", "eq"),
        (Decimal(20), "个", "eq"),
    ]
    assert values("2024年，在100个县开展试点。") == [(Decimal(100), "个", "eq")]


def test_a_projects_investment_is_its_description_and_a_compared_amount_a_goal():
    assert values("联合有关企业投入5亿元，建设年产130根曲轴的项目。") == []
    assert values("项目总投资约8.5亿元。") == []
    assert values("到2025年，全社会研发投入突破500亿元，累计投资达到80亿元。") == [
        (Decimal(500), "亿元", "gt"),
        (Decimal(80), "亿元", "gte"),
    ]


def test_a_base_figure_is_not_the_goal_and_a_goal_may_name_itself_after_de():
    text = "以1995年实招人数1445名为基数，逐年扩招，至1998年达到2000名的招生规模（见附表）。"
    targets = extract_targets(text, plan_year=1998, since_year=1996)
    assert [(t.name, t.target_value, t.unit, t.comparison, t.target_year) for t in targets] == [
        ("招生规模", Decimal(2000), "名", "gte", 1998)
    ]


def test_a_price_in_fen_is_not_a_score():
    assert values("对非居民用电加价2分钱。") == []
    assert values("到2025年，群众满意度达到85分以上。") == [(Decimal(85), "分", "gte")]


@pytest.mark.parametrize(
    "text",
    [
        "选择北京、天津、上海、重庆和沈阳、大连、厦门、广州、深圳、成都、西安11个城市开展试点。",
        "确定河北、山西、辽宁、吉林、江苏5个省作为试点地区。",
    ],
)
def test_a_count_that_closes_a_list_of_names_is_not_a_target(text):
    assert values(text) == []


def test_a_count_of_things_to_build_after_a_short_list_is_a_target():
    assert values("围绕集成电路、生物医药、人工智能领域，建设创新中心5个。") == [
        (Decimal(5), "个", "eq")
    ]


def test_a_number_that_picks_whom_a_rule_applies_to_is_not_a_target():
    text = (
        "入围生产企业在3家及以上的，采取招标采购的方式；入围生产企业为2家的，采取议价采购的方式；"
        "入围生产企业只有1家的，采取谈判采购的方式。"
    )
    assert values(text, plan_year=2019, since_year=2019) == []


def test_physical_quantities_keep_their_multiplier_and_are_goals_when_built_or_compared():
    text = (
        "到2025年，高速公路通车里程达到6000公里，新建改造农村公路1万公里，"
        "新增储能装机300万千瓦，全年完成造林面积50万亩，新能源汽车保有量达到100万辆。"
    )
    assert values(text) == [
        (Decimal(6000), "公里", "gte"),
        (Decimal(1), "万公里", "eq"),
        (Decimal(300), "万千瓦", "eq"),
        (Decimal(50), "万亩", "eq"),
        (Decimal(1000000), "辆", "gte"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "港方查验区总用地面积为41.565公顷。",  # a size stated, not a goal
        "规划范围为市域全部行政辖区，面积1.6万平方公里。",
        "建设10万吨级泊位。",  # a class of berth
        "关于60万吨乙烯项目问题。",  # the topic of a reply's item
        "该项目总投资120亿元，建设年产100万吨乙烯装置。",
    ],
)
def test_sizes_classes_and_topics_are_not_targets(text):
    assert values(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "近年来，我省专利授权量年均增长20%。",
        "与2020年相比，全省专利授权量增长了35%。",
        "目前全省共有各类孵化器300家。",
        "全省现有省级以上开发区120个。",
        "全年共完成投资100亿元，比上年增长15%。",
    ],
)
def test_the_present_and_the_recent_past_are_history(text):
    assert values(text) == []


def test_building_on_what_exists_is_still_a_goal():
    assert values("在现有基础上，到2025年新增孵化器30家。") == [(Decimal(30), "家", "eq")]


@pytest.mark.parametrize(
    "text",
    [
        "注册资金5000元以上。",
        "注册资本不少于1000万元。",
        "社会团体应当有10万元以上活动资金。",
        "你省上报的45个项目，共需资金200亿元。",
    ],
)
def test_registration_capital_and_submitted_requests_are_not_targets(text):
    assert values(text) == []


def test_per_thousand_and_class_hours_are_units():
    text = "到2025年，千人口床位数达到7张，教师培训每5年不少于360学时。"
    found = extract_targets(text, plan_year=2023, since_year=2023)
    assert [(t.target_value, t.unit, t.comparison) for t in found] == [
        (Decimal(7), "张/千人", "gte"),
        (Decimal(360), "学时", "gte"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        # the grades of an emergency plan
        "特别重大突发事件（Ⅰ级）：造成30人以上死亡，或者100人以上重伤，或者1亿元以上直接经济损失的。",
        "一次死亡3人以上10人以下的事故为较大事故。",
        "企业年营业收入在2000万元以下的为小型企业。",
        # triggers
        "连续3个月价格涨幅超过10%时，启动应急预案。",
        "当储备粮库存低于50万吨时，及时补充。",
    ],
)
def test_grades_and_triggers_are_not_targets(text):
    assert values(text) == []


def test_a_threshold_qualifies_what_is_counted_unless_it_is_the_count():
    assert values("到2025年，年产值10亿元以上的龙头企业达到20家。") == [(Decimal(20), "家", "gte")]
    assert values("到2025年，培育100家以上的龙头企业。") == [(Decimal(100), "家", "gte")]


def test_a_ranking_reports_the_present():
    assert values("全省各类市场主体总数达到1000万户，居全国第二。") == []


def test_from_a_starting_value_to_a_goal_the_goal_is_the_target():
    found = extract_targets(
        "常住人口城镇化率由2020年的60%提高到2025年的65%，森林覆盖率由23%提高到25%。",
        plan_year=2025,
        since_year=2021,
    )
    assert [
        (t.name, t.target_value, t.comparison, t.base_value, t.base_year, t.target_year)
        for t in found
    ] == [
        ("常住人口城镇化率", Decimal(65), "gte", Decimal(60), 2020, 2025),
        ("森林覆盖率", Decimal(25), "gte", Decimal(23), None, 2025),
    ]


def test_goal_wordings_that_name_after_the_number_or_quote_the_noun():
    found = extract_targets(
        "到2025年，100%的县（市、区）建成综合服务中心，建设1000个以上“无废”示范单位，"
        "青壮年文盲率降到5%以下，全年完成投资1500亿元。",
        plan_year=2025,
        since_year=2021,
    )
    assert [(t.name, t.target_value, t.unit, t.comparison) for t in found] == [
        ("县（市、区）建成综合服务中心", Decimal(100), "%", "eq"),
        ("建设“无废”示范单位", Decimal(1000), "个", "gte"),
        ("青壮年文盲率", Decimal(5), "%", "lte"),
        ("完成投资", Decimal(1500), "亿元", "eq"),
    ]


def test_percentages_written_in_words_are_read():
    text = "到本世纪末，农村自来水普及率达到百分之六十，城镇失业率控制在百分之三以内。"
    assert values(text, plan_year=2000, since_year=1996) == [
        (Decimal(60), "%", "gte"),
        (Decimal(3), "%", "lte"),
    ]
    assert values("1995年全国普及率为百分之五十。", plan_year=2000, since_year=1996) == []


def test_forecasts_and_totals_of_a_described_set_are_not_promises():
    assert values("2004年预计国产大型柴油机94台。", plan_year=2004, since_year=2004) == []
    assert values("《规划》包括了主要治理任务，共191个水环境保护项目。") == []
    assert values("预计到2025年，全省新能源汽车保有量达到100万辆。") == [
        (Decimal(1000000), "辆", "gte")
    ]


def test_an_indicator_table_gives_the_target_column_with_its_base():
    lines = [
        "专栏1　主要指标",
        "序号\t指标名称\t单位\t2020年\t2025年\t属性",
        "1\t数字经济核心产业增加值占地区生产总值比重\t%\t10\t13\t预期性",
        "2\t每万人口高价值发明专利拥有量\t件\t6.3\t12\t预期性",
        "3\t5G基站数\t万个\t7.1\t25\t预期性",
        "4\t工业互联网平台数量（个）\t\t100\t≥200\t约束性",
        "5\t规上工业增加值年均增长\t%\t—\t6-7\t预期性",
        "二、重点任务",
    ]
    found = table_targets(lines, since_year=2021)
    assert [
        (t.name, t.target_value, t.target_max, t.unit, t.comparison, t.base_value, t.target_year)
        for t in found
    ] == [
        ("数字经济核心产业增加值占地区生产总值比重", d(13), None, "%", "eq", d(10), 2025),
        ("每万人口高价值发明专利拥有量", d(12), None, "件/万人", "eq", d("6.3"), 2025),
        ("5G基站数", d(250000), None, "个", "eq", d(71000), 2025),
        ("工业互联网平台数量", d(200), None, "个", "gte", d(100), 2025),
        ("规上工业增加值年均增长", d(6), d(7), "%", "range", None, 2025),
    ]
    assert found[-1].kind == "annual_growth"


def test_a_table_of_past_figures_gives_no_targets():
    lines = ["指标\t单位\t2015年\t2020年", "专利授权量\t万件\t25\t49.9"]
    assert table_targets(lines, since_year=2021) == []


def test_who_pays_which_share_is_a_rule_but_undertaking_projects_is_a_goal():
    assert values("由中央财政承担60%，地方承担40%。") == []
    assert values("补贴资金由市、区两级各承担50%。") == []
    assert values("到2025年，牵头承担国家重大科技项目50项以上。") == [(Decimal(50), "项", "gte")]


def test_the_plans_own_five_year_period_is_ahead_and_an_earlier_one_behind():
    kw = {"plan_year": 2025, "since_year": 2021}
    assert values("“十四五”期间，全省新增高新技术企业1000家。", **kw) == [(d(1000), "家", "eq")]
    assert values("“十三五”期间，全省新增高新技术企业1000家。", **kw) == []
    assert values("“十四五”以来，全省新增就业50万人。", **kw) == []


def test_a_time_cut_from_one_figure_to_another_and_an_interest_subsidy_rate():
    text = "审批时限由20个工作日压减至10个工作日。"
    found = extract_targets(text, plan_year=2023, since_year=2023)
    assert [(t.target_value, t.unit, t.comparison, t.base_value) for t in found] == [
        (d(10), "个工作日", "lte", d(20))
    ]
    assert values("贴息比例为50%，期限不超过2年。") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("到2025年，建设十个知识产权强县。", [(d(10), "个", "eq")]),
        ("培育二十家知识产权示范企业。", [(d(20), "家", "eq")]),
        ("每年新增五个国家级知识产权平台。", [(d(5), "个", "eq")]),
        ("力争培育十家以上高价值专利企业。", [(d(10), "家", "gte")]),
        ("培养一万名知识产权专业人才。", [(d(10000), "名", "eq")]),
    ],
)
def test_counts_written_in_chinese_numerals_after_a_creating_verb_are_targets(text, expected):
    assert values(text) == expected


def test_a_range_of_counts_in_words_is_a_range():
    [target] = extract_targets("培育三至五家领军企业。", plan_year=2023, since_year=2023)
    assert (target.target_value, target.target_max, target.comparison) == (d(3), d(5), "range")


@pytest.mark.parametrize(
    "text",
    [
        # history, a past year, a rule: the same language rules as for digits
        "近年来，已建成十个知识产权强县。",
        "2020年，全省建成十个知识产权强县。",
        "对认定的十家示范企业给予奖励。",
        # numerals that name rather than count, an article, an ordinal, a time
        "增强四个意识，做到两个维护。",
        "从三个方面推进知识产权强县建设。",
        "建设一个知识产权公共服务平台。",
        "建设第三个知识产权保护中心。",
        "建设“十四五”知识产权强省。",
    ],
)
def test_counts_in_words_that_report_rule_or_name_are_not_targets(text):
    assert values(text) == []


def test_a_norm_governs_its_own_clause_and_the_goal_beside_it_stays():
    # 原则上 states how many each county should have: a rule; the city's 50 is the goal.
    assert values("到2025年，培育示范企业50家，原则上每个县（市、区）不少于2家。") == [
        (d(50), "家", "eq")
    ]
    assert values("原则上，每个县遴选2家企业。") == []
    assert values("顶岗实习时间一般为6个月。") == []


def test_how_often_a_rule_applies_is_not_a_target():
    assert values("每3年修订1次教材，每年调整1次专业。") == []
    assert values("到2025年，开展专项执法行动3次以上。") == [(d(3), "次", "gte")]


@pytest.mark.parametrize(
    ("title", "review"),
    [
        ("基本情况", True),
        ("地质险情成因分析", True),
        ("处理情况", True),
        ("存在的问题", True),
        ("主要做法", True),
        ("摸清知识产权基本情况", False),
        ("建议意见", False),
        ("加强问题整改", False),
    ],
)
def test_a_reports_chapters_of_facts_are_reviews(title, review):
    assert is_review_title(title) is review


def test_a_budget_put_up_is_a_promise_and_how_it_is_handed_out_a_rule():
    # The finance bureau's yearly budget is what it promises; the award and the subsidy
    # after it, in the same sentence, are the rule that spends it.
    assert values(
        "县财政局每年统筹安排知识产权专项资金不少于1000万元，对获得中国专利奖金奖的"
        "企业给予一次性奖励50万元。"
    ) == [(Decimal(1000), "万元", "gte")]
    assert values(
        "市财政局每年安排专项资金500万元，对获批项目按照合同金额的30%给予补助，"
        "单个项目补助最高不超过50万元。"
    ) == [(Decimal(500), "万元", "eq")]
    # Without a budget put up first, a cap on what is funded belongs to the rule.
    assert values("每年实施不超过10个项目，每项给予不超过100万元的资金支持。") == []


def test_reports_counted_in_fen_are_a_target():
    assert values("到2018年，形成重点产业专利导航分析报告10份以上。", plan_year=2016) == [
        (Decimal(10), "份", "gte")
    ]


def test_an_indicator_table_with_a_target_for_each_year_and_a_base_column():
    # 2017年目标 and 2020年目标 are each a promise for their year; a column headed 基数 is
    # where the plan starts from, even when its year is the plan's own.
    lines = [
        "指标名称\t单位\t2016年基数\t2017年目标\t2020年目标\t属性",
        "每万人口发明专利拥有量\t件/万人\t11.2\t14\t20\t预期性",
        "有效注册商标量\t万件\t12.5\t15\t20\t预期性",
    ]
    found = table_targets(lines, since_year=2016)
    assert [(t.name, t.target_value, t.unit, t.base_value, t.target_year) for t in found] == [
        ("每万人口发明专利拥有量", d(14), "件/万人", d("11.2"), 2017),
        ("每万人口发明专利拥有量", d(20), "件/万人", d("11.2"), 2020),
        ("有效注册商标量", d(150000), "件", d(125000), 2017),
        ("有效注册商标量", d(200000), "件", d(125000), 2020),
    ]


def test_a_programme_named_for_doubling_is_not_a_doubling():
    assert values("实施发明专利倍增计划，引导企业加大研发投入。") == []
    assert values("到2025年，发明专利拥有量实现倍增。") == [(d(100), "%", "gte")]


def test_a_tax_rate_is_a_rule_but_a_share_to_reach_is_a_goal():
    assert values("符合条件的服务企业可按规定享受高新技术企业15%的企业所得税优惠税率。") == []
    assert values("服务企业中高新技术企业占比达到15%。") == [(d(15), "%", "gte")]


def test_deals_are_counted_in_dan():
    assert values("发行知识产权证券化产品1—2单。") == [(d(1), "单", "range")]
    assert values("建设孵化用房2单元。") == []


def test_an_indicator_table_laid_out_with_single_full_width_spaces():
    lines = [
        "表1　“十四五”知识产权发展主要指标",
        "序号　指标　2020年　2025年　年均增长　属性",
        "1　PCT国际专利申请量（件）　580　1000　11.5%　预期性",
        "2　版权登记量（万件）　8.5　15　12%　预期性",
        "第三章　提升知识产权创造质量",
    ]
    found = table_targets(lines, since_year=2021)
    # The 2025 column is the target, 2020 its base; 年均增长 is no target column.
    assert [(t.name, t.target_value, t.unit, t.base_value, t.target_year) for t in found] == [
        ("PCT国际专利申请量", d(1000), "件", d(580), 2025),
        ("版权登记量", d(150000), "件", d(85000), 2025),
    ]


def test_a_count_in_tiao_that_closes_the_phrase_is_a_target():
    # 条 counts links and routes when it ends the phrase; before a noun it only classifies
    # it, and an article number (第12条) is no count.
    assert values("下架侵权商品链接1000条以上。") == [(Decimal(1000), "条", "gte")]
    assert values("围绕50条重点产业链开展专利导航。") == []
    assert values("依照本办法第12条，予以处罚。") == []


def test_a_two_level_indicator_table_names_each_target_by_its_second_level():
    # 一级指标 groups the rows (知识产权创造 over two of them); 二级指标 is what is measured,
    # so it names the target and decides its unit (每万人口… is per 万人).
    lines = [
        "一级指标\t二级指标\t单位\t2020年\t2022年\t2025年\t牵头单位",
        "知识产权创造\t每万人口高价值发明专利拥有量\t件\t3.2\t4.5\t8\t市市场监管局",
        "知识产权创造\t有效注册商标总量\t万件\t6.5\t7.5\t10\t市市场监管局",
    ]
    found = table_targets(lines, since_year=2021)
    assert [(t.name, t.target_value, t.unit, t.base_value, t.target_year) for t in found] == [
        ("每万人口高价值发明专利拥有量", d("4.5"), "件/万人", d("3.2"), 2022),
        ("每万人口高价值发明专利拥有量", d(8), "件/万人", d("3.2"), 2025),
        ("有效注册商标总量", d(75000), "件", d(65000), 2022),
        ("有效注册商标总量", d(100000), "件", d(65000), 2025),
    ]


@pytest.mark.parametrize(
    ("text", "year"),
    [
        # the deadline in the sentence says when the figure is reached
        ("组织高校院所开展全面盘点，2024年底前完成盘点率100%。", 2024),
        ("2024年9月底前建成专利转化运营服务平台1个。", 2024),
        # a deadline of another sentence, or a recurring one, does not
        ("2024年底前出台实施办法。培育示范企业50家。", 2025),
        ("每年12月底前培养技术经理人200名。", 2025),
        # a 到20XX年 after the deadline is the later word
        ("2023年底前出台方案，到2025年培育示范企业50家。", 2025),
    ],
)
def test_a_deadline_in_the_sentence_gives_its_figure_that_year(text: str, year: int):
    found = extract_targets(text, plan_year=2025, since_year=2024)
    assert [t.target_year for t in found] == [year]


def test_a_rate_kept_at_a_level_is_named_without_the_verb():
    # 保持 links the name to the level it keeps, as 保持在 does: the indicator is the rate.
    found = extract_targets("推进软件正版化工作，省级机关正版软件使用率保持100%。", plan_year=2024)
    assert [(t.name, t.target_value, t.unit, t.comparison) for t in found] == [
        ("省级机关正版软件使用率", d(100), "%", "eq")
    ]


def test_sessions_are_counted_in_changci_not_chang():
    # 场次 (sessions held) is a unit of its own, like 人次 and 家次; 30场次 is not 30 场.
    found = extract_targets("每年举办对接活动30场次，服务企业500家次。", plan_year=2028)
    assert [(t.target_value, t.unit) for t in found] == [
        (Decimal("30"), "场次"),
        (Decimal("500"), "家次"),
    ]
    assert extract_targets("全年举办宣传活动1万场次以上。", plan_year=2028)[0].target_value == 10000
