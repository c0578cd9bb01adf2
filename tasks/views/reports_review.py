"""The office's review queue: filter submitted reports, open them, accept many at once."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from agencies.access import office_required
from ipplan.formats import sentences
from ipplan.redirects import local_url
from tasks.selectors.values import reports_value_warnings

from ..forms_reports import ReviewFilterForm
from ..selectors import reporting as selectors
from ..services import reporting as services
from ..services.reporting import ReportingError
from .reports import label_rows

PAGE_SIZE = 50


@office_required
def review_queue(request: HttpRequest) -> HttpResponse:
    form = ReviewFilterForm(request.GET)
    ids = selectors.review_queue(form.to_filters()).values_list("id", flat=True)
    page = Paginator(ids, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = label_rows(selectors.reports_in_order(list(page.object_list)))
    flagged = reports_value_warnings(page.object_list)
    for report in page.object_list:
        report.value_warnings = [w for ws in flagged.get(report.pk, {}).values() for w in ws]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "reports/review.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


@office_required
@require_POST
def review_accept_bulk(request: HttpRequest) -> HttpResponse:
    ids = [int(pk) for pk in request.POST.getlist("report") if pk.isdigit()]
    target = local_url(request, request.POST.get("next")) or "reports:review"
    if not ids:
        messages.error(request, "请先勾选要采纳的报告。")
        return redirect(target)
    reports = list(
        selectors.reports_visible_to(request.user)
        .filter(pk__in=ids)
        .select_related("measure", "agency")
        .order_by("period__due_on", "submitted_at", "id")
    )
    try:
        accepted, refusals = services.reports_accept_bulk(reports=reports, by=request.user)
    except ReportingError as error:
        messages.error(request, error.messages[0])
        return redirect(target)
    if accepted:
        messages.success(request, f"已采纳 {accepted} 份报告。")
    if refusals:
        messages.error(request, f"{len(refusals)} 份未能采纳：" + sentences(refusals))
    return redirect(target)
