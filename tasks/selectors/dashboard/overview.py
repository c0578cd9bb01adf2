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
    Subquery,
    Value,
    When,
)

from agencies.models import Agency
from agencies.names import AgencyName, current_names, display_names
from agencies.selectors import agencies_without_reporter
from core import clock
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
    filtered_reports,
    link_for,
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


def _measure_counts(
    filters: DashboardFilters, cal: WorkingCalendar | None = None
) -> tuple[dict[int, dict[str, int]], dict[str, int]]:
    """Per measure, the counts the RAG rules read; and, from the same grouped query, the
    compliance buckets (``status_counts``) summed over every measure."""
    cal = cal or WorkingCalendar.load()
    overdue = bool(filters.period and cal.is_past_due(filters.period.due_on, clock.today()))
    rows = (
        filtered_reports(filters)
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


def _lead_names(plan: Plan, current: dict[int, AgencyName] | None = None) -> dict[int, str]:
    """Per measure, its lead agencies' current names; ``current``: ``current_names`` of (at
    least) the plan's agencies, when the caller has them."""
    names: dict[int, list[str]] = defaultdict(list)
    rows = list(
        Assignment.objects.filter(measure__plan=plan, role=Assignment.Role.LEAD)
        .values_list("measure_id", "agency_id", "name_as_written")
        .order_by("measure_id", "order")
    )
    if current is None:
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
        filtered_reports(filters)
        .filter(role=Assignment.Role.LEAD)
        .annotate(chapter=chapter_of(), key=_status_key())
        .values("chapter", "key")
        .annotate(n=Count("measure_id", distinct=True))
        .order_by()
    )
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


def _agency_counts(filters: DashboardFilters, cal: WorkingCalendar) -> list[dict]:
    """Per agency expected to report in the filters (by name, as the database sorts them),
    the counts ``lagging_agencies`` ranks by: one grouped query for both agency lists."""
    overdue = cal.past_due_q(clock.today()) & NOT_DELIVERED
    return list(
        filtered_reports(filters)
        .values("agency_id", "agency__short_name", "agency__name")
        .annotate(
            **status_counts("expected", "late"),
            overdue_missing=Count("id", filter=overdue),
            lagging=Count("id", filter=~NOT_DELIVERED & Q(progress_status=Progress.LAGGING)),
        )
        .order_by("agency__name")
    )


def _shown_names(filters: DashboardFilters, agency_ids) -> dict[int, str]:
    """Each agency's current name with 原… as hint (agencies.names), from the names the page
    has read once; an agency with no responsibility in the plan left is read on its own."""
    known = filters.agency_names
    names = {pk: str(known[pk]) for pk in agency_ids if pk in known}
    missing = [pk for pk in agency_ids if pk not in known]
    return {**names, **display_names(missing)} if missing else names


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
    names = _shown_names(filters, [row["agency_id"] for row in rows])
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
    active reporter covers (无填报人): nobody can file or be urged. Two queries (one when
    ``rows``, ``_agency_counts``, are given)."""
    if rows is None:
        rows = _agency_counts(filters, WorkingCalendar.load())
    uncovered = agencies_without_reporter(row["agency_id"] for row in rows)
    names = _shown_names(filters, uncovered)
    return [
        (row["agency_id"], names[row["agency_id"]], row["expected"])
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
    leads = _lead_names(plan, filters.agency_names)
    statuses = _lead_status(filters)
    measures = Measure.objects.filter(plan=plan)
    if filters.section:
        measures = measures.filter(in_chapter(filters.section))
    measure_url = link_for("dashboard:measure")
    status_labels = {key: str(label) for key, label in STATUS_LABELS.items()}  # once, not per row
    retired = Measure.Status.RETIRED
    result = []
    rows = measures.order_by("order").values_list("pk", "label", "title", "text", "status")
    for *row, measure_status in rows:
        measure = MeasureRow(*row)
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
