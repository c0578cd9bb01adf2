"""Deadlines as documents print them become schedule rows: an end, a period, a start, or
ongoing work that keeps its words and has no dates."""

import pytest

from tasks.importer import read_document
from tasks.importer.periods import PeriodError, parse_deadline


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # due by the end of a month, a quarter, a year
        ("2019年12月底前", (None, (2019, 12))),
        ("2023年6月底前", (None, (2023, 6))),
        ("2023年6月30日前", (None, (2023, 6))),
        ("2023年12月31日前完成", (None, (2023, 12))),
        ("2024年年底前", (None, (2024, 12))),
        ("2020年前", (None, (2020, 12))),
        ("2023年第一季度前", (None, (2023, 3))),
        ("2023年三季度末", (None, (2023, 9))),
        # the plan's year when the text names none
        ("年底前", (None, (2023, 12))),
        ("今年年底前", (None, (2023, 12))),
        ("明年6月底前", (None, (2024, 6))),
        ("本年度内", (None, (2023, 12))),
        # periods
        ("2024—2025年", ((2024, 1), (2025, 12))),
        ("2023年第三季度", ((2023, 7), (2023, 9))),
        ("2023年上半年", ((2023, 1), (2023, 6))),
        # a start only
        ("2023年起", ((2023, 1), None)),
        ("自2024年3月1日起施行", ((2024, 3), None)),
        # ongoing work: no dates, not an error
        ("长期坚持", (None, None)),
        ("持续推进", (None, None)),
        ("每年", (None, None)),
        ("每季度", (None, None)),
        ("立即", (None, None)),
    ],
)
def test_deadlines_as_printed(text, expected):
    assert parse_deadline(text, year=2023) == expected


@pytest.mark.parametrize("text", ["近期", "2016年13月", "今年年底前"])
def test_an_unreadable_deadline_says_why_in_chinese(text):
    with pytest.raises(PeriodError, match="时间"):
        parse_deadline(text, year=None if text.startswith("今年") else 2023)


def test_an_items_deadline_label_becomes_its_schedule_row():
    text = (
        "浙江省人民政府办公厅关于印发2023年某项工作要点的通知\n浙政办发〔2023〕8号\n"
        "一、重点任务\n"
        "1.建设服务中心。（牵头单位：省科技厅；完成时限：2023年6月30日前）\n"
        "2.推广示范经验。（牵头单位：省商务厅；完成时限：今年年底前）\n"
        "3.开展专项行动。（牵头单位：省公安厅；完成时限：每季度）\n"
    ).encode()
    [plan] = read_document(text, filename="points.txt")
    rows = [(row.period_text, row.start, row.end) for row in plan.schedule]
    assert rows == [
        ("2023年6月30日前", None, (2023, 6)),
        ("今年年底前", None, (2023, 12)),
        ("每季度", None, None),
    ]
    assert not plan.warnings


def test_deadlines_written_in_an_items_sentences_become_its_schedule_rows():
    text = (
        "国务院办公厅关于开展某项专项治理的通知\n国办发〔2019〕3号\n"
        "一、工作任务\n"
        "（一）摸底排查。各地全面摸底排查，该项工作于2019年4月底前完成。\n"
        "（二）全面整改。对于已经建成的，原则上于2019年6月底前完成移交；"
        "需要新建的，2020年12月底前完成竣工验收。\n"
        "（三）建立长效机制。2020年起，每年2月底前各省份完成考核，3月底前报送结果。\n"
        "（四）总结经验。有关部门已于2018年底前完成评估。\n"
    ).encode()
    [plan] = read_document(text, filename="notice.txt")
    rows = [(row.measure_ref, row.period_text, row.end) for row in plan.schedule]
    assert rows == [
        ("（一）", "2019年4月底前", (2019, 4)),
        ("（二）", "2019年6月底前", (2019, 6)),
        ("（二）", "2020年12月底前", (2020, 12)),
    ]  # recurring deadlines and a report of what was done make no row
    assert plan.schedule[0].action == "各地全面摸底排查，该项工作于2019年4月底前完成"


def test_a_table_cell_without_a_year_takes_the_plans_year():
    text = (
        "温州市人民政府办公室关于印发2024年某项工作要点的通知\n温政办〔2024〕9号\n"
        "一、重点任务\n详见附件。\n附件\n重点任务分解表\n"
        "序号\t重点任务\t牵头单位\t完成时限\n"
        "1\t建设知识产权保护中心\t市市场监管局\t年底前\n"
        "2\t开展专项行动\t市公安局\t6月底前\n"
    ).encode()
    [plan] = read_document(text, filename="points.txt")
    assert [(row.period_text, row.end) for row in plan.schedule] == [
        ("年底前", (2024, 12)),
        ("6月底前", (2024, 6)),
    ]
    assert not any("时间缺少年份" in warning for warning in plan.warnings)
