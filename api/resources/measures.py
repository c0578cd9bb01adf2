"""Measures with who is responsible, their timetable, their targets and their current status."""

from __future__ import annotations

from functools import cached_property

import django_filters
from django.db.models import Q
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers
from rest_framework.generics import get_object_or_404

from indicators.models import Indicator
from tasks.models import Assignment, Measure, ProgressReport, ReportingPeriod, ScheduleEntry
from tasks.selectors.plans import in_chapter, plans_visible

from ..base import ApiViewSet
from ..selectors import agency_lineage, measures_details
from .common import (
    AgencyRefSerializer,
    IdFilter,
    Lateness,
    UtcIsoDateTimeFilter,
    agency_out,
    bilingual,
    date_out,
    datetime_out,
    decimal_out,
)


class AssignmentOut(serializers.ModelSerializer):
    agency = AgencyRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Assignment
        fields = ["id", "agency", "role", "name_as_written", "note"]


class ScheduleEntryOut(serializers.ModelSerializer):
    class Meta:
        model = ScheduleEntry
        fields = ["id", "stage", "key_task", "action", "period_text", "start_month", "end_month"]


class TargetOut(serializers.ModelSerializer):
    class Meta:
        model = Indicator
        fields = [
            "id",
            "name",
            "unit",
            "kind",
            "comparison",
            "base_year",
            "base_value",
            "target_value",
            "target_max",
            "target_year",
        ]


class StatusPeriodOut(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True)

    class Meta:
        model = ReportingPeriod
        fields = ["id", "label", "due_on", "status"]


class StatusReportOut(serializers.ModelSerializer):
    agency = AgencyRefSerializer(read_only=True)
    status = serializers.CharField(source="state", read_only=True)

    class Meta:
        model = ProgressReport
        fields = [
            "id",
            "agency",
            "role",
            "status",
            "progress_status",
            "completion_percent",
            "late_days",
            "submitted_at",
            "updated_at",
        ]


class MeasureOut(serializers.ModelSerializer):
    chapter = serializers.IntegerField(source="section_id", allow_null=True, read_only=True)
    assignments = AssignmentOut(many=True, read_only=True)
    schedule_entries = ScheduleEntryOut(many=True, read_only=True)
    targets = TargetOut(many=True, read_only=True, source="indicators")
    status_period = StatusPeriodOut(
        read_only=True,
        allow_null=True,
        help_text="显示状态所依据的填报周期（本期）/ The period the status is shown for",
    )
    status_reports = StatusReportOut(
        many=True,
        read_only=True,
        help_text="本期各责任单位的报告状态 / Each responsible body's report in that period",
    )

    class Meta:
        model = Measure
        fields = [
            "id",
            "plan",
            "chapter",
            "parent",
            "ref",
            "label",
            "number",
            "title",
            "text",
            "responsibility_text",
            "status",
            "order",
            "assignments",
            "schedule_entries",
            "targets",
            "status_period",
            "status_reports",
            "updated_at",
        ]


class FastMeasureOut(MeasureOut):
    """The same fields as MeasureOut (which the schema documents), written out directly from
    the rows ``measures_details`` attached: DRF's per-field machinery over ~30 nested objects
    per measure costs more than the database does. schemathesis checks the two agree."""

    @cached_property
    def lateness(self) -> Lateness:
        return Lateness()  # one per answer: every row of a page shares it

    def to_representation(self, measure: Measure) -> dict:
        period = measure.status_period
        return {
            "id": measure.pk,
            "plan": measure.plan_id,
            "chapter": measure.section_id,
            "parent": measure.parent_id,
            "ref": measure.ref,
            "label": measure.label,
            "number": measure.number,
            "title": measure.title,
            "text": measure.text,
            "responsibility_text": measure.responsibility_text,
            "status": measure.status,
            "order": measure.order,
            "assignments": [
                {
                    "id": row["id"],
                    "agency": agency_out(row),
                    "role": row["role"],
                    "name_as_written": row["name_as_written"],
                    "note": row["note"],
                }
                for row in measure.assignment_rows
            ],
            "schedule_entries": [
                {
                    "id": row["id"],
                    "stage": row["stage"],
                    "key_task": row["key_task"],
                    "action": row["action"],
                    "period_text": row["period_text"],
                    "start_month": date_out(row["start_month"]),
                    "end_month": date_out(row["end_month"]),
                }
                for row in measure.schedule_rows
            ],
            "targets": [
                {
                    "id": row["id"],
                    "name": row["name"],
                    "unit": row["unit"],
                    "kind": row["kind"],
                    "comparison": row["comparison"],
                    "base_year": row["base_year"],
                    "base_value": decimal_out(row["base_value"]),
                    "target_value": decimal_out(row["target_value"]),
                    "target_max": decimal_out(row["target_max"]),
                    "target_year": row["target_year"],
                }
                for row in measure.target_rows
            ],
            "status_period": None
            if period is None
            else {
                "id": period.pk,
                "label": period.label,
                "due_on": date_out(period.due_on),
                "status": period.status,
            },
            "status_reports": [
                {
                    "id": row["id"],
                    "agency": agency_out(row),
                    "role": row["role"],
                    "status": row["state"],
                    "progress_status": row["progress_status"],
                    "completion_percent": row["completion_percent"],
                    "late_days": self.lateness(
                        due_on=period.due_on,
                        first_submitted_at=row["first_submitted_at"],
                        late_days=row["late_days"],
                    ),
                    "submitted_at": datetime_out(row["submitted_at"]),
                    "updated_at": datetime_out(row["updated_at"]),
                }
                for row in measure.status_report_rows
            ],
            "updated_at": datetime_out(measure.updated_at),
        }


class MeasureFilter(django_filters.FilterSet):
    chapter = IdFilter(
        method="in_chapter", label="章节（含其下级章节）/ Chapter, including its sub-sections"
    )
    agency = IdFilter(
        method="by_agency",
        label="责任单位；默认包括其前身（机构改革前的名称）/ Responsible agency, by default "
        "including its predecessors",
    )
    include_predecessors = django_filters.BooleanFilter(
        method="noop",
        label="agency 是否包括前身（默认 true）/ Include predecessors (default true)",
    )
    role = django_filters.ChoiceFilter(
        choices=Assignment.Role.choices,
        method="noop",
        label="与 agency 同用：只看该角色 / With agency: only this role",
    )
    updated_since = UtcIsoDateTimeFilter(
        method="changed_since",
        label="措施本身或其任一报告在此时间之后有更新 / The measure or any of its reports "
        "changed at or after this time",
    )
    period = IdFilter(method="noop", label="按此填报周期显示状态 / Show the status in this period")

    plan = IdFilter(label="计划 / Plan")

    class Meta:
        model = Measure
        fields = ["plan", "status"]

    def noop(self, queryset, name, value):
        return queryset  # read together with other parameters in filter_queryset

    def in_chapter(self, queryset, name, value):
        return queryset.filter(in_chapter(value))

    def by_agency(self, queryset, name, value):
        data = self.form.cleaned_data
        wanted = (
            [int(value)] if data.get("include_predecessors") is False else agency_lineage(value)
        )
        assignments = Assignment.objects.filter(agency_id__in=wanted)
        if data.get("role"):
            assignments = assignments.filter(role=data["role"])
        return queryset.filter(pk__in=assignments.values("measure_id"))

    def changed_since(self, queryset, name, value):
        # ``reports_changed_at`` is its reports' latest ``updated_at``, kept by the database
        # (tasks migration 0013): two indexed comparisons, where asking each measure whether
        # any of its reports changed cost an index probe per measure (9,000 at 3x scale).
        return queryset.filter(Q(updated_at__gte=value) | Q(reports_changed_at__gte=value))


@extend_schema_view(
    list=extend_schema(
        tags=["measures"],
        summary="措施列表（含本期状态）/ List measures with their current status",
        description=bilingual(
            "措施及其责任分工、进度安排、量化目标，以及本期（该计划最近开启的填报周期，"
            "或 `period` 指定的周期）各责任单位的报告状态。",
            "Measures with their assignments, schedule entries and targets, and each "
            "responsible body's report status in the current period (the plan's latest "
            "opened period, or the one named by `period`).",
        ),
        examples=[
            OpenApiExample(
                "（十四）",
                response_only=True,
                value={
                    "id": 14,
                    "plan": 1,
                    "chapter": 2,
                    "parent": None,
                    "ref": "（十四）",
                    "label": "（十四）",
                    "number": 14,
                    "title": "",
                    "text": "加大对拥有自主知识产权专利技术转化和产业化支持力度……",
                    "responsibility_text": "省科技厅、知识产权局负责",
                    "status": "active",
                    "order": 14,
                    "assignments": [
                        {
                            "id": 20,
                            "agency": {
                                "id": 5,
                                "name": "江苏省科学技术厅",
                                "short_name": "省科技厅",
                            },
                            "role": "lead",
                            "name_as_written": "省科技厅",
                            "note": "",
                        }
                    ],
                    "schedule_entries": [],
                    "targets": [],
                    "status_period": {
                        "id": 3,
                        "label": "2012年第二季度",
                        "due_on": "2012-07-10",
                        "status": "open",
                    },
                    "status_reports": [
                        {
                            "id": 101,
                            "agency": {
                                "id": 5,
                                "name": "江苏省科学技术厅",
                                "short_name": "省科技厅",
                            },
                            "role": "lead",
                            "status": "submitted",
                            "progress_status": "on_track",
                            "completion_percent": 50,
                            "late_days": 0,
                            "submitted_at": "2012-07-05T10:00:00+08:00",
                            "updated_at": "2012-07-05T10:00:00+08:00",
                        }
                    ],
                    "updated_at": "2012-07-05T10:00:00+08:00",
                },
            )
        ],
    ),
    retrieve=extend_schema(
        tags=["measures"],
        summary="措施详情 / Retrieve a measure",
        description=bilingual("一项措施及其本期状态。", "One measure with its current status."),
        parameters=[
            OpenApiParameter(
                "period", int, description="按此填报周期显示状态 / Show the status in this period"
            )
        ],
    ),
)
class MeasureViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    serializer_class = MeasureOut
    filterset_class = MeasureFilter
    ordering_fields = ["id", "order", "number", "updated_at"]
    ordering = ["plan", "order"]

    def get_queryset(self):
        return Measure.objects.filter(plan__in=plans_visible(office=self.caller_is_office()))

    def get_serializer_class(self):
        # The schema documents MeasureOut; answers are written by its fast twin.
        return MeasureOut if getattr(self, "swagger_fake_view", False) else FastMeasureOut

    def status_period(self) -> ReportingPeriod | None:
        """The period named by ``?period=``; the measures then come from its plan only."""
        if not hasattr(self, "_status_period"):
            self._status_period = None
            raw = self.request.query_params.get("period")
            if raw:
                self._status_period = get_object_or_404(ReportingPeriod.objects.all(), pk=raw)
        return self._status_period

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        period = self.status_period()
        return queryset.filter(plan_id=period.plan_id) if period else queryset

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page is not None:
            measures_details(page, period=self.status_period())
        return page

    def get_object(self):
        measure = super().get_object()
        measures_details([measure], period=self.status_period())
        return measure
