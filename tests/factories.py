"""factory-boy factories for the model layer."""

import datetime

import factory

from agencies.models import Agency
from core.models import Level
from indicators.models import Indicator
from tasks.models import Assignment, Measure, Plan, ReportingPeriod, ScheduleEntry, Section


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"测试单位{n:03d}")
    short_name = factory.LazyAttribute(lambda a: a.name)
    level = Level.PROVINCE
    kind = Agency.Kind.DEPARTMENT


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    title = factory.Sequence(lambda n: f"测试行动计划{n}")
    slug = factory.Sequence(lambda n: f"test-plan-{n}")
    level = Level.PROVINCE
    period_start_year = 2024
    period_end_year = 2025


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    plan = factory.SubFactory(PlanFactory)
    number = factory.Sequence(lambda n: n + 1)
    label = factory.LazyAttribute(lambda s: f"{s.number}、")
    title = "测试章节"


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measure

    section = factory.SubFactory(SectionFactory)
    plan = factory.LazyAttribute(lambda m: m.section.plan)
    number = factory.Sequence(lambda n: n + 1)
    label = factory.LazyAttribute(lambda m: f"（{m.number}）")
    ref = factory.LazyAttribute(lambda m: f"（{m.number}）")
    text = "推进知识产权保护工作。"


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    measure = factory.SubFactory(MeasureFactory)
    agency = factory.SubFactory(AgencyFactory)
    role = Assignment.Role.LEAD
    name_as_written = factory.LazyAttribute(lambda a: a.agency.short_name if a.agency else "")


class ScheduleEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ScheduleEntry

    plan = factory.SubFactory(PlanFactory)
    action = "组建试点工作专家组"
    start_month = datetime.date(2016, 2, 1)
    end_month = datetime.date(2016, 5, 1)


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    plan = factory.SubFactory(PlanFactory)
    name = "发明专利申请量"
    unit = "%"
    kind = Indicator.Kind.GROWTH
    comparison = Indicator.Comparison.GTE
    base_year = 2011
    target_value = 25
    target_year = 2012


class ReportingPeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportingPeriod

    plan = factory.SubFactory(PlanFactory)
    year = 2024
    number = 1
    starts_on = datetime.date(2024, 1, 1)
    ends_on = datetime.date(2024, 3, 31)
    opens_on = datetime.date(2024, 3, 20)
    due_on = datetime.date(2024, 4, 10)
