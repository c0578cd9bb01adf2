"""Agencies' reporting pages: the inbox, the report form with autosave, sign-off and review.

Every lookup goes through ``reports_visible_to`` (404 outside it); every write is a service
call, and a ``ReportingError`` is shown to the person exactly as the service worded it.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from agencies.access import is_office, roles
from agencies.models import Membership
from core import clock
from indicators.numbers import number_text
from ipplan.formats import sentences
from ipplan.redirects import redirect_next
from ipplan.workcalendar import WorkingCalendar

from ..forms_reports import ReportForm
from ..models import Assignment, ProgressReport
from ..selectors import reporting as selectors
from ..selectors.conversation import report_comments
from ..selectors.dashboard.filters import link_for
from ..selectors.next_step import report_next_step
from ..services import reporting as services
from ..services.conversation import comment_side, has_approver_among, mention_candidates
from ..services.reporting import ReportingError
from ..workflow import EDITABLE_STATES, PENDING_STATES, refusal_status

State = ProgressReport.State
INBOX_PAGE_SIZE = 50
ROLE_LABELS = dict(Assignment.Role.choices)


def visible_report(user, pk: int) -> ProgressReport:
    report = selectors.visible_report_with_details(user, pk)
    if report is None:
        raise Http404("No ProgressReport matches the given query.")  # the page's own words
    return report


def refused(request: HttpRequest, error: ReportingError, report: ProgressReport | None = None):
    return render(
        request,
        "reports/refused.html",
        {"message": error.messages[0], "report": report},
        status=403,
    )


def deadline_text(
    report: ProgressReport, today: datetime.date, cal: WorkingCalendar
) -> tuple[str, str]:
    """(text, css class) for the due date column: days left, due today or days overdue,
    counted to the moved due date (``ipplan.workcalendar``)."""
    if report.state not in PENDING_STATES:  # with the office: lateness is the delivery's
        if report.late_days:
            return f"逾期 {report.late_days} 天报送", "late"
        return "按时报送", "ok"
    days = cal.days_left(report.period.due_on, today)
    if days > 0:
        return f"还剩 {days} 天", "soon" if days <= 3 else "ok"
    if days == 0:
        return "今天截止", "soon"
    # The same figure the API gives for a report not yet delivered.
    late = cal.report_days_late(
        report.period.due_on, today, delivered=False, delivery_days_late=report.late_days
    )
    return f"已逾期 {late} 天", "late"


def label_rows(reports: list[ProgressReport]) -> list[ProgressReport]:
    """Each row's address and labels, worked out once per page (50 rows, the review queue's
    too): ``get_FOO_display()`` translates every choice on each call."""
    detail_url = reverse("reports:detail", args=[0]).removesuffix("0/")
    state_labels = {value: str(label) for value, label in State.choices}
    progress_labels = {value: str(label) for value, label in ProgressReport.Progress.choices}
    for report in reports:
        report.url = f"{detail_url}{report.pk}/"
        report.role_label = ROLE_LABELS.get(report.role, report.role)
        report.state_label = state_labels.get(report.state, report.state)
        report.progress_label = progress_labels.get(report.progress_status, report.progress_status)
    return reports


def _decorate(reports: list[ProgressReport]) -> list[ProgressReport]:
    """What each row of a list shows, computed once here: a busy agency has 150 rows a
    quarter, and the template stays cheap per row."""
    today = clock.today()
    cal = WorkingCalendar.load()
    for report in label_rows(reports):
        report.due_date = cal.due_date(report.period.due_on)
        report.deadline, report.deadline_class = deadline_text(report, today, cal)
        report.show_return = (
            bool(getattr(report, "return_comment", "")) and report.state in EDITABLE_STATES
        )
    return reports


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """本季度待填报, and for approvers the reports waiting for their sign-off."""
    user = request.user
    inbox_reports = selectors.agency_inbox(user)
    counts = selectors.inbox_counts(inbox_reports)
    # A page at a time: the busiest agency has ~150 reports a quarter; those sent back are
    # pinned to the first page, then the most urgent.
    paginator = Paginator(selectors.with_last_return(inbox_reports), INBOX_PAGE_SIZE)
    paginator.count = counts["total"]  # counted by the aggregate already
    page = paginator.get_page(request.GET.get("page"))
    signoff = _decorate(list(selectors.signoff_queue(user)))
    sign_off_url, send_back_url = link_for("reports:sign_off"), link_for("reports:send_back")
    for report in signoff:  # the two forms' addresses, one reverse() each per page
        report.sign_off_url = sign_off_url(report.pk)
        report.send_back_url = send_back_url(report.pk)
    approver = Membership.Role.APPROVER in roles(user)
    return render(
        request,
        "reports/inbox.html",
        {
            "reports": _decorate(list(page.object_list)),
            "page": page,
            "total": counts["total"],
            "signoff": signoff,
            "is_approver": approver,
            "todo": counts["todo"],
            "returned": counts["returned"],
        },
    )


def _form(report: ProgressReport, indicators, data=None, files=None) -> ReportForm:
    return ReportForm(data, files, report=report, indicators=indicators)


def _detail_context(
    request: HttpRequest, report: ProgressReport, actions: selectors.ReportActions | None = None
) -> dict:
    user = request.user
    events, versions = selectors.report_history(report)
    if actions is None:  # the GET has asked already
        actions = selectors.report_actions(report, user)
    changes = []
    if actions.review and len(versions) >= 2:
        changes = [row for row in selectors.version_diff(versions[-2], versions[-1]) if row.changed]
    previous = selectors.previous_report(report)
    conversation = conversation_context(report, user)
    candidates = conversation["mention_candidates"]
    # Who a draft goes to next: known from the people one may mention when one may write.
    has_approver = has_approver_among(candidates) if candidates else None
    return {
        "report": report,
        "measure": report.measure,
        "role_label": ROLE_LABELS.get(report.role, report.role),
        "deadline": deadline_text(report, clock.today(), WorkingCalendar.load()),
        "assignments": report.measure.assignments.select_related("agency").order_by("order"),
        "schedule": report.measure.schedule_entries.order_by("order"),
        "previous": previous,
        "previous_values": _values_text(previous) if previous else [],
        "contributions": selectors.contributions(report),
        "events": events,
        "next_step": report_next_step(report, events, has_approver=has_approver),
        **conversation,
        "versions": versions,
        # In upload order: the model's default order starts with the report, which would
        # join its period, plan, measure and agency only to sort one report's files.
        "attachments": report.attachments.select_related("uploaded_by").order_by(
            "uploaded_at", "id"
        ),
        "actions": actions,
        "changes": changes,
        "is_office": is_office(user),
    }


def conversation_context(report: ProgressReport, user) -> dict:
    """The 批示与反馈 card: the messages, and for those who may write, whom they can @."""
    side = comment_side(report, user)
    return {
        "conversation": report_comments(report),
        "comment_side": side,
        "mention_candidates": mention_candidates(report) if side else [],
    }


def _values_text(report: ProgressReport) -> list[tuple[str, str]]:
    values = report.values.select_related("indicator").order_by("indicator__order")
    return [(v.indicator.name, f"{number_text(v.value)}{v.indicator.unit}") for v in values]


def _render_detail(
    request, report, form, indicators=None, *, stale=None, stale_message="", actions=None, **extra
) -> HttpResponse:
    """The report page; ``indicators`` with this report's values, read here unless given."""
    if indicators is None:
        indicators = selectors.measure_indicators(report)
    context = _detail_context(request, report, actions)
    context.update({"form": form, "indicators": indicators, "stale": stale, **extra})
    if stale is not None:
        context.update({"stale_values": _values_text(stale), "stale_message": stale_message})
    return render(request, "reports/detail.html", context)


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = visible_report(request.user, pk)
    if request.method != "POST":
        indicators = selectors.measure_indicators(report)
        actions = selectors.report_actions(report, request.user)
        form = _form(report, indicators) if actions.edit else None
        return _render_detail(request, report, form, indicators, actions=actions)

    # A post is parsed with the bare indicators; a page shown again reads their values.
    indicators = selectors.measure_indicators(report, reported=False)
    form = _form(report, indicators, request.POST, request.FILES)
    if not form.is_valid():
        return _render_detail(request, report, form)
    try:
        saved = services.report_save(
            report=report,
            by=request.user,
            data=form.to_input(),
            expected_version=form.cleaned_data["expected_version"],
            indicator_ids=[indicator.pk for indicator in indicators],
        )
    except ReportingError as error:
        if refusal_status(error.code) == 403:
            return refused(request, error, report)
        if error.code != "stale":
            form.add_error(None, error.messages)
            return _render_detail(request, report, form)
        # Someone saved first. Keep this person's text on screen, show theirs beside it and
        # let a conscious second save (now against the current version) merge the two.
        current = visible_report(request.user, pk)
        form = _form(current, indicators, _with_version(request.POST, current.version))
        form.is_valid()
        response = _render_detail(
            request, current, form, stale=current, stale_message=error.messages[0]
        )
        response.status_code = 409
        return response
    except ValidationError as error:
        form.add_service_errors(error)
        return _render_detail(request, report, form)

    upload = form.cleaned_data.get("attachment")
    if upload:
        try:
            attachment = services.attachment_add(report=saved, by=request.user, upload=upload)
        except ReportingError as error:
            # The text was saved; re-render it as typed with the upload's refusal beside it.
            form = _form(saved, indicators, _with_version(request.POST, saved.version))
            form.is_valid()
            form.add_error("attachment", f"{error.messages[0]} 其他内容已保存为草稿。")
            return _render_detail(request, saved, form)
        messages.success(request, f"附件“{attachment.name}”已上传。")

    if request.POST.get("action") == "submit":
        try:
            submitted = services.report_submit(
                report=saved, by=request.user, expected_version=saved.version
            )
        except ReportingError as error:
            messages.error(request, f"草稿已保存，但未能报送：{error.messages[0]}")
            return redirect("reports:detail", pk=pk)
        if submitted.state == State.PENDING_SIGNOFF:
            messages.success(request, "已提交本单位审核人审核，审核通过后报送联席办。")
        else:
            messages.success(request, "已报送联席会议办公室。")
        return redirect("reports:detail", pk=pk)
    messages.success(request, f"草稿已保存（第 {saved.version} 版）。")
    return redirect("reports:detail", pk=pk)


def _with_version(data, version: int):
    data = data.copy()
    data["expected_version"] = str(version)
    return data


@login_required
@require_POST
def report_autosave(request: HttpRequest, pk: int) -> JsonResponse:
    """Save a draft from the page's timer; no event, so history is not flooded."""
    report = visible_report(request.user, pk)
    indicators = selectors.measure_indicators(report, reported=False)
    form = _form(report, indicators, request.POST)
    if not form.is_valid():
        errors = {name: list(errs) for name, errs in form.errors.items()}
        message = sentences(m for errs in errors.values() for m in errs)
        return JsonResponse(
            {"ok": False, "code": "invalid", "message": message}, status=refusal_status("invalid")
        )
    try:
        saved = services.report_save(
            report=report,
            by=request.user,
            data=form.to_input(),
            expected_version=form.cleaned_data["expected_version"],
            event=False,
            indicator_ids=[indicator.pk for indicator in indicators],
        )
    except ReportingError as error:
        return JsonResponse(
            {"ok": False, "code": error.code, "message": error.messages[0]},
            status=refusal_status(error.code),
        )
    except ValidationError as error:
        message = sentences(error.messages)
        return JsonResponse(
            {"ok": False, "code": "invalid", "message": message}, status=refusal_status("invalid")
        )
    saved_at = timezone.localtime(saved.updated_at).strftime("%H:%M:%S")
    return JsonResponse({"ok": True, "version": saved.version, "saved_at": saved_at})


# (service, name of the text field it takes, success message)
TRANSITIONS = {
    "sign_off": (services.report_sign_off, "comment", "已审核通过，报告已报送联席会议办公室。"),
    "send_back": (services.report_send_back, "reason", "已退回本单位填报人修改。"),
    "accept": (services.report_accept, "comment", "报告已采纳。"),
    "return": (services.report_return, "reason", "报告已退回单位修改。"),
    "reopen": (services.report_reopen, "reason", "报告已重新打开，等待单位修改。"),
}


@login_required
@require_POST
def report_transition(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    report = visible_report(request.user, pk)
    service, text_name, success = TRANSITIONS[action]
    try:
        service(report=report, by=request.user, **{text_name: request.POST.get("text", "")})
    except ReportingError as error:
        if refusal_status(error.code) == 403:
            return refused(request, error, report)
        messages.error(request, error.messages[0])
    else:
        messages.success(request, f"{report.measure.label} {report.agency}：{success}")
        if action == "accept" and request.POST.get("then") == "next":
            return _next_in_queue(pk)
    return redirect_next(request, "reports:detail", pk=pk)


def _next_in_queue(done: int) -> HttpResponse:
    """采纳并打开下一份: the next report of the review queue in its own order, or the queue."""
    queue = selectors.review_queue(selectors.ReviewFilters()).exclude(pk=done)
    following = queue.values_list("pk", flat=True).first()
    if following is None:
        return redirect("reports:review")
    return redirect("reports:detail", pk=following)


@login_required
def attachment_download(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    """Attachments are served only to people who may see the report (never a public URL)."""
    report = visible_report(request.user, pk)
    return attachment_response(get_object_or_404(report.attachments, pk=attachment_pk))


def attachment_response(attachment) -> FileResponse:
    """Stream a stored attachment (the report's or its conversation's) as a download."""
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as error:
        raise Http404("附件文件不存在。") from error
    # Always a download (never shown inline), with the type its extension was accepted as, and
    # X-Content-Type-Options: nosniff so no browser guesses HTML or script from the bytes.
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.name,
        content_type=services.attachment_content_type(attachment.name),
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def version_compare(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """Version ``number`` beside the one before it, changes marked character by character."""
    report = visible_report(request.user, pk)
    versions = {
        v.number: v
        for v in report.versions.select_related("submitted_by").filter(
            number__in=[number - 1, number]
        )
    }
    if number not in versions:
        raise Http404("没有这个版本。")
    new, old = versions[number], versions.get(number - 1)
    rows = selectors.version_diff(old, new)
    return render(
        request,
        "reports/version_diff.html",
        {
            "report": report,
            "new": new,
            "old": old,
            "rows": rows,
            "changed": sum(1 for row in rows if row.changed),
            "has_next": report.versions.filter(number=number + 1).exists(),
        },
    )
