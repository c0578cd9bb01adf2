"""Reads about the indicator values reports carry: which look implausible, who reported what.

The rules themselves (what is implausible, whose value is the measure's) are
``indicators.provenance``'s; this module brings them the reports and values they judge, for
the report page, the review queue, the Excel upload's preview, the API and the dashboard.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import TypeVar

from indicators.models import Indicator, Observation
from indicators.provenance import Contribution, value_warnings

from ..models import ProgressReport, ReportingPeriod, ReportValue

K = TypeVar("K")


def _accepted_history(
    indicator_ids: Iterable[int], before: datetime.date
) -> dict[int, list[tuple[datetime.date, Decimal]]]:
    """Per indicator, its accepted values of periods ending before ``before``, latest first."""
    history: dict[int, list[tuple[datetime.date, Decimal]]] = {}
    for indicator_id, ends_on, value in (
        Observation.objects.filter(indicator_id__in=set(indicator_ids), period__ends_on__lt=before)
        .order_by("indicator_id", "-period__ends_on")
        .values_list("indicator_id", "period__ends_on", "value")
    ):
        history.setdefault(indicator_id, []).append((ends_on, value))
    return history


def _previous(history, indicator_id: int, before: datetime.date) -> Decimal | None:
    return next((v for ends, v in history.get(indicator_id, []) if ends < before), None)


def reports_value_warnings(reports) -> dict[int, dict[int, list[str]]]:
    """Per report, per indicator, what looks implausible about the values it reports, judged
    against the target and the latest value accepted before the report's period (two
    queries whatever the number of reports): the report page and the review queue ask it."""
    reports = list(reports)
    if not reports:
        return {}
    starts = {r.pk: r.period.starts_on for r in reports}
    values = list(ReportValue.objects.filter(report_id__in=starts).select_related("indicator"))
    history = _accepted_history({v.indicator_id for v in values}, max(starts.values()))
    found: dict[int, dict[int, list[str]]] = {}
    for row in values:
        previous = _previous(history, row.indicator_id, starts[row.report_id])
        warnings = value_warnings(row.indicator, row.value, previous)
        if warnings:
            found.setdefault(row.report_id, {})[row.indicator_id] = warnings
    return found


def values_warnings(
    period: ReportingPeriod, values: Mapping[K, tuple[int, Decimal | None]]
) -> dict[K, list[str]]:
    """What looks implausible about values not yet saved in ``period`` (the Excel upload's
    preview), keyed as given (each key names an indicator id and its value): the same
    judgement as a saved report's, against the same target and the same last accepted
    value. Two queries whatever the number of values."""
    if not values:
        return {}
    ids = {indicator_id for indicator_id, _value in values.values()}
    indicators = Indicator.objects.in_bulk(ids)
    history = _accepted_history(ids, period.starts_on)
    found: dict[K, list[str]] = {}
    for key, (indicator_id, value) in values.items():
        indicator = indicators.get(indicator_id)
        if indicator is None:
            continue
        previous = _previous(history, indicator_id, period.starts_on)
        warnings = value_warnings(indicator, value, previous)
        if warnings:
            found[key] = warnings
    return found


def indicator_contributions(indicator: Indicator, period) -> list[Contribution]:
    """Every accepted value reported for ``indicator`` in ``period``, with who reported it;
    the one that is the measure's value is marked."""
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
