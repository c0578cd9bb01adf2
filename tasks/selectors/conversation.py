"""Reads of a report's conversation (批示与反馈) and the top bar's search, scoped to what the
person may see: a comment is visible exactly when its report is (``reports_visible_to``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import reduce
from operator import and_, or_

from django.db.models import Q, QuerySet

from agencies.models import User
from ipplan.formats import date_text

from ..models import ProgressReport, ReportComment, ReportingPeriod
from .reporting import reports_visible_to

SEARCH_LIMIT = 50
MIN_QUERY = 2
# The report texts searched; each has a trigram index on PostgreSQL (migration 0009).
SEARCHED_FIELDS = ("progress_text", "problems", "next_steps", "contribution")


def _comments_shown(comments: QuerySet[ReportComment]) -> QuerySet[ReportComment]:
    return comments.select_related("author").prefetch_related(
        "attachments", "mentioned_users", "mentioned_agencies"
    )


def report_comments(report: ProgressReport) -> list[ReportComment]:
    """The conversation on one report, oldest first (the caller has checked visibility)."""
    return list(_comments_shown(report.comments.order_by("created_at", "id")))


def period_comments(period: ReportingPeriod) -> list[ReportComment]:
    """Every 批示 and 反馈 of a period, by measure then time, for the printed 督查报告."""
    comments = ReportComment.objects.filter(report__period=period).select_related(
        "report__measure", "report__agency"
    )
    return list(
        _comments_shown(comments).order_by("report__measure__order", "report__agency", "created_at")
    )


@dataclass
class Hit:
    """One search result: what it is, where it leads, and the text around the match."""

    title: str
    url: str
    meta: str
    before: str
    match: str
    after: str


@dataclass
class SearchResults:
    query: str = ""
    reports: list[Hit] = field(default_factory=list)
    comments: list[Hit] = field(default_factory=list)
    message: str = ""


def _excerpt(text: str, term: str, width: int = 40) -> tuple[str, str, str]:
    """The text around the first match of ``term`` (case-insensitively), on one line."""
    text = " ".join(text.split())
    at = text.upper().find(term.upper())
    if at < 0:
        return text[: width * 2], "", ""
    start = max(0, at - width)
    before = ("…" if start else "") + text[start:at]
    after = text[at + len(term) : at + len(term) + width]
    return (
        before,
        text[at : at + len(term)],
        after + ("…" if len(text) > at + len(term) + width else ""),
    )


def search(user: User, query: str, *, limit: int = SEARCH_LIMIT) -> SearchResults:
    """Reports whose texts and comments whose body contain every word of ``query``, among
    what ``user`` may see, newest first. ``icontains`` is a LIKE on SQLite and, on
    PostgreSQL, is answered by the pg_trgm indexes (works for Chinese: no word splitting)."""
    query = " ".join(query.split())[:100]
    results = SearchResults(query=query)
    terms = query.split(" ") if query else []
    if sum(len(term) for term in terms) < MIN_QUERY:
        results.message = f"请输入至少 {MIN_QUERY} 个字。" if query else ""
        return results
    visible = reports_visible_to(user)
    in_report = reduce(
        and_,
        (reduce(or_, (Q(**{f"{name}__icontains": t}) for name in SEARCHED_FIELDS)) for t in terms),
    )
    reports = (
        visible.filter(in_report)
        .select_related("measure", "agency", "period")
        .order_by("-updated_at", "-id")[:limit]
    )
    for report in reports:
        text = next(
            (
                getattr(report, n)
                for n in SEARCHED_FIELDS
                if terms[0].upper() in getattr(report, n).upper()
            ),
            report.progress_text,
        )
        results.reports.append(
            Hit(
                f"{report.measure.label} {report.agency}",
                f"/reports/{report.pk}/",
                f"{report.period} · {report.get_state_display()}",
                *_excerpt(text, terms[0]),
            )
        )
    in_comment = reduce(and_, (Q(body__icontains=t) for t in terms))
    comments = (
        ReportComment.objects.filter(in_comment, report__in=visible)
        .select_related("author", "report__measure", "report__agency", "report__period")
        .order_by("-created_at", "-id")[:limit]
    )
    for comment in comments:
        report = comment.report
        results.comments.append(
            Hit(
                f"{comment.get_side_display()} · {report.measure.label} {report.agency}",
                f"/reports/{report.pk}/#comment-{comment.pk}",
                f"{report.period} · {comment.author or '—'} · {date_text(comment.created_at)}",
                *_excerpt(comment.body, terms[0]),
            )
        )
    return results
