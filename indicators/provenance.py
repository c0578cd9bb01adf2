"""Whose value is an indicator's value, and is a value believable?

- **The measure's value** (the period's ``Observation``) comes from the agency that owns the
  indicator — the indicator's own agency when it has one, else the measure's lead — or from
  a contribution the office picks (``observation_pick``). An accepted co-agency report never
  overwrites it: its values are **contributions**, listed with the agency and the person
  who reported them (``tasks.selectors.values.indicator_contributions``).
- **Plausibility** (``value_warnings``): a value far above its target, a growth above
  100 %, or a jump from the last accepted value is flagged — to the person filing it (the
  report page, the Excel preview) and to the office reviewing it (the report page, the
  review queue, the API). It is a warning, never a refusal: real figures can be surprising.

The rules live here; the reports and values they judge are the tasks app's
(``tasks.selectors.values``, ``tasks.services.observations``): indicators never imports tasks.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from .models import Indicator, Observation
from .numbers import number_text

# A value this many times its target, or this many times (or this fraction of) the last
# accepted value, is flagged.
FAR_ABOVE_TARGET = Decimal(3)
JUMP_FACTOR = Decimal(5)
GROWTH_LIMIT = Decimal(100)  # percent
_GROWTH_KINDS = (Indicator.Kind.GROWTH, Indicator.Kind.ANNUAL_GROWTH)


def owner_agency_id(indicator: Indicator, lead_agency_id: int | None) -> int | None:
    """The agency whose value is the measure's value."""
    return indicator.agency_id or lead_agency_id


def is_owner_value(indicator: Indicator, report) -> bool:
    """Whether an accepted report's value for ``indicator`` is the measure's value: it comes
    from the owning agency (the report's role says lead when the indicator has no agency)."""
    if indicator.agency_id:
        return report.agency_id == indicator.agency_id
    return report.role == "lead"


def value_warnings(
    indicator: Indicator, value: Decimal | None, previous: Decimal | None = None
) -> list[str]:
    """What looks implausible about ``value`` (empty when nothing does)."""
    if value is None:
        return []
    unit = indicator.unit or ""
    warnings = []
    if indicator.kind in _GROWTH_KINDS and value > GROWTH_LIMIT:
        warnings.append(f"增长 {number_text(value)}% 超过 100%，请核实是否把绝对量填成了增幅。")
    target = indicator.target_max or indicator.target_value
    if target and target > 0 and value > target * FAR_ABOVE_TARGET:
        warnings.append(
            f"{number_text(value)}{unit} 是目标值 {number_text(target)}{unit} 的 "
            f"{value / target:.1f} 倍，"
            "请核实单位和数值。"
        )
    if (
        previous
        and previous > 0
        and (value > previous * JUMP_FACTOR or value * JUMP_FACTOR < previous)
    ):
        warnings.append(f"与上期采纳的 {number_text(previous)}{unit} 相比变化过大，请核实。")
    return warnings


@dataclass(frozen=True)
class Contribution:
    agency: str
    value: Decimal
    reported_by: str
    report_id: int
    value_id: int
    is_measure_value: bool


@transaction.atomic
def observation_record(*, indicator: Indicator, report, value: Decimal, reported_by) -> bool:
    """On acceptance: the owner's value becomes the measure's value; anyone else's stays a
    contribution. Returns whether the measure's value was set."""
    if not is_owner_value(indicator, report):
        return False
    Observation.objects.update_or_create(
        indicator=indicator,
        period=report.period,
        defaults={
            "value": value,
            "agency": report.agency,
            "reported_by": reported_by,
            "note": "",
        },
    )
    return True
