"""Targets in provincial and city task breakdowns: forward statements, not history or rules.

Each sentence is worded as breakdowns word their goals; the plan runs 2021–2025.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from indicators.targets import extract_targets


def read(sentence: str) -> list[tuple]:
    return [
        (t.comparison, t.target_value, t.target_max, t.unit)
        for t in extract_targets(sentence, plan_year=2025, since_year=2021)
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("到2025年，全省有效发明专利拥有量达到20万件。", ("gte", Decimal(200000), None, "件")),
        ("知识产权质押融资金额年均增长10%以上。", ("gte", Decimal(10), None, "%")),
        ("力争专利密集型产业增加值突破1万亿元。", ("gt", Decimal(1), None, "万亿元")),
        ("新建省级知识产权保护中心不少于3家。", ("gte", Decimal(3), None, "家")),
        ("培育知识产权示范园区3-5个。", ("range", Decimal(3), Decimal(5), "个")),
        ("新增地理标志商标3－5件。", ("range", Decimal(3), Decimal(5), "件")),
        ("每年新增国家知识产权示范企业20家。", ("eq", Decimal(20), None, "家")),
        ("到2025年，技术合同成交额比2020年增长50%。", ("gte", Decimal(50), None, "%")),
    ],
)
def test_forward_statements_are_targets_with_value_unit_and_comparison(sentence, expected):
    assert read(sentence) == [expected]


@pytest.mark.parametrize(
    "sentence",
    [
        "截至2020年底，全省有效发明专利拥有量达到12万件。",
        # A growth over a base long before the plan reports an achievement.
        "专利授权量比2015年增长60%。",
        "2020年，技术合同成交额较上年增长15%。",
        "对新认定的示范企业给予最高50万元奖励。",
        "对拥有有效发明专利10件及以上的企业优先推荐。",
    ],
)
def test_history_and_rule_parameters_are_not_targets(sentence):
    assert read(sentence) == []
