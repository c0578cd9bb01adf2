"""The office's plan set-up through the API: 责任分工 in bulk, publishing, reporting periods,
agencies with group members and invitations. Each action calls the same service as its page
(tasks.services.responsibilities / periods, agencies.services); only the office may write
(an office token's review scope, or an office session)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    extend_schema,
    extend_schema_serializer,
)
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from agencies.access import is_office
from agencies.models import Agency
from tasks.models import Measure, Plan, ReportingPeriod, Section
from tasks.selectors.plans import measures_without_lead
from tasks.selectors.responsibilities import MeasureFilter
from tasks.services import periods as period_services
from tasks.services import plans as plan_services
from tasks.services import responsibilities as services

from ..errors import ApiError
from .common import MAX_ID, bilingual


def office_only(request) -> None:
    if not is_office(request.user):
        raise ApiError(403, "forbidden", "只有联席会议办公室可以进行此操作。")


# Named apart from the reports' and measures' serializers of the same class name, so the
# schema has one component per name (drf-spectacular warns otherwise; `check --deploy`).
@extend_schema_serializer(component_name="SetupMeasureRefOut")
class MeasureRefOut(serializers.ModelSerializer):
    class Meta:
        model = Measure
        fields = ["id", "label", "ref", "title"]


class AssignIn(serializers.Serializer):
    measures = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        required=False,
        help_text="措施 id，不填则按筛选条件 / Measure ids, else the filter",
    )
    section = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    without_lead = serializers.BooleanField(required=False, default=False)
    q = serializers.CharField(required=False, allow_blank=True, max_length=100, default="")
    lead = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=MAX_ID)
    co = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        required=False,
        default=list,
    )
    replace_lead = serializers.BooleanField(required=False, default=False)


class AssignOut(serializers.Serializer):
    created = serializers.IntegerField()
    demoted = serializers.IntegerField(help_text="原牵头改为配合 / former leads kept as co")
    skipped = serializers.ListField(child=serializers.CharField())
    reports_created = serializers.IntegerField()
    without_lead = serializers.IntegerField(
        help_text="仍无牵头单位的措施数 / measures still without a lead"
    )


class YearsIn(serializers.Serializer):
    start_year = serializers.IntegerField(help_text="起始年度 / First year")
    end_year = serializers.IntegerField(help_text="截止年度 / Last year")


class PublishIn(serializers.Serializer):
    confirm_without_lead = serializers.BooleanField(required=False, default=False)


class PeriodIn(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ReportingPeriod.Kind.choices)
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    number = serializers.IntegerField(min_value=1, max_value=4, default=1)
    due_on = serializers.DateField(required=False, allow_null=True)

    def validate(self, data):
        limits = {"quarter": 4, "half": 2, "year": 1}
        if data["number"] > limits[data["kind"]]:
            raise serializers.ValidationError({"number": [f"期次最多为 {limits[data['kind']]}。"]})
        return data


class ExpectedFromOut(serializers.Serializer):
    agency = serializers.IntegerField(source="agency.pk")
    agency_name = serializers.CharField(source="agency.name")
    reports = serializers.IntegerField()
    no_reporter = serializers.BooleanField(help_text="无填报人 / no active reporter account")


class PreviewOut(serializers.Serializer):
    period = serializers.IntegerField(source="period.pk", allow_null=True)
    label = serializers.CharField(source="period.label")
    status = serializers.CharField(source="period.status")
    due_on = serializers.DateField(source="period.due_on")
    expected = serializers.IntegerField()
    already = serializers.IntegerField()
    by_agency = ExpectedFromOut(many=True)


class OpenedOut(serializers.Serializer):
    period = serializers.IntegerField()
    label = serializers.CharField()
    due_on = serializers.DateField()
    status = serializers.CharField()
    reports_created = serializers.IntegerField()
    reports_total = serializers.IntegerField()


class AutoOpenIn(serializers.Serializer):
    auto_open = serializers.BooleanField()


class ReasonIn(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class ParentIn(serializers.Serializer):
    parent = serializers.IntegerField(allow_null=True, min_value=1, max_value=MAX_ID)


class ImplementsIn(serializers.Serializer):
    implements = serializers.IntegerField(allow_null=True, min_value=1, max_value=MAX_ID)


class ImplementsOut(serializers.Serializer):
    id = serializers.IntegerField()
    implements = serializers.IntegerField(allow_null=True)


SET_UP = "plan set-up"


def _plan(pk) -> Plan:
    return get_object_or_404(Plan, pk=pk)


class PlanSetupActions:
    """Actions on /plans/{id}/… for the office's set-up (mixed into PlanViewSet)."""

    @extend_schema(
        tags=[SET_UP],
        summary="批量分配责任单位 / Assign agencies in bulk",
        description=bilingual(
            "为多项措施一次指定牵头单位（lead）和配合单位（co）。`measures` 给出措施 id；"
            "不给时按 `section`（章）、`without_lead`（只选无牵头单位的）和 `q`（关键词）筛选。"
            "已有其他牵头单位的措施不变，除非 `replace_lead`（原牵头改为配合）。填报中的周期"
            "立即为新分配的单位生成报告。仅联席办。",
            "Give many measures a lead and co-agencies at once: list `measures`, or select by "
            "`section`, `without_lead` and `q`. A measure with another lead keeps it unless "
            "`replace_lead` (the former lead stays as co). Open periods get the new reports at "
            "once. Office only.",
        ),
        request=AssignIn,
        responses={200: AssignOut},
        examples=[
            OpenApiExample(
                "第一章全部由市财政局牵头",
                value={"section": 3, "lead": 57, "co": [58, 59]},
                request_only=True,
            )
        ],
    )
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        office_only(request)
        plan = _plan(pk)
        incoming = AssignIn(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        if "measures" in data:
            measures = list(Measure.objects.filter(plan=plan, pk__in=data["measures"]))
            if len(measures) != len(set(data["measures"])):
                raise ApiError(422, "invalid", "有的措施不存在或不属于该计划。")
        else:
            section = Section.objects.filter(plan=plan, pk=data.get("section") or 0).first()
            if data.get("section") and section is None:
                raise ApiError(422, "invalid", "章节不存在或不属于该计划。")
            chosen = MeasureFilter(section=section, q=data["q"], without_lead=data["without_lead"])
            measures = list(chosen.apply(plan))
        agencies = Agency.objects.in_bulk(
            [*data["co"], *([data["lead"]] if data.get("lead") else [])]
        )
        if len(agencies) != len(set(data["co"]) | ({data["lead"]} if data.get("lead") else set())):
            raise ApiError(422, "invalid", "有的单位不存在。")
        result = services.assignments_bulk_assign(
            plan=plan,
            measures=measures,
            lead=agencies.get(data.get("lead")),
            co=[agencies[pk] for pk in data["co"]],
            replace_lead=data["replace_lead"],
            by=request.user,
        )
        return Response(
            {
                "created": result.created,
                "demoted": result.demoted,
                "skipped": result.skipped,
                "reports_created": result.reports_created,
                "without_lead": measures_without_lead(plan).count(),
            }
        )

    @extend_schema(
        tags=[SET_UP],
        summary="无牵头单位的措施 / Measures without a lead",
        description=bilingual(
            "计划中尚无牵头单位的措施；开启填报周期时它们不会生成报告。仅联席办。",
            "The plan's measures that have no lead yet; opening a period expects no report "
            "for them. Office only.",
        ),
        filters=False,
        responses=MeasureRefOut(many=True),
    )
    @action(detail=True, methods=["get"], url_path="without-lead", pagination_class=None)
    def without_lead(self, request, pk=None):
        office_only(request)
        return Response(MeasureRefOut(measures_without_lead(_plan(pk)), many=True).data)

    @extend_schema(
        tags=[SET_UP],
        summary="发布计划 / Publish a plan",
        description=bilingual(
            "发布草稿计划。还有待确认的单位时返回 422；有措施没有牵头单位时返回 409"
            "（`needs_confirmation`，`detail.measures` 列出它们），确认后带 "
            "`confirm_without_lead: true` 再发。仅联席办。",
            "Publish a draft. Unresolved names give 422; measures without a lead give 409 "
            "(`needs_confirmation`, listed in `detail.measures`) until sent again with "
            "`confirm_without_lead: true`. Office only.",
        ),
        request=PublishIn,
        responses={200: None},
    )
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        office_only(request)
        plan = _plan(pk)
        incoming = PublishIn(data=request.data)
        incoming.is_valid(raise_exception=True)
        try:
            plan_services.plan_publish(
                plan=plan, confirm_without_lead=incoming.validated_data["confirm_without_lead"]
            )
        except plan_services.PublishNeedsConfirmation as error:
            raise ApiError(
                409,
                "needs_confirmation",
                error.messages[0],
                {"measures": [m.label for m in error.measures]},
            ) from error
        return Response({"id": plan.pk, "status": plan.status})

    @extend_schema(
        tags=[SET_UP],
        summary="设置上位计划 / Set the parent plan",
        description=bilingual(
            "本计划落实的上级（更高层级）计划；`parent` 为 null 时取消。仅联席办。",
            "The higher-level plan this plan implements; `null` clears it. Office only.",
        ),
        request=ParentIn,
        responses={200: ParentIn},
    )
    @action(detail=True, methods=["post"])
    def parent(self, request, pk=None):
        office_only(request)
        incoming = ParentIn(data=request.data)
        incoming.is_valid(raise_exception=True)
        parent_id = incoming.validated_data["parent"]
        parent = get_object_or_404(Plan, pk=parent_id) if parent_id else None
        services.plan_parent_set(plan=_plan(pk), parent=parent, by=request.user)
        return Response({"parent": parent_id})

    @extend_schema(
        tags=[SET_UP],
        summary="预览填报周期 / Preview a reporting period",
        description=bilingual(
            "开启前预览：将应报多少份报告、来自哪些单位，哪些单位没有填报人账号（无填报人）。"
            "`due_on` 不填时按计划规则计算并避开节假日。不写入任何数据。仅联席办。",
            "Before opening: how many reports the period will expect, from which agencies, "
            "and which have no reporter account. Without `due_on` the plan's rule gives it, "
            "moved off holidays. Writes nothing. Office only.",
        ),
        filters=False,
        parameters=[
            OpenApiParameter("kind", str, enum=ReportingPeriod.Kind.values, required=True),
            OpenApiParameter("year", int, required=True),
            OpenApiParameter("number", int),
            OpenApiParameter("due_on", str, description="YYYY-MM-DD"),
        ],
        responses=PreviewOut,
    )
    @action(detail=True, methods=["get"], url_path="period-preview", pagination_class=None)
    def period_preview(self, request, pk=None):
        office_only(request)
        plan = _plan(pk)
        incoming = PeriodIn(data=request.query_params)
        incoming.is_valid(raise_exception=True)
        draft = period_services.period_draft(plan=plan, **incoming.validated_data)
        preview = period_services.period_preview(draft)
        return Response(PreviewOut(preview).data)

    @extend_schema(
        tags=[SET_UP],
        summary="开启填报周期 / Open a reporting period",
        description=bilingual(
            "开启季度、半年或年度填报周期，为每个责任单位和措施生成应报报告。重复开启只补充"
            "缺少的报告（幂等）。已关闭的周期须用 reopen 并说明理由。仅联席办。",
            "Open a quarter, half-year or year and create the expected reports. Opening "
            "again only adds what is missing (idempotent). A closed period needs reopen with "
            "a reason. Office only.",
        ),
        request=PeriodIn,
        responses={200: OpenedOut},
        examples=[
            OpenApiExample(
                "2026年第一季度",
                value={"kind": "quarter", "year": 2026, "number": 1},
                request_only=True,
            )
        ],
    )
    @action(detail=True, methods=["post"], url_path="open-period")
    def open_period(self, request, pk=None):
        office_only(request)
        plan = _plan(pk)
        incoming = PeriodIn(data=request.data)
        incoming.is_valid(raise_exception=True)
        period, created = period_services.period_open_for_plan(
            plan=plan, by=request.user, **incoming.validated_data
        )
        return Response(_opened(period, created))

    @extend_schema(
        tags=[SET_UP],
        summary="设置自动开启 / Set automatic opening",
        description=bilingual(
            "计划的填报周期是否自动开启：每季度到开放日期时，以及已安排的周期到其开启日期时。"
            "仅联席办。",
            "Whether the plan's periods open by themselves: each quarter on its open date, "
            "and scheduled periods on theirs. Office only.",
        ),
        request=AutoOpenIn,
        responses={200: AutoOpenIn},
    )
    @action(detail=True, methods=["post"], url_path="auto-open")
    def auto_open(self, request, pk=None):
        office_only(request)
        incoming = AutoOpenIn(data=request.data)
        incoming.is_valid(raise_exception=True)
        value = incoming.validated_data["auto_open"]
        period_services.plan_auto_open_set(plan=_plan(pk), auto_open=value, by=request.user)
        return Response({"auto_open": value})

    @extend_schema(
        tags=[SET_UP],
        summary="修改实施期 / Set the plan's years",
        description=bilingual(
            "修改计划实施期（起始年度、截止年度）。实施期之外的周期不产生应报报告；计划延续"
            "执行时先延长截止年度，再开启周期。仅联席办。",
            "Change the plan's years. A period outside them expects no report; when a plan "
            "is carried on, extend the last year before opening a period. Office only.",
        ),
        request=YearsIn,
        responses={200: YearsIn},
        examples=[
            OpenApiExample(
                "延续至2026年", value={"start_year": 2016, "end_year": 2026}, request_only=True
            )
        ],
    )
    @action(detail=True, methods=["post"])
    def years(self, request, pk=None):
        office_only(request)
        incoming = YearsIn(data=request.data)
        incoming.is_valid(raise_exception=True)
        plan = period_services.plan_years_set(
            plan=_plan(pk), by=request.user, **incoming.validated_data
        )
        return Response({"start_year": plan.period_start_year, "end_year": plan.period_end_year})


def _opened(period: ReportingPeriod, created: int) -> dict:
    return {
        "period": period.pk,
        "label": period.label,
        "due_on": period.due_on.isoformat(),
        "status": period.status,
        "reports_created": created,
        "reports_total": period.reports.count(),
    }


class PeriodSetupActions:
    """Close and reopen with a reason (mixed into PeriodViewSet)."""

    def _decide(self, request, pk, decide):
        office_only(request)
        period = get_object_or_404(ReportingPeriod.objects.select_related("plan"), pk=pk)
        incoming = ReasonIn(data=request.data)
        incoming.is_valid(raise_exception=True)
        decide(period=period, by=request.user, reason=incoming.validated_data["reason"])
        return Response(_opened(period, 0))

    @extend_schema(
        tags=[SET_UP],
        summary="关闭填报周期 / Close a reporting period",
        description=bilingual(
            "关闭后报告不能再修改；必须说明理由，理由记入周期记录。仅联席办。",
            "No report of a closed period can change; the reason (required) is kept in the "
            "period's history. Office only.",
        ),
        request=ReasonIn,
        responses={200: OpenedOut},
    )
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return self._decide(request, pk, period_services.period_close_by_office)

    @extend_schema(
        tags=[SET_UP],
        summary="重新开启填报周期 / Reopen a reporting period",
        description=bilingual(
            "重新开启已关闭的周期；必须说明理由。仅联席办。",
            "Reopen a closed period; a reason is required. Office only.",
        ),
        request=ReasonIn,
        responses={200: OpenedOut},
    )
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        return self._decide(request, pk, period_services.period_reopen)
