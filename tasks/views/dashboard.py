"""The office's dashboards and exports: parse the filters, call a selector, render."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_POST

from agencies.access import is_office, office_required
from agencies.models import Agency
from indicators.models import RatingThresholds
from indicators.rating import Rating, thresholds
from ipplan.errors import error_page
from ipplan.formats import sentences
from tasks.selectors.values import indicator_contributions
from tasks.services.observations import observation_pick

from ..exports.background import export_build, export_is_large, export_job_create
from ..exports.notice import notice_paragraphs
from ..exports.pdf import PdfUnavailable, html_to_pdf
from ..models import ExportJob, Grade, Measure, Plan, ReportingPeriod, ReportValue
from ..selectors import agency_dashboard as agency_selectors
from ..selectors import dashboard as selectors
from ..selectors.conversation import period_comments
from ..selectors.responsibilities import implementing_measures, implementing_total
from ..services.evaluation import evaluation_decide
from ..services.reporting import ReportingError

PAGE_SIZE = 50


def _int(request: HttpRequest, name: str) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() else None


def _plans(request: HttpRequest) -> list[Plan]:
    """The plans with periods, read once per request (the filters and their form use them)."""
    if not hasattr(request, "_dashboard_plans"):
        request._dashboard_plans = selectors.plans_with_periods()
    return request._dashboard_plans


def _periods(request: HttpRequest, plan: Plan) -> list[ReportingPeriod]:
    """The plan's periods latest first, read once per request."""
    cache = request.__dict__.setdefault("_dashboard_periods", {})
    if plan.pk not in cache:
        cache[plan.pk] = selectors.plan_periods(plan)
    return cache[plan.pk]


def _filters(request: HttpRequest) -> selectors.DashboardFilters | None:
    """The filters in the URL; a missing plan or period falls back to the current one."""
    plans = _plans(request)
    plan_id = _int(request, "plan")
    plan = next((p for p in plans if p.pk == plan_id), plans[0] if plans else None)
    if plan is None:
        return None
    periods = _periods(request, plan)
    period_id = _int(request, "period")
    period = next((p for p in periods if p.pk == period_id), None) if period_id else None
    section_id, agency_id = _int(request, "section"), _int(request, "agency")
    status = request.GET.get("status", "")
    return selectors.DashboardFilters(
        plan=plan,
        period=period or selectors.current_period(plan, periods),
        section=plan.sections.filter(pk=section_id).first() if section_id else None,
        agency=Agency.objects.filter(pk=agency_id).first() if agency_id else None,
        status=status if status in selectors.RAG_LABELS else "",
    )


def _choices(request: HttpRequest, filters: selectors.DashboardFilters) -> dict:
    return selectors.filter_choices(filters, _plans(request), _periods(request, filters.plan))


def _page(request: HttpRequest, template: str, filters, tab: str, **context) -> HttpResponse:
    return render(
        request,
        template,
        {
            "f": filters,
            "tab": tab,
            "query": filters.query(),
            **_choices(request, filters),
            **context,
        },
    )


def _empty(request: HttpRequest) -> HttpResponse:
    return render(request, "dashboard/empty.html", {"tab": ""})


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    if not is_office(request.user):
        # Agency staff opening 督查看板 get their own agency's dashboard, not a bare 403.
        return redirect("dashboard:agency")
    filters = _filters(request)
    if filters is None:
        return _empty(request)
    data = selectors.plan_overview(filters)
    local = implementing_total(filters.plan)
    return _page(request, "dashboard/overview.html", filters, "overview", o=data, local=local)


@office_required
def bucket_reports(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    if filters is None:
        return _empty(request)
    bucket = request.GET.get("bucket", "")
    # A missing or unknown bucket (a hand-typed or truncated link) shows every expected
    # report rather than an error page.
    bucket = bucket if bucket in selectors.BUCKET_LABELS else "expected"
    reports = selectors.reports_in_bucket(filters, bucket)
    page = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("page"))
    return _page(
        request,
        "dashboard/reports.html",
        filters,
        "overview",
        page=page,
        bucket=bucket,
        bucket_label=selectors.BUCKET_LABELS[bucket],
    )


@office_required
def matrix(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    if filters is None:
        return _empty(request)
    sort = request.GET.get("sort", "on_time_rate")
    sort = sort if sort in selectors.MATRIX_SORTS else "on_time_rate"
    periods = selectors.matrix_periods(
        filters.plan, filters.period, latest_first=_periods(request, filters.plan)
    )
    rows = selectors.agency_period_matrix(filters, periods, sort)
    sorts = [(key, label) for key, (label, _, _) in selectors.MATRIX_SORTS.items()]
    return _page(
        request,
        "dashboard/matrix.html",
        filters,
        "matrix",
        periods=periods,
        rows=rows,
        sort=sort,
        sorts=sorts,
    )


@office_required
def measure_page(request: HttpRequest, pk: int) -> HttpResponse:
    measure = get_object_or_404(Measure.objects.select_related("plan", "section"), pk=pk)
    context = selectors.measure_detail(measure)
    charts = [selectors.indicator_chart(item) for item in context["indicators"]]
    periods = _periods(request, measure.plan)
    filters = selectors.DashboardFilters(
        plan=measure.plan, period=selectors.current_period(measure.plan, periods)
    )
    for item in context["indicators"]:
        # whose value is the measure's, and what the others reported (tasks.selectors.values)
        item.sources = (
            indicator_contributions(item.indicator, filters.period) if filters.period else []
        )
    local = implementing_measures(measure)
    return _page(
        request,
        "dashboard/measure.html",
        filters,
        "overview",
        charts=charts,
        local_measures=local,
        **context,
    )


class ThresholdsForm(forms.ModelForm):
    class Meta:
        model = RatingThresholds
        fields = ["exceeded_ratio", "nearly_ratio"]


@office_required
@require_POST
def value_pick(request: HttpRequest, pk: int) -> HttpResponse:
    """The office makes one agency's accepted value the measure's value for that period."""
    measure = get_object_or_404(Measure, pk=pk)
    value = get_object_or_404(
        ReportValue.objects.select_related("report__period", "report__agency", "indicator"),
        pk=_int_post(request, "value"),
        indicator__measure=measure,
    )
    try:
        observation_pick(indicator=value.indicator, report_value=value, by=request.user)
    except ReportingError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request, f"已将{value.report.agency}填报的值选定为“{value.indicator.name}”的本期值。"
        )
    return redirect("dashboard:measure", pk=pk)


def _int_post(request: HttpRequest, name: str) -> int | None:
    value = request.POST.get(name, "")
    return int(value) if value.isdigit() else None


@office_required
def indicators(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    if filters is None:
        return _empty(request)
    current = thresholds()
    form = ThresholdsForm(request.POST or None, instance=current)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, "评级标准已保存，所有指标已按新标准重新评级。")
            return redirect(f"{reverse('dashboard:indicators')}?{filters.query()}")
        messages.error(request, "评级标准未保存：" + sentences(form.non_field_errors()))
    items = selectors.rated_indicators(
        filters.plan, section=filters.section, agency=filters.agency, with_observations=True
    )
    charts = [selectors.indicator_chart(item) for item in items]
    totals = {choice: 0 for choice in Rating.values}
    for item in items:
        totals[item.rating.rating] += 1
    return _page(
        request,
        "dashboard/indicators.html",
        filters,
        "indicators",
        items=items,
        charts=charts,
        totals=[(Rating(k).label, k, v) for k, v in totals.items()],
        form=form,
    )


@office_required
def evaluation(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    if filters is None:
        return _empty(request)
    years = sorted({p.year for p in filters.plan.periods.all()}, reverse=True)
    year = _int(request, "year") or (filters.period.year if filters.period else years[0])
    if request.method == "POST":
        agency = get_object_or_404(Agency, pk=request.POST.get("agency") or 0)
        try:
            evaluation_decide(
                plan=filters.plan,
                agency=agency,
                year=year,
                grade=request.POST.get("grade", ""),
                reason=request.POST.get("reason", ""),
                by=request.user,
            )
        # extra_tags: the row the message is about, where it is shown too; the redirect lands
        # on that row, not at the top of a long table.
        except ReportingError as error:
            messages.error(request, f"{agency}：{error.messages[0]}", extra_tags=str(agency.pk))
        else:
            messages.success(
                request, f"已确定{agency}{year}年度考评等次。", extra_tags=str(agency.pk)
            )
        url = reverse("dashboard:evaluation")
        return redirect(f"{url}?{filters.query()}&year={year}#agency-{agency.pk}")
    rows = selectors.evaluation_rows(filters.plan, year)
    return _page(
        request,
        "dashboard/evaluation.html",
        filters,
        "evaluation",
        rows=rows,
        year=year,
        years=years,
        grades=Grade.choices,
    )


@office_required
def timeline(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    if filters is None:
        return _empty(request)
    plans_with_schedule = Plan.objects.filter(schedule__start_month__isnull=False).distinct()
    # The plan chosen (in the URL, else the dashboard's): a plan without a schedule says so
    # rather than silently showing another plan's.
    plan = Plan.objects.filter(pk=_int(request, "plan") or 0).first() or filters.plan
    gantt = selectors.schedule_timeline(plan)
    return _page(
        request,
        "dashboard/timeline.html",
        filters,
        "timeline",
        gantt=gantt,
        schedule_plan=plan,
        schedule_plans=plans_with_schedule,
    )


def _period_from(request: HttpRequest) -> ReportingPeriod:
    period_id = _int(request, "period")
    if period_id is None:
        filters = _filters(request)
        if filters is None or filters.period is None:
            raise Http404("请选择填报周期。")
        return filters.period
    return get_object_or_404(ReportingPeriod.objects.select_related("plan"), pk=period_id)


def _pdf_or_html(request: HttpRequest, template: str, context: dict, filename: str) -> HttpResponse:
    html = render_to_string(template, context, request=request)
    if request.GET.get("format") != "pdf":
        return HttpResponse(html)
    try:
        data = html_to_pdf(html)
    except PdfUnavailable as error:
        # A Chinese page with 503, never the HTML in the PDF's place (a saved "PDF" that is a
        # web page is worse than a clear refusal); the message names the way out.
        return error_page(request, 503, title="暂时无法生成 PDF", explanation=str(error))
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(filename)}"
    return response


def _quote(filename: str) -> str:
    from urllib.parse import quote

    return quote(filename)


@office_required
def supervision_report(request: HttpRequest) -> HttpResponse:
    period = _period_from(request)
    context = selectors.supervision_report(period)
    # 批示与反馈 are printed when asked for (?comments=1): the report is often sent outside.
    context["with_comments"] = request.GET.get("comments") == "1"
    if context["with_comments"]:
        context["comments"] = period_comments(period)
    name = f"{period.plan.title}-{period.label}督查报告.pdf"
    return _pdf_or_html(request, "dashboard/print_report.html", context, name)


@office_required
def notice(request: HttpRequest) -> HttpResponse:
    period = _period_from(request)
    context = {"n": notice_paragraphs(period), "period": period}
    name = f"{period.plan.title}-{period.label}通报.pdf"
    return _pdf_or_html(request, "dashboard/print_notice.html", context, name)


@office_required
def exports(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    if filters is None:
        return _empty(request)
    jobs = ExportJob.objects.filter(requested_by=request.user)[:10]
    return _page(request, "dashboard/exports.html", filters, "exports", jobs=jobs)


_EXPORT_SUBJECT = {
    ExportJob.Kind.BREAKDOWN: "plan",
    ExportJob.Kind.INDICATORS: "plan",
    ExportJob.Kind.PROGRESS: "period",
    ExportJob.Kind.NOTICE: "period",
}


@office_required
@require_POST
def export_start(request: HttpRequest, kind: str) -> HttpResponse:
    """Small exports download at once; a large period goes to a background job."""
    if kind not in _EXPORT_SUBJECT:
        raise Http404("没有这种导出。")
    subject = _EXPORT_SUBJECT[kind]
    value = request.POST.get(subject, "")
    model = Plan if subject == "plan" else ReportingPeriod
    if not value.isdigit() or not model.objects.filter(pk=value).exists():
        messages.error(request, "请先选择计划和填报周期再导出。")
        return redirect("dashboard:exports")
    params = {subject: int(value)}
    if export_is_large(kind, params):
        job = export_job_create(kind=kind, params=params, by=request.user)
        return redirect("dashboard:export_job", pk=job.pk)
    result = export_build(kind, params)
    response = HttpResponse(result.data, content_type=result.content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(result.filename)}"
    return response


@office_required
def export_job(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(ExportJob, pk=pk)
    if request.GET.get("format") == "json":
        return JsonResponse(
            {
                **job.status_payload(),
                "download": reverse("dashboard:export_download", args=[job.pk])
                if job.status == ExportJob.Status.SUCCEEDED
                else "",
            }
        )
    return render(request, "dashboard/export_job.html", {"job": job, "tab": "exports"})


@office_required
def export_download(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(ExportJob, pk=pk, status=ExportJob.Status.SUCCEEDED)
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=job.filename)


@login_required
def agency_page(request: HttpRequest) -> HttpResponse:
    """An agency's own dashboard. Staff open their agency's (``?agency=`` picks among several);
    the office may open any agency's."""
    office = is_office(request.user)
    own = agency_selectors.agencies_of(request.user)
    chosen = _int(request, "agency")
    if office:
        agency = get_object_or_404(Agency, pk=chosen) if chosen else None
    else:
        agency = next((a for a in own if a.pk == chosen), own[0] if own else None)
        if chosen and agency.pk != chosen:
            raise Http404("没有这个单位的看板。")
    if agency is None:
        if not office:
            raise PermissionDenied("您不属于任何单位，没有单位看板。")
        return redirect("dashboard:overview")
    data = agency_selectors.agency_dashboard(agency)
    return render(
        request,
        "dashboard/agency.html",
        {"d": data, "own": own, "buckets": selectors.BUCKET_LABELS, "tab": ""},
    )
