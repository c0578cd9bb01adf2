"""The database refuses what must never be true of a plan's structure."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from indicators.models import Indicator, Observation
from tasks.models import Assignment, Measure, Plan, ScheduleEntry, Section
from tests.factories import (
    AgencyFactory,
    AssignmentFactory,
    IndicatorFactory,
    MeasureFactory,
    PlanFactory,
    ReportingPeriodFactory,
    ScheduleEntryFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db


def refused(create) -> bool:
    try:
        with transaction.atomic():
            create()
    except IntegrityError:
        return True
    return False


def test_a_measure_ref_is_unique_within_its_plan():
    measure = MeasureFactory(ref="（一）")
    other_section = SectionFactory(plan=measure.plan)
    assert refused(
        lambda: Measure.objects.create(
            plan=measure.plan,
            section=other_section,
            number=1,
            label="（一）",
            ref="（一）",
            text="x",
        )
    )
    # The same ref in another plan is a different measure.
    assert not refused(lambda: MeasureFactory(ref="（一）"))


def test_numbers_restart_per_section_but_never_repeat_inside_one():
    """Lianyungang numbers 1. 2. … afresh under every （一）; inside one section they are unique."""
    first = MeasureFactory(number=1, ref="二（一）1")
    sibling_section = SectionFactory(plan=first.plan)
    assert not refused(lambda: MeasureFactory(section=sibling_section, number=1, ref="二（二）1"))
    assert refused(lambda: MeasureFactory(section=first.section, number=1, ref="二（一）1bis"))


def test_sub_measure_numbers_are_unique_under_their_parent():
    parent = MeasureFactory()
    MeasureFactory(section=parent.section, parent=parent, number=1, ref="p.1")
    assert refused(
        lambda: MeasureFactory(section=parent.section, parent=parent, number=1, ref="p.1b")
    )


def test_section_numbers_are_unique_among_siblings():
    chapter = SectionFactory(number=1)
    assert refused(lambda: SectionFactory(plan=chapter.plan, number=1))
    SectionFactory(plan=chapter.plan, parent=chapter, number=1)
    assert refused(lambda: SectionFactory(plan=chapter.plan, parent=chapter, number=1))


def test_one_assignment_per_measure_agency_and_role():
    assignment = AssignmentFactory(role=Assignment.Role.LEAD)
    assert refused(
        lambda: AssignmentFactory(
            measure=assignment.measure, agency=assignment.agency, role=Assignment.Role.LEAD
        )
    )
    # The same body may hold a second, different role.
    assert not refused(
        lambda: AssignmentFactory(
            measure=assignment.measure, agency=assignment.agency, role=Assignment.Role.DATA_SUPPLIER
        )
    )


def test_unresolved_names_can_wait_side_by_side_for_the_office():
    measure = MeasureFactory()
    AssignmentFactory(
        measure=measure, agency=None, role=Assignment.Role.CO, name_as_written="相关省辖市"
    )
    AssignmentFactory(
        measure=measure, agency=None, role=Assignment.Role.CO, name_as_written="某新机构"
    )
    assert measure.assignments.filter(agency__isnull=True).count() == 2


def test_an_assignment_targets_exactly_one_measure_or_schedule_row():
    agency = AgencyFactory()
    entry = ScheduleEntryFactory()
    measure = MeasureFactory(plan=entry.plan)
    assert refused(
        lambda: Assignment.objects.create(agency=agency, role="lead", name_as_written="x")
    )
    assert refused(
        lambda: Assignment.objects.create(
            measure=measure, schedule_entry=entry, agency=agency, role="lead", name_as_written="x"
        )
    )


def test_periods_and_months_must_be_ordered():
    assert refused(lambda: PlanFactory(period_start_year=2025, period_end_year=2022))
    assert refused(
        lambda: ScheduleEntryFactory(
            start_month=datetime.date(2017, 10, 1), end_month=datetime.date(2016, 5, 1)
        )
    )
    assert refused(
        lambda: ReportingPeriodFactory(
            starts_on=datetime.date(2024, 4, 1), ends_on=datetime.date(2024, 3, 31)
        )
    )


def test_document_numbers_are_unique_but_may_be_blank():
    PlanFactory(document_number="连政发〔2016〕132号")
    assert refused(lambda: PlanFactory(document_number="连政发〔2016〕132号"))
    PlanFactory(document_number="")
    assert not refused(lambda: PlanFactory(document_number=""))


def test_a_range_target_needs_an_ordered_upper_bound():
    range_kind = Indicator.Comparison.RANGE
    assert not refused(
        lambda: IndicatorFactory(comparison=range_kind, target_value=1, target_max=2)
    )
    assert refused(lambda: IndicatorFactory(comparison=range_kind, target_value=3, target_max=2))
    assert refused(lambda: IndicatorFactory(comparison=range_kind, target_value=1, target_max=None))
    assert refused(lambda: IndicatorFactory(comparison="gte", target_value=1, target_max=2))


def test_one_observation_per_indicator_and_period():
    indicator = IndicatorFactory()
    period = ReportingPeriodFactory(plan=indicator.plan)
    Observation.objects.create(indicator=indicator, period=period, value=10)
    assert refused(lambda: Observation.objects.create(indicator=indicator, period=period, value=11))


def test_an_agency_cannot_succeed_itself():
    agency = AgencyFactory()
    agency.successor = agency
    assert refused(agency.save)


def test_deleting_a_plan_takes_its_structure_with_it():
    assignment = AssignmentFactory()
    plan = assignment.measure.plan
    plan.delete()
    assert not Measure.objects.exists()
    assert not Section.objects.exists()
    assert not Assignment.objects.exists()
    assert not ScheduleEntry.objects.exists()
    assert Plan.objects.count() == 0
