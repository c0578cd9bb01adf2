"""A reply (函) numbers its items 一、二、…; the paragraphs under an item are its text.

Each item of a reply names a request (``一、关于水稻良种补贴问题。你省请求，…``) and the
paragraph under it says who handled it; that paragraph belongs to the item, so its bodies
do too.
"""

from __future__ import annotations

import pytest

from agencies.parsed import CO, LEAD
from tasks.importer import DocumentError, read_document
from tasks.importer.enrich import enrich
from tasks.importer.scoring import plan_measures

REPLY = """国务院办公厅关于某省所提问题办理情况的函
国办函〔2004〕99号
某省人民政府：
现将办理情况函告如下：
一、关于水稻良种补贴问题。你省请求，国家将你省纳入水稻良种补贴区域。
财政部会同农业部等有关部门研究提出了办理意见：该问题将统筹考虑。
二、关于康定机场建设问题。你省请求，国家加大支持力度。
发展改革委会同有关部门研究提出了办理意见：将予以支持。
"""


def test_a_replys_items_keep_their_paragraphs_and_the_bodies_named_there():
    (plan,) = read_document(REPLY.encode(), filename="函.txt")
    first, second = plan_measures(enrich(plan))
    assert "财政部会同农业部" in first.text
    assert [(r.name, r.role) for r in first.responsibilities] == [
        ("财政部", LEAD),
        ("农业部", CO),
        ("有关部门", CO),
    ]
    assert "发展改革委会同有关部门" in second.text
    assert not plan.unplaced or all("财政部" not in u.text for u in plan.unplaced)


NOTICE = """国务院办公厅关于某类车辆悬挂专用号牌有关事项的通知
国办发〔2018〕999号
各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
根据有关规定，现就有关事项通知如下：
一、专用号牌的核发范围和管理
符合规定的车辆悬挂专用号牌。应急部为专用号牌的核发主管单位。
二、悬挂专用号牌车辆的政策保障
对悬挂专用号牌的车辆免征车辆购置税。应急部负责制定保险办法。
附件1.专用号牌式样
2.车辆涂装样图
国务院办公厅
2018年12月1日
附件1.
专用号牌式样
"""


def test_a_notice_whose_chapters_all_hold_plain_text_has_a_task_per_chapter():
    (plan,) = read_document(NOTICE.encode(), filename="通知.txt")
    plan = enrich(plan)
    assert not plan.sections
    assert [(m.label, m.title) for m in plan_measures(plan)] == [
        ("一、", "专用号牌的核发范围和管理"),
        ("二、", "悬挂专用号牌车辆的政策保障"),
    ]
    assert "应急部负责制定保险办法" in plan_measures(plan)[1].text
    # The list of attachments is not an item numbered 2.
    assert all(m.label != "2." for m in plan_measures(plan))


def test_a_flat_chapter_beside_chapters_with_numbered_items_stays_a_chapter():
    text = (
        "某省工作要点\n一、工作回顾\n去年全省专利授权量稳步增长。\n"
        "二、重点任务\n（一）实施专利提质工程。（省知识产权局负责）\n"
    )
    (plan,) = read_document(text.encode(), filename="要点.txt")
    assert [(s.label, s.title) for s in plan.sections] == [
        ("一、", "工作回顾"),
        ("二、", "重点任务"),
    ]


def test_a_flat_chapter_whose_heading_says_what_to_do_is_a_task_among_numbered_ones():
    text = (
        "国务院办公厅关于抓好某项政策落实的通知\n一、充分认识政策的重要意义\n统一思想认识。\n"
        "二、制定政策落实的配套制度和具体实施办法\n各部门要在2019年2月底前制定办法。\n"
        "三、实施方法\n以项目方式实施。\n"
        "四、深入推进下放管理权限工作\n（一）推动预算调剂权落实到位。科技部负责。\n"
    )
    (plan,) = read_document(text.encode(), filename="通知.txt")
    assert [m.label for m in plan_measures(plan)] == ["二、", "（一）"]
    assert [s.label for s in plan.sections] == ["一、", "三、", "四、"]


def test_a_one_paragraph_safeguards_chapter_is_a_task_with_the_body_it_names():
    # 四、保障措施 over one paragraph says who supervises and who funds: work to report on,
    # like the numbered items of such a chapter elsewhere; 指导思想 over text stays framing.
    text = (
        "某市知识产权工作方案\n一、指导思想\n深入实施知识产权战略。\n二、主要任务\n"
        "1.实施商标品牌战略。（责任单位：市工商局）\n三、保障措施\n"
        "领导小组各成员单位要按职责分工抓好落实，市知识产权局负责跟踪督查。\n"
    )
    plan = enrich(read_document(text.encode(), filename="方案.txt", level="city")[0])
    measures = {m.label: m for m in plan_measures(plan)}
    assert sorted(measures) == ["1.", "三、"]
    bodies = [(r.name, r.role) for r in measures["三、"].responsibilities]
    assert bodies == [("市知识产权局", "lead")]
    assert [s.label for s in plan.sections] == ["一、", "二、"]


# A reply that passes on a ministry's report: the reply itself numbers nothing; the report's
# chapters of facts are sections (their figures are the present, not goals), and its
# recommendation is the one task, for the body it names. A second annex does not run on
# into the report's last chapter.
REPORT_REPLY = """国务院办公厅关于昭通县地质险情有关问题的复函
国办函〔2004〕98号
云南省人民政府：
你省请示收悉。经国务院领导同志同意，现将自然资源部的有关意见转复你省。
附件：1.自然资源部关于昭通县地质险情调研情况的报告
2.昭通县地质险情专家组意见
国务院办公厅
二〇〇四年十一月四日
附件1
关于昭通县地质险情调研情况的报告
国务院：
我部组织专家组赴现场进行了调查，现将有关情况报告如下：
一、基本情况
某村共有320户1100人，其中房屋开裂的85户。
二、险情成因分析
专家组认为，险情与水库蓄水有关，监测到振动事件300次。
三、处理情况
昭通县人民政府已将危险区内的40户居民搬迁。
四、建议意见
建议云南省人民政府按照专家组意见，做好长期监测工作。
自然资源部
二〇〇四年十月十日
附件2
昭通县地质险情专家组意见
云南省地震局于2003年设立了监测站，共记录到振动事件300次。
"""


def test_a_reply_passing_on_a_report_reads_its_chapters_and_its_recommendation():
    (plan,) = read_document(REPORT_REPLY.encode(), filename="复函.txt")
    plan = enrich(plan)
    assert [(s.label, s.title) for s in plan.sections] == [
        ("一、", "基本情况"),
        ("二、", "险情成因分析"),
        ("三、", "处理情况"),
    ]
    (recommendation,) = plan_measures(plan)
    assert recommendation.title == "建议意见"
    assert "地震局" not in recommendation.text
    assert [(r.name, r.role) for r in recommendation.responsibilities] == [("云南省人民政府", LEAD)]
    # 320户1100人, 85户, 40户: what is, not what the plan promises.
    assert not plan.targets
    assert not any(s.targets for s in plan.sections)


def test_a_commendation_listing_practices_in_its_annex_is_still_not_a_plan():
    text = (
        "国务院办公厅关于对某次督查发现的典型经验做法给予表扬的通报\n国办发〔2018〕998号\n"
        "各省、自治区、直辖市人民政府：\n对某市推进改革等3项典型经验做法予以通报表扬。\n"
        "附件：某次督查发现的典型经验做法\n国务院办公厅\n2018年11月19日\n附件\n"
        "某次督查发现的典型经验做法\n1.某市大力推进工作许可制度改革。\n"
        "2.某区推进医联体建设。\n3.某县深化公立医院综合改革。\n"
    )
    with pytest.raises(DocumentError):
        read_document(text.encode(), filename="通报.txt")


def test_a_chapter_after_a_framing_subsection_is_not_framing_itself():
    # （二）基本原则 frames chapter 一 only; 二、明确工作职责 says what to do.
    text = (
        "国务院办公厅关于推进某项工作的意见\n一、总体要求\n（一）指导思想。坚持正确方向。\n"
        "（二）基本原则。\n1.坚持需求引领。\n2.坚持创新发展。\n"
        "二、明确工作职责\n国务院办公厅是全国该项工作的主管单位。\n"
        "三、加强功能建设\n（一）推进政务公开。积极运用新媒体。\n"
    )
    (plan,) = read_document(text.encode(), filename="意见.txt")
    assert "二、" in [m.label for m in plan_measures(plan)]


def test_an_annex_of_numbered_tasks_each_with_its_bodies_line_is_the_plans_breakdown():
    # A notice with chapters of its own hands out its tasks in an annex 重点任务分工 printed
    # as paragraphs: 1.… then a line 负责单位：…; group headings 一、… over them.
    text = (
        "国家知识产权局办公室关于做好某项工作的通知\n国知办发运字〔2020〕99号\n"
        "局机关各部门，局直属各单位：\n一、总体要求\n推动重点城市形成运营服务体系。\n"
        "二、工作要求\n（一）加强组织实施。局机关各部门要按照附件分工，制定具体落实措施。\n"
        "附件：重点任务分工\n国家知识产权局办公室\n2020年4月8日\n附件\n重点任务分工\n"
        "一、完善知识产权运营平台体系\n1.推动运营平台互联互通，实现交易信息共享。\n"
        "负责单位：知识产权运用促进司牵头，公共服务司配合\n"
        "2.推进交易规则和服务标准建设。\n负责单位：条法司、知识产权运用促进司\n"
        "二、促进知识产权转移转化\n3.推行专利开放许可试点。\n负责单位：条法司\n"
    )
    (plan,) = read_document(text.encode(), filename="通知.txt")
    plan = enrich(plan)
    annexed = [
        s for s in plan.sections if s.title in ("完善知识产权运营平台体系", "促进知识产权转移转化")
    ]
    assert [[m.label for m in s.measures] for s in annexed] == [["1.", "2."], ["3."]]
    first, second = annexed[0].measures
    assert first.ref.startswith("附件")  # apart from the text's own refs
    assert [(r.name, r.role) for r in first.responsibilities] == [
        ("知识产权运用促进司", LEAD),
        ("公共服务司", CO),
    ]
    assert [(r.name, r.role) for r in second.responsibilities] == [
        ("条法司", LEAD),
        ("知识产权运用促进司", CO),
    ]
    # The text's own task is still there.
    assert "加强组织实施" in [m.title for m in plan_measures(plan)]


def test_an_annex_of_numbered_points_that_name_no_bodies_stays_outside_the_plan():
    # An annex of a plan with its own items that lists no one's work (a form's notes, a
    # list of criteria) is not read as tasks.
    text = (
        "某市知识产权局关于开展某项评选的通知\n一、评选范围\n（一）加强组织。市知识产权局负责评选。\n"
        "附件\n申报表填写说明\n1.企业名称填写全称。\n2.联系人填写经办人。\n"
    )
    (plan,) = read_document(text.encode(), filename="通知.txt", level="city")
    assert [m.title for m in plan_measures(plan)] == ["加强组织"]
