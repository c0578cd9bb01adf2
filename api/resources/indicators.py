"""Indicators (quantitative targets) with their observed values per period."""

from __future__ import annotations

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers

from indicators.models import Indicator, Observation
from tasks.selectors.plans import plans_visible

from ..base import ApiViewSet
from .common import IdFilter, UpdatedSinceFilterSet, bilingual


class ObservationOut(serializers.ModelSerializer):
    class Meta:
        model = Observation
        fields = ["id", "period", "value", "agency", "note", "updated_at"]


class IndicatorOut(serializers.ModelSerializer):
    observations = ObservationOut(many=True, read_only=True)

    class Meta:
        model = Indicator
        fields = [
            "id",
            "plan",
            "measure",
            "name",
            "unit",
            "kind",
            "comparison",
            "base_year",
            "base_value",
            "target_value",
            "target_max",
            "target_year",
            "agency",
            "phrase",
            "observations",
            "updated_at",
        ]


class IndicatorFilter(UpdatedSinceFilterSet):
    plan = IdFilter(label="计划 / Plan")
    measure = IdFilter(label="措施 / Measure")
    agency = IdFilter(label="责任单位 / Agency")

    class Meta:
        model = Indicator
        fields = ["plan", "measure", "agency", "kind"]


@extend_schema_view(
    list=extend_schema(
        tags=["indicators"],
        summary="指标列表 / List indicators",
        description=bilingual(
            "计划与措施的量化目标（基准年、目标值、单位），及各期采纳后的实际值（observations）。",
            "Quantitative targets of plans and measures (base year, target, unit) with the "
            "values accepted for each period (observations).",
        ),
    ),
    retrieve=extend_schema(
        tags=["indicators"],
        summary="指标详情 / Retrieve an indicator",
        description=bilingual("一个指标及其实际值。", "One indicator with its observations."),
    ),
)
class IndicatorViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    serializer_class = IndicatorOut
    filterset_class = IndicatorFilter
    ordering_fields = ["id", "order", "updated_at"]
    ordering = ["plan", "measure", "order"]

    def get_queryset(self):
        return Indicator.objects.filter(
            plan__in=plans_visible(office=self.caller_is_office())
        ).prefetch_related(
            Prefetch("observations", queryset=Observation.objects.order_by("period_id", "id"))
        )
