"""Whose value is an indicator's value, and is a value believable?

- **The measure's value** (the period's ``Observation``) comes from the agency that owns the
  indicator — the indicator's own agency when it has one, else the measure's lead — or from
  a contribution the office picks (``observation_pick``). An accepted co-agency report never
  overwrites it: its values are **contributions**, listed with the agency and the person
  who reported them (``contributions``).
- **Plausibility** (``value_warnings``): a value far above its target, a growth above
  100 %, or a jump from the last accepted value is flagged — to the person filing it (the
  report page, the Excel preview) and to the office reviewing it (the report page, the
  review queue). It is a warning, never a refusal: real figures can be surprising.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from .models import Indicator, Observation

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
        warnings.append(f"增长 {value:g}% 超过 100%，请核实是否把绝对量填成了增幅。")
    target = indicator.target_max or indicator.target_value
    if target and target > 0 and value > target * FAR_ABOVE_TARGET:
        warnings.append(
            f"{value:g}{unit} 是目标值 {target:g}{unit} 的 {value / target:.1f} 倍，"
            "请核实单位和数值。"
        )
    if (
        previous
        and previous > 0
        and (value > previous * JUMP_FACTOR or value * JUMP_FACTOR < previous)
    ):
        warnings.append(f"与上期采纳的 {previous:g}{unit} 相比变化过大，请核实。")
    return warnings


def reports_value_warnings(reports) -> dict[int, dict[int, list[str]]]:
    """Per report, per indicator, what looks implausible about the values it reports, judged
    against the target and the latest value accepted before the report's period (two
    queries whatever the number of reports): the report page and the review queue ask it."""
    from tasks.models import ReportValue

    reports = list(reports)
    if not reports:
        return {}
    starts = {r.pk: r.period.starts_on for r in reports}
    values = list(ReportValue.objects.filter(report_id__in=starts).select_related("indicator"))
    history: dict[int, list[tuple]] = {}
    for indicator_id, ends_on, value in (
        Observation.objects.filter(
            indicator_id__in={v.indicator_id for v in values},
            period__ends_on__lt=max(starts.values()),
        )
        .order_by("indicator_id", "-period__ends_on")
        .values_list("indicator_id", "period__ends_on", "value")
    ):
        history.setdefault(indicator_id, []).append((ends_on, value))
    found: dict[int, dict[int, list[str]]] = {}
    for row in values:
        before = starts[row.report_id]
        previous = next((v for ends, v in history.get(row.indicator_id, []) if ends < before), None)
        warnings = value_warnings(row.indicator, row.value, previous)
        if warnings:
            found.setdefault(row.report_id, {})[row.indicator_id] = warnings
    return found


@dataclass(frozen=True)
class Contribution:
    agency: str
    value: Decimal
    reported_by: str
    report_id: int
    value_id: int
    is_measure_value: bool


def contributions(indicator: Indicator, period) -> list[Contribution]:
    """Every accepted value reported for ``indicator`` in ``period``, with who reported it;
    the one that is the measure's value is marked."""
    from tasks.models import ProgressReport, ReportValue

    observation = Observation.objects.filter(indicator=indicator, period=period).first()
    rows = (
        ReportValue.objects.filter(
            indicator=indicator,
            report__period=period,
            report__state=ProgressReport.State.ACCEPTED,
        )
        .select_related("report__agency")
        .order_by("report__role", "report__agency__name")
    )
    result = []
    for row in rows:
        report = row.report
        version = report.versions.order_by("-number").select_related("submitted_by").first()
        result.append(
            Contribution(
                agency=str(report.agency),
                value=row.value,
                reported_by=str(version.submitted_by) if version and version.submitted_by else "",
                report_id=report.pk,
                value_id=row.pk,
                is_measure_value=bool(
                    observation
                    and observation.agency_id == report.agency_id
                    and observation.value == row.value
                ),
            )
        )
    return result


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


@transaction.atomic
def observation_pick(*, indicator: Indicator, report_value, by) -> Observation:
    """The office makes an accepted contribution the measure's value (and says so)."""
    from agencies.access import is_office
    from tasks.models import ProgressReport
    from tasks.workflow import ReportingError

    if not is_office(by):
        raise ReportingError("只有联席会议办公室可以选定指标值。", "forbidden")
    report = report_value.report
    if report.state != ProgressReport.State.ACCEPTED or report_value.indicator_id != indicator.pk:
        raise ReportingError("只能选定已采纳报告中该指标的填报值。", "invalid_state")
    version = report.versions.order_by("-number").first()
    observation, _ = Observation.objects.update_or_create(
        indicator=indicator,
        period=report.period,
        defaults={
            "value": report_value.value,
            "agency": report.agency,
            "reported_by": version.submitted_by if version else None,
            "note": f"联席办（{by}）选定{report.agency}的填报值",
        },
    )
    return observation
