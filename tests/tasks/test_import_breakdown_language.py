"""The language of provincial and city task breakdowns, as the held-out reading found it
missed (each excerpt is written like those documents, not copied from one)."""

from __future__ import annotations

import pytest

from agencies.services import resolve_responsibilities
from indicators.targets import extract_targets
from tasks.importer.enrich import enrich
from tasks.importer.parsed import ParsedMeasure, plan_measures
from tasks.importer.text_reader import parse_text

HEAD = "某市知识产权强市建设工作方案\n某市人民政府办公室\n"


def measures(body: str, level: str = "city") -> list[ParsedMeasure]:
    plans = parse_text(HEAD + body, source_name="plan.txt", level=level)
    return plan_measures(enrich(plans[0]))


def triples(measure: ParsedMeasure) -> set[tuple[str, str]]:
    return {(r.name, r.role) for r in measure.responsibilities}


def test_a_bracketed_label_on_the_line_under_an_item_belongs_to_it():
    for opening, closing in ("〔〕", "【】"):
        found = measures(
            "一、主要任务\n（一）加强保护\n"
            "1.强化行政执法与刑事司法衔接。建立联合办案机制。\n"
            f"{opening}责任部门：区市场监管局（知识产权局）牵头，区公安分局、区检察院配合{closing}\n"
            "2.建设保护工作站。设立工作站。\n",
            level="district",
        )
        assert triples(found[0]) == {
            ("区市场监管局", "lead"),
            ("区公安分局", "co"),
            ("区检察院", "co"),
        }


def test_an_unfamiliar_branch_in_a_labelled_list_is_kept_and_does_not_sink_the_others():
    found = measures(
        "一、主要任务\n"
        "1.深化知识产权金融创新。推广质押融资。（责任单位：市地方金融监管局、人民银行苏州市分行、"
        "市知识产权局）\n"
        "2.推广保险。开发产品。（责任单位：市财政局、国家金融监督管理总局苏州监管分局）\n"
    )
    assert triples(found[0]) == {
        ("市地方金融监管局", "lead"),
        ("人民银行苏州市分行", "co"),
        ("市知识产权局", "co"),
    }
    assert ("国家金融监督管理总局苏州监管分局", "co") in triples(found[1])


@pytest.mark.django_db
def test_an_unfamiliar_branch_is_proposed_to_the_office():
    resolved = resolve_responsibilities("责任单位：市知识产权局、人民银行苏州市分行", level="city")
    bank = next(r for r in resolved if r.parsed.name == "人民银行苏州市分行")
    assert bank.agency is None and bank.needs_resolution


def test_a_place_government_or_branch_does_not_take_the_shared_level_prefix():
    found = measures(
        "一、主要任务\n"
        "1.开展商标品牌培育。新增地理标志证明商标1件。\n"
        "责任部门：区市场监管局（知识产权局）、临湖镇人民政府\n"
        "2.推广质押融资。开展活动。\n"
        "牵头部门：区财政局；配合部门：区科技局、东山街道办事处、吴中经济技术开发区管委会、"
        "吴中公安分局、教育局\n",
        level="district",
    )
    assert triples(found[0]) == {("区市场监管局", "lead"), ("临湖镇人民政府", "co")}
    assert triples(found[1]) == {
        ("区财政局", "lead"),
        ("区科技局", "co"),
        ("东山街道办事处", "co"),
        ("吴中经济技术开发区管委会", "co"),
        ("吴中公安分局", "co"),
        ("区教育局", "co"),
    }


def test_a_trailing_government_is_shared_by_a_list_of_places_but_a_group_stays_one():
    found = measures(
        "一、主要任务\n"
        "1.加快保护中心建设。推动建成保护中心。\n"
        "牵头单位：省知识产权局\n配合单位：盐城市、常州市、南通市人民政府\n"
        "2.加强执法。开展专项行动。\n责任单位：省知识产权局、各市、县人民政府\n",
        level="province",
    )
    assert triples(found[0]) == {
        ("省知识产权局", "lead"),
        ("盐城市人民政府", "co"),
        ("常州市人民政府", "co"),
        ("南通市人民政府", "co"),
    }
    assert ("各市、县人民政府", "co") in triples(found[1])


def test_a_body_that_will_work_with_another_makes_it_co():
    found = measures(
        "一、主要任务\n"
        "1.推进质押融资。市地方金融监管局要会同人民银行南通市分行，推动知识产权质押融资扩面。\n"
        "2.盘活存量专利。市科技局将会同市教育局、市财政局推动高校专利转化。\n"
    )
    assert triples(found[0]) == {("市地方金融监管局", "lead"), ("人民银行南通市分行", "co")}
    assert triples(found[1]) == {
        ("市科技局", "lead"),
        ("市教育局", "co"),
        ("市财政局", "co"),
    }


def targets(text: str) -> set[tuple[str, str, str]]:
    found = extract_targets(text, plan_year=2024, since_year=2024)
    return {(str(t.target_value), t.unit, t.comparison) for t in found}


def test_a_cut_period_in_months_days_or_hours_is_a_ceiling_target():
    assert targets("专利侵权纠纷行政裁决平均办案周期压缩至3个月以内。") == {("3", "个月", "lte")}
    assert targets("推动发明专利授权周期压缩至3个月以内。") == {("3", "个月", "lte")}
    assert targets("维权援助办结时限缩短至5天以内。") == {("5", "天", "lte")}
    # A period that is not being cut is not a target.
    assert targets("每6个月通报一次进展情况。") == set()
    assert targets("在境内居住累计不超过90天的，免予缴纳。") == set()


def test_a_rule_after_a_semicolon_does_not_poison_the_goals_before_it():
    assert targets(
        "全年知识产权质押融资登记金额突破1000亿元，惠及企业5000家以上；"
        "对单笔贷款给予不超过贷款利息50%的贴息。"
    ) == {("1000", "亿元", "gt"), ("5000", "家", "gte")}
    # The rule itself is still no target.
    assert targets("对单笔贷款给予不超过贷款利息50%的贴息，单家企业最高20万元。") == set()


def test_an_indented_paragraph_under_a_flush_item_is_the_items_text():
    found = measures(
        "一、主要任务\n"
        "1.实施专利转化运用专项行动。推动高校院所专利向中小企业转移转化。\n"
        "\u3000\u3000市科技局要会同市教育局建立高校院所存量专利盘活台账。\n"
        "2.强化资金保障。统筹安排专项资金。\n"
    )
    assert "存量专利盘活台账" in found[0].text
    assert triples(found[0]) == {("市科技局", "lead"), ("市教育局", "co")}


def test_a_phrase_marked_xia_tong_carries_to_the_following_items_of_its_section():
    found = measures(
        "一、加强行政保护\n"
        "1.建立工作联系点制度。（责任单位：省知识产权局、省市场监管局，下同）\n"
        "2.开展规范化建设示范创建。\n"
        "3.推动案件会商。（责任单位：省司法厅）\n"
        "4.建立挂牌督办制度。\n"
        "二、强化重点领域保护\n"
        "5.加强展会保护。\n",
        level="province",
    )
    shared = {("省知识产权局", "lead"), ("省市场监管局", "co")}
    assert triples(found[0]) == shared
    assert triples(found[1]) == shared
    assert triples(found[2]) == {("省司法厅", "lead")}
    assert triples(found[3]) == set()  # a new phrase ended the carrying
    assert triples(found[4]) == set()  # and so does the end of the chapter


def test_a_text_table_keeps_continuation_rows_and_heading_rows_as_sections():
    plans = parse_text(
        HEAD + "一、工作要求\n（一）压实工作责任。各责任单位要逐项落实。\n\n附件\n\n"
        "重点任务清单\n\n"
        "| 序号 | 重点任务 | 责任单位 | 完成时限 |\n"
        "| 一、完善知识产权保护制度 |  |  |  |\n"
        "| 1 | 出台配套实施细则 | 市市场监管局 | 2024年12月底前 |\n"
        "| 二、提升保护服务水平 |  |  |  |\n"
        "| 2 | 推进保护中心扩容，新增备案主体 | 市市场监管局 | 2024年6月底前 |\n"
        "|   | 800家以上，专利预审合格率达到90%以上 |  |  |\n"
        "| 3 | 建设维权援助工作站。 | 市司法局 | 2024年12月底前 |\n",
        source_name="plan.txt",
        level="city",
    )
    plan = enrich(plans[0])
    titles = [section.title for section in plan.sections]
    assert "完善知识产权保护制度" in titles and "提升保护服务水平" in titles
    service = next(s for s in plan.sections if s.title == "提升保护服务水平")
    assert [m.label for m in service.measures] == ["2", "3"]
    assert service.measures[0].text.endswith("新增备案主体800家以上，专利预审合格率达到90%以上")
    found = {(str(t.target_value), t.unit) for t in service.measures[0].targets}
    assert {("800", "家"), ("90", "%")} <= found


def test_a_label_printed_in_lenticular_brackets_instead_of_before_a_colon():
    found = measures(
        "一、主要任务\n"
        "(1)培育高价值专利。新建培育中心5家。\n"
        "【牵头单位】市市场监管局（市知识产权局）\n"
        "【配合单位】市科技局、市经信局\n"
        "(2)深化司法保护。推进三合一审判。【牵头单位】市中级人民法院【配合单位】市人民检察院\n"
        "(3)落实资金保障。安排专项资金。【牵头单位】市财政局【配合单位】市市场监管局\n"
        "各牵头单位于每季度末报送进展情况。\n"
    )
    assert triples(found[0]) == {("市市场监管局", "lead"), ("市科技局", "co"), ("市经信局", "co")}
    assert triples(found[1]) == {("市中级人民法院", "lead"), ("市人民检察院", "co")}
    # The closing line after the last item's bodies is not part of its last body's name.
    assert triples(found[2]) == {("市财政局", "lead"), ("市市场监管局", "co")}
    assert "【" not in found[1].text and "报送" not in found[2].text


def test_a_note_after_a_group_of_items_gives_the_items_it_names_their_bodies():
    found = measures(
        "一、重点任务\n"
        "（一）盘活存量专利。建立可转化专利资源库。\n"
        "（二）推进开放许可。发布开放许可专利。\n"
        "（三）建设中试平台。新建概念验证中心。\n"
        "以上第（一）至（二）项由市科技局牵头，市财政局配合。\n"
        "（四）培育专利密集型产品。建立培育库。（市知识产权局负责）\n"
        "（五）开展专利导航。组织导航项目。\n"
        "上述第3、5项由市工业和信息化局牵头。\n"
    )
    for item in found[:2]:
        assert triples(item) == {("市科技局", "lead"), ("市财政局", "co")}
    assert triples(found[2]) == triples(found[4]) == {("市工业和信息化局", "lead")}
    # An item with its own phrase keeps it.
    assert triples(found[3]) == {("市知识产权局", "lead")}


def test_a_verb_ending_in_ban_is_no_body():
    found = measures(
        "一、主要任务\n"
        "（一）加强行政执法。依法查办商标、专利侵权假冒案件150件以上。\n"
        "（二）强化督办。市委督查办负责督办重点案件。\n"
    )
    assert triples(found[0]) == set()
    assert triples(found[1]) == {("市委督查办", "lead")}


def test_a_bracket_after_a_goal_giving_its_starting_year_is_no_target():
    assert targets("到2027年，每万人口发明专利拥有量达到3.5件（2024年为1.2件）。") == {
        ("3.5", "件/万人", "gte")
    }
    assert targets("到2027年，有效发明专利达到800件（2024年底：420件）。") == {("800", "件", "gte")}


def test_the_points_of_a_goal_list_under_a_heading_state_their_goals():
    plan = parse_text(
        HEAD + "一、工作目标\n通过三年试点，到2018年：\n"
        "1．全县专利申请量达到2500件；\n2．建成县级知识产权公共服务平台1个。\n"
        "二、主要任务\n（一）实施专利倍增计划。引导企业加大研发投入。\n",
        source_name="plan.txt",
        level="district",
    )[0]
    enrich(plan)
    goals = {
        (t.name, str(t.target_value), t.target_year)
        for section in plan.sections[0].sections
        for t in section.targets
    }
    assert goals == {("全县专利申请量", "2500", 2018), ("建成县级知识产权公共服务平台", "1", 2018)}


def test_a_range_with_the_percent_sign_on_both_ends():
    assert targets("到2026年，发明专利授权量增长15%—20%。") == {("15", "%", "range")}
    assert targets("到2026年，发明专利授权量增长15%-20%。") == {("15", "%", "range")}


def test_a_pointer_to_a_table_counts_nothing():
    assert targets("到2026年，高校院所专利转化实施率达到表1所列目标。") == set()
    assert targets("到2026年，新建知识产权服务站3所。") == {("3", "所", "eq")}


def test_a_half_width_sub_point_number_is_not_part_of_a_targets_name():
    found = extract_targets(
        "实施高价值专利培育工程。\n1)新建高价值专利培育中心5家；\n2)全市每万人口高价值发明专利拥有量达到21件。",
        plan_year=2025,
    )
    assert [(t.name, t.unit) for t in found] == [
        ("新建高价值专利培育中心", "家"),
        ("全市每万人口高价值发明专利拥有量", "件/万人"),
    ]


def test_a_bracketed_figure_of_a_past_year_after_a_goal_is_its_starting_point():
    assert targets("新增有效注册商标1.5万件（2023年新增1.3万件）。") == {("15000", "件", "eq")}
    # A sentence that only reports a past year stays history.
    assert targets("2023年，全市新增有效注册商标1.3万件。") == set()


def test_a_growth_over_the_base_of_the_plans_five_year_period_is_a_goal():
    def read(text: str, since: int) -> set[tuple[str, str, str]]:
        found = extract_targets(text, plan_year=2020, since_year=since)
        return {(str(t.target_value), t.unit, t.comparison) for t in found}

    assert read("专利密集型产业增加值占GDP比重较2015年提高5个百分点。", 2017) == {
        ("5", "个百分点", "gte")
    }
    assert read("知识产权质押融资额较2015年翻一番。", 2018) == {("100", "%", "gte")}
    # In a plan of the next period, the same sentence reports what was achieved.
    assert read("知识产权质押融资额较2015年翻一番。", 2021) == set()
