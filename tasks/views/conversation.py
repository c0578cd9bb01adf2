"""The conversation on a report (post a 批示 or 反馈, fetch its attachments) and the top
bar's search. Every report is looked up through ``visible_report`` (404 outside it)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from ..models import CommentAttachment
from ..selectors import reporting as selectors
from ..selectors.conversation import search as search_reports
from ..services.conversation import comment_add
from ..services.reporting import ReportingError
from ..workflow import refusal_status
from .reports import (
    _form,
    _render_detail,
    attachment_response,
    refused,
    visible_report,
)


@login_required
@require_POST
def comment_post(request: HttpRequest, pk: int) -> HttpResponse:
    report = visible_report(request.user, pk)
    body = request.POST.get("body", "")
    mentions = request.POST.getlist("mention")
    try:
        comment = comment_add(
            report=report,
            by=request.user,
            body=body,
            mention_keys=mentions,
            uploads=request.FILES.getlist("attachment"),
        )
    except ReportingError as error:
        if refusal_status(error.code) == 403:
            return refused(request, error, report)
        # Show the page again with what was typed still in the box.
        indicators = selectors.measure_indicators(report)
        actions = selectors.report_actions(report, request.user)
        response = _render_detail(
            request,
            report,
            _form(report, indicators) if actions.edit else None,
            indicators,
            comment_body=body,
            comment_mentions=mentions,
            comment_error=error.messages[0] + ("（附件需要重新选择。）" if request.FILES else ""),
        )
        response.status_code = 400
        return response
    messages.success(request, f"{comment.get_side_display()}已发表，相关人员会收到通知。")
    return redirect(reverse("reports:detail", args=[pk]) + f"#comment-{comment.pk}")


@login_required
def comment_attachment(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    report = visible_report(request.user, pk)
    attachment = get_object_or_404(
        CommentAttachment.objects.filter(comment__report=report), pk=attachment_pk
    )
    return attachment_response(attachment)


@login_required
def search(request: HttpRequest) -> HttpResponse:
    results = search_reports(request.user, request.GET.get("q", ""))
    return render(request, "reports/search.html", {"results": results})
