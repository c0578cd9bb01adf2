"""Where a number sits decides whether it is a target: review chapters, task headings,
lists of conditions, articles of a regulation, the paragraph before the first chapter.

Short documents written the way the real ones are; the sentence-level language is in
tests/indicators/test_target_language.py.
"""

from decimal import Decimal

from tasks.importer import read_document
from tasks.importer.enrich import enrich
from tasks.importer.scoring import plan_measures, plan_targets


def parse(text: str):
    return enrich(read_document(text.encode(), filename="plan.txt")[0])


def found(plan):
    return [(t.target_value, t.unit, t.comparison) for t in plan_targets(plan)]


def test_items_under_a_task_heading_that_names_a_foundation_keep_targets_and_bodies():
    text = (
        "浙江省人民政府办公厅关于印发2023年知识产权工作要点的通知\n浙政办发〔2023〕9号\n"
        "一、发展基础\n2022年，全省培训知识产权专业人才4000人次。\n"
        "二、重点任务\n（一）夯实知识产权发展基础\n"
        "1.加强人才队伍建设，全年培训知识产权专业人才5000人次以上。（省人力社保厅、省教育厅负责）\n"
        "2.推进公共服务网点建设。（省市场监管局负责）\n"
    )
    plan = parse(text)
    assert found(plan) == [(Decimal(5000), "人次", "gte")]
    first = plan_measures(plan)[0]
    assert [(r.name, r.role) for r in first.responsibilities] == [
        ("省人力社保厅", "lead"),
        ("省教育厅", "co"),
    ]
