"""Lets pages of other apps show what reminders were sent, without importing this app."""

from django import template

from notifications.selectors import deliveries_for_report

register = template.Library()


@register.inclusion_tag("notifications/includes/report_deliveries.html")
def report_deliveries(report):
    return {"deliveries": deliveries_for_report(report)}
