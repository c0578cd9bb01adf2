"""A reply (函) numbers its items 一、二、…; the paragraphs under an item are its text.

Each item of a reply names a request (``一、关于水稻良种补贴问题。你省请求，…``) and the
paragraph under it says who handled it; that paragraph belongs to the item, so its bodies
do too.
"""

from __future__ import annotations

from agencies.parsed import CO, LEAD
from tasks.importer import read_document
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
