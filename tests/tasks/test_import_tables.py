"""Task breakdown tables of provincial and city plans, in Word and as text, become measures.

A breakdown (序号 / 重点任务 / 具体措施 / 牵头单位 / 配合单位 / 完成时限) lists the plan's
tasks; each row is a measure with its lead and co-operating bodies and its deadline. A text
export prints one row a line with tabs between cells, and a vertically merged 牵头单位 as
an empty cell ("same as above"); an empty 配合单位 is just empty.
"""

from __future__ import annotations

import docx
import openpyxl

from tasks.importer import read_document
from tasks.importer.enrich import enrich
from tasks.importer.parsed import ParsedPlan
from tasks.importer.scoring import plan_measures

from .test_docx_xlsx_readers import add_table, docx_bytes, xlsx_bytes

TEXT_TABLE = """某市知识产权保护工作方案
一、总体要求
（一）主要目标。到2025年，全市专利预审服务覆盖重点产业。
二、重点任务
重点任务及分工详见附件。
附件
重点任务分解表
序号\t重点任务\t牵头单位\t配合单位\t完成时限
1\t建设知识产权保护中心，专利预审合格率达到90%以上\t市市场监管局（市知识产权局）\t市发展改革委、市财政局\t2024年12月底前
2\t查办侵权假冒案件不少于600件\t\t市公安局\t长期坚持
3\t完善纠纷多元化解机制\t市司法局\t\t2025年12月底前
"""


def bodies(measure) -> list[tuple[str, str]]:
    return [(r.name, r.role) for r in measure.responsibilities]


def parse(data: bytes, filename: str) -> ParsedPlan:
    (plan,) = read_document(data, filename=filename)
    return enrich(plan)


def test_a_text_table_one_row_a_line_gives_one_measure_per_row() -> None:
    plan = parse(TEXT_TABLE.encode(), "plan.txt")
    rows = [m for m in plan_measures(plan) if m.label in ("1", "2", "3")]
    assert [m.text[:6] for m in rows] == ["建设知识产权", "查办侵权假冒", "完善纠纷多元"]
    assert bodies(rows[0]) == [
        ("市市场监管局", "lead"),
        ("市发展改革委", "co"),
        ("市财政局", "co"),
    ]
    # The empty 牵头单位 under a filled one is a merged cell: the lead above leads here too.
    assert bodies(rows[1]) == [("市市场监管局", "lead"), ("市公安局", "co")]
    # An empty 配合单位 means no co-operating body.
    assert bodies(rows[2]) == [("市司法局", "lead")]
    assert [(t.target_value, t.unit) for t in rows[0].targets] == [(90, "%")]
    deadlines = {row.measure_ref: row.end for row in plan.schedule}
    assert deadlines[rows[0].ref] == (2024, 12)
    assert not plan.unplaced or all("附件" not in u.reason for u in plan.unplaced)


def test_a_word_breakdown_with_tasks_and_measures_gives_a_measure_per_measure() -> None:
    document = docx.Document()
    document.add_paragraph("江苏省知识产权强省建设2024年重点任务分工方案")
    add_table(
        document,
        [
            ["序号", "重点任务", "具体措施", "牵头单位", "配合单位", "完成时限"],
            [
                "1",
                "提升创造质量",
                "实施高价值专利培育工程，新建培育中心不少于10家",
                "省知识产权局",
                "省科技厅、省工业和信息化厅",
                "2024年底",
            ],
            ["2", "提升创造质量", "开展专利导航", "省知识产权局", "", "2024年6月底前"],
            ["3", "加强保护", "建设保护中心", "省知识产权局", "省法院、南京海关", "持续推进"],
        ],
    )
    plan = parse(docx_bytes(document), "分工.docx")
    measures = plan_measures(plan)
    assert [(m.label, m.title, m.text[:6]) for m in measures] == [
        ("1", "提升创造质量", "实施高价值专"),
        ("2", "提升创造质量", "开展专利导航"),
        ("3", "加强保护", "建设保护中心"),
    ]
    assert bodies(measures[0]) == [
        ("省知识产权局", "lead"),
        ("省科技厅", "co"),
        ("省工业和信息化厅", "co"),
    ]
    assert bodies(measures[1]) == [("省知识产权局", "lead")]
    assert bodies(measures[2]) == [
        ("省知识产权局", "lead"),
        ("省法院", "co"),
        ("南京海关", "co"),
    ]
    assert [(t.target_value, t.unit, t.comparison) for t in measures[0].targets] == [
        (10, "家", "gte")
    ]


def test_a_responsibility_column_and_a_progress_column_are_read() -> None:
    document = docx.Document()
    document.add_paragraph("江苏省知识产权保护工作任务分解表")
    add_table(
        document,
        [
            ["序号", "重点任务", "具体措施", "责任单位", "时间进度"],
            [
                "1",
                "强化司法保护",
                "完善审判体系",
                "省法院牵头，省检察院、省公安厅配合",
                "2023年底前",
            ],
            [
                "2",
                "强化行政保护",
                "开展专项执法",
                "省市场监管局、省版权局按职责分工负责",
                "持续推进",
            ],
        ],
    )
    plan = parse(docx_bytes(document), "分解表.docx")
    first, second = plan_measures(plan)
    assert bodies(first) == [("省法院", "lead"), ("省检察院", "co"), ("省公安厅", "co")]
    assert bodies(second) == [("省市场监管局", "lead"), ("省版权局", "co")]
    periods = {row.measure_ref: (row.period_text, row.end) for row in plan.schedule}
    assert periods[first.ref] == ("2023年底前", (2023, 12))
    assert periods[second.ref] == ("持续推进", None)


def test_a_chapter_that_sends_its_tasks_to_the_annex_is_a_heading_not_a_task() -> None:
    # The chapters hold plain text only; 三、重点任务 says its tasks are the annex's rows, so it
    # is a heading over them, not a task of its own.
    text = (
        "某市知识产权强市建设三年行动实施方案\n一、总体要求\n　　坚持质量导向，强化保护。\n"
        "二、主要目标\n　　到2025年，全市有效发明专利达到3万件。\n"
        "三、重点任务\n　　2023年重点任务及分工见附件。各牵头单位要细化措施。\n"
        "附件\n2023年重点任务分工表\n序号\t主要任务\t牵头单位\t配合单位\t完成时限\n"
        "1\t实施高价值专利培育工程\t市市场监管局\t市科技局\t2023年12月\n"
        "2\t开展专利转化专项行动\t市科技局\t\t2023年12月\n"
    )
    plan = parse(text.encode(), "plan.txt")
    assert "重点任务" in [section.title for section in plan.sections]
    assert [m.text[:6] for m in plan_measures(plan)] == ["实施高价值专", "开展专利转化"]


def test_a_detail_referred_to_the_annex_leaves_a_plain_text_chapter_a_task() -> None:
    # "详见附件1" for a detail (coordinates), not the tasks: the chapter stays what it is.
    text = (
        "国务院关于某口岸区范围的批复\n一、口岸区范围包括查验区和相连接的桥面。\n"
        "　　查验区总用地面积为41.565公顷（具体以界址点坐标控制，详见附件1）。\n"
        "二、口岸区的土地使用权以租赁的方式取得。\n"
        "　　土地使用期限自口岸启用之日起至2047年6月30日止。\n"
    )
    plan = parse(text.encode(), "reply.txt")
    assert not plan.sections
    assert [m.ref for m in plan_measures(plan)] == ["一", "二"]


def test_a_bureaus_ledger_with_a_two_row_header_names_divisions_not_bodies() -> None:
    """责任分工 merged over 责任科室 / 责任人: the 科室 are the bureau's own divisions, read as
    a 责任处室 phrase is (not bodies of the directory); only the sentences could name bodies."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["某市市场监督管理局2025年知识产权工作任务台账"])
    sheet.append(["序号", "工作任务", "目标要求", "责任分工", None, "推进时限"])
    sheet.append([None, None, None, "责任科室", "责任人", None])
    for column in "ABCF":
        sheet.merge_cells(f"{column}2:{column}3")
    sheet.merge_cells("D2:E2")
    sheet.append(
        [1, "专利预审服务", "预审专利申请不少于800件", "知识产权保护中心、办公室", "李娜", "2025年"]
    )
    sheet.append(
        [2, "行政执法", "会同市公安局查办侵权假冒案件150件以上", "执法稽查支队", "刘洋", "全年"]
    )
    plan = parse(xlsx_bytes(book), "ledger.xlsx")
    rows = plan_measures(plan)
    assert [m.label for m in rows] == ["1", "2"]
    assert rows[0].responsibility_text == "责任科室：知识产权保护中心、办公室"
    assert bodies(rows[0]) == []
    # The sentence names one body (会同市公安局: co-responsible); 查办 is its verb, not an office.
    assert bodies(rows[1]) == [("市公安局", "co")]
