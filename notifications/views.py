"""The inbox, the channel choice and the office's 催办 page: parse, call, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from agencies.access import office_required
from agencies.models import Agency
from core import clock
from ipplan.redirects import local_url, redirect_next
from tasks.models import ReportingPeriod

from . import selectors, services
from .channels import Channel


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.inbox(request.user), 30).get_page(request.GET.get("page"))
    return render(request, "notifications/inbox.html", {"page": page})


@login_required
@require_POST
def mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    services.notification_mark_read(user=request.user, notification_id=pk)
    return redirect_next(request, "notifications:inbox")


@login_required
def open_link(request: HttpRequest, pk: int, index: int) -> HttpResponse:
    """Follow the ``index``-th link of one's own notice, marking it read on the way: a
    reporter who opens the returned report from 通知 need not come back to tick it off."""
    note = get_object_or_404(selectors.inbox(request.user), pk=pk)
    if not 0 <= index < len(note.links):
        raise Http404("通知中没有这个链接。")
    services.notification_mark_read(user=request.user, notification_id=note.pk)
    return redirect(local_url(request, note.links[index][1]) or "notifications:inbox")


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    count = services.notification_mark_read(user=request.user)
    messages.success(request, f"已将 {count} 条通知标为已读。")
    return redirect("notifications:inbox")


@login_required
def channels(request: HttpRequest) -> HttpResponse:
    choices = [ch for ch in Channel.registry.values() if ch.audience == "person"]
    if request.method == "POST":
        try:
            services.channels_choose(user=request.user, codes=request.POST.getlist("channel"))
        except services.NotificationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, "接收渠道已保存。")
            return redirect("notifications:channels")
    preference = getattr(request.user, "channel_preference", None)
    chosen = preference.channels if preference else ["inapp", "email"]
    rows = [(ch, ch.code in chosen, ch.reaches(request.user)) for ch in choices]
    return render(request, "notifications/channels.html", {"rows": rows})


@office_required
def urge(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        period = get_object_or_404(ReportingPeriod, pk=request.POST.get("period"))
        note = request.POST.get("note", "").strip()
        try:
            if request.POST.get("agency"):
                agency = get_object_or_404(Agency, pk=request.POST["agency"])
                _, people = services.agency_urge(
                    period=period, agency=agency, by=request.user, note=note
                )
                messages.success(request, f"已向{agency}催办（{period}），通知 {people} 个接收方。")
            else:
                urges, refused = services.period_urge_laggards(
                    period=period, by=request.user, note=note
                )
                messages.success(request, f"已催办 {len(urges)} 个单位（{period}）。")
                for reason in refused:
                    messages.warning(request, reason)
        except services.NotificationError as error:
            messages.error(request, error.messages[0])
        return redirect_next(request, "notifications:urge")
    return render(
        request,
        "notifications/urge.html",
        {"periods": selectors.laggards(clock.today()), "today": clock.today()},
    )
