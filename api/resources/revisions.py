"""Plan revisions through the API: list them, read what one changes, apply or discard it.

The same selector and services as the revision page (tasks.selectors.revisions,
tasks.services.revisions); only the office may read or decide revisions.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from tasks.models import Plan, PlanRevision
from tasks.selectors.revisions import revision_diff, revision_proposal, revisions_of
from tasks.services.revisions import revision_apply, revision_discard

from ..errors import ApiError
from .common import MAX_ID, bilingual
from .setup import office_only

REVISIONS = "plan revisions"
NUMBER = OpenApiParameter(
    "number", int, OpenApiParameter.PATH, description="修订号 / revision number"
)


class RevisionOut(serializers.ModelSerializer):
    proposed_by = serializers.StringRelatedField()
    decided_by = serializers.StringRelatedField()
    counts = serializers.SerializerMethodField(help_text="变化数 / how many of each change")

    class Meta:
        model = PlanRevision
        fields = [
            "number",
            "status",
            "source_name",
            "document_number",
            "proposed_by",
            "created_at",
            "decided_by",
            "decided_at",
            "counts",
        ]

    def get_counts(self, revision: PlanRevision) -> dict[str, int]:
        return revision.changes.get("counts", {})


class RevisionDetailOut(RevisionOut):
    changes = serializers.JSONField(
        help_text="待应用时为与计划现状的比较；已处理时为处理时的比较 / against the plan now "
        "while pending; as decided otherwise"
    )

    class Meta(RevisionOut.Meta):
        fields = [*RevisionOut.Meta.fields, "changes"]


def _revision(plan_pk, number) -> PlanRevision:
    if not str(number).isdigit() or int(number) > MAX_ID:
        raise ApiError(404, "not_found", "没有这个修订。")
    plan = get_object_or_404(Plan, pk=plan_pk)
    return get_object_or_404(PlanRevision, plan=plan, number=int(number))


def _decided(revision: PlanRevision, decide, request) -> Response:
    try:
        decide(revision=revision, by=request.user)
    except ValidationError as error:
        raise ApiError(409, "revision_not_pending", "；".join(error.messages)) from error
    revision.refresh_from_db()
    return Response(RevisionOut(revision).data)


class PlanRevisionActions:
    """Actions on /plans/{id}/revisions/… (mixed into PlanViewSet)."""

    @extend_schema(
        tags=[REVISIONS],
        summary="修订记录 / Revisions of a plan",
        description=bilingual(
            "计划的每次导入（同一文号，或无文号时同一标题和发文机关），新的在前。仅联席办。",
            "Every import of the plan's document (same 文号, or title and issuer), newest "
            "first. Office only.",
        ),
        filters=False,
        responses=RevisionOut(many=True),
    )
    @action(detail=True, methods=["get"], url_path="revisions", pagination_class=None)
    def revisions(self, request, pk=None):
        office_only(request)
        plan = get_object_or_404(Plan, pk=pk)
        return Response(RevisionOut(revisions_of(plan), many=True).data)

    @extend_schema(
        tags=[REVISIONS],
        summary="一次修订的变化 / What a revision changes",
        description=bilingual(
            "新增、删除（停用）、改写、改号的措施，责任单位和指标的变化，计划信息的变化。"
            "待应用的修订与计划现状比较。仅联席办。",
            "Measures added, removed (retired), reworded and renumbered; bodies and targets; "
            "plan information. A pending revision is compared with the plan as it is now. "
            "Office only.",
        ),
        filters=False,
        parameters=[NUMBER],
        responses=RevisionDetailOut,
    )
    @action(
        detail=True,
        methods=["get"],
        url_path=r"revisions/(?P<number>[^/.]+)",
        pagination_class=None,
    )
    def revision(self, request, pk=None, number=None):
        office_only(request)
        revision = _revision(pk, number)
        if revision.is_pending:
            revision.changes = revision_diff(revision.plan, revision_proposal(revision)).as_dict()
        return Response(RevisionDetailOut(revision).data)

    @extend_schema(
        tags=[REVISIONS],
        summary="应用修订 / Apply a revision",
        description=bilingual(
            "把修订写入计划：保留的措施原地更新（报告仍挂在原措施上），删除的措施停用而不删除，"
            "新增的措施按文件分配单位。不是待应用状态时返回 409。仅联席办。",
            "Write the revision into the plan: kept measures are updated in place (reports "
            "stay attached), removed ones are retired, not deleted, added ones get the bodies "
            "the text names. 409 when the revision is not pending. Office only.",
        ),
        request=None,
        parameters=[NUMBER],
        responses=RevisionOut,
    )
    @action(detail=True, methods=["post"], url_path=r"revisions/(?P<number>[^/.]+)/apply")
    def revision_apply(self, request, pk=None, number=None):
        office_only(request)
        return _decided(_revision(pk, number), revision_apply, request)

    @extend_schema(
        tags=[REVISIONS],
        summary="放弃修订 / Discard a revision",
        description=bilingual(
            "计划保持不变，修订留在修订记录中。不是待应用状态时返回 409。仅联席办。",
            "The plan stays as it is; the revision stays listed. 409 when it is not "
            "pending. Office only.",
        ),
        request=None,
        parameters=[NUMBER],
        responses=RevisionOut,
    )
    @action(detail=True, methods=["post"], url_path=r"revisions/(?P<number>[^/.]+)/discard")
    def revision_discard(self, request, pk=None, number=None):
        office_only(request)
        return _decided(_revision(pk, number), revision_discard, request)
