"""Rating an indicator's latest actual against its target and its linear trajectory.

The trajectory runs in a straight line from the base value at the end of the base year to
the target value at the end of the target year. ``progress`` is the change achieved since
the base divided by the change the trajectory expects by the date of the actual:

- 超额完成 (exceeded): the final target is already reached, or progress ≥ the office's
  ``exceeded_ratio`` (default 1.10);
- 达到序时 (met): progress ≥ 1;
- 基本达到 (nearly met): progress ≥ ``nearly_ratio`` (default 0.90);
- 未达到 (not met): below that; 暂无数据 (no data) when nothing has been reported.

Growth targets (比2011年增长25%) are reported as the growth achieved, so their base is 0.
A decreasing target (fewer cases, lower ratio) works the same way: both changes are negative.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.compiled import CompiledQuery

from .models import Indicator, RatingThresholds


class Rating(models.TextChoices):
    EXCEEDED = "exceeded", _("超额完成")
    MET = "met", _("达到序时")
    NEARLY_MET = "nearly_met", _("基本达到")
    NOT_MET = "not_met", _("未达到")
    NO_DATA = "no_data", _("暂无数据")


ON_TRACK = (Rating.EXCEEDED, Rating.MET)


@dataclass(frozen=True)
class IndicatorRating:
    rating: str
    actual: Decimal | None
    expected: Decimal | None
    progress: Decimal | None
    on: datetime.date | None

    @property
    def label(self) -> str:
        return Rating(self.rating).label

    @property
    def on_track(self) -> bool:
        return self.rating in ON_TRACK


# Read on every page that rates (core.compiled: the SQL kept, never the row).
_THRESHOLDS = CompiledQuery(lambda: RatingThresholds.objects.order_by("pk")[:1])


def thresholds() -> RatingThresholds:
    """The office's thresholds (the defaults until the office saves its own)."""
    found = _THRESHOLDS.objects()
    return found[0] if found else RatingThresholds()


def base_of(indicator: Indicator) -> Decimal:
    if indicator.base_value is not None:
        return indicator.base_value
    return Decimal(0)


def _year_end(year: int) -> datetime.date:
    return datetime.date(year, 12, 31)


def trajectory_value(indicator: Indicator, on: datetime.date) -> Decimal | None:
    """Where the straight line from base to target stands on a date (None: no target)."""
    if indicator.target_value is None:
        return None
    base = base_of(indicator)
    target = indicator.target_value
    if indicator.target_year is None or indicator.base_year is None:
        return target
    start, end = _year_end(indicator.base_year), _year_end(indicator.target_year)
    if end <= start:
        return target
    fraction = Decimal((min(max(on, start), end) - start).days) / Decimal((end - start).days)
    return base + (target - base) * fraction


def _target_reached(indicator: Indicator, actual: Decimal) -> bool:
    target = indicator.target_value
    base = base_of(indicator)
    if indicator.comparison == Indicator.Comparison.GT:
        return actual > target if target >= base else actual < target
    if indicator.comparison == Indicator.Comparison.LTE:
        return actual <= target  # a ceiling: 压缩至3个工作日以内
    return actual >= target if target >= base else actual <= target


def rate(
    indicator: Indicator,
    actual: Decimal | None,
    on: datetime.date | None,
    limits: RatingThresholds | None = None,
) -> IndicatorRating:
    """Rate ``actual`` (the latest value, as of the date ``on``) for ``indicator``."""
    if actual is None or on is None or indicator.target_value is None:
        return IndicatorRating(Rating.NO_DATA, actual, None, None, on)
    limits = limits or thresholds()
    base = base_of(indicator)
    expected = trajectory_value(indicator, on)
    expected_change = expected - base
    progress = None
    if expected_change != 0:
        progress = ((actual - base) / expected_change).quantize(Decimal("0.001"))
    if _target_reached(indicator, actual):
        rating = Rating.EXCEEDED
    elif progress is None:
        # Nothing is expected yet: any move toward the target is ahead of the line.
        toward = (actual - base) * (indicator.target_value - base)
        rating = (
            Rating.MET if actual == base else (Rating.EXCEEDED if toward > 0 else Rating.NOT_MET)
        )
    elif progress >= limits.exceeded_ratio:
        rating = Rating.EXCEEDED
    elif progress >= 1:
        rating = Rating.MET
    elif progress >= limits.nearly_ratio:
        rating = Rating.NEARLY_MET
    else:
        rating = Rating.NOT_MET
    return IndicatorRating(rating, actual, expected.quantize(Decimal("0.0001")), progress, on)
