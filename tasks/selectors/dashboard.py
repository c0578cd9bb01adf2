"""Reads behind the office's dashboards and exports: every aggregate is computed in SQL.

Each function issues a fixed number of queries whatever the size of the plan; Python only
arranges rows that the database has already grouped (one per measure, agency or period).
"""

from __future__ import annotations

import datetime
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple
from urllib.parse import urlencode

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.text import Truncator

from agencies.models import Agency
from agencies.names import current_names
from agencies.selectors import agencies_without_reporter
from indicators.models import Indicator, Observation, RatingThresholds
from indicators.rating import IndicatorRating, Rating, rate, thresholds
from ipplan import clock
from ipplan.workcalendar import WorkingCalendar, missing_holiday_notice

from ..models import (
    AnnualEvaluation,
    Assignment,
    Grade,
    Measure,
    Plan,
    ProgressReport,
    ReportingPeriod,
    ScheduleEntry,
    Section,
)
from .counts import (
    BUCKET_LABELS,
    NOT_DELIVERED,
    REPORT_BUCKETS,
    period_status_summary,
    status_counts,
)
from .plans import current_of, in_chapter

State = ProgressReport.State
Progress = ProgressReport.Progress


# --- filters -----------------------------------------------------------------------------


@dataclass
class DashboardFilters:
    """What the office is looking at; every field round-trips through the URL."""

    plan: Plan
    period: ReportingPeriod | None = None
    section: Section | None = None
    agency: Agency | None = None
    status: str = ""  # a RAG colour: red / amber / green / grey

    def query(self, **overrides) -> str:
        values = {
            "plan": self.plan.pk,
            "period": self.period.pk if self.period else "",
            "section": self.section.pk if self.section else "",
            "agency": self.agency.pk if self.agency else "",
            "status": self.status,
        }
        values.update(overrides)
        return urlencode({k: v for k, v in values.items() if v not in ("", None)})


def plans_with_periods() -> QuerySet[Plan]:
    has_periods = Exists(ReportingPeriod.objects.filter(plan=OuterRef("pk")))
    return Plan.objects.filter(has_periods).order_by("-issued_on", "title")


def periods_latest_first(plan: Plan) -> QuerySet[ReportingPeriod]:
    return plan.periods.order_by("-starts_on")


def current_period(
    plan: Plan, periods: list[ReportingPeriod] | None = None
) -> ReportingPeriod | None:
    """The plan's current period (``tasks.selectors.plans.current_of``, the API's too).

    ``periods``, the plan's periods latest first when the caller has them, saves the query.
    """
    if periods is None:
        periods = list(periods_latest_first(plan))
    return current_of(periods, clock.today())


def chapters(plan: Plan) -> QuerySet[Section]:
    return plan.sections.filter(parent__isnull=True).order_by("order")


def shorten(text: str, length: int) -> str:
    """What ``|truncatechars:length`` gives, without Truncator's work when the text fits
    (Truncator returns such text NFC-normalised, unshortened)."""
    if len(text) <= length:
        return unicodedata.normalize("NFC", text)
    return Truncator(text).chars(length)


def filter_choices(
    filters: DashboardFilters, plans: list[Plan], periods: list[ReportingPeriod]
) -> dict:
    """The filter form's options as (value, text) pairs, texts shortened as the form shows
    them; ``plans`` and ``periods`` are the lists the filters were chosen from."""
    assigned = Assignment.objects.filter(agency=OuterRef("pk"), measure__plan=filters.plan)
    # Reports go to the body that does the work today: the filter lists current names.
    names = current_names(Agency.objects.filter(Exists(assigned)).values_list("pk", flat=True))
    agencies = sorted({(n.current_id, n.name) for n in names.values()}, key=lambda a: a[1])
    return {
        "plan_options": [(p.pk, shorten(p.title, 30)) for p in plans],
        "period_options": [(p.pk, p.label) for p in periods],
        "section_options": [(s.pk, shorten(str(s), 20)) for s in chapters(filters.plan)],
        "agency_options": agencies,
        "rag_labels": RAG_LABELS,
    }


def _reports(filters: DashboardFilters) -> QuerySet[ProgressReport]:
    reports = ProgressReport.objects.filter(period__plan=filters.plan)
    if filters.period:
        reports = reports.filter(period=filters.period)
    if filters.section:
        reports = reports.filter(in_chapter(filters.section, "measure__"))
    if filters.agency:
        reports = reports.filter(agency=filters.agency)
    return reports


def _chapter_of(prefix: str = "measure__") -> Coalesce:
    """Top-level chapter of a measure (sections nest one level: 一、 then （一）)."""
    return Coalesce(f"{prefix}section__parent_id", f"{prefix}section_id")


# --- where each number leads -------------------------------------------------------------

_ID_MARKER = 2_147_483_647  # an id no row has: it marks where the id goes in a reversed URL


def link_for(view: str) -> Callable[[int], str]:
    """``reverse(view, args=[pk])`` for many ids at the cost of one reverse() per page."""
    head, tail = reverse(view, args=[_ID_MARKER]).split(str(_ID_MARKER))
    return lambda pk: f"{head}{pk}{tail}"


_REVIEW_QUERY = {
    "expected": {"state": "all"},
    "late": {"state": "all", "late": "yes"},
    "accepted": {"state": State.ACCEPTED},
}


def bucket_url(
    bucket: str,
    *,
    plan: Plan,
    period: ReportingPeriod | None = None,
    agency_id: int | None = None,
    section_id: int | None = None,
) -> str:
    """The list behind a count: the review queue where its filters say exactly the same,
    else the dashboard's own list of reports in that bucket."""
    params = {
        "plan": plan.pk,
        "period": period.pk if period else "",
        "agency": agency_id or "",
        "section": section_id or "",
    }
    if bucket in _REVIEW_QUERY:
        params |= _REVIEW_QUERY[bucket]
        url = reverse("reports:review")
    else:
        params["bucket"] = bucket
        url = reverse("dashboard:reports")
    return f"{url}?{urlencode({k: v for k, v in params.items() if v not in ('', None)})}"


def reports_in_bucket(filters: DashboardFilters, bucket: str) -> QuerySet[ProgressReport]:
    return (
        _reports(filters)
        .filter(REPORT_BUCKETS[bucket])
        .select_related("measure", "agency", "period")
        .order_by("period__starts_on", "measure__order", "agency__name")
    )


# --- the plan overview -------------------------------------------------------------------


@dataclass
class Count_:
    name: str
    label: str
    value: int
    url: str


class MeasureRow(NamedTuple):
    """What the dashboards show of a measure, read with values_list rather than as a model."""

    pk: int
    label: str
    title: str
    text: str


@dataclass
class MeasureRag:
    measure: MeasureRow
    colour: str  # red / amber / green / grey
    rules: list[str]
    lead: str
    status: str
    counts: dict[str, int]
    url: str = ""  # the dashboard's page of the measure

    @property
    def colour_label(self) -> str:
        return RAG_LABELS[self.colour]


RAG_LABELS = {"red": "红", "amber": "黄", "green": "绿", "grey": "无"}
STATUS_LABELS = {**dict(Progress.choices), "unreported": "未报送"}

# The rules that colour a measure, in the order they are checked; the first colour wins and
# every rule that fires is shown so the office sees why.
RAG_RULES: list[tuple[str, str, str]] = [
    ("red", "lagging", "有单位报告进度滞后"),
    ("red", "overdue_missing", "截止日期已过仍未报送"),
    ("red", "target_not_met", "指标未达到序时进度"),
    ("amber", "not_started", "有单位报告尚未启动"),
    ("amber", "late", "逾期报送"),
    ("amber", "returned", "报告被退回修改"),
    ("amber", "missing", "尚未报送（未到截止日期）"),
    ("amber", "target_nearly_met", "指标基本达到、略低于序时进度"),
]


def measure_rag(counts: dict[str, int], ratings: list[str]) -> tuple[str, list[str]]:
    """Colour a measure from its grouped report counts and its indicators' ratings."""
    facts = dict(counts)
    facts["target_not_met"] = ratings.count(Rating.NOT_MET)
    facts["target_nearly_met"] = ratings.count(Rating.NEARLY_MET)
    if not counts.get("expected"):
        return "grey", ["本期无报送任务"]
    fired = [(colour, text) for colour, key, text in RAG_RULES if facts.get(key)]
    if not fired:
        return "green", ["按时报送、序时推进"]
    colour = "red" if any(c == "red" for c, _ in fired) else "amber"
    return colour, [text for _, text in fired]


def _measure_counts(
    filters: DashboardFilters, cal: WorkingCalendar | None = None
) -> tuple[dict[int, dict[str, int]], dict[str, int]]:
    """Per measure, the counts the RAG rules read; and, from the same grouped query, the
    compliance buckets (``status_counts``) summed over every measure."""
    cal = cal or WorkingCalendar.load()
    overdue = bool(filters.period and cal.is_past_due(filters.period.due_on, clock.today()))
    rows = (
        _reports(filters)
        .values("measure_id")
        .annotate(
            **status_counts(),
            lagging=Count("id", filter=~NOT_DELIVERED & Q(progress_status=Progress.LAGGING)),
            not_started=Count(
                "id", filter=~NOT_DELIVERED & Q(progress_status=Progress.NOT_STARTED)
            ),
        )
        .order_by()
    )
    counts = {}
    totals = dict.fromkeys(BUCKET_LABELS, 0)
    for row in rows:
        for bucket in totals:
            totals[bucket] += row[bucket]
        missing = row["missing"]
        counts[row["measure_id"]] = {
            "expected": row["expected"],
            "lagging": row["lagging"],
            "not_started": row["not_started"],
            "late": row["late"],
            "returned": row["returned"],
            "overdue_missing": missing if overdue else 0,
            "missing": 0 if overdue else missing,
        }
    return counts, totals


def _lead_names(plan: Plan) -> dict[int, str]:
    names: dict[int, list[str]] = defaultdict(list)
    rows = list(
        Assignment.objects.filter(measure__plan=plan, role=Assignment.Role.LEAD)
        .values_list("measure_id", "agency_id", "name_as_written")
        .order_by("measure_id", "order")
    )
    current = current_names(agency_id for _, agency_id, _ in rows if agency_id)
    for measure_id, agency_id, written in rows:
        names[measure_id].append(str(current[agency_id]) if agency_id in current else written)
    return {k: "、".join(v) for k, v in names.items()}


def _lead_status(filters: DashboardFilters) -> dict[int, str]:
    """The lead agency's progress status per measure in the period (未报送 when not delivered)."""
    if not filters.period:
        return {}
    return dict(
        ProgressReport.objects.filter(period=filters.period, role=Assignment.Role.LEAD)
        .annotate(key=_status_key())
        .values_list("measure_id", "key")
        .order_by("measure_id", "-key")
    )


def _status_key() -> Case:
    return Case(
        When(NOT_DELIVERED, then=Value("unreported")),
        When(progress_status="", then=Value("unreported")),
        default=F("progress_status"),
        output_field=CharField(),
    )


@dataclass
class RatedIndicator:
    indicator: Indicator
    rating: IndicatorRating
    observations: list[Observation] = field(default_factory=list)


def rated_indicators(
    plan: Plan | list[Plan],
    *,
    section: Section | None = None,
    agency: Agency | None = None,
    with_observations: bool = False,
    as_of: ReportingPeriod | None = None,
    limits: RatingThresholds | None = None,
) -> list[RatedIndicator]:
    """The plan's (or plans') indicators, each rated on its latest actual (up to ``as_of``'s
    end)."""
    observations = Observation.objects.filter(indicator_id=OuterRef("pk"))
    if as_of:
        observations = observations.filter(period__ends_on__lte=as_of.ends_on)
    latest = observations.order_by("-period__ends_on")
    indicators = (
        Indicator.objects.filter(
            **({"plan__in": plan} if isinstance(plan, list) else {"plan": plan})
        )
        .select_related("measure", "agency")
        .annotate(
            latest_value=Subquery(latest.values("value")[:1]),
            latest_on=Subquery(latest.values("period__ends_on")[:1]),
        )
        .order_by("measure__order", "order", "id")
    )
    if section:
        indicators = indicators.filter(in_chapter(section, "measure__"))
    if agency:
        indicators = indicators.filter(
            Q(agency=agency)
            | Q(measure__assignments__agency=agency, measure__assignments__role="lead")
        ).distinct()
    if with_observations:
        indicators = indicators.prefetch_related(
            Prefetch(
                "observations",
                queryset=Observation.objects.select_related("period").order_by("period__ends_on"),
            )
        )
    limits = limits or thresholds()
    return [
        RatedIndicator(
            indicator,
            rate(indicator, indicator.latest_value, indicator.latest_on, limits),
            list(indicator.observations.all()) if with_observations else [],
        )
        for indicator in indicators
    ]


@dataclass
class ChapterStatus:
    chapter: Section
    counts: dict[str, int]
    total: int


@dataclass
class LaggingAgency:
    agency_id: int
    name: str
    expected: int
    overdue_missing: int
    late: int
    lagging: int
    score: int


@dataclass
class Overview:
    filters: DashboardFilters
    compliance: list[Count_]
    chapters: list[ChapterStatus]
    status_order: list[tuple[str, str]]
    measures: list[MeasureRag]
    rag_totals: dict[str, int]
    lagging_agencies: list[LaggingAgency]
    indicators_off_track: list[RatedIndicator]
    uncovered_agencies: list[tuple[int, str, int]] = field(default_factory=list)
    due_date: datetime.date | None = None  # the period's due date, moved off a holiday
    holiday_notice: str = ""  # a year without holiday data, said to the office


def _compliance(filters: DashboardFilters, counts: dict[str, int]) -> list[Count_]:
    """Each compliance count with the list behind it (counts: ``_measure_counts`` totals)."""
    return [
        Count_(
            name,
            BUCKET_LABELS[name],
            counts[name] or 0,
            bucket_url(
                name,
                plan=filters.plan,
                period=filters.period,
                agency_id=filters.agency.pk if filters.agency else None,
                section_id=filters.section.pk if filters.section else None,
            ),
        )
        for name in BUCKET_LABELS
    ]


def _chapter_statuses(filters: DashboardFilters) -> list[ChapterStatus]:
    """Measures by the lead agency's status, per chapter (one grouped query)."""
    rows = (
        _reports(filters)
        .filter(role=Assignment.Role.LEAD)
        .annotate(chapter=_chapter_of(), key=_status_key())
        .values("chapter", "key")
        .annotate(n=Count("measure_id", distinct=True))
        .order_by()
    )
    grouped: dict[int, dict[str, int]] = defaultdict(dict)
    for row in rows:
        grouped[row["chapter"]][row["key"]] = row["n"]
    sections = chapters(filters.plan)
    if filters.section:
        sections = sections.filter(pk=filters.section.pk)
    return [
        ChapterStatus(
            chapter, grouped.get(chapter.pk, {}), sum(grouped.get(chapter.pk, {}).values())
        )
        for chapter in sections
    ]


def lagging_agencies(
    filters: DashboardFilters, limit: int = 10, cal: WorkingCalendar | None = None
) -> list[LaggingAgency]:
    """Agencies with the most overdue, late and lagging reports, worst first."""
    cal = cal or WorkingCalendar.load()
    overdue = cal.past_due_q(clock.today()) & NOT_DELIVERED
    rows = (
        _reports(filters)
        .values("agency_id", "agency__short_name", "agency__name")
        .annotate(
            **status_counts("expected", "late"),
            overdue_missing=Count("id", filter=overdue),
            lagging=Count("id", filter=~NOT_DELIVERED & Q(progress_status=Progress.LAGGING)),
        )
        .annotate(score=F("overdue_missing") * 3 + F("lagging") * 2 + F("late"))
        .filter(score__gt=0)
        .order_by("-score", "agency__name")[:limit]
    )
    return [
        LaggingAgency(
            row["agency_id"],
            row["agency__short_name"] or row["agency__name"],
            row["expected"],
            row["overdue_missing"],
            row["late"],
            row["lagging"],
            row["score"],
        )
        for row in rows
    ]


def uncovered_agencies(filters: DashboardFilters) -> list[tuple[int, str, int]]:
    """(id, name, reports expected) of the agencies expected to report in the filters whom no
    active reporter covers (无填报人): nobody can file or be urged. Two queries."""
    rows = list(
        _reports(filters)
        .values("agency_id", "agency__short_name", "agency__name")
        .annotate(expected=Count("id"))
        .order_by("agency__name")
    )
    uncovered = agencies_without_reporter(row["agency_id"] for row in rows)
    return [
        (row["agency_id"], row["agency__short_name"] or row["agency__name"], row["expected"])
        for row in rows
        if row["agency_id"] in uncovered
    ]


def measures_rag(
    filters: DashboardFilters,
    ratings: list[RatedIndicator] | None = None,
    counts: dict[int, dict[str, int]] | None = None,
) -> list[MeasureRag]:
    plan = filters.plan
    if counts is None:
        counts, _ = _measure_counts(filters)
    if ratings is None:
        ratings = rated_indicators(plan, as_of=filters.period)
    by_measure: dict[int, list[str]] = defaultdict(list)
    for item in ratings:
        if item.indicator.measure_id:
            by_measure[item.indicator.measure_id].append(item.rating.rating)
    leads = _lead_names(plan)
    statuses = _lead_status(filters)
    # A measure a revision retired shows only where it has reports in the period shown.
    measures = Measure.objects.filter(plan=plan).filter(
        ~Q(status=Measure.Status.RETIRED) | Q(pk__in=list(counts))
    )
    if filters.section:
        measures = measures.filter(in_chapter(filters.section))
    if filters.agency:
        measures = measures.filter(pk__in=list(counts))
    measure_url = link_for("dashboard:measure")
    status_labels = {key: str(label) for key, label in STATUS_LABELS.items()}  # once, not per row
    result = []
    for row in measures.order_by("order").values_list("pk", "label", "title", "text"):
        measure = MeasureRow(*row)
        measure_counts = counts.get(measure.pk, {})
        colour, rules = measure_rag(measure_counts, by_measure.get(measure.pk, []))
        if filters.status and colour != filters.status:
            continue
        status = statuses.get(measure.pk, "")
        result.append(
            MeasureRag(
                measure,
                colour,
                rules,
                leads.get(measure.pk, ""),
                status_labels.get(status, ""),
                measure_counts,
                measure_url(measure.pk),
            )
        )
    return result


def plan_overview(filters: DashboardFilters) -> Overview:
    ratings = rated_indicators(filters.plan, section=filters.section, as_of=filters.period)
    cal = WorkingCalendar.load()
    counts, compliance = _measure_counts(filters, cal)
    measures = measures_rag(filters, ratings, counts)
    totals = {colour: 0 for colour in RAG_LABELS}
    for item in measures:
        totals[item.colour] += 1
    return Overview(
        filters=filters,
        compliance=_compliance(filters, compliance),
        chapters=_chapter_statuses(filters),
        status_order=[*Progress.choices, ("unreported", "未报送")],
        measures=measures,
        rag_totals=totals,
        lagging_agencies=lagging_agencies(filters, cal=cal),
        uncovered_agencies=uncovered_agencies(filters),
        indicators_off_track=[
            r for r in ratings if r.rating.rating in (Rating.NOT_MET, Rating.NEARLY_MET)
        ],
        due_date=cal.due_date(filters.period.due_on) if filters.period else None,
        holiday_notice=missing_holiday_notice(clock.today(), cal),
    )


# --- agency × period matrix --------------------------------------------------------------


@dataclass
class MatrixCell:
    period: ReportingPeriod
    expected: int = 0
    on_time: int = 0
    late: int = 0
    missing: int = 0
    url: str = ""

    @property
    def css(self) -> str:
        if not self.expected:
            return "none"
        if self.missing:
            return "missing"
        return "late" if self.late else "on-time"


@dataclass
class MatrixRow:
    agency_id: int
    name: str
    cells: list[MatrixCell]
    expected: int
    on_time: int
    late: int
    missing: int

    @property
    def on_time_rate(self) -> float:
        return self.on_time / self.expected if self.expected else 0.0


MATRIX_SORTS = {
    "name": ("单位名称", lambda row: row.name, False),
    "on_time_rate": ("按时率", lambda row: (row.on_time_rate, row.name), False),
    "late": ("逾期报送", lambda row: (row.late, row.name), True),
    "missing": ("未报送", lambda row: (row.missing, row.name), True),
}


def matrix_periods(
    plan: Plan, until: ReportingPeriod | None, span: int = 8
) -> list[ReportingPeriod]:
    periods = plan.periods.order_by("-starts_on")
    if until:
        periods = periods.filter(starts_on__lte=until.starts_on)
    return list(reversed(periods[:span]))


def agency_period_matrix(
    filters: DashboardFilters, periods: list[ReportingPeriod], sort: str = "on_time_rate"
) -> list[MatrixRow]:
    """Each agency's record over the periods: one grouped query for cells, rows sorted."""
    reports = ProgressReport.objects.filter(period__in=periods)
    if filters.section:
        reports = reports.filter(in_chapter(filters.section, "measure__"))
    if filters.agency:
        reports = reports.filter(agency=filters.agency)
    buckets = status_counts("expected", "on_time", "late", "missing")
    rows = (
        reports.values("agency_id", "agency__short_name", "agency__name", "period_id")
        .annotate(**buckets)
        .order_by()
    )
    # one reverse() for the page, not one per cell: the cells are the review queue's filters
    review = bucket_url("expected", plan=filters.plan)
    by_agency: dict[int, dict] = {}
    for row in rows:
        entry = by_agency.setdefault(
            row["agency_id"],
            {"name": row["agency__short_name"] or row["agency__name"], "cells": {}},
        )
        entry["cells"][row["period_id"]] = row
    result = []
    for agency_id, entry in by_agency.items():
        cells = []
        for period in periods:
            row = entry["cells"].get(period.pk, {})
            cells.append(
                MatrixCell(
                    period,
                    row.get("expected", 0),
                    row.get("on_time", 0),
                    row.get("late", 0),
                    row.get("missing", 0),
                    f"{review}&period={period.pk}&agency={agency_id}",
                )
            )
        result.append(
            MatrixRow(
                agency_id,
                entry["name"],
                cells,
                sum(c.expected for c in cells),
                sum(c.on_time for c in cells),
                sum(c.late for c in cells),
                sum(c.missing for c in cells),
            )
        )
    _, key, reverse_ = MATRIX_SORTS.get(sort, MATRIX_SORTS["on_time_rate"])
    return sorted(result, key=key, reverse=reverse_)


# --- one measure -------------------------------------------------------------------------


@dataclass
class TimelinePeriod:
    period: ReportingPeriod
    reports: list[ProgressReport]


def measure_detail(measure: Measure) -> dict:
    assignments = list(measure.assignments.select_related("agency").order_by("order", "id"))
    schedule = list(measure.schedule_entries.order_by("order"))
    reports = (
        ProgressReport.objects.filter(measure=measure)
        .select_related("period", "agency")
        .order_by("-period__starts_on", "role", "agency__name")
    )
    timeline: list[TimelinePeriod] = []
    for report in reports:
        if not timeline or timeline[-1].period.pk != report.period_id:
            timeline.append(TimelinePeriod(report.period, []))
        timeline[-1].reports.append(report)
    indicators = [
        item
        for item in rated_indicators(measure.plan, with_observations=True)
        if item.indicator.measure_id == measure.pk
    ]
    return {
        "measure": measure,
        "assignments": assignments,
        "schedule": schedule,
        "timeline": timeline,
        "indicators": indicators,
    }


# --- indicator trajectories --------------------------------------------------------------


def indicator_chart(item: RatedIndicator) -> dict:
    """The series one ECharts line chart needs: actuals, the linear trajectory, the target."""
    from indicators.rating import base_of, trajectory_value

    indicator = item.indicator
    actual = [
        [o.period.ends_on.isoformat(), float(o.value), o.period.label] for o in item.observations
    ]
    trajectory = []
    if indicator.target_value is not None and indicator.base_year and indicator.target_year:
        trajectory = [
            [datetime.date(indicator.base_year, 12, 31).isoformat(), float(base_of(indicator))],
            [
                datetime.date(indicator.target_year, 12, 31).isoformat(),
                float(indicator.target_value),
            ],
        ]
    expected_now = trajectory_value(indicator, clock.today())
    return {
        "id": indicator.pk,
        "name": indicator.name,
        "unit": indicator.unit,
        "actual": actual,
        "trajectory": trajectory,
        "target": float(indicator.target_value) if indicator.target_value is not None else None,
        "expected_now": float(expected_now) if expected_now is not None else None,
        "rating": item.rating.rating,
    }


# --- annual evaluation -------------------------------------------------------------------

GRADE_SCORES = [(90, Grade.EXCELLENT), (75, Grade.GOOD), (60, Grade.PASS), (0, Grade.FAIL)]


@dataclass
class EvaluationRow:
    agency_id: int
    name: str
    expected: int
    on_time: int
    late: int
    missing: int
    measures: int
    lagging: int
    completed: int
    targets: int
    targets_met: int
    score: Decimal
    proposed: str
    decision: AnnualEvaluation | None = None

    @property
    def on_time_rate(self) -> Decimal:
        return _ratio(self.on_time, self.expected)

    @property
    def proposed_label(self) -> str:
        return Grade(self.proposed).label

    def evidence(self) -> dict:
        return {
            "应报": self.expected,
            "按时报送": self.on_time,
            "逾期报送": self.late,
            "未报送": self.missing,
            "按时报送率": f"{self.on_time_rate:.0%}",
            "年末负责措施": self.measures,
            "其中进度滞后或未启动": self.lagging,
            "其中已完成": self.completed,
            "指标": self.targets,
            "达到序时的指标": self.targets_met,
            "得分": str(self.score),
        }


def _ratio(part: int, whole: int) -> Decimal:
    return Decimal(part) / Decimal(whole) if whole else Decimal(0)


def propose_grade(
    *, on_time: int, expected: int, measures: int, lagging: int, targets: int, targets_met: int
) -> tuple[Decimal, str]:
    """Score = 50 × on-time rate + 30 × share of measures not lagging at year end
    + 20 × share of targets on track; without targets the first two are rescaled to 100.
    ≥ 90 优秀, ≥ 75 良好, ≥ 60 合格, else 不合格."""
    parts = [
        (Decimal(50), _ratio(on_time, expected)),
        (Decimal(30), Decimal(1) - _ratio(lagging, measures) if measures else Decimal(1)),
    ]
    if targets:
        parts.append((Decimal(20), _ratio(targets_met, targets)))
    weight = sum(w for w, _ in parts)
    score = (sum(w * share for w, share in parts) * 100 / weight).quantize(Decimal("0.1"))
    grade = next(grade for floor, grade in GRADE_SCORES if score >= floor)
    return score, grade


def evaluation_rows(plan: Plan, year: int) -> list[EvaluationRow]:
    """Every agency that had reports in the plan's periods of ``year``, with its evidence."""
    periods = plan.periods.filter(year=year)
    last = periods.order_by("-starts_on").first()
    buckets = status_counts("expected", "on_time", "late", "missing")
    records = (
        ProgressReport.objects.filter(period__in=periods)
        .values("agency_id", "agency__short_name", "agency__name")
        .annotate(**buckets)
        .order_by("agency__name")
    )
    statuses = {
        row["agency_id"]: row
        for row in ProgressReport.objects.filter(period=last)
        .values("agency_id")
        .annotate(
            measures=Count("id"),
            lagging=Count(
                "id",
                filter=Q(progress_status__in=[Progress.LAGGING, Progress.NOT_STARTED])
                | NOT_DELIVERED,
            ),
            completed=Count("id", filter=Q(progress_status=Progress.COMPLETED) & ~NOT_DELIVERED),
        )
        .order_by()
    }
    targets: dict[int, list[str]] = defaultdict(list)
    lead_of = dict(
        Assignment.objects.filter(measure__plan=plan, role=Assignment.Role.LEAD)
        .values_list("measure_id", "agency_id")
        .order_by("measure_id", "-order")
    )
    for item in rated_indicators(plan, as_of=last):
        owner = item.indicator.agency_id or lead_of.get(item.indicator.measure_id)
        if owner:
            targets[owner].append(item.rating.rating)
    decisions = {
        e.agency_id: e
        for e in AnnualEvaluation.objects.filter(plan=plan, year=year).select_related("decided_by")
    }
    rows = []
    for record in records:
        agency_id = record["agency_id"]
        status = statuses.get(agency_id, {})
        ratings = targets.get(agency_id, [])
        met = sum(1 for r in ratings if r in (Rating.EXCEEDED, Rating.MET))
        rated = sum(1 for r in ratings if r != Rating.NO_DATA)
        score, proposed = propose_grade(
            on_time=record["on_time"],
            expected=record["expected"],
            measures=status.get("measures", 0),
            lagging=status.get("lagging", 0),
            targets=rated,
            targets_met=met,
        )
        rows.append(
            EvaluationRow(
                agency_id,
                record["agency__short_name"] or record["agency__name"],
                record["expected"],
                record["on_time"],
                record["late"],
                record["missing"],
                status.get("measures", 0),
                status.get("lagging", 0),
                status.get("completed", 0),
                rated,
                met,
                score,
                proposed,
                decisions.get(agency_id),
            )
        )
    return rows


# --- schedule timeline (Gantt) -----------------------------------------------------------


@dataclass
class GanttBar:
    entry: ScheduleEntry
    start: datetime.date
    end: datetime.date
    left: float  # percent of the chart's width
    width: float
    state: str
    state_label: str
    overdue: bool  # its window has ended and its reports do not all say 已完成
    ended: bool  # its window has ended (said plainly when no report is tied to it)


def _month_end(day: datetime.date) -> datetime.date:
    following = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return following - datetime.timedelta(days=1)


_STATE_RANK = ["overdue_missing", "returned", "missing", "submitted", "accepted"]
_STATE_LABELS = {
    "overdue_missing": "逾期未报",
    "returned": "被退回",
    "missing": "待报送",
    "submitted": "已报送待审",
    "accepted": "已采纳",
    "none": "无关联报告",
}


def schedule_timeline(plan: Plan) -> dict:
    """The plan's schedule rows as Gantt bars, coloured by the linked measure's reports in the
    latest period already due (the worst state wins). An entry is overdue only by its own
    window and its own reports: the window has ended and not every report on it says 已完成.
    An entry no report is tied to is never called overdue (nothing says so); its ended window
    shows as ``ended``."""
    today = clock.today()
    cal = WorkingCalendar.load()
    # The latest period already due speaks for the entry; before any is due, the first one.
    periods = ReportingPeriod.objects.filter(
        plan=plan, reports__measure_id=OuterRef("measure_id")
    ).values("pk")
    latest_due = periods.filter(cal.past_due_q(today, field="due_on")).order_by("-starts_on")[:1]
    first = periods.order_by("starts_on")[:1]
    entries = list(
        plan.schedule.filter(start_month__isnull=False)
        .select_related("measure")
        .annotate(latest_period=Coalesce(Subquery(latest_due), Subquery(first)))
        .order_by("order")
    )
    state_rows = (
        ProgressReport.objects.filter(measure__plan=plan, measure__schedule_entries__isnull=False)
        .values("measure_id", "period_id")
        .annotate(
            overdue_missing=Count(
                "id",
                filter=NOT_DELIVERED & cal.past_due_q(today),
                distinct=True,
            ),
            missing=Count("id", filter=NOT_DELIVERED, distinct=True),
            returned=Count("id", filter=Q(state=State.RETURNED), distinct=True),
            submitted=Count("id", filter=Q(state=State.SUBMITTED), distinct=True),
            accepted=Count("id", filter=Q(state=State.ACCEPTED), distinct=True),
            completed=Count(
                "id", filter=Q(progress_status=Progress.COMPLETED) & ~NOT_DELIVERED, distinct=True
            ),
            expected=Count("id", distinct=True),
        )
        .order_by()
    )
    states = {(r["measure_id"], r["period_id"]): r for r in state_rows}
    if not entries:
        return {"bars": [], "years": [], "today_left": None}
    start = min(e.start_month for e in entries).replace(month=1, day=1)
    end = datetime.date(max((e.end_month or e.start_month) for e in entries).year, 12, 31)
    span = (end - start).days or 1
    bars = []
    for entry in entries:
        bar_end = _month_end(entry.end_month or entry.start_month)
        row = states.get((entry.measure_id, entry.latest_period), {})
        state = next((name for name in _STATE_RANK if row.get(name)), "none")
        expected = row.get("expected", 0)
        bars.append(
            GanttBar(
                entry,
                entry.start_month,
                bar_end,
                100 * (entry.start_month - start).days / span,
                max(0.8, 100 * ((bar_end - entry.start_month).days + 1) / span),
                state,
                _STATE_LABELS[state],
                bar_end < today and expected > 0 and row.get("completed", 0) < expected,
                bar_end < today,
            )
        )
    years = [
        (year, 100 * (datetime.date(year, 1, 1) - start).days / span)
        for year in range(start.year, end.year + 1)
    ]
    today_left = 100 * (today - start).days / span if start <= today <= end else None
    return {
        "bars": bars,
        "years": years,
        "today_left": today_left,
        "today": today,
        "today_after": today > end,  # the whole schedule lies in the past: no line to draw
    }


# --- the quarterly supervision report and the circulation notice -------------------------


@dataclass
class AgencyRecord:
    name: str
    expected: int
    late: int
    missing: int


def supervision_report(period: ReportingPeriod) -> dict:
    """What the printable report and the 通报 say about a period: compliance, the agencies
    late or missing, lagging measures with the reasons their agencies gave, targets off track."""
    plan = period.plan
    filters = DashboardFilters(plan=plan, period=period)
    problem = REPORT_BUCKETS["late"] | NOT_DELIVERED
    agencies = [
        AgencyRecord(
            r["agency__short_name"] or r["agency__name"], r["expected"], r["late"], r["missing"]
        )
        for r in ProgressReport.objects.filter(period=period)
        .values("agency__short_name", "agency__name")
        .annotate(
            **status_counts("expected", "late", "missing"), problems=Count("id", filter=problem)
        )
        .filter(problems__gt=0)
        .order_by("-missing", "-late", "agency__name")
    ]
    lagging = list(
        ProgressReport.objects.filter(period=period)
        .filter(~NOT_DELIVERED, progress_status__in=[Progress.LAGGING, Progress.NOT_STARTED])
        .select_related("measure", "agency")
        .order_by("measure__order", "agency__name")
    )
    ratings = rated_indicators(plan, as_of=period)
    return {
        "plan": plan,
        "period": period,
        "today": clock.today(),
        "summary": period_status_summary(plan, period),
        "labels": BUCKET_LABELS,
        "agencies": agencies,
        "lagging": lagging,
        "off_track": [r for r in ratings if r.rating.rating in (Rating.NOT_MET, Rating.NEARLY_MET)],
        "rag": measures_rag(filters, ratings),
    }
