"""The office's revision pages: what a new edition of a plan's document changes, applied or not."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from agencies.access import office_required

from ..models import PlanRevision
from ..selectors.revisions import revision_diff, revision_proposal, revisions_of
from ..services.revisions import revision_apply, revision_discard

KINDS = [
    ("added", "新增措施"),
    ("removed", "文件删除的措施（停用，报告保留）"),
    ("reworded", "文字修改"),
    ("changed", "编号、责任单位或指标调整"),
]


def _revision(slug: str, number: int) -> PlanRevision:
    return get_object_or_404(
        PlanRevision.objects.select_related("plan", "proposed_by", "decided_by"),
        plan__slug=slug,
        number=number,
    )


@office_required
def plan_revision(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    revision = _revision(slug, number)
    # A pending revision is compared with the plan as it stands now; a decided one shows
    # what it changed (or would have) when it was decided.
    changes = (
        revision_diff(revision.plan, revision_proposal(revision)).as_dict()
        if revision.is_pending
        else revision.changes
    )
    return render(
        request,
        "tasks/plan_revision.html",
        {
            "plan": revision.plan,
            "revision": revision,
            "changes": changes,
            "groups": [
                (kind, heading, items)
                for kind, heading in KINDS
                if (items := [m for m in changes.get("measures", []) if m["kind"] == kind])
            ],
            "revisions": revisions_of(revision.plan),
        },
    )


@office_required
@require_POST
def plan_revision_apply(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    revision = _revision(slug, number)
    try:
        diff = revision_apply(revision=revision, by=request.user)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
        return redirect("tasks:plan_revision", slug=slug, number=number)
    counts = diff.counts()
    messages.success(
        request,
        f"第{number}版修订已应用：新增措施 {counts['added']} 项，停用 {counts['removed']} 项，"
        f"修改 {counts['reworded']} 项；已填报的报告全部保留。",
    )
    return redirect("tasks:plan_revision", slug=slug, number=number)


@office_required
@require_POST
def plan_revision_discard(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    revision = _revision(slug, number)
    try:
        revision_discard(revision=revision, by=request.user)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, f"第{number}版修订已放弃，计划保持不变。")
    return redirect("tasks:plan_revision", slug=slug, number=number)
