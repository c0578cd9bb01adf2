"""Plans with their chapters, reporting periods, and a period's status summary."""

from __future__ import annotations

import django_filters
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from ipplan.workcalendar import WorkingCalendar
from tasks.models import Measure, Plan, ReportingPeriod, Section
from tasks.selectors.plans import plans_visible
from tasks.selectors.summary import period_status_summary_cached

from ..base import ApiViewSet
from ..selectors import period_visible
from .common import IdFilter, UpdatedSinceFilterSet, bilingual, date_out
from .revisions import PlanRevisionActions
from .setup import PeriodSetupActions, PlanSetupActions


class ChapterOut(serializers.ModelSerializer):
    class Meta:
        model = Section
        fields = ["id", "parent", "number", "label", "title", "order"]


class PlanOut(serializers.ModelSerializer):
    chapters = ChapterOut(many=True, read_only=True, source="sections")
    measure_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Plan
        fields = [
            "id",
            "title",
            "slug",
            "level",
            "status",
            "issuer",
            "issuer_name",
            "document_number",
            "issued_on",
            "period_start_year",
            "period_end_year",
            "parent",
            "report_due_days",
            "measure_count",
            "chapters",
            "updated_at",
        ]


class PlanFilter(UpdatedSinceFilterSet):
    class Meta:
        model = Plan
        fields = ["status", "level", "slug"]


@extend_schema_view(
    list=extend_schema(
        tags=["plans"],
        summary="计划列表 / List plans",
        description=bilingual(
            "行动计划及其章节（chapters，`parent` 为空的是一级章）。非联席办只能看到已发布的计划。",
            "Action plans with their chapters (top-level chapters have no parent). Only the "
            "office sees draft plans.",
        ),
    ),
    retrieve=extend_schema(
        tags=["plans"],
        summary="计划详情 / Retrieve a plan",
        description=bilingual("一个计划及其全部章节。", "One plan with all its chapters."),
    ),
)
class PlanViewSet(
    PlanSetupActions,
    PlanRevisionActions,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    ApiViewSet,
):
    serializer_class = PlanOut
    filterset_class = PlanFilter
    ordering_fields = ["id", "issued_on", "title", "updated_at"]
    ordering = ["-issued_on", "title"]

    def get_queryset(self):
        return (
            plans_visible(office=self.caller_is_office())
            .annotate(
                measure_count=Count("measures", filter=~Q(measures__status=Measure.Status.RETIRED))
            )
            .prefetch_related(
                Prefetch("sections", queryset=Section.objects.order_by("order", "id"))
            )
        )


class PeriodOut(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True)

    class Meta:
        model = ReportingPeriod
        fields = [
            "id",
            "plan",
            "kind",
            "year",
            "number",
            "label",
            "starts_on",
            "ends_on",
            "opens_on",
            "due_on",
            "status",
            "updated_at",
        ]


class SummaryOut(serializers.Serializer):
    plan = serializers.IntegerField()
    period = serializers.IntegerField()
    period_label = serializers.CharField()
    due_on = serializers.DateField(help_text="规定的截止日期 / the due date as set")
    due_date = serializers.DateField(
        help_text="顺延后的截止日期（逢周末、节假日顺延到下一个工作日），逾期自此日次日起算 / "
        "the due date moved off weekends and holidays; lateness counts from the day after"
    )
    expected = serializers.IntegerField(help_text="应报 / reports expected")
    submitted = serializers.IntegerField(help_text="已报送（至少一次）/ delivered at least once")
    on_time = serializers.IntegerField(help_text="按时报送 / delivered on time")
    late = serializers.IntegerField(help_text="逾期报送 / delivered late")
    missing = serializers.IntegerField(help_text="尚未报送 / never delivered yet")
    returned = serializers.IntegerField(help_text="已退回 / currently returned")
    accepted = serializers.IntegerField(help_text="已采纳 / accepted")


class PeriodFilter(UpdatedSinceFilterSet):
    plan = IdFilter(label="计划 / Plan")
    year = django_filters.NumberFilter(field_name="year", min_value=1900, max_value=9999)

    class Meta:
        model = ReportingPeriod
        fields = ["plan", "status", "year", "kind"]


@extend_schema_view(
    list=extend_schema(
        tags=["periods"],
        summary="填报周期列表 / List reporting periods",
        description=bilingual(
            "各计划的填报周期（季度、半年、年度）及截止日期。",
            "Reporting periods (quarters, half-years, years) of the plans, with due dates.",
        ),
    ),
    retrieve=extend_schema(
        tags=["periods"],
        summary="填报周期详情 / Retrieve a reporting period",
        description=bilingual("一个填报周期。", "One reporting period."),
    ),
)
class PeriodViewSet(
    PeriodSetupActions, mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet
):
    serializer_class = PeriodOut
    filterset_class = PeriodFilter
    ordering_fields = ["id", "starts_on", "due_on", "updated_at"]
    ordering = ["plan", "starts_on"]

    def get_queryset(self):
        return ReportingPeriod.objects.filter(
            plan__in=plans_visible(office=self.caller_is_office())
        )

    @extend_schema(
        tags=["periods"],
        summary="计划本期报送情况汇总 / Status summary of a plan's period",
        description=bilingual(
            "仪表盘显示的同一组数字：应报、已报送（按时、逾期）、未报、已退回、已采纳。",
            "The numbers the dashboard shows: expected, submitted (on time, late), missing, "
            "returned, accepted.",
        ),
        filters=False,
        responses=SummaryOut,
        examples=[
            OpenApiExample(
                "2012年第二季度",
                value={
                    "plan": 1,
                    "period": 3,
                    "period_label": "2012年第二季度",
                    "due_on": "2012-07-10",
                    "due_date": "2012-07-10",
                    "expected": 130,
                    "submitted": 96,
                    "on_time": 90,
                    "late": 6,
                    "missing": 34,
                    "returned": 4,
                    "accepted": 80,
                },
                response_only=True,
            )
        ],
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def summary(self, request, pk=None):
        # Who may see the period is checked on every request; only the counts, the same for
        # every viewer, come from the cache (tasks.selectors.summary).
        period = period_visible(pk, office=self.caller_is_office())
        if period is None:
            raise Http404
        body = {
            "plan": period.plan_id,
            "period": period.pk,
            "period_label": period.label,
            "due_on": date_out(period.due_on),
            "due_date": date_out(WorkingCalendar.load().due_date(period.due_on)),
            **period_status_summary_cached(period),
        }
        return Response(body)
