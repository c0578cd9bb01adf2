"""The office's import workflow: upload a document, review the draft beside its source, publish."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from agencies.access import office_required
from agencies.models import Agency
from ipplan.formats import sentences

from ..forms import (
    AgencyFromNameForm,
    AssignmentFormSet,
    ImportLevelForm,
    ImportUploadForm,
    IndicatorFormSet,
    MeasureForm,
    NameResolveForm,
)
from ..importer.services import import_job_create, import_job_retry
from ..models import ImportJob, Measure, Plan
from ..selectors import plans as selectors
from ..services import plans as services


def _first_error(error: ValidationError) -> str:
    return sentences(error.messages)


@office_required
def import_upload(request: HttpRequest) -> HttpResponse:
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                job = import_job_create(
                    upload=form.cleaned_data["file"],
                    level=form.cleaned_data["level"],
                    by=request.user,
                )
        except ValidationError as error:
            form.add_error("file", _first_error(error))
        else:
            return redirect("tasks:import_job", pk=job.pk)
    jobs = ImportJob.objects.select_related("uploaded_by").prefetch_related("plans")[:20]
    return render(request, "tasks/import_upload.html", {"form": form, "jobs": jobs})


@office_required
def import_job(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(ImportJob.objects.prefetch_related("plans"), pk=pk)
    if request.GET.get("format") == "json":
        return JsonResponse(job.status_payload())
    # A failed job imported without a level can be run again with one: the document may
    # not say which government issued it.
    level_form = (
        ImportLevelForm() if job.status == ImportJob.Status.FAILED and not job.level else None
    )
    return render(request, "tasks/import_job.html", {"job": job, "level_form": level_form})


@office_required
@require_POST
def import_job_level(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(ImportJob, pk=pk)
    form = ImportLevelForm(request.POST)
    if not form.is_valid():
        return render(request, "tasks/import_job.html", {"job": job, "level_form": form})
    with transaction.atomic():
        retried = import_job_retry(job=job, level=form.cleaned_data["level"], by=request.user)
    return redirect("tasks:import_job", pk=retried.pk)


@office_required
def plan_review(request: HttpRequest, slug: str) -> HttpResponse:
    plan = get_object_or_404(Plan, slug=slug)
    context = selectors.plan_review(plan)
    context["resolve_forms"] = [
        (
            item,
            NameResolveForm(initial={"name_as_written": item["name"]}),
            AgencyFromNameForm(
                initial={"name_as_written": item["name"], "full_name": item["name"]}
            ),
        )
        for item in context["unresolved"]
    ]
    return render(request, "tasks/plan_review.html", context)


@office_required
@require_POST
def name_resolve(request: HttpRequest, slug: str) -> HttpResponse:
    plan = get_object_or_404(Plan, slug=slug)
    form = NameResolveForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择对应的单位。")
        return redirect("tasks:plan_review", slug=slug)
    name = form.cleaned_data["name_as_written"]
    try:
        created = services.name_resolve(
            plan=plan,
            name_as_written=name,
            agencies=list(form.cleaned_data["agencies"]),
            remember=form.cleaned_data["remember"],
        )
    except ValidationError as error:
        messages.error(request, _first_error(error))
    else:
        messages.success(request, f"“{name}”已确认，生成 {created} 条责任分工。")
    return redirect("tasks:plan_review", slug=slug)


@office_required
@require_POST
def agency_from_name(request: HttpRequest, slug: str) -> HttpResponse:
    plan = get_object_or_404(Plan, slug=slug)
    form = AgencyFromNameForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写新单位的全称和类别。")
        return redirect("tasks:plan_review", slug=slug)
    try:
        agency = services.agency_create_from_name(
            plan=plan,
            name_as_written=form.cleaned_data["name_as_written"],
            full_name=form.cleaned_data["full_name"],
            kind=form.cleaned_data["kind"],
        )
    except ValidationError as error:
        messages.error(request, _first_error(error))
    else:
        messages.success(request, f"已新增单位“{agency.name}”并确认。")
    return redirect("tasks:plan_review", slug=slug)


@office_required
def measure_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    measure = get_object_or_404(Measure.objects.select_related("plan"), pk=pk, plan__slug=slug)
    data = request.POST if request.method == "POST" else None
    form = MeasureForm(data, instance=measure)
    assignments = AssignmentFormSet(data, instance=measure, prefix="a")
    indicators = IndicatorFormSet(data, instance=measure, prefix="i")
    agencies = Agency.objects.order_by("level", "name")
    for subform in assignments.forms:
        subform.fields["agency"].queryset = agencies
    if (
        request.method == "POST"
        and form.is_valid()
        and assignments.is_valid()
        and indicators.is_valid()
    ):
        services.measure_review_save(form=form, assignments=assignments, indicators=indicators)
        messages.success(request, f"{measure.label} 已保存。")
        return redirect(f"{measure.plan.get_review_url()}#m-{measure.pk}")
    return render(
        request,
        "tasks/measure_edit.html",
        {"measure": measure, "form": form, "assignments": assignments, "indicators": indicators},
    )


@office_required
@require_POST
def plan_publish(request: HttpRequest, slug: str) -> HttpResponse:
    plan = get_object_or_404(Plan, slug=slug)
    try:
        services.plan_publish(
            plan=plan, confirm_without_lead=request.POST.get("confirm_without_lead") == "1"
        )
    except services.PublishNeedsConfirmation as error:
        return render(
            request, "tasks/publish_confirm.html", {"plan": plan, "measures": error.measures}
        )
    except ValidationError as error:
        messages.error(request, _first_error(error))
        return redirect("tasks:plan_review", slug=slug)
    messages.success(request, f"《{plan.title}》已发布。")
    return redirect("tasks:plan_detail", slug=slug)
