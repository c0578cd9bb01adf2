"""Thin web views for plans."""

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render

from ..models import Plan
from ..selectors import plans as selectors


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "tasks/home.html", {"plans": selectors.plans_with_counts()})


@login_required
def plan_detail(request: HttpRequest, slug: str) -> HttpResponse:
    plan = get_object_or_404(Plan, slug=slug)
    return render(
        request, "tasks/plan_detail.html", {"plan": plan, "sections": selectors.plan_outline(plan)}
    )


def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness for the load balancer and docker-compose: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
