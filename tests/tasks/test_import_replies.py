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
