"""The office picks which accepted value is a measure's indicator value."""

from __future__ import annotations

from django.db import transaction

from agencies.access import is_office
from indicators.models import Indicator, Observation

from ..models import ProgressReport, ReportValue
from ..workflow import ReportingError


@transaction.atomic
def observation_pick(*, indicator: Indicator, report_value: ReportValue, by) -> Observation:
    """The office makes an accepted contribution the measure's value (and says so)."""
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
