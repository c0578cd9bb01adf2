"""The plan overview: compliance, chapters, red-amber-green per measure, agencies to urge."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    prefetch_related_objects,
)

from agencies.models import Agency
from agencies.names import AgencyName, current_names
from agencies.selectors import reporter_covers
from core import clock
from core.compiled import CompiledQuery
from indicators.models import Indicator, Observation, RatingThresholds
from indicators.rating import IndicatorRating, Rating, rate, thresholds
from ipplan.workcalendar import WorkingCalendar, missing_holiday_notice

from ...models import (
    Assignment,
    Measure,
    Plan,
    ProgressReport,
    ReportingPeriod,
    Section,
)
from ..counts import (
    BUCKET_LABELS,
    NOT_DELIVERED,
    status_counts,
)
from ..plans import in_chapter
from .filters import (
    RAG_LABELS,
    DashboardFilters,
    bucket_url,
    chapter_of,
    link_for,
    reports_narrowed,
)

Progress = ProgressReport.Progress

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


# Delivered reports whose agency says the work lags, or has not started.
_LAGGING = ~NOT_DELIVERED & Q(progress_status=Progress.LAGGING)
_NOT_STARTED = ~NOT_DELIVERED & Q(progress_status=Progress.NOT_STARTED)

# The page's queries, compiled once per process (core.compiled): each takes the filters'
# ids (DashboardFilters.ids) and nothing else.
_COUNTS_BY_MEASURE = CompiledQuery(
    lambda **narrowed: (
        reports_narrowed(**narrowed)
        .values("measure_id")
        .annotate(
            **status_counts(),
            lagging=Count("id", filter=_LAGGING),
            not_started=Count("id", filter=_NOT_STARTED),
        )
        .order_by()
    )
)


def _measure_counts(
    filters: DashboardFilters, cal: WorkingCalendar | None = None
) -> tuple[dict[int, dict[str, int]], dict[str, int]]:
    """Per measure, the counts the RAG rules read; and, from the same grouped query, the
    compliance buckets (``status_counts``) summed over every measure."""
    cal = cal or WorkingCalendar.load()
    overdue = bool(filters.period and cal.is_past_due(filters.period.due_on, clock.today()))
    rows = _COUNTS_BY_MEASURE.rows(**filters.ids())
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


_LEADS = CompiledQuery(
    lambda plan: (
        Assignment.objects.filter(measure__plan=plan, role=Assignment.Role.LEAD)
        .values("measure_id", "agency_id", "name_as_written")
        .order_by("measure_id", "order")
    )
)


def _lead_names(plan: Plan, current: dict[int, AgencyName] | None = None) -> dict[int, str]:
    """Per measure, its lead agencies' current names; ``current``: ``current_names`` of (at
    least) the plan's agencies, when the caller has them."""
    names: dict[int, list[str]] = defaultdict(list)
    rows = _LEADS.rows(plan=plan.pk)
    if current is None:
        current = current_names(row["agency_id"] for row in rows if row["agency_id"])
    for row in rows:
        agency_id = row["agency_id"]
        names[row["measure_id"]].append(
            str(current[agency_id]) if agency_id in current else row["name_as_written"]
        )
    return {k: "、".join(v) for k, v in names.items()}


_LEAD_STATUS = CompiledQuery(
    lambda period: (
        ProgressReport.objects.filter(period=period, role=Assignment.Role.LEAD)
        .annotate(key=_status_key())
        .values("measure_id", "key")
        .order_by("measure_id", "-key")
    )
)


def _lead_status(filters: DashboardFilters) -> dict[int, str]:
    """The lead agency's progress status per measure in the period (未报送 when not delivered)."""
    if not filters.period:
        return {}
    return {row["measure_id"]: row["key"] for row in _LEAD_STATUS.rows(period=filters.period.pk)}


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


def _indicators(
    plan: int | tuple[int, ...], section: int | None, agency: int | None, as_of: int | None
) -> QuerySet[Indicator]:
    """The plan's (or plans') indicators with their latest value and its date (up to the end
    of the period ``as_of``), in the plan's order."""
    observations = Observation.objects.filter(indicator_id=OuterRef("pk"))
    if as_of is not None:
        ends_on = ReportingPeriod.objects.filter(pk=as_of).values("ends_on")
        observations = observations.filter(period__ends_on__lte=Subquery(ends_on))
    latest = observations.order_by("-period__ends_on")
    indicators = (
        Indicator.objects.filter(plan__in=plan)
        if isinstance(plan, tuple)
        else Indicator.objects.filter(plan=plan)
    )
    indicators = (
        indicators.select_related("measure", "agency")
        .annotate(
            latest_value=Subquery(latest.values("value")[:1]),
            latest_on=Subquery(latest.values("period__ends_on")[:1]),
        )
        .order_by("measure__order", "order", "id")
    )
    if section is not None:
        indicators = indicators.filter(in_chapter(section, "measure__"))
    if agency is not None:
        indicators = indicators.filter(
            Q(agency=agency)
            | Q(measure__assignments__agency=agency, measure__assignments__role="lead")
        ).distinct()
    return indicators


_INDICATORS = CompiledQuery(_indicators)


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
    if plan == []:
        return []
    indicators = _INDICATORS.objects(
        plan=tuple(p.pk for p in plan) if isinstance(plan, list) else plan.pk,
        section=section.pk if section else None,
        agency=agency.pk if agency else None,
        as_of=as_of.pk if as_of else None,
    )
    if with_observations:
        prefetch_related_objects(
            indicators,
            Prefetch(
                "observations",
                queryset=Observation.objects.select_related("period").order_by("period__ends_on"),
            ),
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


_LEAD_STATUS_BY_CHAPTER = CompiledQuery(
    lambda **narrowed: (
        reports_narrowed(**narrowed)
        .filter(role=Assignment.Role.LEAD)
        .annotate(chapter=chapter_of(), key=_status_key())
        .values("chapter", "key")
        .annotate(n=Count("measure_id", distinct=True))
        .order_by()
    )
)


def _chapter_statuses(filters: DashboardFilters) -> list[ChapterStatus]:
    """Measures by the lead agency's status, per chapter (one grouped query)."""
    rows = _LEAD_STATUS_BY_CHAPTER.rows(**filters.ids())
    grouped: dict[int, dict[str, int]] = defaultdict(dict)
    for row in rows:
        grouped[row["chapter"]][row["key"]] = row["n"]
    sections = filters.chapters
    if filters.section:
        sections = [s for s in sections if s.pk == filters.section.pk]
    return [
        ChapterStatus(
            chapter, grouped.get(chapter.pk, {}), sum(grouped.get(chapter.pk, {}).values())
        )
        for chapter in sections
    ]


# Per agency and due date (one, when a period is chosen): whether a due date has passed is
# the calendar's answer, asked once per date in Python rather than written into the SQL.
_COUNTS_BY_AGENCY = CompiledQuery(
    lambda **narrowed: (
        reports_narrowed(**narrowed)
        .values("agency_id", "agency__name", "period__due_on")
        .annotate(
            **status_counts("expected", "late", "missing"),
            lagging=Count("id", filter=_LAGGING),
            covered=reporter_covers(OuterRef("agency_id")),
        )
        .order_by("agency__name", "agency_id")
    )
)


def _agency_counts(filters: DashboardFilters, cal: WorkingCalendar) -> list[dict]:
    """Per agency expected to report in the filters (by name, as the database sorts them),
    the counts ``lagging_agencies`` ranks by and whether an active reporter covers it
    (``uncovered_agencies``): one grouped query for both agency lists."""
    today = clock.today()
    past_due: dict[datetime.date, bool] = {}
    by_agency: dict[int, dict] = {}
    for row in _COUNTS_BY_AGENCY.rows(**filters.ids()):
        due_on = row["period__due_on"]
        if due_on not in past_due:
            past_due[due_on] = cal.is_past_due(due_on, today)
        overdue_missing = row["missing"] if past_due[due_on] else 0
        agency = by_agency.get(row["agency_id"])
        if agency is None:
            by_agency[row["agency_id"]] = {
                "agency_id": row["agency_id"],
                "expected": row["expected"],
                "late": row["late"],
                "lagging": row["lagging"],
                "overdue_missing": overdue_missing,
                "covered": row["covered"],
            }
        else:
            agency["expected"] += row["expected"]
            agency["late"] += row["late"]
            agency["lagging"] += row["lagging"]
            agency["overdue_missing"] += overdue_missing
    return list(by_agency.values())


def lagging_agencies(
    filters: DashboardFilters,
    limit: int = 10,
    cal: WorkingCalendar | None = None,
    rows: list[dict] | None = None,
) -> list[LaggingAgency]:
    """Agencies with the most overdue, late and lagging reports, worst first (ties by name).
    ``rows``: ``_agency_counts`` when the caller has them."""
    if rows is None:
        rows = _agency_counts(filters, cal or WorkingCalendar.load())
    names = filters.shown_names([row["agency_id"] for row in rows])
    ranked = []
    for row in rows:
        score = row["overdue_missing"] * 3 + row["lagging"] * 2 + row["late"]
        if score > 0:
            ranked.append(
                LaggingAgency(
                    row["agency_id"],
                    names[row["agency_id"]],
                    row["expected"],
                    row["overdue_missing"],
                    row["late"],
                    row["lagging"],
                    score,
                )
            )
    ranked.sort(key=lambda agency: -agency.score)  # stable: ties stay in name order
    return ranked[:limit]


def uncovered_agencies(
    filters: DashboardFilters, rows: list[dict] | None = None
) -> list[tuple[int, str, int]]:
    """(id, name, reports expected) of the agencies expected to report in the filters whom no
    active reporter covers (无填报人): nobody can file or be urged. One query (none when
    ``rows``, ``_agency_counts``, are given)."""
    if rows is None:
        rows = _agency_counts(filters, WorkingCalendar.load())
    uncovered = {row["agency_id"] for row in rows if not row["covered"]}
    names = filters.shown_names(uncovered)
    return [
        (row["agency_id"], names[row["agency_id"]], row["expected"])
        for row in rows
        if row["agency_id"] in uncovered
    ]


def _measures(plan: int, section: int | None) -> QuerySet[Measure]:
    measures = Measure.objects.filter(plan=plan)
    if section is not None:
        measures = measures.filter(in_chapter(section))
    return measures.values("pk", "label", "title", "text", "status").order_by("order")


_MEASURES = CompiledQuery(_measures)


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
    leads = _lead_names(plan, filters.agency_names)
    statuses = _lead_status(filters)
    measure_url = link_for("dashboard:measure")
    status_labels = {key: str(label) for key, label in STATUS_LABELS.items()}  # once, not per row
    retired = Measure.Status.RETIRED
    result = []
    rows = _MEASURES.rows(plan=plan.pk, section=filters.section.pk if filters.section else None)
    for row in rows:
        measure_status = row.pop("status")
        measure = MeasureRow(**row)
        # A measure a revision retired shows only where it has reports in the period shown;
        # with an agency chosen, only the measures it reports on. (Decided here rather than
        # in SQL: the plan's ids as a hundred query parameters cost more than the loop.)
        if measure.pk not in counts and (measure_status == retired or filters.agency):
            continue
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
    agencies = _agency_counts(filters, cal)
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
        lagging_agencies=lagging_agencies(filters, rows=agencies),
        uncovered_agencies=uncovered_agencies(filters, rows=agencies),
        indicators_off_track=[
            r for r in ratings if r.rating.rating in (Rating.NOT_MET, Rating.NEARLY_MET)
        ],
        due_date=cal.due_date(filters.period.due_on) if filters.period else None,
        holiday_notice=missing_holiday_notice(clock.today(), cal),
    )
