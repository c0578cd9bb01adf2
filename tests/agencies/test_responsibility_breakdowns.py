"""Provincial and city task breakdowns: the labelled and bracketed phrases they print.

Each example is a short excerpt worded the way provincial and city breakdown notices word
their 牵头单位 / 配合单位 lines; roles are what the office files them under, and the names
must resolve at the province's level (or be proposed), never be dropped.
"""

from __future__ import annotations

import pytest

from agencies.parsed import CO, LEAD, PARTICIPANT
from agencies.responsibility import parse_phrases, parse_responsibilities, read_convention
from agencies.services import AgencyDirectory
from tasks.importer import read_document
from tasks.importer.enrich import enrich
from tasks.importer.scoring import plan_measures


def roles(text: str) -> list[tuple[str, str]]:
    return [(item.role, item.name) for item in parse_responsibilities(text)]


def bodies_by_label(text: str) -> dict[str, list[tuple[str, str]]]:
    """Each item's bodies, by its printed label, as a clerk reads the document ``text``."""
    (plan,) = read_document(text.encode(), filename="方案.txt")
    return {
        m.label: [(r.name, r.role) for r in m.responsibilities] for m in plan_measures(enrich(plan))
    }


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        (
            "牵头单位：省发展改革委 配合单位：省科技厅、省财政厅",
            [(LEAD, "省发展改革委"), (CO, "省科技厅"), (CO, "省财政厅")],
        ),
        (
            "责任单位：省知识产权局（牵头），省市场监管局",
            [(LEAD, "省知识产权局"), (CO, "省市场监管局")],
        ),
        (
            "牵头部门：省发展改革委；责任部门：省科技厅、省财政厅",
            [(LEAD, "省发展改革委"), (CO, "省科技厅"), (CO, "省财政厅")],
        ),
        (
            "主要责任单位：省发展改革委、省科技厅；参与单位：省财政厅",
            [(LEAD, "省发展改革委"), (LEAD, "省科技厅"), (PARTICIPANT, "省财政厅")],
        ),
        ("责任单位：各设区市人民政府", [(LEAD, "各设区市人民政府")]),
        ("责任单位：各市、县（市、区）人民政府", [(LEAD, "各市、县（市、区）人民政府")]),
        # everyone concerned names no body: nothing is assigned (is_everyone)
        ("责任单位：市各有关部门", []),
        ("责任单位：各辖市、区人民政府", [(LEAD, "各辖市、区人民政府")]),
        # 县（市） is one level of places, then 区: every county, county-level city and district
        ("牵头单位：各县（市）、区人民政府", [(LEAD, "各县（市）、区人民政府")]),
        ("责任单位：各省、自治区、直辖市人民政府", [(LEAD, "各省、自治区、直辖市人民政府")]),
        ("各省辖市、省有关部门负责", [(LEAD, "各省辖市"), (CO, "省有关部门")]),
        (
            "省知识产权局牵头，省公安厅、南京海关等按职责分工负责",
            [(LEAD, "省知识产权局"), (CO, "省公安厅"), (CO, "南京海关")],
        ),
        (
            "省市场监管局（省知识产权局）牵头，省科技厅、省经信厅配合",
            [(LEAD, "省市场监管局"), (CO, "省科技厅"), (CO, "省经信厅")],
        ),
        (
            "省委宣传部、省法院、省检察院、团省委、省妇联、省税务局负责",
            [
                (LEAD, "省委宣传部"),
                (CO, "省法院"),
                (CO, "省检察院"),
                (CO, "团省委"),
                (CO, "省妇联"),
                (CO, "省税务局"),
            ],
        ),
        (
            "省地方金融监管局牵头，人民银行南京分行、江苏银保监局、"
            "国家金融监督管理总局江苏监管局参与",
            [
                (LEAD, "省地方金融监管局"),
                (PARTICIPANT, "人民银行南京分行"),
                (PARTICIPANT, "江苏银保监局"),
                (PARTICIPANT, "国家金融监督管理总局江苏监管局"),
            ],
        ),
        # A body named with its own province takes no distributed 省.
        ("省商务厅、浙江银保监局负责", [(LEAD, "省商务厅"), (CO, "浙江银保监局")]),
    ],
)
def test_breakdown_phrases(phrase, expected):
    assert roles(phrase) == expected


BREAKDOWN = """江苏省知识产权强省建设2024年重点任务分工方案
一、强化知识产权创造
1.实施高价值专利培育工程。
牵头单位：省知识产权局
配合单位：省科技厅、省工业和信息化厅
完成时限：2024年底
2.推进专利转化运用。牵头单位：省科技厅 配合单位：省教育厅、省财政厅
二、强化知识产权保护
3.建设知识产权保护中心。（省知识产权局牵头，省公安厅、南京海关等按职责分工负责）
4.开展执法专项行动。（责任单位：省市场监管局、省公安厅；完成时限：2023年底）
"""


def test_labelled_lines_under_an_item_and_inline_labels_are_read():
    (plan,) = read_document(BREAKDOWN.encode(), filename="分工.txt")
    plan = enrich(plan)
    found = {m.label: m for m in plan_measures(plan)}
    assert [(r.name, r.role) for r in found["1."].responsibilities] == [
        ("省知识产权局", LEAD),
        ("省科技厅", CO),
        ("省工业和信息化厅", CO),
    ]
    assert found["1."].deadline == "2024年底"
    assert [(r.name, r.role) for r in found["2."].responsibilities] == [
        ("省科技厅", LEAD),
        ("省教育厅", CO),
        ("省财政厅", CO),
    ]
    assert [(r.name, r.role) for r in found["3."].responsibilities] == [
        ("省知识产权局", LEAD),
        ("省公安厅", CO),
        ("南京海关", CO),
    ]
    assert found["4."].deadline == "2023年底"
    assert [r.name for r in found["4."].responsibilities] == ["省市场监管局", "省公安厅"]


@pytest.mark.django_db
def test_provincial_bodies_resolve_at_the_province_level(directory):
    names = [
        "省委宣传部",
        "省法院",
        "省高院",
        "省检察院",
        "团省委",
        "省妇联",
        "省税务局",
        "人民银行南京分行",
        "江苏银保监局",
        "国家金融监督管理总局江苏监管局",
    ]
    resolver = AgencyDirectory()
    for name in names:
        agency = resolver.resolve(name, level="province")
        assert agency is not None and agency.level == "province", name
    # 南京海关 is the customs district itself, found one level up as before.
    assert resolver.resolve("南京海关", level="province").short_name == "南京海关"


# --- a convention stated once governs the items after it ----------------------------


def test_a_stated_convention_says_what_the_others_are_for_the_later_items():
    convention = read_convention(
        "省知识产权局、省科技厅负责，列在首位的为牵头部门，其他为参与部门，下同"
    )
    later = parse_phrases(["省科技厅、省财政厅负责"], convention=convention)
    assert [(r.name, r.role) for r in later] == [("省科技厅", LEAD), ("省财政厅", PARTICIPANT)]


@pytest.mark.parametrize(
    "note",
    [
        "排在第一位的部门为牵头部门，下同",
        "第一个部门为牵头单位",
        "列在首位的为牵头部门",
        "排名第一的为牵头单位",
    ],
)
def test_convention_notes_are_not_bodies(note):
    assert roles(f"省知识产权局、省科技厅负责，{note}") == [
        (LEAD, "省知识产权局"),
        (CO, "省科技厅"),
    ]


CONVENTIONS = """江苏省知识产权强省建设工作要点
一、强化创造
（一）实施高价值专利培育工程。（省知识产权局、省科技厅负责，列在首位的为牵头部门，其他为参与部门，下同）
（二）推进专利导航。（省科技厅、省工业和信息化厅负责）
二、加强保护（以下各项均由省知识产权局牵头）
（三）建设保护中心。（省公安厅、南京海关负责）
三、保障措施
（四）加强组织领导。（省政府办公厅、省财政厅负责）
"""


def test_notes_govern_the_items_after_them_and_a_standing_lead_its_section():
    found = bodies_by_label(CONVENTIONS)
    assert found["（二）"] == [("省科技厅", LEAD), ("省工业和信息化厅", PARTICIPANT)]
    # 以下各项均由省知识产权局牵头: it leads, the item's own bodies are the others.
    assert found["（三）"] == [
        ("省知识产权局", LEAD),
        ("省公安厅", PARTICIPANT),
        ("南京海关", PARTICIPANT),
    ]
    # The standing lead ends with its chapter; the stated convention goes on.
    assert found["（四）"] == [("省政府办公厅", LEAD), ("省财政厅", PARTICIPANT)]


def test_a_party_department_after_with_is_a_body_not_the_verb_organise():
    text = "某市工作要点\n一、保障措施\n（一）强化考核。市市场监管局会同市委组织部将其纳入考核。\n"
    (plan,) = read_document(text.encode(), filename="要点.txt")
    (measure,) = plan_measures(enrich(plan))
    assert [(r.name, r.role) for r in measure.responsibilities] == [
        ("市市场监管局", LEAD),
        ("市委组织部", CO),
    ]


NAMED_FIRST = """某省知识产权保护行动方案
一、加强司法保护
（一）完善审判机制。省高级人民法院：推进技术调查官制度，会同省司法厅完善鉴定机制。
（二）强化刑事打击。省公安厅、省检察院：建立案件通报机制。
二、推进协同运用
本章任务由省商务厅牵头，省知识产权局、省农业农村厅配合。
（三）建立海外维权援助机制。
（四）省文化和旅游厅：推进版权示范园区建设。
三、保障措施
（五）强化督查。省委督查室、省政府督查室：将方案落实纳入年度督查。
（六）加强宣传。按年度组织宣传周活动。
"""


def test_bodies_written_before_a_colon_are_the_items_and_a_chapter_line_assigns_the_rest():
    found = bodies_by_label(NAMED_FIRST)
    # "X：" where a sentence starts: X is the item's body; the one it works with is co.
    assert found["（一）"] == [("省高级人民法院", LEAD), ("省司法厅", CO)]
    # "A、B：" marks no lead: the first listed leads, as in a bracket.
    assert found["（二）"] == [("省公安厅", LEAD), ("省检察院", CO)]
    # 本章任务由X牵头，Y、Z配合 gives every item of the chapter that names no body its bodies…
    assert found["（三）"] == [("省商务厅", LEAD), ("省知识产权局", CO), ("省农业农村厅", CO)]
    # …but an item that names its own keeps only its own.
    assert found["（四）"] == [("省文化和旅游厅", LEAD)]
    # Party and government supervision offices assigned by name; the chapter line ended.
    assert found["（五）"] == [("省委督查室", LEAD), ("省政府督查室", CO)]
    assert found["（六）"] == []


OWN_WORK_PLAN = """某市知识产权局2021年度工作计划
一、专利运用
1. 推进质押融资。联合市金融办、人民银行某市中心支行召开银企对接会。（责任处室：运用促进处）
2. 开展专项行动。商请市公安局配合，第二季度部署。（责任处室：执法处）
3. 提升专利质量。第一季度完成监测指标修订。（责任处室：专利管理处；配合处室：规划处）
4. 加强人才培养。培训企业管理人员。（责任处室：人事处；配合单位：市知识产权培训中心）
"""


def test_an_offices_own_plan_names_its_divisions_and_the_bodies_it_works_with():
    found = bodies_by_label(OWN_WORK_PLAN)
    # Its divisions are no bodies; the outside bodies the sentence works with are co.
    assert found["1."] == [("市金融办", CO), ("人民银行某市中心支行", CO)]
    assert found["2."] == [("市公安局", CO)]
    assert found["3."] == []
    # A division leads: the body listed to work with it stays co.
    assert found["4."] == [("市知识产权培训中心", CO)]


DISTRICTS = """某市关于分解落实重点任务的通知
一、目标分解
到2020年，各区专利授权量目标为：甲区100件、乙区200件。
（各区政府负责，市知识产权局指导）

二、重点任务
1. 建设集聚区。（甲区政府、乙区政府、丙区政府分别负责，市知识产权局指导）
2. 建设维权中心。（某新区管委会负责，甲区、乙区政府配合）
"""


def test_a_city_breaks_work_down_to_districts_named_one_by_one():
    found = bodies_by_label(DISTRICTS)
    # A chapter of plain paragraphs that names who is responsible is a task of its own.
    assert found["一、"] == [("各区政府", LEAD), ("市知识产权局", CO)]
    # 分别负责: each district leads its own part.
    assert found["1."] == [
        ("甲区政府", LEAD),
        ("乙区政府", LEAD),
        ("丙区政府", LEAD),
        ("市知识产权局", CO),
    ]
    # 甲区、乙区政府: the trailing 政府 is each district's.
    assert found["2."] == [("某新区管委会", LEAD), ("甲区政府", CO), ("乙区政府", CO)]


def test_the_bodies_a_phrases_lead_works_with_in_its_sentence_are_co():
    text = (
        "某市工作方案\n一、加强保护\n"
        "1. 开展专项行动。市知识产权局会同市公安局、市文广新局开展专项行动。"
        "（市知识产权局牵头，鼓楼区政府配合）\n"
        "2. 加强协作。市商务局会同市公安局建立机制。（市知识产权局负责）\n"
    )
    found = bodies_by_label(text)
    assert found["1."] == [
        ("市知识产权局", LEAD),
        ("鼓楼区政府", CO),
        ("市公安局", CO),
        ("市文广新局", CO),
    ]
    # A sentence led by another body than the phrase's is that body's business: the
    # phrase decides.
    assert found["2."] == [("市知识产权局", LEAD)]
