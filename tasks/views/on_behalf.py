"""代报: the office fills in and delivers a report for an agency (with its basis and file)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from agencies.access import office_required

from ..forms_reports import ReportForm
from ..models import ProgressReport
from ..selectors import reporting as selectors
from ..services.on_behalf import report_file_on_behalf


class OnBehalfForm(ReportForm):
    basis = forms.CharField(
        label="代报依据",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="如：省科技厅 4 月 8 日报来的书面材料（附后）。将记入处理记录。",
    )
    attachment = forms.FileField(
        label="单位报来的材料（可选）",
        required=False,
        help_text="PDF、Word、Excel、WPS 或图片，以联席办名义附在报告上。",
    )


@office_required
def file_on_behalf(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(
        ProgressReport.objects.select_related("measure", "agency", "period__plan"), pk=pk
    )
    indicators = selectors.measure_indicators(report)
    form = OnBehalfForm(
        request.POST or None, request.FILES or None, report=report, indicators=indicators
    )
    if request.method == "POST" and form.is_valid():
        try:
            report_file_on_behalf(
                report=report,
                by=request.user,
                data=form.to_input(),
                basis=form.cleaned_data["basis"],
                upload=form.cleaned_data.get("attachment"),
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"已代{report.agency}报送，处理记录中注明了代报。")
            return redirect("reports:detail", pk=pk)
    return render(
        request, "reports/on_behalf.html", {"report": report, "form": form, "tab": "review"}
    )
