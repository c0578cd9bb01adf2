"""Lets pages of other apps show what reminders were sent, without importing this app."""

from django import template

from core import clock
from notifications.models import Urge
from notifications.selectors import deliveries_for_report

register = template.Library()


@register.inclusion_tag("notifications/includes/report_deliveries.html")
def report_deliveries(report):
    return {"deliveries": deliveries_for_report(report)}


@register.simple_tag
def agencies_urged_today(period) -> set[int]:
    """Ids of the agencies already urged today for this period (one query), so a page can
    say 今日已催办 instead of offering a button the service would refuse."""
    if period is None:
        return set()
    return set(
        Urge.objects.filter(period=period, on_date=clock.today()).values_list(
            "agency_id", flat=True
        )
    )
