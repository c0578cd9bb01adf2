"""The office's reporting-periods page: preview, open, close and reopen, automatic opening."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.dateparse import parse_date
from django.views.decorators.http import require_POST

from agencies.access import office_required
from core import clock
from ipplan.formats import date_text

from ..forms_setup import AutoOpenForm, PeriodForm, PlanYearsForm
from ..models import PeriodEvent, Plan, ReportingPeriod
from ..services import periods as services


def _errors(error: ValidationError) -> str:
    return "；".join(error.messages)


def _default_period() -> dict:
    today = clock.today()
    return {"kind": "quarter", "year": today.year, "number": (today.month - 1) // 3 + 1}


@office_required
def periods(request: HttpRequest, slug: str) -> HttpResponse:
    plan = get_object_or_404(Plan, slug=slug)
    form = PeriodForm(request.GET if "kind" in request.GET else None, initial=_default_period())
    preview = None
    if form.is_bound and form.is_valid():
        try:
            draft = services.period_draft(plan=plan, **form.cleaned_data)
            preview = services.period_preview(draft)
        except ValidationError as error:
            form.add_error(None, _errors(error))
    events = PeriodEvent.objects.select_related("by").order_by("-at", "-id")
    rows = (
        plan.periods.annotate(report_total=Count("reports"))
        .prefetch_related(Prefetch("events", queryset=events))
        .order_by("-starts_on", "kind")
    )
    settings = getattr(plan, "reminder_settings", None)
    return render(
        request,
        "tasks/periods.html",
        {
            "plan": plan,
            "form": form,
            "preview": preview,
            "periods": rows,
            "auto_open": bool(settings and settings.auto_open_periods),
            "years_form": PlanYearsForm(
                initial={"start_year": plan.period_start_year, "end_year": plan.period_end_year}
            ),
        },
    )


def _back(slug: str) -> HttpResponse:
    return redirect("tasks:periods", slug=slug)


@office_required
@require_POST
def period_open(request: HttpRequest, slug: str) -> HttpResponse:
    plan = get_object_or_404(Plan, slug=slug)
    form = PeriodForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请检查填报周期：" + _errors(ValidationError(form.errors)))
        return _back(slug)
    try:
        period, created = services.period_open_for_plan(
            plan=plan, by=request.user, **form.cleaned_data
        )
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        total = period.reports.count()
        messages.success(
            request,
            f"{period}已开启填报（截止 {date_text(period.due_on)}）："
            f"新生成 {created} 份报告，共 {total} 份。",
        )
    return _back(slug)


@office_required
@require_POST
def period_schedule(request: HttpRequest, slug: str) -> HttpResponse:
    plan = get_object_or_404(Plan, slug=slug)
    form = PeriodForm(request.POST)
    opens_on = request.POST.get("opens_on", "")
    try:
        if not form.is_valid():
            raise ValidationError(form.errors)
        day = parse_date(opens_on) if opens_on else None
        if day is None:
            raise ValidationError("请填写自动开启日期。")
        data = {k: v for k, v in form.cleaned_data.items() if k != "due_on"}
        period = services.period_schedule(plan=plan, opens_on=day, by=request.user, **data)
    except (ValidationError, ValueError) as error:
        messages.error(
            request, _errors(error) if isinstance(error, ValidationError) else "日期无效。"
        )
    else:
        messages.success(request, f"{period}将于 {date_text(period.opens_on)} 自动开启。")
    return _back(slug)


def _period(slug: str, pk: int) -> ReportingPeriod:
    return get_object_or_404(ReportingPeriod.objects.select_related("plan"), pk=pk, plan__slug=slug)


def _decide(request: HttpRequest, slug: str, pk: int, decide, done: str) -> HttpResponse:
    """Close or reopen: the service checks the reason; the page says what happened."""
    period = _period(slug, pk)
    try:
        decide(period=period, by=request.user, reason=request.POST.get("reason", ""))
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, f"{period}{done}")
    return _back(slug)


@office_required
@require_POST
def period_close(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _decide(request, slug, pk, services.period_close_by_office, "已关闭：报告不能再修改。")


@office_required
@require_POST
def period_reopen(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _decide(request, slug, pk, services.period_reopen, "已重新开启。")


@office_required
@require_POST
def period_auto_open(request: HttpRequest, slug: str) -> HttpResponse:
    plan = get_object_or_404(Plan, slug=slug)
    form = AutoOpenForm(request.POST)
    form.is_valid()
    auto_open = bool(form.cleaned_data.get("auto_open"))
    services.plan_auto_open_set(plan=plan, auto_open=auto_open, by=request.user)
    messages.success(request, "已设为自动开启填报周期。" if auto_open else "已关闭自动开启。")
    return _back(slug)


@office_required
@require_POST
def plan_years(request: HttpRequest, slug: str) -> HttpResponse:
    plan = get_object_or_404(Plan, slug=slug)
    form = PlanYearsForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError("请填写起始年度和截止年度（整数）。")
        plan = services.plan_years_set(plan=plan, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, "实施期未修改：" + _errors(error))
    else:
        messages.success(request, f"计划实施期已改为{services.plan_years_text(plan)}。")
    return _back(slug)
