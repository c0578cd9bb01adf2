"""代报 through the API: the office files and delivers a report for an agency
(tasks.services.on_behalf, the same service as the page)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers
from rest_framework.decorators import action

from tasks.models import ProgressReport
from tasks.selectors.reporting import reports_visible_to
from tasks.services.on_behalf import report_file_on_behalf
from tasks.services.reporting import ReportInput

from ..base import ApiViewSet
from .common import bilingual
from .reports import DraftIn, ReportWriteOut, _answer


class OnBehalfIn(DraftIn):
    basis = serializers.CharField(
        help_text="代报依据（必填），记入处理记录 / What it is filed from (required), kept in "
        "the report's history"
    )


class ReportOnBehalfViewSet(ApiViewSet):
    """/reports/{id}/file-on-behalf/ only; the rest of /reports/ is ReportViewSet."""

    def get_queryset(self):
        return reports_visible_to(self.request.user)

    @extend_schema(
        tags=["reports"],
        summary="联席办代报 / File on an agency's behalf (office)",
        description=bilingual(
            "联席办代单位填写并报送报告（如单位无填报人，或报来书面材料）。报告成为“已报送”，"
            "与单位自行报送一样计算逾期；处理记录写明代报人、时间和依据（basis）。"
            "需要 review 权限范围。",
            "The office fills in and delivers an agency's report (no reporter, or a written "
            "report sent in). It becomes submitted, late or not as if the agency had sent it; "
            "the history names who filed it, when, and the basis. Needs the review scope.",
        ),
        request=OnBehalfIn,
        responses={200: ReportWriteOut},
        examples=[
            OpenApiExample(
                "据书面材料代报",
                value={
                    "progress_status": "on_track",
                    "progress_text": "已完成平台一期建设。",
                    "basis": "省科技厅4月8日报来的书面材料",
                },
                request_only=True,
            )
        ],
    )
    @action(detail=True, methods=["post"], url_path="file-on-behalf")
    def file_on_behalf(self, request, pk=None):
        report: ProgressReport = self.get_object()
        incoming = OnBehalfIn(data=request.data)
        incoming.is_valid(raise_exception=True)
        given = incoming.validated_data
        data = ReportInput(
            **{
                name: given.get(name, getattr(report, name))
                for name in ("progress_status", "completion_percent", *ReportInput.TEXT_FIELDS)
            },
            values={v["indicator"]: v["value"] for v in given.get("values", [])},
        )
        report_file_on_behalf(report=report, by=request.user, data=data, basis=given["basis"])
        return _answer(report)
