"""Indicator values have provenance, and implausible values are flagged.

（一） is led by 省科技厅 with 省商务厅 co-responsible; its indicator gets 1.6万 from the lead
and 2.2万 from the co-agency. After both are accepted the measure's value is the lead's,
and the co-agency's is shown as a contribution with who reported it — until the office
picks it.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from indicators.models import Indicator, Observation
from indicators.provenance import value_warnings
from tasks.models import ProgressReport
from tasks.selectors.values import indicator_contributions
from tasks.services.reporting import ReportInput, report_accept, report_save, report_submit


def _file(report, by, values):
    report = report_save(
        report=report,
        by=by,
        data=ReportInput(progress_status="on_track", progress_text="推进中。", values=values),
        expected_version=report.version,
    )
    return report_submit(report=report, by=by)


@pytest.fixture
def granted(reporting_plan):
    measure = reporting_plan.measures.get(label="（一）")
    return measure.indicators.create(
        plan=reporting_plan,
        name="专利授权量",
        unit="件",
        kind=Indicator.Kind.ABSOLUTE,
        comparison="gte",
        target_value=20000,
        target_year=2024,
    )


def test_a_co_agencys_value_is_a_contribution_and_the_leads_is_the_measures(
    client, reporting_plan, granted, reporter_a, reporter_b, office_supervisor
):
    lead = ProgressReport.objects.get(measure=granted.measure, agency__short_name="省科技厅")
    co = ProgressReport.objects.get(measure=granted.measure, agency__short_name="省商务厅")
    lead = _file(lead, reporter_a, {granted.pk: Decimal(16000)})
    co = _file(co, reporter_b, {granted.pk: Decimal(22000)})
    report_accept(report=lead, by=office_supervisor)
    report_accept(report=co, by=office_supervisor)  # accepted last: must not overwrite

    (observation,) = Observation.objects.filter(indicator=granted)
    assert (observation.value, observation.agency.short_name) == (16000, "省科技厅")
    assert observation.reported_by == reporter_a
    by_value = {c.value: c for c in indicator_contributions(granted, lead.period)}
    assert by_value[16000].is_measure_value and not by_value[22000].is_measure_value
    assert by_value[22000].reported_by == str(reporter_b)

    client.force_login(office_supervisor)
    page = client.get(f"/dashboard/measures/{granted.measure_id}/").content.decode()
    assert "本措施的值" in page and "配合单位贡献" in page and "采用此值" in page

    # The office picks the co-agency's figure: now it is the measure's value, and says so.
    response = client.post(
        f"/dashboard/measures/{granted.measure_id}/pick-value/", {"value": by_value[22000].value_id}
    )
    assert response.status_code == 302
    observation.refresh_from_db()
    assert (observation.value, observation.agency.short_name) == (22000, "省商务厅")
    assert "联席办" in observation.note and "选定" in observation.note


def test_only_the_office_picks_a_value(
    client, reporting_plan, granted, reporter_a, reporter_b, office_supervisor
):
    co = ProgressReport.objects.get(measure=granted.measure, agency__short_name="省商务厅")
    co = _file(co, reporter_b, {granted.pk: Decimal(22000)})
    report_accept(report=co, by=office_supervisor)
    (value,) = co.values.all()
    client.force_login(reporter_b)
    client.post(f"/dashboard/measures/{granted.measure_id}/pick-value/", {"value": value.pk})
    assert not Observation.objects.filter(indicator=granted).exists()


@pytest.mark.parametrize(
    ("kind", "target", "value", "previous", "flagged"),
    [
        (Indicator.Kind.GROWTH, 25, 1500, None, "超过 100%"),  # 1500 against a 25 % growth
        (Indicator.Kind.ABSOLUTE, 20000, 90000, None, "倍"),  # far above its target
        (Indicator.Kind.ABSOLUTE, 20000, 15000, 1200, "变化过大"),  # a jump from last period
        (Indicator.Kind.ABSOLUTE, 20000, 16000, 15000, None),  # believable
        (Indicator.Kind.GROWTH, 25, 30, None, None),
    ],
)
def test_implausible_values_are_flagged(kind, target, value, previous, flagged):
    indicator = Indicator(name="指标", unit="件", kind=kind, target_value=Decimal(target))
    warnings = value_warnings(indicator, Decimal(value), previous and Decimal(previous))
    if flagged is None:
        assert warnings == []
    else:
        assert any(flagged in w for w in warnings), warnings


def test_an_implausible_value_warns_the_filer_and_is_flagged_for_the_office(
    client, reporting_plan, reporter_b, office_supervisor
):
    # （二）'s target is a 10 % growth; 1500 is an absolute count typed in the wrong place.
    report = ProgressReport.objects.get(
        measure__plan=reporting_plan, measure__label="（二）", agency__short_name="省商务厅"
    )
    indicator = report.measure.indicators.get()
    _file(report, reporter_b, {indicator.pk: Decimal(1500)})
    client.force_login(reporter_b)
    page = client.get(f"/reports/{report.pk}/").content.decode()
    assert "数值存疑" in page and "超过 100%" in page
    client.force_login(office_supervisor)
    queue = client.get("/reports/review/").content.decode()
    assert "数值存疑" in queue
