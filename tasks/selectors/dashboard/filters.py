"""The dashboards' filters and where each number leads: one URL per figure."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from urllib.parse import urlencode

from django.db.models import (
    Exists,
    OuterRef,
    QuerySet,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.text import Truncator

from agencies.models import Agency
from agencies.names import AgencyName, current_names_of_rows, display_names
from core import clock
from core.compiled import CompiledQuery

from ...models import (
    Assignment,
    Plan,
    ProgressReport,
    ReportingPeriod,
    Section,
)
from ..counts import (
    REPORT_BUCKETS,
)
from ..plans import current_of, in_chapter

State = ProgressReport.State

RAG_LABELS = {"red": "红", "amber": "黄", "green": "绿", "grey": "无"}


# --- filters -----------------------------------------------------------------------------


@dataclass
class DashboardFilters:
    """What the office is looking at; every field round-trips through the URL."""

    plan: Plan
    period: ReportingPeriod | None = None
    section: Section | None = None
    agency: Agency | None = None
    status: str = ""  # a RAG colour: red / amber / green / grey

    @cached_property
    def chapters(self) -> list[Section]:
        """The plan's chapters, read once (the filter form and the overview both list them)."""
        found = _CHAPTERS.objects(plan=self.plan.pk)
        for chapter in found:
            chapter.plan = self.plan
        return found

    @cached_property
    def agency_names(self) -> dict[int, AgencyName]:
        """``current_names`` of every agency with a responsibility in the plan, read once (the
        filter form lists them, the overview names the lead agencies)."""
        return current_names_of_rows(_AGENCIES_ASSIGNED.rows(plan=self.plan.pk))

    def shown_names(self, agency_ids: Iterable[int]) -> dict[int, str]:
        """Each agency's current name with 原… as hint (``display_names``), from the names the
        page has read once; an agency with no responsibility in the plan left is read on its
        own."""
        known = self.agency_names
        names, missing = {}, []
        for pk in agency_ids:
            if pk in known:
                names[pk] = str(known[pk])
            else:
                missing.append(pk)
        return {**names, **display_names(missing)} if missing else names

    def ids(self) -> dict[str, int | None]:
        """The filters that narrow the reports, as ids (None: not narrowed), the arguments of
        ``reports_narrowed`` and of the dashboards' compiled queries."""
        return {
            "plan": self.plan.pk,
            "period": self.period.pk if self.period else None,
            "section": self.section.pk if self.section else None,
            "agency": self.agency.pk if self.agency else None,
        }

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


# The filters' lists are read on every dashboard page: compiled once per process
# (core.compiled), each a plain query of one model.
_PLANS_WITH_PERIODS = CompiledQuery(
    lambda: Plan.objects.filter(
        Exists(ReportingPeriod.objects.filter(plan=OuterRef("pk")))
    ).order_by("-issued_on", "title")
)


def plans_with_periods() -> list[Plan]:
    """The plans the dashboards offer: those with reporting periods, newest issued first."""
    return _PLANS_WITH_PERIODS.objects()


_AGENCIES_ASSIGNED = CompiledQuery(
    lambda plan: (
        Agency.objects.filter(
            Exists(Assignment.objects.filter(agency=OuterRef("pk"), measure__plan=plan))
        )
        .order_by()
        .values("pk", "name", "short_name", "successor_id")
    )
)


def periods_latest_first(plan: Plan | int) -> QuerySet[ReportingPeriod]:
    return ReportingPeriod.objects.filter(plan=plan).order_by("-starts_on")


_PERIODS = CompiledQuery(periods_latest_first)


def plan_periods(plan: Plan) -> list[ReportingPeriod]:
    """``periods_latest_first``, read; each period knows its plan without a query."""
    found = _PERIODS.objects(plan=plan.pk)
    for period in found:
        period.plan = plan
    return found


def current_period(
    plan: Plan, periods: list[ReportingPeriod] | None = None
) -> ReportingPeriod | None:
    """The plan's current period (``tasks.selectors.plans.current_of``, the API's too).

    ``periods``, the plan's periods latest first when the caller has them, saves the query.
    """
    if periods is None:
        periods = list(periods_latest_first(plan))
    return current_of(periods, clock.today())


def chapters(plan: Plan | int) -> QuerySet[Section]:
    return Section.objects.filter(plan=plan, parent__isnull=True).order_by("order")


_CHAPTERS = CompiledQuery(chapters)


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
    # Reports go to the body that does the work today: the filter lists current names.
    names = filters.agency_names
    agencies = sorted({(n.current_id, n.name) for n in names.values()}, key=lambda a: a[1])
    return {
        "plan_options": [(p.pk, shorten(p.title, 30)) for p in plans],
        "period_options": [(p.pk, p.label) for p in periods],
        "section_options": [(s.pk, shorten(str(s), 20)) for s in filters.chapters],
        "agency_options": agencies,
        "rag_labels": RAG_LABELS,
    }


def reports_narrowed(
    plan: int, period: int | None, section: int | None, agency: int | None
) -> QuerySet[ProgressReport]:
    """The plan's reports in the period, chapter and agency given (ids; None: all)."""
    reports = ProgressReport.objects.filter(period__plan=plan)
    if period is not None:
        reports = reports.filter(period=period)
    if section is not None:
        reports = reports.filter(in_chapter(section, "measure__"))
    if agency is not None:
        reports = reports.filter(agency=agency)
    return reports


def filtered_reports(filters: DashboardFilters) -> QuerySet[ProgressReport]:
    return reports_narrowed(**filters.ids())


def chapter_of(prefix: str = "measure__") -> Coalesce:
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
        filtered_reports(filters)
        .filter(REPORT_BUCKETS[bucket])
        .select_related("measure", "agency", "period")
        .order_by("period__starts_on", "measure__order", "agency__name")
    )
