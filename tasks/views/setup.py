"""The office's 责任分工 page: bulk assignment, roles, agencies, group members, invitations."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from agencies import services as directory
from agencies.access import office_required
from agencies.models import Agency

from ..forms_setup import (
    AgencyForm,
    BulkAssignForm,
    InviteForm,
    MeasureFilterForm,
    MembersForm,
    RoleForm,
)
from ..models import Assignment, Measure, Plan
from ..selectors import responsibilities as selectors
from ..selectors.plans import measures_without_lead
from ..services import responsibilities as services


def _errors(error: ValidationError) -> str:
    return "；".join(error.messages)


def _back(plan: Plan, query: str = "") -> HttpResponse:
    url = reverse("tasks:responsibilities", args=[plan.slug])
    return redirect(f"{url}?{query}" if query else url)


def _filter_query(form: MeasureFilterForm) -> str:
    chosen = form.measure_filter()
    return urlencode(
        {
            key: value
            for key, value in {
                "section": chosen.section.pk if chosen.section else "",
                "q": chosen.q,
                "without_lead": "on" if chosen.without_lead else "",
            }.items()
            if value
        }
    )


def _page(request: HttpRequest, plan: Plan, **extra) -> HttpResponse:
    filter_form = MeasureFilterForm(request.GET or None, plan=plan)
    measure_filter = filter_form.measure_filter()
    without_lead = list(measures_without_lead(plan))
    context = {
        "plan": plan,
        "filter_form": filter_form,
        "query": _filter_query(filter_form),
        "measures": selectors.filtered_measures(plan, measure_filter),
        "without_lead": without_lead,
        "agencies": selectors.plan_agencies(plan),
        "agency_choices": selectors.agency_choices(),
        "roles": Assignment.Role.choices,
        "agency_form": extra.pop("agency_form", None) or AgencyForm(prefix="new"),
        "parent_choices": selectors.parent_plan_choices(plan),
        "parent_measures": selectors.parent_measures(plan),
        "tab": "responsibilities",
        **extra,
    }
    return render(request, "tasks/responsibilities.html", context)


@office_required
def responsibilities(request: HttpRequest, slug: str) -> HttpResponse:
    return _page(request, get_object_or_404(Plan, slug=slug))


@office_required
@require_POST
def bulk_assign(request: HttpRequest, slug: str) -> HttpResponse:
    plan = get_object_or_404(Plan, slug=slug)
    form = BulkAssignForm(request.POST, plan=plan)
    if not form.is_valid():
        messages.error(request, "请检查所选措施和单位：" + _errors(ValidationError(form.errors)))
        return _back(plan)
    try:
        result = services.assignments_bulk_assign(
            plan=plan,
            measures=form.chosen_measures(),
            lead=form.cleaned_data["lead"],
            co=list(form.cleaned_data["co"]),
            replace_lead=form.cleaned_data["replace_lead"],
            by=request.user,
        )
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        text = f"已新增 {result.created} 条责任分工"
        if result.demoted:
            text += f"，{result.demoted} 个原牵头单位改为配合"
        if result.reports_created:
            text += f"，为填报中的周期生成 {result.reports_created} 份报告"
        messages.success(request, text + "。")
        for reason in result.skipped:
            messages.warning(request, reason)
    return _back(plan, _filter_query(form))


@office_required
@require_POST
def assignment_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    plan = get_object_or_404(Plan, slug=slug)
    assignment = get_object_or_404(
        Assignment.objects.select_related("agency", "measure"), pk=pk, measure__plan=plan
    )
    try:
        if request.POST.get("remove"):
            services.assignment_remove(assignment=assignment, by=request.user)
            messages.success(request, f"已将{assignment.agency}从{assignment.measure.label}移除。")
        else:
            form = RoleForm(request.POST)
            if not form.is_valid():
                raise ValidationError("请选择角色。")
            services.assignment_role_set(
                assignment=assignment, role=form.cleaned_data["role"], by=request.user
            )
            messages.success(
                request,
                f"{assignment.measure.label} {assignment.agency}："
                f"{assignment.get_role_display()}。",
            )
    except ValidationError as error:
        messages.error(request, _errors(error))
    return redirect(f"{reverse('tasks:responsibilities', args=[slug])}#m-{assignment.measure_id}")


@office_required
@require_POST
def agency_create(request: HttpRequest, slug: str) -> HttpResponse:
    """Create an agency; with a login name, its first reporter is invited at once and the
    one-time set-password link is shown on the page that answers (never stored in a cookie)."""
    plan = get_object_or_404(Plan, slug=slug)
    form = AgencyForm(request.POST, prefix="new")
    if not form.is_valid():
        return _page(request, plan, agency_form=form)
    try:
        agency = directory.agency_save(by=request.user, **form.agency_data())
        invitation = None
        if form.cleaned_data["invite_username"]:
            invitation = directory.reporter_invite(
                agency=agency,
                username=form.cleaned_data["invite_username"],
                full_name=form.cleaned_data["invite_full_name"],
                email=form.cleaned_data["invite_email"],
                by=request.user,
            )
    except ValidationError as error:
        form.add_error(None, _errors(error))
        return _page(request, plan, agency_form=form)
    messages.success(request, f"已新增单位“{agency.name}”。")
    if invitation is None:
        return redirect("tasks:agency_edit", slug=slug, pk=agency.pk)
    return _agency_page(request, plan, agency, invitation=invitation)


def _agency_page(request: HttpRequest, plan: Plan, agency: Agency, **extra) -> HttpResponse:
    invitation = extra.pop("invitation", None)
    context = {
        "plan": plan,
        "agency": agency,
        "form": extra.pop("form", None) or AgencyForm(instance=agency),
        "members_form": MembersForm(initial={"members": agency.members.all()}),
        "invite_form": extra.pop("invite_form", None) or InviteForm(initial={"role": "reporter"}),
        "memberships": agency.memberships.select_related("user").order_by("role", "user__username"),
        "agency_choices": selectors.agency_choices(),
        "member_ids": set(agency.members.values_list("pk", flat=True)),
        "invitation": invitation,
        "invite_link": request.build_absolute_uri(invitation.path) if invitation else "",
        "timeout_days": settings.PASSWORD_RESET_TIMEOUT // 86400,
    }
    return render(request, "tasks/agency_edit.html", context)


@office_required
def agency_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    plan = get_object_or_404(Plan, slug=slug)
    agency = get_object_or_404(Agency, pk=pk)
    if request.method != "POST":
        return _agency_page(request, plan, agency)
    form = AgencyForm(request.POST, instance=agency)
    if form.is_valid():
        try:
            directory.agency_save(by=request.user, agency=agency, **form.agency_data())
        except ValidationError as error:
            form.add_error(None, _errors(error))
        else:
            messages.success(request, f"单位“{agency.name}”已保存。")
            return redirect("tasks:agency_edit", slug=slug, pk=pk)
    agency.refresh_from_db()
    return _agency_page(request, plan, agency, form=form)


@office_required
@require_POST
def agency_members(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    agency = get_object_or_404(Agency, pk=pk)
    form = MembersForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError("所选成员单位无效。")
        directory.group_members_set(
            group=agency, members=list(form.cleaned_data["members"]), by=request.user
        )
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, f"{agency}的成员单位已保存（{agency.members.count()} 个）。")
    return redirect("tasks:agency_edit", slug=slug, pk=pk)


@office_required
@require_POST
def agency_invite(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    plan = get_object_or_404(Plan, slug=slug)
    agency = get_object_or_404(Agency, pk=pk)
    form = InviteForm(request.POST)
    if not form.is_valid():
        return _agency_page(request, plan, agency, invite_form=form)
    try:
        invitation = directory.reporter_invite(agency=agency, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        form.add_error(None, _errors(error))
        return _agency_page(request, plan, agency, invite_form=form)
    return _agency_page(request, plan, agency, invitation=invitation)


@office_required
@require_POST
def plan_parent(request: HttpRequest, slug: str) -> HttpResponse:
    plan = get_object_or_404(Plan, slug=slug)
    parent_id = request.POST.get("parent", "")
    parent = get_object_or_404(Plan, pk=parent_id) if parent_id.isdigit() else None
    try:
        services.plan_parent_set(plan=plan, parent=parent, by=request.user)
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, f"上位计划：{parent}。" if parent else "已取消上位计划。")
    return _back(plan)


@office_required
@require_POST
def measure_implements(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    plan = get_object_or_404(Plan, slug=slug)
    measure = get_object_or_404(Measure, pk=pk, plan=plan)
    chosen = request.POST.get("implements", "")
    implements = get_object_or_404(Measure, pk=chosen) if chosen.isdigit() else None
    try:
        services.measure_implements_set(measure=measure, implements=implements, by=request.user)
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(
            request,
            f"{measure.label}落实{implements.label}。"
            if implements
            else f"{measure.label}已取消关联。",
        )
    return redirect(f"{reverse('tasks:responsibilities', args=[slug])}#m-{measure.pk}")
