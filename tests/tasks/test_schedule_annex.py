"""Schedules: periods, the 2016 pilot's annex table and Tongzhou's 时序进度 steps.

The annex rows were counted by reading the table at the end of the pilot: 26 rows
(2 试点启动, 7 试点推进, 1 阶段总结, 14 重点推进, 2 总结验收).
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tasks.importer.annex import parse_annex
from tasks.importer.parsed import ParsedPlan
from tasks.importer.periods import PeriodError, parse_period
from tasks.importer.schedule import align_short_row, column_roles
from tasks.importer.structure import Line
from tasks.importer.text_reader import parse_text

DOCUMENTS = Path(__file__).resolve().parents[2] / "fixtures" / "documents"
PILOT = "2016-jiangsu-ip-regional-layout-pilot.txt"
TONGZHOU = "2022-tongzhou-ip-strong-county-work-plan.txt"


def parse(name: str) -> ParsedPlan:
    return parse_text((DOCUMENTS / name).read_text(encoding="utf-8"), source_name=name)[0]


# --- periods -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2016年2月", (2016, 2), (2016, 2)),
        ("2016年2-5月", (2016, 2), (2016, 5)),
        ("2016年\n2-5月", (2016, 2), (2016, 5)),
        ("2016年5月-2017年10月", (2016, 5), (2017, 10)),
        ("2016年5月\n-2017年10月", (2016, 5), (2017, 10)),
        ("2018年1-6月", (2018, 1), (2018, 6)),
        ("2022年8月-12月底", (2022, 8), (2022, 12)),
        ("2023年1月-2025年4月底", (2023, 1), (2025, 4)),
        ("２０１６年２－５月", (2016, 2), (2016, 5)),
        ("2016年2月至5月", (2016, 2), (2016, 5)),
        ("2016年", (2016, 1), (2016, 12)),
        ("2016-2018年", (2016, 1), (2018, 12)),
        ("2016年下半年", (2016, 7), (2016, 12)),
        ("2024年第一季度", (2024, 1), (2024, 3)),
        ("2016年底", (2016, 12), (2016, 12)),
    ],
)
def test_parse_period(text: str, start: tuple[int, int], end: tuple[int, int]) -> None:
    assert parse_period(text) == (start, end)


@pytest.mark.parametrize(
    "text", ["", "近期", "长期坚持", "5月", "2016年13月", "2017年-2016年", "2016年2月-", "1-2-3"]
)
def test_nonsense_period_raises_chinese_error(text: str) -> None:
    with pytest.raises(PeriodError) as caught:
        parse_period(text)
    assert re.search(r"[\u4e00-\u9fff]", str(caught.value))


@given(
    st.integers(min_value=1990, max_value=2100),
    st.integers(min_value=1, max_value=12),
    st.integers(min_value=1, max_value=12),
)
def test_month_ranges_within_a_year(year: int, first: int, second: int) -> None:
    low, high = sorted((first, second))
    assert parse_period(f"{year}年{low}-{high}月") == ((year, low), (year, high))
    assert parse_period(f"{year}年{low}月-{high}月底") == ((year, low), (year, high))


@given(
    st.integers(min_value=1990, max_value=2100),
    st.integers(min_value=0, max_value=5),
    st.integers(min_value=1, max_value=12),
    st.integers(min_value=1, max_value=12),
)
def test_ranges_across_years(year: int, span: int, first: int, second: int) -> None:
    start, end = (year, first), (year + span, second)
    if end < start:
        return
    text = f"{year}年{first}月-{year + span}年{second}月"
    assert parse_period(text) == (start, end)


# --- the pilot's annex -------------------------------------------------------------------


@pytest.fixture(scope="module")
def pilot() -> ParsedPlan:
    return parse(PILOT)


def test_annex_has_exactly_26_rows(pilot: ParsedPlan) -> None:
    assert len(pilot.schedule) == 26
    stages = Counter(row.stage for row in pilot.schedule)
    assert stages == {"试点启动": 2, "试点推进": 7, "阶段总结": 1, "重点推进": 14, "总结验收": 2}


def test_every_annex_row_has_its_period(pilot: ParsedPlan) -> None:
    for row in pilot.schedule:
        assert row.period_text
        assert row.start is not None and row.end is not None
        assert row.start <= row.end
        assert (2016, 1) <= row.start and row.end <= (2018, 12)
        assert row.action


def test_annex_first_rows_and_merged_cells(pilot: ParsedPlan) -> None:
    first, second, third = pilot.schedule[:3]
    assert (first.stage, first.key_task, first.action) == (
        "试点启动",
        "试点工作机制建设",
        "组建试点工作专家组",
    )
    assert first.division_text == "省知识产权局组织实施"
    assert (first.period_text, first.start, first.end) == ("2016年2月", (2016, 2), (2016, 2))
    assert first.line_start == 41
    # Empty cells mean "same as above".
    assert (second.stage, second.key_task) == ("试点启动", "试点工作机制建设")
    assert second.action == "召开试点工作启动会，开展知识产权区域布局培训"
    # Line breaks inside cells: 试点 / 推进, 知识产权 / 资源调查分析, 2016年 / 2-5月.
    assert (third.stage, third.key_task) == ("试点推进", "知识产权资源调查分析")
    assert (third.period_text, third.start, third.end) == ("2016年2-5月", (2016, 2), (2016, 5))
    assert third.division_text.startswith(
        "省知识产权局组织实施，省农委、工商局、版权局提供相关数据"
    )


def test_annex_rows_that_lack_columns(pilot: ParsedPlan) -> None:
    by_line = {row.line_start: row for row in pilot.schedule}
    repeated_stage = by_line[92]  # 试点推进 printed again, 重点任务 left empty
    assert (repeated_stage.stage, repeated_stage.key_task) == ("试点推进", "知识产权布局综合评价")
    summary = by_line[107]  # only 阶段, 主要措施 and 时序进度
    assert (summary.stage, summary.key_task, summary.division_text) == ("阶段总结", "", "")
    assert summary.action.startswith("试点工作阶段总结（全省区域和重点产业")
    assert (summary.start, summary.end) == ((2016, 11), (2016, 12))
    self_review, inspection = by_line[212], by_line[218]  # no 任务分工 column
    assert (self_review.stage, self_review.key_task) == ("总结验收", "自评总结")
    assert (self_review.start, self_review.end) == ((2018, 1), (2018, 6))
    assert (inspection.stage, inspection.key_task) == ("总结验收", "检查验收")
    assert inspection.division_text == ""
    spanning = by_line[142]
    assert spanning.period_text == "2016年5月-2017年10月"
    assert (spanning.start, spanning.end) == ((2016, 5), (2017, 10))


def test_annex_rows_link_to_the_key_task_measures(pilot: ParsedPlan) -> None:
    refs = Counter(row.measure_ref for row in pilot.schedule)
    assert refs == {
        "（一）": 4,
        "（二）": 3,
        "（三）": 3,
        "（四）": 4,
        "（五）": 4,
        "（六）": 3,
        "": 5,  # 试点工作机制建设 ×2, 阶段总结, 自评总结, 检查验收 name no key task
    }


def test_annex_header_and_footer_are_not_rows(pilot: ParsedPlan) -> None:
    texts = [(row.stage, row.action, row.division_text) for row in pilot.schedule]
    assert not any("阶段" == stage for stage, _, _ in texts)
    assert not any("抄送" in action + division for _, action, division in texts)
    assert pilot.warnings == []


# --- Tongzhou's 时序进度 ------------------------------------------------------------------


def test_tongzhou_steps_become_schedule_rows() -> None:
    tongzhou = parse(TONGZHOU)
    assert [(row.stage, row.start, row.end) for row in tongzhou.schedule] == [
        ("宣传动员阶段", (2022, 8), (2022, 12)),
        ("组织实施阶段", (2023, 1), (2025, 4)),
        ("总结验收阶段", (2025, 5), (2025, 7)),
    ]
    assert tongzhou.schedule[0].period_text == "2022年8月-12月底"
    assert [row.measure_ref for row in tongzhou.schedule] == ["五1", "五2", "五3"]
    assert tongzhou.schedule[0].action.startswith("成立国家知识产权强县建设组织领导机构")
    assert [row.line_start for row in tongzhou.schedule] == [94, 96, 97]


# --- building blocks ---------------------------------------------------------------------


def test_column_roles_recognise_both_table_shapes() -> None:
    assert column_roles(["阶段", "重点任务", "主要措施", "任务分工", "时序进度"]) == {
        0: "stage",
        1: "key_task",
        2: "action",
        3: "division",
        4: "period",
    }
    assert column_roles(["序号", "任务", "牵头单位", "配合单位", "完成时限"]) == {
        0: "number",
        1: "key_task",
        2: "lead_units",
        3: "co_units",
        4: "period",
    }
    assert column_roles(["姓名", "电话"]) is None


def test_align_short_row() -> None:
    order = ["stage", "key_task", "action", "division", "period"]
    assert align_short_row(["阶段总结", "写总结", "2016年11-12月"], order) == {
        "stage": "阶段总结",
        "key_task": None,
        "action": "写总结",
        "division": None,
        "period": "2016年11-12月",
    }
    assert align_short_row(["", "自评总结", "完善工作", "2018年1-6月"], order)["key_task"] == (
        "自评总结"
    )
    four = align_short_row(["", "调查", "省知识产权局组织实施", "2016年2月"], order)
    assert (four["stage"], four["action"], four["division"]) == ("", "调查", "省知识产权局组织实施")


def test_small_annex_with_merged_cells() -> None:
    raw = "标题\n\t阶段\n\t重点任务\n\t主要措施\n\t任务分工\n\t时序进度\n\n"
    raw += "\t启动\n\t建机制\n\t组专家组\n\t省局组织实施\n\t2020年\n3月\n\n"
    raw += "\t\n\t\n\t开启动会\n\t省局组织实施\n\t2020年4-5月\n"
    lines = [Line(n, text) for n, text in enumerate(raw.split("\n"), start=1)]
    annex = parse_annex(lines)
    assert annex.title == "标题"
    assert [(r.stage, r.key_task, r.action, r.start, r.end) for r in annex.schedule] == [
        ("启动", "建机制", "组专家组", (2020, 3), (2020, 3)),
        ("启动", "建机制", "开启动会", (2020, 4), (2020, 5)),
    ]
    assert [r.line_start for r in annex.schedule] == [8, 15]


def test_annex_without_table_is_unplaced() -> None:
    lines = [Line(1, "某某名单"), Line(2, "张三"), Line(3, "")]
    annex = parse_annex(lines)
    assert annex.schedule == []
    assert [u.line for u in annex.unplaced] == [1, 2]
