"""Agencies (责任单位) with their aliases and successor history."""

from __future__ import annotations

import django_filters
from django.db.models import Prefetch, Q
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import mixins, serializers

from agencies.models import Agency

from ..base import ApiViewSet
from ..selectors import agency_lineage
from .common import IdFilter, UpdatedSinceFilterSet, bilingual
from .setup_directory import AgencyWriteActions


class AgencyOut(serializers.ModelSerializer):
    aliases = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")
    predecessors = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Agency
        fields = [
            "id",
            "name",
            "short_name",
            "level",
            "kind",
            "is_active",
            "parent",
            "successor",
            "predecessors",
            "aliases",
            "updated_at",
        ]


class AgencyFilter(UpdatedSinceFilterSet):
    q = django_filters.CharFilter(
        method="search", label="按全称、简称或别名搜索 / Search name, short name or alias"
    )
    lineage_of = IdFilter(
        method="lineage",
        label="该单位及其全部前身（机构改革前的单位）/ The agency and all its predecessors",
    )

    class Meta:
        model = Agency
        fields = ["level", "kind", "is_active"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value) | Q(short_name__icontains=value) | Q(aliases__name=value)
        ).distinct()

    def lineage(self, queryset, name, value):
        return queryset.filter(pk__in=agency_lineage(int(value)))


@extend_schema_view(
    list=extend_schema(
        tags=["agencies"],
        summary="单位列表 / List agencies",
        description=bilingual(
            "责任单位名录，含别名、继承单位（successor）与前身（predecessors）。"
            "`lineage_of=<id>` 返回该单位及其在机构改革前的全部前身。",
            "The directory of responsible bodies with aliases, successor and predecessors. "
            "`lineage_of=<id>` returns the agency and every body that merged into it.",
        ),
        examples=[
            OpenApiExample(
                "省市场监督管理局",
                value={
                    "id": 42,
                    "name": "江苏省市场监督管理局",
                    "short_name": "省市场监管局",
                    "level": "province",
                    "kind": "department",
                    "is_active": True,
                    "parent": None,
                    "successor": None,
                    "predecessors": [7, 9],
                    "aliases": ["省市场监管局"],
                    "updated_at": "2024-04-01T09:00:00+08:00",
                },
                response_only=True,
            )
        ],
    ),
    retrieve=extend_schema(
        tags=["agencies"],
        summary="单位详情 / Retrieve an agency",
        description=bilingual("一个责任单位。", "One responsible body."),
    ),
)
class AgencyViewSet(
    AgencyWriteActions, mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet
):
    serializer_class = AgencyOut
    filterset_class = AgencyFilter
    ordering_fields = ["id", "name", "level", "updated_at"]
    ordering = ["level", "name"]
    queryset = Agency.objects.prefetch_related(
        "aliases", Prefetch("predecessors", queryset=Agency.objects.only("id", "successor_id"))
    )
