"""Thin web views for plans, and '/' sending each person to their work."""

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from agencies.access import is_office
from agencies.models import Membership, User
from ipplan.errors import OUTAGE_ERRORS, database_unavailable

from ..selectors import plans as selectors
from ..selectors.revisions import revisions_of


def landing_url(user: User) -> str:
    """Where a person starts (after login and on '/'): the office on 督查看板, an approver on
    待审核, a reporter or viewer on 待填报, anyone else on the plans."""
    if is_office(user):
        return reverse("dashboard:overview")
    roles = set(user.memberships.values_list("role", flat=True))
    if Membership.Role.APPROVER in roles:
        return reverse("reports:inbox") + "#signoff"
    if roles & {Membership.Role.REPORTER, Membership.Role.VIEWER}:
        return reverse("reports:inbox")
    return reverse("tasks:plan_list")


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return redirect(landing_url(request.user))


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    plans = selectors.plans_with_counts(office=is_office(request.user))
    return render(request, "tasks/home.html", {"plans": plans})


@login_required
def plan_detail(request: HttpRequest, slug: str) -> HttpResponse:
    office = is_office(request.user)
    plan = get_object_or_404(selectors.plans_visible(office=office), slug=slug)
    context = {"plan": plan, "sections": selectors.plan_outline(plan)}
    if office:
        context["revisions"] = revisions_of(plan)
    return render(request, "tasks/plan_detail.html", context)


def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness for the load balancer and docker-compose: the database answers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except OUTAGE_ERRORS as error:
        return database_unavailable(request, error)
    return JsonResponse({"status": "ok"})
