"""Decimal outline numbering (1 / 1.1 / 2.1.1) is read as levels, its labels kept.

City and district plans written in an engineering style number their parts as an
outline; each further number is one level deeper, whatever else the document uses.
"""

from __future__ import annotations

from tasks.importer import read_document
from tasks.importer.enrich import enrich
from tasks.importer.parsed import ParsedPlan

OUTLINE = """南京市知识产权强市建设实施方案

1 总体要求
1.1 指导思想
以习近平新时代中国特色社会主义思想为指导，全面提升知识产权创造、运用和保护水平。
1.2 主要目标
到2025年，全市每万人口高价值发明专利拥有量达到30件以上。
2 重点任务
2.1 提升知识产权创造质量
2.1.1 实施高价值专利培育工程。支持企业建设培育中心。
牵头单位：市市场监管局
配合单位：市科技局、市财政局
2.1.2 加强商标品牌建设。培育一批知名品牌。（市市场监管局牵头，市商务局参与）
2.2 强化知识产权保护
2.2.1 完善快速维权机制。建设知识产权保护中心。（责任单位：市市场监管局、市中级法院）
3 保障措施
3.1 加强组织领导。建立联席会议制度。（市市场监管局负责）
3.2 加强资金保障。（市财政局负责）
"""


def parse(text: str) -> ParsedPlan:
    (plan,) = read_document(text.encode(), filename="plan.txt")
    return enrich(plan)


def test_outline_numbers_are_chapters_sections_and_measures_by_depth() -> None:
    plan = parse(OUTLINE)
    assert plan.title == "南京市知识产权强市建设实施方案"
    assert [(s.label, s.title) for s in plan.sections] == [
        ("1", "总体要求"),
        ("2", "重点任务"),
        ("3", "保障措施"),
    ]
    tasks = plan.sections[1]
    assert [(s.label, s.title) for s in tasks.sections] == [
        ("2.1", "提升知识产权创造质量"),
        ("2.2", "强化知识产权保护"),
    ]
    assert [(m.label, m.ref, m.number) for m in tasks.sections[0].measures] == [
        ("2.1.1", "2.1.1", 1),
        ("2.1.2", "2.1.2", 2),
    ]
    # A second-level item with its own text and bodies is a measure, not a heading.
    assert [m.label for m in plan.sections[2].measures] == ["3.1", "3.2"]


def test_outline_measures_keep_their_bodies_and_the_goals_their_targets() -> None:
    plan = parse(OUTLINE)
    first = plan.sections[1].sections[0].measures[0]
    assert [(r.name, r.role) for r in first.responsibilities] == [
        ("市市场监管局", "lead"),
        ("市科技局", "co"),
        ("市财政局", "co"),
    ]
    goals = plan.sections[0].sections[1]
    assert goals.title == "主要目标"
    assert [(t.target_value, t.unit) for t in goals.targets] == [(30, "件/万人")]


def test_dotted_items_with_decimal_sub_items_nest_under_them() -> None:
    text = (
        "某县知识产权工作要点\n一、重点任务\n1.提升创造质量\n"
        "1.1 实施专利提质工程。（县市场监管局负责）\n1.2 培育商标品牌。（县商务局负责）\n"
        "2.加强保护\n2.1 开展执法行动。（县市场监管局牵头，县公安局参与）\n"
        "二、保障措施\n1.加强组织领导。（县政府办负责）\n"
    )
    plan = parse(text)
    tasks, safeguards = plan.sections
    assert [(s.label, s.title) for s in tasks.sections] == [
        ("1.", "提升创造质量"),
        ("2.", "加强保护"),
    ]
    assert [m.label for m in tasks.sections[0].measures] == ["1.1", "1.2"]
    assert [(r.name, r.role) for r in tasks.sections[1].measures[0].responsibilities] == [
        ("县市场监管局", "lead"),
        ("县公安局", "participant"),
    ]
    assert [m.label for m in safeguards.measures] == ["1."]


def test_a_decimal_number_opening_a_wrapped_line_is_not_a_label() -> None:
    text = (
        "某市工作要点\n一、培育创新主体\n（一）支持企业创新。全市高新技术企业达到\n"
        "3.5万家，科技型中小企业达到5万家。（市科技局负责）\n"
    )
    plan = parse(text)
    (measure,) = plan.sections[0].measures
    assert "3.5万家" in measure.text
    assert not measure.children


def test_an_outline_heading_whose_paragraphs_lead_into_deeper_items_is_a_section() -> None:
    text = (
        "国家某应急预案\n1 组织机构和职责\n2.1 国家应急工作指挥部\n"
        "总指挥：国家发展改革委主要负责人。\n"
        "2.1.1 指挥部职责\n（1）掌握市场形势，提出启动应急措施的建议。\n"
        "（2）督查省级人民政府开展应急工作。\n"
    )
    plan = parse(text)
    (command,) = plan.sections[0].sections
    assert (command.label, command.title) == ("2.1", "国家应急工作指挥部")
    assert "总指挥" in command.text
    (duties,) = command.sections
    assert [m.label for m in duties.measures] == ["（1）", "（2）"]


def test_a_decision_over_a_list_of_conditions_is_one_measure_with_its_points() -> None:
    text = (
        "关于清理整顿社会团体的意见\n一、清理整顿的原则\n（一）从严的原则。\n"
        "登记管理机关要从严把关。\n二、清理整顿工作的主要内容\n"
        "（一）符合下列要求的社会团体予以保留。\n1.有规范的名称。\n2.有50个以上的成员。\n"
    )
    plan = parse(text)
    principles, content = plan.sections
    # Items under a chapter named for its principles are framing, not tasks.
    assert [s.title for s in principles.sections] == ["从严的原则"]
    (kept,) = content.measures
    assert kept.label == "（一）"
    assert [child.label for child in kept.children] == ["1.", "2."]


def test_a_table_of_contents_before_the_text_is_not_read_as_items() -> None:
    text = (
        "国家某应急预案\n目录\n1 总则\n1.1 编制目的\n1.2 适用范围\n2 应急保障\n2.1 粮食储备\n"
        "1 总则\n1.1 编制目的\n为了有效应对突发事件，制定本预案。\n"
        "1.2 适用范围\n本预案适用于全国。\n"
        "2 应急保障\n2.1 粮食储备\n2.1.1 优化中央储备粮布局。\n2.1.2 省级人民政府落实地方储备。\n"
    )
    plan = parse(text)
    assert [s.label for s in plan.sections] == ["1", "2"]
    (reserve,) = plan.sections[1].sections
    # Outline labels are their own path: refs read 2.1.1, not 22.12.1.1.
    assert [m.ref for m in reserve.measures] == ["2.1.1", "2.1.2"]
    listed = [u for u in plan.unplaced if u.reason.startswith("目录")]
    assert [u.text for u in listed][:2] == ["1总则", "1.1编制目的"]


def test_an_outline_sentence_over_numbered_actions_frames_them_unless_it_lists_contents():
    text = (
        "国家某应急预案\n4 应急响应\n4.2 国家级应急响应\n"
        "4.2.1 出现国家级应急状态时，指挥部向国务院请示，应当包括以下内容：\n"
        "（1）动用储备粮的品种和数量。\n（2）动用储备粮的资金安排。\n"
        "4.2.2 国务院批准后，指挥部立即进入应急工作状态，各成员单位迅速落实应急措施。\n"
        "（1）指挥部要随时掌握粮食应急状态发展情况。\n（2）中国储备粮管理总公司负责动用计划的执行。\n"
    )
    plan = parse(text)
    (response,) = plan.sections[0].sections
    (request,) = response.measures
    assert request.label == "4.2.1" and [c.label for c in request.children] == ["（1）", "（2）"]
    (actions,) = response.sections
    assert actions.label == "4.2.2"
    assert [m.label for m in actions.measures] == ["（1）", "（2）"]
