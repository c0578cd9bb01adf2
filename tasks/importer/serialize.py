"""ParsedPlan ↔ JSON: the format of the seed plans in ``fixtures/plans/``."""

from __future__ import annotations

import dataclasses
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from .parsed import (
    ParsedMeasure,
    ParsedPlan,
    ParsedResponsibility,
    ParsedScheduleRow,
    ParsedSection,
    ParsedTarget,
    UnplacedLine,
)


def _encode(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    raise TypeError(f"cannot serialise {type(value).__name__}")


def plan_to_json(plan: ParsedPlan) -> str:
    return json.dumps(dataclasses.asdict(plan), ensure_ascii=False, indent=1, default=_encode)


def _target(data: dict) -> ParsedTarget:
    decimals = ("target_value", "target_max", "base_value")
    values = {k: (Decimal(v) if k in decimals and v is not None else v) for k, v in data.items()}
    return ParsedTarget(**values)


def _responsibility(data: dict) -> ParsedResponsibility:
    return ParsedResponsibility(**data)


def _measure(data: dict) -> ParsedMeasure:
    return ParsedMeasure(
        **{
            **data,
            "responsibilities": [_responsibility(r) for r in data["responsibilities"]],
            "targets": [_target(t) for t in data["targets"]],
            "children": [_measure(c) for c in data["children"]],
        }
    )


def _section(data: dict) -> ParsedSection:
    return ParsedSection(
        **{
            **data,
            "sections": [_section(s) for s in data["sections"]],
            "measures": [_measure(m) for m in data["measures"]],
            "targets": [_target(t) for t in data["targets"]],
        }
    )


def _schedule_row(data: dict) -> ParsedScheduleRow:
    return ParsedScheduleRow(
        **{
            **data,
            "start": tuple(data["start"]) if data["start"] else None,
            "end": tuple(data["end"]) if data["end"] else None,
            "responsibilities": [_responsibility(r) for r in data["responsibilities"]],
        }
    )


def plan_from_json(text: str) -> ParsedPlan:
    data = json.loads(text)
    return ParsedPlan(
        **{
            **data,
            "sections": [_section(s) for s in data["sections"]],
            "measures": [_measure(m) for m in data["measures"]],
            "schedule": [_schedule_row(r) for r in data["schedule"]],
            "targets": [_target(t) for t in data["targets"]],
            "unplaced": [UnplacedLine(**u) for u in data["unplaced"]],
        }
    )


def plan_from_file(path: Path) -> ParsedPlan:
    return plan_from_json(Path(path).read_text(encoding="utf-8"))
