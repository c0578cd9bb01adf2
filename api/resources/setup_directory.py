"""The office's directory and responsibilities through the API: agencies (create, edit,
group members, invitations), one assignment's role, and a local measure's link to the
higher-level measure it implements. Same services as the 责任分工 page; office only."""

from __future__ import annotations

from django.db.models import Q
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from agencies import services as directory
from agencies.access import is_office
from agencies.models import Agency, Membership
from tasks.models import Assignment, Measure
from tasks.services import responsibilities as services

from ..base import ApiViewSet
from ..errors import ApiError
from .common import MAX_ID, bilingual
from .setup import SET_UP, ImplementsIn, ImplementsOut, office_only


class MeasureLinkViewSet(ApiViewSet):
    """/measures/{id}/implements/ only; the rest of /measures/ is MeasureViewSet."""

    queryset = Measure.objects.select_related("plan")

    @extend_schema(
        tags=[SET_UP],
        summary="关联上级措施 / Link to the measure implemented",
        description=bilingual(
            "市、县（区）计划的措施所落实的上位计划措施（`implements`，null 取消关联）。"
            "须先为计划设置上位计划。仅联席办。",
            "The higher-level plan's measure that this local measure implements (`null` "
            "unlinks). The plan needs its parent plan first. Office only.",
        ),
        request=ImplementsIn,
        responses={200: ImplementsOut},
    )
    @action(detail=True, methods=["post"])
    def implements(self, request, pk=None):
        office_only(request)
        measure = self.get_object()
        incoming = ImplementsIn(data=request.data)
        incoming.is_valid(raise_exception=True)
        target_id = incoming.validated_data["implements"]
        target = get_object_or_404(Measure, pk=target_id) if target_id else None
        services.measure_implements_set(measure=measure, implements=target, by=request.user)
        return Response({"id": measure.pk, "implements": measure.implements_id})


class AgencyIn(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    short_name = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    level = serializers.ChoiceField(choices=Agency._meta.get_field("level").choices)
    kind = serializers.ChoiceField(choices=Agency.Kind.choices)
    parent = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=MAX_ID
    )
    is_active = serializers.BooleanField(required=False, default=True)


class MembersIn(serializers.Serializer):
    members = serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=MAX_ID))


class InviteIn(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    full_name = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    role = serializers.ChoiceField(
        choices=[Membership.Role.REPORTER, Membership.Role.APPROVER, Membership.Role.VIEWER],
        default=Membership.Role.REPORTER,
    )


class InviteOut(serializers.Serializer):
    user = serializers.IntegerField()
    username = serializers.CharField()
    agency = serializers.IntegerField()
    role = serializers.CharField()
    set_password_url = serializers.CharField(help_text="一次性设置密码链接 / one-time link")


def _agency_fields(data: dict) -> dict:
    """The service's fields: ``parent`` as the agency it names."""
    fields = dict(data)
    if fields.get("parent"):
        fields["parent"] = get_object_or_404(Agency, pk=fields["parent"])
    return fields


class AgencyWriteActions(mixins.CreateModelMixin):
    """Create and edit agencies, set a group's members, invite a person (mixed into
    AgencyViewSet)."""

    @extend_schema(
        tags=[SET_UP],
        summary="新增单位 / Create an agency",
        description=bilingual(
            "在单位名录中新增责任单位（全称唯一）。仅联席办。",
            "Add a responsible body to the directory (full names are unique). Office only.",
        ),
        request=AgencyIn,
        responses={201: AgencyIn},
    )
    def create(self, request, *args, **kwargs):
        office_only(request)
        incoming = AgencyIn(data=request.data)
        incoming.is_valid(raise_exception=True)
        agency = directory.agency_save(by=request.user, **_agency_fields(incoming.validated_data))
        return Response(self.get_serializer(agency).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        tags=[SET_UP],
        summary="修改单位 / Update an agency",
        description=bilingual(
            "修改单位的全称、简称、层级、类别、所属政府或是否现存。仅联席办。",
            "Change an agency's name, short name, level, kind, parent or active flag. Office only.",
        ),
        request=AgencyIn(partial=True),
        responses={200: AgencyIn},
    )
    def partial_update(self, request, pk=None):
        office_only(request)
        agency = get_object_or_404(Agency, pk=pk)
        incoming = AgencyIn(data=request.data, partial=True)
        incoming.is_valid(raise_exception=True)
        fields = {k: v for k, v in incoming.validated_data.items() if k in request.data}
        directory.agency_save(by=request.user, agency=agency, **_agency_fields(fields))
        return Response(self.get_serializer(agency).data)

    @extend_schema(
        tags=[SET_UP],
        summary="设置成员单位 / Set a group's members",
        description=bilingual(
            "设置单位集合（如“各镇（街道）”）的成员单位；分配给集合的措施由每个成员各报一份。"
            "仅联席办。",
            "Set the members of a group (each town of 各镇（街道）); a measure assigned to the "
            "group expects a report from each member. Office only.",
        ),
        request=MembersIn,
        responses={200: MembersIn},
    )
    @action(detail=True, methods=["post"])
    def members(self, request, pk=None):
        office_only(request)
        group = get_object_or_404(Agency, pk=pk)
        incoming = MembersIn(data=request.data)
        incoming.is_valid(raise_exception=True)
        wanted = set(incoming.validated_data["members"])
        members = list(Agency.objects.filter(pk__in=wanted))
        if len(members) != len(wanted):
            raise ApiError(422, "invalid", "有的成员单位不存在。")
        directory.group_members_set(group=group, members=members, by=request.user)
        return Response({"members": sorted(wanted)})

    @extend_schema(
        tags=[SET_UP],
        summary="邀请人员 / Invite a person",
        description=bilingual(
            "为单位创建一个人员账号（默认填报人），返回一次性设置密码链接：本人打开链接设置"
            "密码后即可登录，系统不生成也不保存明文密码。仅联席办。",
            "Create a person's account in the agency (reporter by default) and return a "
            "one-time set-password link; no password is generated or stored. Office only.",
        ),
        request=InviteIn,
        responses={201: InviteOut},
    )
    @action(detail=True, methods=["post"])
    def invite(self, request, pk=None):
        office_only(request)
        agency = get_object_or_404(Agency, pk=pk)
        incoming = InviteIn(data=request.data)
        incoming.is_valid(raise_exception=True)
        invitation = directory.reporter_invite(
            agency=agency, by=request.user, **incoming.validated_data
        )
        body = {
            "user": invitation.user.pk,
            "username": invitation.user.username,
            "agency": agency.pk,
            "role": incoming.validated_data["role"],
            "set_password_url": request.build_absolute_uri(invitation.path),
        }
        return Response(body, status=status.HTTP_201_CREATED)


@extend_schema_serializer(component_name="SetupAssignmentOut")
class AssignmentOut(serializers.ModelSerializer):
    class Meta:
        model = Assignment
        fields = ["id", "measure", "agency", "role", "name_as_written", "note"]


class RoleIn(serializers.Serializer):
    role = serializers.ChoiceField(choices=Assignment.Role.choices)


class AssignmentViewSet(mixins.RetrieveModelMixin, ApiViewSet):
    """One body's role on one measure: change the role, or take the body off the measure."""

    serializer_class = AssignmentOut
    http_method_names = ["get", "patch", "delete", "head", "options"]

    def get_queryset(self):
        if not is_office(self.request.user):
            return Assignment.objects.none()
        return Assignment.objects.filter(~Q(measure=None))

    @extend_schema(
        tags=[SET_UP],
        summary="责任分工详情 / Retrieve an assignment",
        description=bilingual(
            "一个单位在一项措施上的角色。仅联席办。", "One body's role on one measure. Office only."
        ),
    )
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(
        tags=[SET_UP],
        summary="修改角色 / Change a role",
        description=bilingual(
            "修改单位在措施上的角色（牵头、配合……）；填报中的周期随即补充报告。仅联席办。",
            "Change the body's role on the measure; open periods get any new report. Office only.",
        ),
        request=RoleIn,
        responses={200: AssignmentOut},
    )
    def partial_update(self, request, pk=None):
        assignment = self.get_object()
        incoming = RoleIn(data=request.data)
        incoming.is_valid(raise_exception=True)
        services.assignment_role_set(
            assignment=assignment, role=incoming.validated_data["role"], by=request.user
        )
        return Response(AssignmentOut(assignment).data)

    @extend_schema(
        tags=[SET_UP],
        summary="移除责任单位 / Remove an assignment",
        description=bilingual(
            "把单位从措施上移除；已有的报告及其记录保留。仅联席办。",
            "Take the body off the measure; its existing reports and their history stay. "
            "Office only.",
        ),
        responses={204: None},
    )
    def destroy(self, request, pk=None):
        assignment = self.get_object()
        services.assignment_remove(assignment=assignment, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
