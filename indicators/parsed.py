"""What reading a target phrase gives: a plain dataclass, no database."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass
class ParsedTarget:
    """A quantitative target found in a sentence."""

    name: str  # what is measured: "发明专利申请量"
    unit: str  # "件", "个", "%", "亿元", "件/万人" …
    kind: str  # absolute | growth | annual_growth | ratio | cumulative
    comparison: str  # gte | gt | eq | range
    target_value: Decimal | None
    target_max: Decimal | None = None  # upper bound when comparison == "range"
    base_year: int | None = None
    base_value: Decimal | None = None
    target_year: int | None = None
    phrase: str = ""  # the exact words it came from
