"""Bodies named in the sentences of an item, read as a clerk reads State Council documents.

The excerpts are worded as 国办发〔2018〕127号, 国办函〔2004〕57号 and 71号, 国办函〔2005〕57号,
国办发〔2019〕3号, 国办发〔2018〕118号, 国函〔2006〕132号 and provincial work points word them.
"""

import pytest

from agencies.parsed import CO, LEAD, PARTICIPANT, ParsedResponsibility
from agencies.sentences import (
    heading_bodies,
    is_named_body,
    office_hosts,
    read_sentences,
    transmitted_author,
)
from tasks.importer import parse_text
from tasks.importer.enrich import enrich
from tasks.importer.scoring import plan_measures


def roles(text: str) -> list[tuple[str, str]]:
    return [(item.role, item.name) for item in read_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 请X…: the body asked to act.
        (
            "明确科技成果作为国有资产的管理程序。请财政部落实《中华人民共和国促进科技成果转化法》，"
            "提出对《国有资产评估管理办法》的修订建议。",
            [(LEAD, "财政部")],
        ),
        (
            "请人力资源社会保障部会同有关部门按照有关精神，制定出台具体操作办法。",
            [(LEAD, "人力资源社会保障部"), (CO, "有关部门")],
        ),
        (
            "项目管理专业机构不再承担有关事项，请科技部、工业和信息化部、农业农村部、卫生健康委"
            "等部门在2019年2月底前完成。",
            [(LEAD, "科技部"), (CO, "工业和信息化部"), (CO, "农业农村部"), (CO, "卫生健康委")],
        ),
        # A会同B…研究提出, with or without 由; bodies named later in the item are co.
        (
            "发展改革委会同水利部研究提出了办理意见：发展改革委将适时启动项目审核程序。"
            "水利部也表示将积极配合发展改革委等有关部门做好该项目的立项工作。",
            [(LEAD, "发展改革委"), (CO, "水利部")],
        ),
        (
            "发展改革委、农业部会同财政部等有关部门研究提出了办理意见：农业部也表示将继续支持。",
            [(LEAD, "发展改革委"), (LEAD, "农业部"), (CO, "财政部"), (CO, "有关部门")],
        ),
        (
            "对应急动用的中央储备粮占用的贷款，由中国农业发展银行会同中国储备粮管理总公司"
            "及时清算、收回贷款。",
            [(LEAD, "中国农业发展银行"), (CO, "中国储备粮管理总公司")],
        ),
        (
            "扶贫办已会同交通部、水利部、林业局等部门赴广安市水淹区进行了实地调查。",
            [(LEAD, "扶贫办"), (CO, "交通部"), (CO, "水利部"), (CO, "林业局")],
        ),
        (
            "财政部会同国务院有关部门（单位），对应急动用中央储备粮发生的价差进行审核。",
            [(LEAD, "财政部"), (CO, "国务院有关部门")],
        ),
        # A later 会同 whose subject is the one named before: the bodies after it are co.
        (
            "环保总局会同发展改革委、水利部等部门研究提出了办理意见：目前，环保总局正在对规划"
            "进行修订，同时将会同发展改革委、财政部、建设部等有关部门认真研究你省的方案。",
            [
                (LEAD, "环保总局"),
                (CO, "发展改革委"),
                (CO, "水利部"),
                (CO, "财政部"),
                (CO, "建设部"),
                (CO, "有关部门"),
            ],
        ),
        # X负责…, X、Y要…, A及B负责, X和Y共同…
        ("公安部负责维护粮食供应场所的治安秩序。", [(LEAD, "公安部")]),
        (
            "国家发展改革委及国家粮食局负责应急工作的综合协调；国家发展改革委负责加强价格监督。",
            [(LEAD, "国家发展改革委"), (CO, "国家粮食局")],
        ),
        (
            "科技部、财政部等有关部门要加强对党中央、国务院出台文件的宣传解读。",
            [(LEAD, "科技部"), (CO, "财政部"), (CO, "有关部门")],
        ),
        (
            "科技部、财政部和相关科技项目管理部门要按照有关精神，分别修订相关管理办法。",
            [(LEAD, "科技部"), (CO, "财政部")],
        ),
        ("林业局和财政部共同研究天保工程的后续政策。", [(LEAD, "林业局"), (CO, "财政部")]),
        (
            "各地区、各部门要加强督查。国务院办公厅要适时开展督促检查。",
            [(LEAD, "国务院办公厅")],
        ),
        (
            "西藏自治区人民政府要按照规定，负责提供学生的各项学习和生活费用。",
            [(LEAD, "西藏自治区人民政府")],
        ),
        # 会同B核定…: B checks with the subject; 报X审定 only sends it to X.
        (
            "县科技局会同县知识产权局核定高新技术企业知识产权情况。",
            [(LEAD, "县科技局"), (CO, "县知识产权局")],
        ),
        ("考核结果报县政府审定后通报。", []),
        # 由X…: inside a clause too.
        ("本预案由国务院办公厅负责解释。", [(LEAD, "国务院办公厅")]),
        ("其中具体比例由西藏自治区人民政府研究确定。", [(LEAD, "西藏自治区人民政府")]),
        (
            "建议今年适当时候，由国务院组织有关部门，对部分城市抗震设防工作进行一次检查。",
            [(LEAD, "国务院"), (CO, "有关部门")],
        ),
        (
            "土地使用权，由香港特别行政区政府同广东省深圳市人民政府签订国有土地租赁合同。",
            [(LEAD, "香港特别行政区政府"), (CO, "广东省深圳市人民政府")],
        ),
        ("由国家发展改革委商财政部提出动用方案。", [(LEAD, "国家发展改革委"), (CO, "财政部")]),
        # X牵头，Y、Z配合; X指导Y.
        (
            "省商务厅牵头，省市场监管局、杭州海关配合，开展海外维权。",
            [(LEAD, "省商务厅"), (CO, "省市场监管局"), (CO, "杭州海关")],
        ),
        ("公安部指导交通运输部开展路面管控。", [(LEAD, "公安部"), (CO, "交通运输部")]),
        # The bodies an office sits in; the members of a working group participate.
        (
            "成立治理工作小组，成员由教育部、住房城乡建设部、发展改革委、民政部、自然资源部等"
            "部门负责同志组成。治理工作联合办公室设在教育部、住房城乡建设部。",
            [
                (PARTICIPANT, "发展改革委"),
                (PARTICIPANT, "民政部"),
                (PARTICIPANT, "自然资源部"),
                (LEAD, "教育部"),
                (CO, "住房城乡建设部"),
            ],
        ),
        (
            "专班办公室设在市市场监管局（市知识产权局），负责统筹协调和督促推进。",
            [(LEAD, "市市场监管局")],
        ),
        # The office of a body the item names is that body.
        (
            "国家粮食应急工作指挥部必须在接到报告后立即上报。"
            "国家粮食应急工作指挥部办公室必须24小时值班，及时记录并反映有关情况。",
            [(LEAD, "国家粮食应急工作指挥部")],
        ),
        # A heading sentence first, then the subject.
        (
            "加强统筹协调。省知识产权工作领导小组办公室要加强对各项任务的统筹调度。",
            [(LEAD, "省知识产权工作领导小组办公室")],
        ),
        ("强化经费保障。市财政局对通过评审的专业市场给予补助。", [(LEAD, "市财政局")]),
        ("国家卫生健康委于2019年12月底前完成国家监测指标分析。", [(LEAD, "国家卫生健康委")]),
        # 报请X…，经…批准后，按职责分工…: the bodies asked act, each by its duties; the
        # alternatives that ask (A或B) do not. Without 按职责分工 the one asked approves.
        (
            "当市场可能出现供不应求时，可由中国储备粮管理总公司或省级人民政府有关部门报请"
            "国家发展改革委及国家粮食局、商务部，经请示国务院批准后，按职责分工迅速组织进口。",
            [(LEAD, "国家发展改革委"), (CO, "国家粮食局"), (CO, "商务部")],
        ),
        ("由财政部报请国务院批准后实施。", [(LEAD, "财政部")]),
        # 建议X…: a report's recommendation names the body it asks to act, as 请X… does.
        (
            "建议湖南省人民政府按照专家组意见，做好长期监测工作。",
            [(LEAD, "湖南省人民政府")],
        ),
        # An adverb before the action.
        (
            "接到紧急报告后，国家粮食应急工作指挥部立即组织有关人员迅速掌握分析有关情况。",
            [(LEAD, "国家粮食应急工作指挥部")],
        ),
        # How often the body acts, before the action.
        ("县财政局每年统筹安排知识产权专项资金。", [(LEAD, "县财政局")]),
        # The body helped leads; the one that helps (配合, 协助) is co.
        (
            "省知识产权局配合省法院推进知识产权审判“三合一”改革。",
            [(LEAD, "省法院"), (CO, "省知识产权局")],
        ),
        ("商务部协助国家粮食局做好粮食进口工作。", [(LEAD, "国家粮食局"), (PARTICIPANT, "商务部")]),
        # Every body after 会同, up to the verb (抓好 as 做好): not only the first.
        (
            "商务部会同知识产权局、司法部抓好落实。",
            [(LEAD, "商务部"), (CO, "知识产权局"), (CO, "司法部")],
        ),
    ],
)
def test_bodies_named_in_sentences(text, expected):
    assert roles(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # General addressees and categories are not bodies.
        "各地区、各部门要加强对科研单位的业务指导和督查。",
        "地方各级人民政府要认真制定治理工作方案。",
        "各级人民政府要加强防震减灾工作的领导。",
        "请各省、自治区、直辖市人民政府认真贯彻落实。",
        "国务院有关部门要加强对本系统全面推行“三项制度”工作的指导。",
        "有关部门要按规定对移交的幼儿园办理土地、园舍移交及资产登记手续。",
        "省级人民政府要分类制定行政执法机关执法装备配备标准。",
        "行政执法机关要统筹推进行政执法事前公开。",
        "教育行政部门要参与小区配套幼儿园规划、建设、验收、移交等各个环节的工作。",
        "应当由教育行政部门办成公办园或委托办成普惠性民办园。",
        "具体操作办法，由国务院税务主管部门另行制定。",
        "试点城市政府要加大各级财政资金统筹整合力度。",
        "鼓励地方政府统筹运用相关政策。",
        "行业协会要积极配合政府，为培训评价组织提供好服务环境支持。",
        "其他有关部门在指挥部的统一领导下，做好相关配合工作。",
        "加强协调，会同你省积极推进该项目前期工作。",
        # Bodies named only as objects, or as alternatives, are not responsible.
        "将清理整顿情况报国务院，并向财政部报告。",
        "可由中国储备粮管理总公司或省级人民政府有关部门报请国务院批准。",
        "国务院领导已经批复同意了证监会呈报的有关请示。",
        "经国务院批准后实施。",
        "由于目前我国原油、成品油市场开放程度仍较低，近期条件还不成熟。",
        "成立由市政府分管副市长任组长的工作专班。",
        # Titles of documents name no one.
        "国家计委、财政部《关于建立健全防震减灾计划体制的报告》已经国务院同意。",
    ],
)
def test_addressees_objects_and_categories_are_not_bodies(text):
    assert read_sentences(text) == []


@pytest.mark.parametrize(
    ("name", "named"),
    [
        ("国务院新闻办", True),
        ("中国储备粮管理总公司", True),
        ("人民银行杭州中心支行", True),
        ("省地方金融监管局", True),
        ("西藏自治区人民政府", True),
        ("有关部门", False),
        ("地方各级人民政府", False),
        ("领导干部", False),
        ("全社会", False),
        ("总理签署", False),
        ("试点城市政府", False),
        ("商业银行", False),
        ("海关", False),
        ("农民合作社", False),
        ("园区管委会", False),
        ("苏州工业园区管委会", True),
        ("业主委员会", False),
        ("南京海关", True),
        # A ministry's own departments and its research centre (国家知识产权局's notices).
        ("知识产权运用促进司", True),
        ("财政部经济建设司", True),
        ("知识产权发展研究中心", True),
        ("中国第一重型机械集团公司", False),
    ],
)
def test_what_names_a_body(name, named):
    assert is_named_body(name) is named


def test_an_item_with_a_bracketed_phrase_keeps_only_that_phrase():
    text = (
        "关于印发工作要点的通知\n一、重点任务\n"
        "1.推进专利转化运用。科技部要加强指导。（教育部、财政部负责）\n"
        "2.做好培训宣传工作。科技部、财政部等有关部门要加强宣传解读。\n"
    )
    plan = enrich(parse_text(text, source_name="points.txt", level="national")[0])
    found = [[(r.role, r.name) for r in m.responsibilities] for m in plan_measures(plan)]
    assert found == [
        [(LEAD, "教育部"), (CO, "财政部")],
        [(LEAD, "科技部"), (CO, "财政部"), (CO, "有关部门")],
    ]


@pytest.mark.parametrize(
    ("title", "text", "expected"),
    [
        ("", "国家粮食应急工作指挥部职责", [(LEAD, "国家粮食应急工作指挥部")]),
        ("", "国家粮食应急工作指挥部办公室及其职责", [(LEAD, "国家粮食应急工作指挥部办公室")]),
        # The members' duties: each item names its own body.
        ("", "国家粮食应急工作指挥部成员单位职责", []),
        (
            "关于辽宁电力建设项目问题",
            "关于辽宁电力建设项目问题。你省请求国家加大支持力度。\n发展改革委提出了以下意见：",
            [(LEAD, "发展改革委")],
        ),
        (
            "办理意见",
            "证监会、发展改革委提出了以下意见：",
            [(LEAD, "证监会"), (CO, "发展改革委")],
        ),
        ("", "由省财政厅负责以下工作：", [(LEAD, "省财政厅")]),
        ("", "各地区、各部门要做好以下工作：", []),
    ],
)
def test_headings_that_give_their_items_a_body(title, text, expected):
    assert [(r.role, r.name) for r in heading_bodies(title, text)] == expected


def test_items_under_a_duties_heading_or_lead_in_inherit_its_bodies():
    text = (
        "国家粮食应急预案\n1 组织机构和职责\n"
        "国家粮食应急工作指挥部下设办公室，负责日常工作。办公室设在国家粮食局，"
        "由国家粮食局主要负责人兼任办公室主任。\n"
        "1.1 国家粮食应急工作指挥部职责\n"
        "（1）掌握粮食市场形势，向国务院提出启动应急措施的建议。\n"
        "1.2 国家粮食应急工作指挥部办公室及其职责\n"
        "（1）综合有关情况，起草有关文件和简报。\n"
        "1.3 国家粮食应急工作指挥部成员单位职责\n"
        "（1）公安部负责维护粮食供应场所的治安秩序。\n"
        "（2）其他有关部门在指挥部的统一领导下，做好相关配合工作。\n"
        "2 办理意见\n"
        "证监会、发展改革委提出了以下意见：\n"
        "（1）近期增设主要石油期货品种的条件还不成熟。\n"
    )
    plan = enrich(parse_text(text, source_name="plan.txt", level="national")[0])
    found = {
        m.text[:6]: [(r.role, r.name) for r in m.responsibilities] for m in plan_measures(plan)
    }
    assert found["掌握粮食市场"] == [(LEAD, "国家粮食应急工作指挥部")]
    # The office's duties are its host's: 办公室设在国家粮食局.
    assert found["综合有关情况"] == [(LEAD, "国家粮食局")]
    assert found["公安部负责维"] == [(LEAD, "公安部")]
    assert found["其他有关部门"] == []
    assert found["近期增设主要"] == [(LEAD, "证监会"), (CO, "发展改革委")]


def test_office_hosts():
    text = "国家粮食应急工作指挥部下设办公室，负责日常工作。办公室设在国家粮食局，由局长兼任主任。"
    assert office_hosts(text) == {"国家粮食应急工作指挥部办公室": "国家粮食局"}
    assert office_hosts("专班办公室设在市市场监管局。") == {}


def test_the_author_of_a_transmitted_report_is_its_we():
    author = transmitted_author("国务院办公厅转发国家地震局关于加强防震减灾工作意见报告的通知")
    assert author == "国家地震局"
    text = "要进一步加强防震减灾宣传教育。我局将尽快向各地、各部门提供宣传教育大纲和科普材料。"
    assert [(r.role, r.name) for r in read_sentences(text, author=author)] == [(LEAD, "国家地震局")]
    # Several authors: no one is 我.
    assert transmitted_author("国务院办公厅转发国家教委等部门关于加强教育援藏工作请示的通知") == ""
    assert read_sentences(text) == []


def _sentence_bodies(document: str) -> dict[str, list[tuple[str, str, bool]]]:
    (plan,) = parse_text(document, source_name="计划.txt")
    return {
        m.label: [(r.role, r.name, r.is_group) for r in m.responsibilities]
        for m in plan_measures(enrich(plan))
    }


# A city plan whose brackets assign work to 各县级市（区）人民政府 as one group.
CITY_PLAN = """某市知识产权强市建设三年行动计划
一、重点任务
1.实施高价值专利培育工程。每年新建培育中心8个。（责任单位：市知识产权局、市科技局，各县级市（区）人民政府）
2.实施专利转化专项行动。市科技局要会同市教育局建立存量专利盘活台账，各县级市（区）人民政府负责组织本地区中小企业对接。
3.优化营商环境。各地各部门要高度重视，市财政局负责落实资金。
"""


def test_a_general_addressee_the_plans_phrases_assign_is_that_group_in_a_sentence():
    bodies = _sentence_bodies(CITY_PLAN)
    # The phrase of item 1 keeps the group, as every phrase does.
    assert (CO, "各县级市（区）人民政府", True) in bodies["1."]
    # Named as a subject later, it is the same group: one more body of the item, co.
    assert bodies["2."] == [
        (LEAD, "市科技局", False),
        (CO, "市教育局", False),
        (CO, "各县级市（区）人民政府", True),
    ]
    # 各地各部门 is no phrase's group: an addressee, not a body.
    assert bodies["3."] == [(LEAD, "市财政局", False)]


def test_a_general_addressee_no_phrase_assigns_stays_unread_in_a_sentence():
    plan = CITY_PLAN.replace("，各县级市（区）人民政府）", "）")
    assert _sentence_bodies(plan)["2."] == [(LEAD, "市科技局", False), (CO, "市教育局", False)]
    assert read_sentences("各设区市要建立工作机制，省知识产权局加强指导。") == [
        ParsedResponsibility(name="省知识产权局", role=LEAD, written="省知识产权局")
    ]


def test_a_ministrys_departments_lead_and_take_part_in_its_notice():
    assert roles(
        "由知识产权运用促进司牵头，战略规划司、知识产权发展研究中心参与，建立季度调度制度。"
    ) == [
        (LEAD, "知识产权运用促进司"),
        (PARTICIPANT, "战略规划司"),
        (PARTICIPANT, "知识产权发展研究中心"),
    ]
    assert roles("知识产权运用促进司会同财政部经济建设司组织专家开展竞争性评审。") == [
        (LEAD, "知识产权运用促进司"),
        (CO, "财政部经济建设司"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a notice adjusting a plan's division of work: only the new assignment counts
        (
            "原由省工商局牵头的第3项“实施商标品牌战略”，调整为由省市场监管局牵头，省商务厅配合。",
            [(LEAD, "省市场监管局"), (CO, "省商务厅")],
        ),
        (
            "原由省食品药品监管局负责的第18项“加强保护”，调整为由省药监局负责。",
            [(LEAD, "省药监局")],
        ),
        ("第24项“建设保护中心”，增加省委编办为配合单位。", [(CO, "省委编办")]),
        (
            "第26项“开展质押融资”，牵头单位调整为省地方金融监管局，原牵头单位省知识产权局改为配合单位。",
            [(LEAD, "省地方金融监管局"), (CO, "省知识产权局")],
        ),
    ],
)
def test_an_adjusted_division_records_the_new_assignment_only(text, expected):
    assert sorted(roles(text)) == sorted(expected)


def test_bodies_after_huitong_stand_before_any_verb_of_the_joint_work():
    # 打击 and 建设 are not among the words a subject is followed by; after 会同 the bodies
    # named are the partners whatever the verb.
    assert [
        (r.name, r.role)
        for r in read_sentences("省知识产权局会同省市场监督管理局打击恶意抢注行为。")
    ] == [("省知识产权局", "lead"), ("省市场监督管理局", "co")]
    assert [
        (r.name, r.role)
        for r in read_sentences("省司法厅会同省知识产权局、省高级人民法院建设人民调解组织。")
    ] == [("省司法厅", "lead"), ("省知识产权局", "co"), ("省高级人民法院", "co")]
