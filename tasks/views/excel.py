"""The Excel round trip's pages: pick agency and period, download, upload, preview, confirm."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from agencies.access import is_office
from agencies.models import Agency

from ..excel.access import agencies_for, may_download, may_upload, periods_for
from ..excel.apply import ApplyError, preview_apply, preview_build
from ..excel.reading import check_size, workbook_extract
from ..excel.template import template_build, template_filename
from ..excel.upload import (
    ExcelError,
    Status,
    pending_discard,
    pending_load,
    pending_store,
    read_upload,
)
from ..models import ProgressReport, ReportingPeriod

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _index_url(agency: Agency) -> str:
    return f"{reverse('excel:index')}?{urlencode({'agency': agency.pk})}"


def _objects(period_id: int, agency_id: int) -> tuple[ReportingPeriod, Agency]:
    period = get_object_or_404(ReportingPeriod.objects.select_related("plan"), pk=period_id)
    return period, get_object_or_404(Agency, pk=agency_id)


def _forbidden(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "excel/forbidden.html", {"message": message}, status=403)


def _upload_refusal(request: HttpRequest, agency: Agency) -> HttpResponse | None:
    """A 403 page saying why, or None when the person may upload the agency's template."""
    if may_upload(request.user, agency):
        return None
    if is_office(request.user):
        return _forbidden(
            request,
            "联席办可以下载各单位的模板查看，但不能代单位上传：请由该单位的填报人或审核人上传。",
        )
    return _forbidden(request, f"只有{agency}的填报人或审核人可以上传该单位的填报表。")


@login_required
def excel_index(request: HttpRequest) -> HttpResponse:
    agencies = list(agencies_for(request.user))
    chosen = request.GET.get("agency")
    agency = next((a for a in agencies if str(a.pk) == chosen), agencies[0] if agencies else None)
    periods = list(periods_for(agency)) if agency else []
    return render(
        request,
        "excel/index.html",
        {
            "agencies": agencies,
            "agency": agency,
            "periods": periods,
            "can_upload": agency is not None and may_upload(request.user, agency),
        },
    )


@login_required
def excel_download(request: HttpRequest, period: int, agency: int) -> HttpResponse:
    period, agency = _objects(period, agency)
    if not may_download(request.user, agency):
        return _forbidden(
            request, f"只有{agency}的填报人、审核人或联席办可以下载该单位的填报模板。"
        )
    if not ProgressReport.objects.filter(period=period, agency=agency).exists():
        messages.error(request, f"{agency}在{period}没有需要填报的报告。")
        return redirect(_index_url(agency))
    content = template_build(period=period, agency=agency, by=request.user)
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=template_filename(period, agency)
    )
    return response


@login_required
@require_POST
def excel_upload(request: HttpRequest, period: int, agency: int) -> HttpResponse:
    period, agency = _objects(period, agency)
    if refusal := _upload_refusal(request, agency):
        return refusal
    upload = request.FILES.get("file")
    try:
        if upload is None:
            raise ExcelError("请选择要上传的 Excel 文件。")
        check_size(upload.size)  # before reading a huge file into memory
        extract = workbook_extract(upload.read())  # bounded: refused before parsing if huge
        read_upload(extract=extract, filename=upload.name, period=period, agency=agency)
    except ExcelError as error:
        messages.error(request, f"上传失败：{error.messages[0]}")
        return redirect(_index_url(agency))
    token = pending_store(
        extract=extract, filename=upload.name, period=period, agency=agency, by=request.user
    )
    return redirect("excel:preview", token=token)


@login_required
def excel_preview(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows what confirming would do; POST confirms exactly what was shown."""
    try:
        pending = pending_load(token, by=request.user)
    except ExcelError as error:
        messages.error(request, error.messages[0])
        return redirect("excel:index")
    period, agency = _objects(pending.period_id, pending.agency_id)
    if refusal := _upload_refusal(request, agency):
        return refusal
    preview = preview_build(
        extract=pending.extract,
        filename=pending.filename,
        period=period,
        agency=agency,
        by=request.user,
    )
    if request.method == "POST":
        if request.POST.get("fingerprint") != preview.fingerprint:
            messages.warning(
                request, "在您核对之后，系统中的报告有了变化，下面是最新的预览，请重新核对后确认。"
            )
        elif not preview.to_apply:
            messages.error(request, "没有可以导入的修改。")
        else:
            try:
                result = preview_apply(preview, by=request.user)
            except ApplyError as error:
                messages.error(request, str(error))
            else:
                pending_discard(pending)
                skipped = len(preview.problems)
                note = f"；{skipped} 行有问题，未导入" if skipped else ""
                messages.success(
                    request,
                    f"已导入 {len(preview.to_apply)} 行：保存 {result.saved} 份报告，"
                    f"报送 {result.submitted} 份{note}。",
                )
                return redirect(_index_url(agency))
    return render(
        request,
        "excel/preview.html",
        {"preview": preview, "token": token, "Status": Status},
    )


@login_required
@require_POST
def excel_cancel(request: HttpRequest, token: str) -> HttpResponse:
    try:
        pending = pending_load(token, by=request.user)
    except ExcelError as error:
        messages.error(request, error.messages[0])
        return redirect("excel:index")
    pending_discard(pending)
    messages.info(request, "已取消本次上传，没有写入任何修改。")
    return redirect(f"{reverse('excel:index')}?{urlencode({'agency': pending.agency_id})}")
