"""A province-scale synthetic dataset for benchmarks, deterministic from a seed.

At scale 1.0: 80 agencies, 30 plans, 3,000 measures, 9,000 assignments, 600 indicators.
Synthetic rows are recognisable by the ``synthetic-`` slug and ``合成`` name prefixes, and
generating again replaces them. ``synthetic_reports_generate`` adds 40 quarters of progress
reports for every reporting assignment (360,000 at scale 1.0), with versions and observations.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import transaction

from agencies.models import Agency, Membership
from core.models import Level
from indicators.models import Indicator, Observation
from ipplan.db import statistics_refresh

from .models import (
    Assignment,
    Measure,
    Plan,
    ProgressReport,
    ReportingPeriod,
    ReportVersion,
    Section,
)

AGENCIES = 80
PLANS = 30
SECTIONS_PER_PLAN = 5
MEASURES_PER_PLAN = 100
ASSIGNMENTS_PER_MEASURE = 3
INDICATORS_PER_PLAN = 20
SLUG_PREFIX = "synthetic-"
AGENCY_PREFIX = "合成单位"
_VERBS = ["推进", "完善", "加强", "实施", "组织", "培育", "健全", "提升"]
_OBJECTS = ["知识产权保护", "专利导航", "商标品牌", "版权产业", "质押融资", "人才培养", "公共服务"]
_UNITS = ["件", "个", "家", "项", "%", "亿元"]


@dataclass
class SyntheticCounts:
    agencies: int
    plans: int
    measures: int
    assignments: int
    indicators: int


def synthetic_delete() -> None:
    plans = Plan.objects.filter(slug__startswith=SLUG_PREFIX)
    _reports_delete(plans)
    Assignment.objects.filter(measure__plan__in=plans).delete()
    plans.delete()
    agencies = Agency.objects.filter(name__startswith=AGENCY_PREFIX)
    # Benchmarks give synthetic agencies people (bench/rush.py); memberships protect them.
    Membership.objects.filter(agency__in=agencies).delete()
    agencies.delete()


@transaction.atomic
def synthetic_generate(*, seed: int = 1, scale: float = 1.0) -> SyntheticCounts:
    rng = random.Random(seed)
    synthetic_delete()
    agency_total = max(ASSIGNMENTS_PER_MEASURE, round(AGENCIES * scale))
    plan_total = max(1, round(PLANS * scale))
    measures_per_plan = max(1, round(MEASURES_PER_PLAN * min(scale, 1.0)))
    indicators_per_plan = max(1, round(INDICATORS_PER_PLAN * min(scale, 1.0)))

    agencies = Agency.objects.bulk_create(
        Agency(
            name=f"{AGENCY_PREFIX}{i:03d}",
            short_name=f"{AGENCY_PREFIX}{i:03d}",
            level=Level.PROVINCE,
            kind=Agency.Kind.DEPARTMENT,
        )
        for i in range(1, agency_total + 1)
    )
    plans = Plan.objects.bulk_create(
        Plan(
            title=f"合成行动计划{i:02d}",
            slug=f"{SLUG_PREFIX}{i:02d}",
            level=Level.PROVINCE,
            status=Plan.Status.PUBLISHED,
            period_start_year=2016 + i % 8,
            period_end_year=2016 + i % 8 + rng.randint(0, 4),
        )
        for i in range(1, plan_total + 1)
    )
    sections = Section.objects.bulk_create(
        Section(plan=plan, number=n, label=f"{n}、", title=f"第{n}部分", order=n)
        for plan in plans
        for n in range(1, SECTIONS_PER_PLAN + 1)
    )
    sections_by_plan: dict[int, list[Section]] = {}
    for section in sections:
        sections_by_plan.setdefault(section.plan_id, []).append(section)

    measures = []
    for plan in plans:
        for n in range(1, measures_per_plan + 1):
            section = sections_by_plan[plan.pk][(n - 1) * SECTIONS_PER_PLAN // measures_per_plan]
            text = f"{rng.choice(_VERBS)}{rng.choice(_OBJECTS)}工作，第{n}项。"
            measures.append(
                Measure(
                    plan=plan,
                    section=section,
                    number=n,
                    label=f"（{n}）",
                    ref=f"（{n}）",
                    text=text,
                    order=n,
                )
            )
    measures = Measure.objects.bulk_create(measures, batch_size=1000)

    roles = [Assignment.Role.LEAD] + [Assignment.Role.CO] * (ASSIGNMENTS_PER_MEASURE - 1)
    assignments = []
    for measure in measures:
        for order, (agency, role) in enumerate(
            zip(rng.sample(agencies, len(roles)), roles, strict=True)
        ):
            assignments.append(
                Assignment(
                    measure=measure,
                    agency=agency,
                    role=role,
                    name_as_written=agency.name,
                    order=order,
                )
            )
    Assignment.objects.bulk_create(assignments, batch_size=2000)

    indicators = []
    for plan_index, plan in enumerate(plans):
        plan_measures = measures[
            plan_index * measures_per_plan : (plan_index + 1) * measures_per_plan
        ]
        for order, measure in enumerate(
            rng.sample(plan_measures, min(indicators_per_plan, len(plan_measures)))
        ):
            base = Decimal(rng.randint(10, 5000))
            indicators.append(
                Indicator(
                    plan=plan,
                    measure=measure,
                    name=f"{rng.choice(_OBJECTS)}指标{order + 1}",
                    unit=rng.choice(_UNITS),
                    kind=Indicator.Kind.ABSOLUTE,
                    comparison=Indicator.Comparison.GTE,
                    base_year=plan.period_start_year,
                    base_value=base,
                    target_value=base * Decimal("1.5"),
                    target_year=plan.period_end_year,
                    order=order,
                )
            )
    Indicator.objects.bulk_create(indicators, batch_size=1000)
    statistics_refresh()
    return SyntheticCounts(
        agencies=len(agencies),
        plans=len(plans),
        measures=len(measures),
        assignments=len(assignments),
        indicators=len(indicators),
    )


# --- 40 quarters of reports --------------------------------------------------------------

QUARTERS = 40
FIRST_YEAR = 2016
REPORT_BATCH = 5000
# (state, weight): most reports are accepted; some wait, some were returned, some missing
_STATES = [
    (ProgressReport.State.ACCEPTED, 70),
    (ProgressReport.State.SUBMITTED, 10),
    (ProgressReport.State.RETURNED, 4),
    (ProgressReport.State.PENDING_SIGNOFF, 4),
    (ProgressReport.State.DRAFT, 12),
]
_PROGRESS = [
    (ProgressReport.Progress.ON_TRACK, 60),
    (ProgressReport.Progress.COMPLETED, 15),
    (ProgressReport.Progress.LAGGING, 15),
    (ProgressReport.Progress.NOT_STARTED, 7),
    (ProgressReport.Progress.ADJUSTED, 3),
]
_PROBLEMS = ["资金未到位", "配套政策尚未出台", "人员调整", "项目审批延迟", "数据口径不一致"]


@dataclass
class SyntheticReportCounts:
    periods: int
    reports: int
    versions: int
    observations: int


def _reports_delete(plans) -> None:
    ReportVersion.objects.filter(report__period__plan__in=plans).delete()
    ProgressReport.objects.filter(period__plan__in=plans).delete()
    Observation.objects.filter(period__plan__in=plans).delete()
    ReportingPeriod.objects.filter(plan__in=plans).delete()


def _weighted(rng: random.Random, choices: list[tuple[str, int]]) -> str:
    return rng.choices([c for c, _ in choices], weights=[w for _, w in choices])[0]


def _quarter(index: int) -> tuple[int, int, datetime.date, datetime.date]:
    year, number = FIRST_YEAR + index // 4, index % 4 + 1
    starts = datetime.date(year, 3 * number - 2, 1)
    following = datetime.date(year + (number == 4), (3 * number) % 12 + 1, 1)
    return year, number, starts, following - datetime.timedelta(days=1)


def synthetic_reports_generate(
    *, seed: int = 1, quarters: int = QUARTERS, batch_size: int = REPORT_BATCH
) -> SyntheticReportCounts:
    """Give every synthetic plan ``quarters`` periods (from 2016 Q1) and one report per
    lead/co assignment and period; deterministic from ``seed``. Run after synthetic_generate."""
    rng = random.Random(seed)
    plans = list(Plan.objects.filter(slug__startswith=SLUG_PREFIX).order_by("slug"))
    _reports_delete(plans)
    tz = ZoneInfo("Asia/Shanghai")
    totals = SyntheticReportCounts(0, 0, 0, 0)
    for plan in plans:
        with transaction.atomic():
            periods = ReportingPeriod.objects.bulk_create(
                ReportingPeriod(
                    plan=plan,
                    kind=ReportingPeriod.Kind.QUARTER,
                    year=year,
                    number=number,
                    starts_on=starts,
                    ends_on=ends,
                    opens_on=ends.replace(day=1),
                    due_on=ends + datetime.timedelta(days=plan.report_due_days),
                    status=ReportingPeriod.Status.OPEN
                    if index == quarters - 1
                    else ReportingPeriod.Status.CLOSED,
                )
                for index, (year, number, starts, ends) in (
                    (i, _quarter(i)) for i in range(quarters)
                )
            )
            assignments = list(
                Assignment.objects.filter(
                    measure__plan=plan, role__in=plan.reporting_roles, agency__isnull=False
                )
                .order_by("measure__order", "order")
                .values_list("measure_id", "agency_id", "role")
            )
            reports = []
            for period in periods:
                for measure_id, agency_id, role in assignments:
                    reports.append(_synthetic_report(rng, period, measure_id, agency_id, role, tz))
            created = ProgressReport.objects.bulk_create(reports, batch_size=batch_size)
            versions = [
                ReportVersion(
                    report_id=report.pk,
                    number=1,
                    progress_status=report.progress_status,
                    progress_text=report.progress_text,
                    problems=report.problems,
                    next_steps=report.next_steps,
                    submitted_at=report.first_submitted_at,
                    late_days=report.late_days,
                )
                for report in created
                if report.first_submitted_at and rng.random() < 0.1
            ]
            ReportVersion.objects.bulk_create(versions, batch_size=batch_size)
            observations = []
            for indicator in Indicator.objects.filter(plan=plan):
                base, target = indicator.base_value, indicator.target_value
                for index, period in enumerate(periods):
                    share = Decimal(index + 1) / Decimal(quarters)
                    noise = Decimal(rng.randint(80, 115)) / 100
                    observations.append(
                        Observation(
                            indicator=indicator,
                            period=period,
                            value=(base + (target - base) * share * noise).quantize(Decimal("1")),
                        )
                    )
            Observation.objects.bulk_create(observations, batch_size=batch_size)
        totals.periods += len(periods)
        totals.reports += len(created)
        totals.versions += len(versions)
        totals.observations += len(observations)
    statistics_refresh()
    return totals


def _synthetic_report(rng, period, measure_id, agency_id, role, tz) -> ProgressReport:
    state = _weighted(rng, _STATES)
    delivered = state not in (ProgressReport.State.DRAFT, ProgressReport.State.PENDING_SIGNOFF)
    status = _weighted(rng, _PROGRESS)
    late_days = rng.randint(1, 30) if delivered and rng.random() < 0.18 else 0
    submitted_at = None
    if delivered:
        day = period.due_on + datetime.timedelta(days=late_days or -rng.randint(0, 9))
        submitted_at = datetime.datetime.combine(day, datetime.time(10), tzinfo=tz)
    lagging = status in (ProgressReport.Progress.LAGGING, ProgressReport.Progress.NOT_STARTED)
    return ProgressReport(
        measure_id=measure_id,
        agency_id=agency_id,
        period=period,
        role=role,
        state=state,
        progress_status=status,
        adjusted_reason="根据实际情况调整" if status == ProgressReport.Progress.ADJUSTED else "",
        completion_percent=rng.randint(0, 100),
        progress_text=f"{period.label}按计划推进相关工作。",
        problems=rng.choice(_PROBLEMS) if lagging else "",
        next_steps="继续推进。",
        version=1 if delivered else 0,
        submitted_at=submitted_at,
        first_submitted_at=submitted_at,
        late_days=late_days,
        accepted_at=submitted_at if state == ProgressReport.State.ACCEPTED else None,
    )
