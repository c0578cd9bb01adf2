"""Progress reports: read, save drafts, submit, and (the office) accept or return.

Every write calls tasks.services.reporting, so the rules, the optimistic lock and the
event history are exactly those of the web form.
"""

from __future__ import annotations

import re
from functools import cached_property

import django_filters
from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from tasks.models import ProgressReport, ReportEvent, ReportValue, ReportVersion
from tasks.selectors.counts import REPORT_BUCKETS
from tasks.selectors.plans import in_chapter
from tasks.selectors.reporting import report_history, reports_visible_to
from tasks.selectors.values import reports_value_warnings
from tasks.services import reporting as services

from ..base import ApiViewSet
from ..errors import ApiError
from ..idempotency import idempotent
from ..models import Scope
from ..selectors import agency_lineage, reports_rows
from .common import (
    AgencyRefSerializer,
    IdFilter,
    Lateness,
    UpdatedSinceFilterSet,
    agency_out,
    bilingual,
    datetime_out,
)

# --- output ------------------------------------------------------------------------------


class ValueOut(serializers.ModelSerializer):
    class Meta:
        model = ReportValue
        fields = ["indicator", "value"]


class MeasureRefOut(serializers.Serializer):
    id = serializers.IntegerField()
    plan = serializers.IntegerField(source="plan_id")
    ref = serializers.CharField()
    label = serializers.CharField()


class ReportOut(serializers.ModelSerializer):
    measure = MeasureRefOut(read_only=True)
    agency = AgencyRefSerializer(read_only=True)
    status = serializers.ChoiceField(
        source="state",
        choices=ProgressReport.State.choices,
        read_only=True,
        help_text="流程状态 / Workflow status",
    )
    values = ValueOut(many=True, read_only=True)
    late_days = serializers.SerializerMethodField(
        help_text="逾期天数（自然日）：已报送的按首次报送计；未报送的按今天计 / "
        "Calendar days late: of the first delivery once delivered, else as of today"
    )

    class Meta:
        model = ProgressReport
        fields = [
            "id",
            "measure",
            "agency",
            "period",
            "role",
            "status",
            "progress_status",
            "adjusted_reason",
            "completion_percent",
            "progress_text",
            "problems",
            "next_steps",
            "contribution",
            "values",
            "version",
            "submitted_at",
            "first_submitted_at",
            "late_days",
            "accepted_at",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(OpenApiTypes.INT)
    def get_late_days(self, report: ProgressReport) -> int:
        return Lateness()(
            due_on=report.period.due_on,
            first_submitted_at=report.first_submitted_at,
            late_days=report.late_days,
        )


_VALUE = ValueOut().fields["value"]
# The row FastReportOut writes: ReportOut's own columns (``status`` is the ``state`` column;
# ``measure``, ``agency``, ``period`` come as ids) and the joined columns it nests.
_ROW_FIELDS = (
    *("state" if name == "status" else name for name in ReportOut.Meta.fields if name != "values"),
    "measure__plan_id",
    "measure__ref",
    "measure__label",
    "agency__name",
    "agency__short_name",
    "agency__successor_id",
    "period__due_on",
)


class FastReportOut(ReportOut):
    """The same fields as ReportOut (which the schema documents), written out directly from
    the rows ``reports_rows`` reads: a page of 100 reports
    through DRF's per-field machinery costs several times what the database does.
    Tests and schemathesis check the two agree."""

    @cached_property
    def lateness(self) -> Lateness:
        return Lateness()  # one per answer: every row of a page shares it

    def to_representation(self, row: dict) -> dict:
        return {
            "id": row["id"],
            "measure": {
                "id": row["measure"],
                "plan": row["measure__plan_id"],
                "ref": row["measure__ref"],
                "label": row["measure__label"],
            },
            "agency": agency_out({**row, "agency_id": row["agency"]}),
            "period": row["period"],
            "role": row["role"],
            "status": row["state"],
            "progress_status": row["progress_status"],
            "adjusted_reason": row["adjusted_reason"],
            "completion_percent": row["completion_percent"],
            "progress_text": row["progress_text"],
            "problems": row["problems"],
            "next_steps": row["next_steps"],
            "contribution": row["contribution"],
            "values": [
                {"indicator": indicator_id, "value": _VALUE.to_representation(value)}
                for indicator_id, value in row["value_rows"]
            ],
            "version": row["version"],
            "submitted_at": datetime_out(row["submitted_at"]),
            "first_submitted_at": datetime_out(row["first_submitted_at"]),
            "late_days": self.lateness(
                due_on=row["period__due_on"],
                first_submitted_at=row["first_submitted_at"],
                late_days=row["late_days"],
            ),
            "accepted_at": datetime_out(row["accepted_at"]),
            "created_at": datetime_out(row["created_at"]),
            "updated_at": datetime_out(row["updated_at"]),
        }


class ValueWarningOut(serializers.Serializer):
    indicator = serializers.IntegerField(help_text="指标编号 / Indicator id")
    message = serializers.CharField(help_text="数值存疑的原因 / Why the value looks implausible")


class ReportWriteOut(ReportOut):
    """A write's answer: the report, and what looks implausible about its values — the
    report page's 数值存疑 (tasks.selectors.values), a warning, never a refusal."""

    warnings = serializers.SerializerMethodField(
        help_text="数值存疑提示（不影响保存）/ Implausible values (warnings; the write succeeded)"
    )

    class Meta(ReportOut.Meta):
        fields = [*ReportOut.Meta.fields, "warnings"]

    @extend_schema_field(ValueWarningOut(many=True))
    def get_warnings(self, report: ProgressReport) -> list[dict]:
        found = reports_value_warnings([report]).get(report.pk, {})
        return [
            {"indicator": indicator_id, "message": message}
            for indicator_id, messages in sorted(found.items())
            for message in messages
        ]


class VersionOut(serializers.ModelSerializer):
    submitted_by = serializers.StringRelatedField()

    class Meta:
        model = ReportVersion
        fields = [
            "number",
            "progress_status",
            "adjusted_reason",
            "completion_percent",
            "progress_text",
            "problems",
            "next_steps",
            "contribution",
            "values",
            "attachments",
            "submitted_by",
            "submitted_at",
            "late_days",
        ]


class EventOut(serializers.ModelSerializer):
    actor = serializers.StringRelatedField()

    class Meta:
        model = ReportEvent
        fields = ["action", "actor", "at", "from_state", "to_state", "comment", "version_number"]


# --- input -------------------------------------------------------------------------------


class ValueIn(serializers.Serializer):
    indicator = serializers.IntegerField(help_text="指标编号 / Indicator id")
    value = serializers.DecimalField(max_digits=20, decimal_places=4)


class DraftIn(serializers.Serializer):
    """Only the fields sent change; ``values``, when sent, replaces the whole list."""

    version = serializers.IntegerField(
        required=False,
        min_value=0,
        help_text="您读取时的版本号（或用 If-Match 头）/ The version you read (or send If-Match)",
    )
    progress_status = serializers.ChoiceField(
        choices=ProgressReport.Progress.choices, required=False, allow_blank=True
    )
    adjusted_reason = serializers.CharField(required=False, allow_blank=True)
    completion_percent = serializers.IntegerField(required=False, allow_null=True)
    progress_text = serializers.CharField(required=False, allow_blank=True)
    problems = serializers.CharField(required=False, allow_blank=True)
    next_steps = serializers.CharField(required=False, allow_blank=True)
    contribution = serializers.CharField(required=False, allow_blank=True)
    values = ValueIn(many=True, required=False)


class SubmitIn(serializers.Serializer):
    version = serializers.IntegerField(
        required=False,
        min_value=0,
        help_text="可选：您读取时的版本号 / Optional: the version you read",
    )


class AcceptIn(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class ReturnIn(serializers.Serializer):
    reason = serializers.CharField(
        allow_blank=True, help_text="退回理由（必填）/ Why it is returned (required)"
    )


# --- filters -----------------------------------------------------------------------------


class ReportFilter(UpdatedSinceFilterSet):
    plan = IdFilter(field_name="period__plan_id", label="计划 / Plan")
    period = IdFilter(label="填报周期 / Period")
    measure = IdFilter(label="措施 / Measure")
    chapter = IdFilter(
        method="in_chapter", label="章节（含下级章节）/ Chapter, including sub-sections"
    )
    agency = IdFilter(
        method="by_agency",
        label="报送单位；默认包括其前身 / Reporting agency, by default including predecessors",
    )
    include_predecessors = django_filters.BooleanFilter(
        method="noop", label="agency 是否包括前身（默认 true）/ Include predecessors (default true)"
    )
    status = django_filters.ChoiceFilter(
        field_name="state", choices=ProgressReport.State.choices, label="流程状态 / Workflow status"
    )
    progress = django_filters.ChoiceFilter(
        field_name="progress_status",
        choices=ProgressReport.Progress.choices,
        label="进展状态 / Progress status",
    )
    late = django_filters.BooleanFilter(
        method="is_late",
        label="true 逾期报送、false 按时报送（只含已报送的报告，与仪表盘同一口径）/ "
        "true: delivered late; false: delivered on time (reports never delivered are neither)",
    )

    class Meta:
        model = ProgressReport
        fields = ["period", "measure", "role"]

    def noop(self, queryset, name, value):
        return queryset

    def in_chapter(self, queryset, name, value):
        return queryset.filter(in_chapter(value, "measure__"))

    def by_agency(self, queryset, name, value):
        if self.form.cleaned_data.get("include_predecessors") is False:
            return queryset.filter(agency_id=value)
        return queryset.filter(agency_id__in=agency_lineage(value))

    def is_late(self, queryset, name, value):
        return queryset.filter(REPORT_BUCKETS["late" if value else "on_time"])


# --- views -------------------------------------------------------------------------------

_ETAG = re.compile(r'^(?:W/)?"?v?(\d+)"?$')

IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description='读取时得到的 ETag（如 "v3"）/ The ETag you read, e.g. "v3"',
)
IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="重试时使用同一个键：不会重复提交，返回第一次的结果 / Send the same key when "
    "retrying: the write happens once and the first answer is replayed",
)
REPORT_EXAMPLE = OpenApiExample(
    "草稿 / draft",
    request_only=True,
    value={
        "version": 0,
        "progress_status": "on_track",
        "completion_percent": 50,
        "progress_text": "已资助专利转化项目 800 项。",
        "problems": "",
        "next_steps": "下季度完成剩余项目评审。",
    },
)


def etag(report: ProgressReport) -> str:
    return f'"v{report.version}"'


def _answer(report: ProgressReport, status: int = 200) -> Response:
    report = ProgressReport.objects.select_related("measure", "agency", "period").get(pk=report.pk)
    return Response(ReportWriteOut(report).data, status=status, headers={"ETag": etag(report)})


@extend_schema_view(
    list=extend_schema(
        tags=["reports"],
        summary="进展报告列表 / List progress reports",
        description=bilingual(
            "您可见的进展报告：联席办看全部；单位看本单位的报告，以及本单位牵头措施中"
            "配合单位已报送的报告。增量同步：`updated_since=<上次同步时间>&ordering=updated_at`。",
            "The progress reports you may see: the office all of them; an agency its own, and "
            "the filed contributions to measures it leads. Incremental sync: "
            "`updated_since=<last sync>&ordering=updated_at`.",
        ),
    ),
    retrieve=extend_schema(
        tags=["reports"],
        summary="进展报告详情 / Retrieve a progress report",
        description=bilingual(
            "一份报告；响应头 ETag 是其版本，修改时放入 If-Match。",
            "One report; the ETag header carries its version, to send back in If-Match.",
        ),
    ),
)
class ReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    serializer_class = ReportOut
    filterset_class = ReportFilter
    ordering_fields = ["id", "updated_at", "submitted_at", "late_days"]
    ordering = ["id"]
    http_method_names = ["get", "patch", "post", "head", "options"]
    write_scopes = {
        "partial_update": Scope.REPORT,
        "submit": Scope.REPORT,
        "accept": Scope.REVIEW,
        "return_": Scope.REVIEW,
    }

    def get_queryset(self):
        # An agency token sees as its agency, whoever issued it (an office account included).
        token = self.token
        reports = reports_visible_to(self.request.user, agency_id=token and token.agency_id)
        if self.action == "list":
            return reports  # pages are ids; list() reads the page's rows
        return reports.select_related("measure", "agency", "period").prefetch_related(
            Prefetch("values", queryset=ReportValue.objects.order_by("id"))
        )

    def get_serializer_class(self):
        # The schema documents ReportOut; list pages are written by its fast twin from rows.
        if self.action == "list" and not getattr(self, "swagger_fake_view", False):
            return FastReportOut
        return ReportOut

    def list(self, request, *args, **kwargs):
        reports = self.filter_queryset(self.get_queryset())
        # The ordering columns come with the ids, so the next cursor needs no query.
        page = self.paginate_queryset(reports.values(*self.ordering_fields))
        ids = [row["id"] for row in page]
        rows = reports_rows(ids, _ROW_FIELDS)
        return self.get_paginated_response(self.get_serializer(rows, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        report = self.get_object()
        return Response(ReportOut(report).data, headers={"ETag": etag(report)})

    def _writable(self) -> ProgressReport:
        """The report, if visible; an agency token may write only its own agency's reports."""
        report = self.get_object()
        token = self.token
        if token is not None and token.agency_id and token.agency_id != report.agency_id:
            raise ApiError(
                403,
                "not_responsible",
                f"该令牌属于{token.agency}，不能填报{report.agency}的报告。",
            )
        return report

    def _expected_version(self, body_version: int | None) -> tuple[int | None, bool]:
        header = self.request.headers.get("If-Match", "").strip()
        if header:
            match = _ETAG.match(header)
            if not match:
                raise ApiError(400, "invalid", 'If-Match 应为读取时得到的 ETag，如 "v3"。')
            return int(match.group(1)), True
        return body_version, False

    def _call(self, write, *, if_match: bool):
        try:
            return write()
        except services.ReportingError as error:
            if error.code == "stale" and if_match:
                raise ApiError(412, "stale", error.messages[0]) from error
            raise

    @extend_schema(
        tags=["reports"],
        summary="保存草稿 / Save a draft",
        description=bilingual(
            "填写或修改本单位的报告草稿（草稿或已退回状态）。必须带 If-Match 头或 `version`"
            "字段：若报告已被他人修改，If-Match 时返回 412，`version` 时返回 409，内容不保存。"
            "只修改请求中出现的字段；`values` 若出现则整体替换。需要 report 权限范围。",
            "Fill in or change your agency's draft (draft or returned). Send If-Match or "
            "`version`: if someone saved in between you get 412 (If-Match) or 409 (version) "
            "and nothing is saved. Only the fields sent change; `values`, when sent, replaces "
            "the list. Needs the report scope.",
        ),
        parameters=[IF_MATCH],
        request=DraftIn,
        responses={200: ReportWriteOut},
        examples=[REPORT_EXAMPLE],
    )
    def partial_update(self, request, pk=None):
        report = self._writable()
        incoming = DraftIn(data=request.data)
        incoming.is_valid(raise_exception=True)
        given = incoming.validated_data
        expected, if_match = self._expected_version(given.get("version"))
        if expected is None:
            raise ApiError(
                428,
                "precondition_required",
                "请在 If-Match 头或 version 字段中给出您读取时的版本号，以免覆盖他人的修改。",
            )
        data = services.ReportInput(
            **{
                name: given.get(name, getattr(report, name))
                for name in (
                    "progress_status",
                    "completion_percent",
                    *services.ReportInput.TEXT_FIELDS,
                )
            },
            values=(
                {v["indicator"]: v["value"] for v in given["values"]}
                if "values" in given
                else {v.indicator_id: v.value for v in report.values.all()}
            ),
        )
        saved = self._call(
            lambda: services.report_save(
                report=report, by=request.user, data=data, expected_version=expected
            ),
            if_match=if_match,
        )
        return _answer(saved)

    @extend_schema(
        tags=["reports"],
        summary="报送 / Submit",
        description=bilingual(
            "报送本单位的报告：单位设有审核人时先交审核人，否则直接报联席办。"
            "请带 Idempotency-Key：网络重试不会重复报送，并返回第一次的结果。"
            "需要 report 权限范围。",
            "Submit your agency's report: to the agency's approver when it has one, otherwise "
            "to the office. Send an Idempotency-Key: a retried request is not filed twice and "
            "gets the first answer. Needs the report scope.",
        ),
        parameters=[IF_MATCH, IDEMPOTENCY_KEY],
        request=SubmitIn,
        responses={200: ReportWriteOut},
        examples=[OpenApiExample("报送 / submit", value={"version": 1}, request_only=True)],
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        report = self._writable()
        incoming = SubmitIn(data=request.data)
        incoming.is_valid(raise_exception=True)
        expected, if_match = self._expected_version(incoming.validated_data.get("version"))

        def write() -> Response:
            submitted = self._call(
                lambda: services.report_submit(
                    report=report, by=request.user, expected_version=expected
                ),
                if_match=if_match,
            )
            return _answer(submitted)

        return idempotent(request, write)

    @extend_schema(
        tags=["reports"],
        summary="采纳（联席办）/ Accept (office)",
        description=bilingual(
            "联席办采纳已报送的报告，其指标值成为本期观测值。需要 review 权限范围。",
            "The office accepts a submitted report; its indicator values become the period's "
            "observations. Needs the review scope.",
        ),
        parameters=[IDEMPOTENCY_KEY],
        request=AcceptIn,
        responses={200: ReportWriteOut},
        examples=[OpenApiExample("采纳 / accept", value={"comment": "同意。"}, request_only=True)],
    )
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        report = self.get_object()
        incoming = AcceptIn(data=request.data)
        incoming.is_valid(raise_exception=True)
        comment = incoming.validated_data["comment"]
        return idempotent(
            request,
            lambda: _answer(
                services.report_accept(report=report, by=request.user, comment=comment)
            ),
        )

    @extend_schema(
        tags=["reports"],
        summary="退回（联席办）/ Return (office)",
        description=bilingual(
            "联席办退回已报送的报告，必须说明理由；单位修改后重新报送。需要 review 权限范围。",
            "The office returns a submitted report with a reason (required); the agency "
            "revises and submits again. Needs the review scope.",
        ),
        parameters=[IDEMPOTENCY_KEY],
        request=ReturnIn,
        responses={200: ReportWriteOut},
        examples=[
            OpenApiExample(
                "退回 / return", value={"reason": "请补充资助项目清单。"}, request_only=True
            )
        ],
    )
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, pk=None):
        report = self.get_object()
        incoming = ReturnIn(data=request.data)
        incoming.is_valid(raise_exception=True)
        reason = incoming.validated_data["reason"]
        return idempotent(
            request,
            lambda: _answer(services.report_return(report=report, by=request.user, reason=reason)),
        )

    @extend_schema(
        tags=["reports"],
        summary="报告版本 / Submitted versions",
        description=bilingual(
            "每次报送冻结的版本，按版本号排列。", "The version frozen at each submission, in order."
        ),
        filters=False,
        responses=VersionOut(many=True),
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def versions(self, request, pk=None):
        _, versions = report_history(self.get_object())
        return Response(VersionOut(versions, many=True).data)

    @extend_schema(
        tags=["reports"],
        summary="报告记录 / Event history",
        description=bilingual(
            "谁在何时做了什么（生成、保存、报送、采纳、退回……），含接口写入。",
            "Who did what and when (created, saved, submitted, accepted, returned…), API "
            "writes included.",
        ),
        filters=False,
        responses=EventOut(many=True),
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def events(self, request, pk=None):
        events, _ = report_history(self.get_object())
        return Response(EventOut(events, many=True).data)
