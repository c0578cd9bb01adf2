"""Small template helpers for the dashboards."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.filter
def get_item(mapping: dict, key):
    """``{{ counts|get_item:key }}``: a dict lookup with a variable key."""
    return mapping.get(key) if mapping else None


@register.filter
def percent(value) -> str:
    return f"{float(value or 0):.0%}"


@register.simple_tag
def matrix_cell(cell) -> str:
    """One agency × period cell (hundreds per page: one formatted string, not a sub-template)."""
    if not cell.expected:
        return format_html('<td class="cell none" data-period="{}">·</td>', cell.period.pk)
    return format_html(
        '<td class="cell {}" data-period="{}"><a href="{}" title="应报 {}，按时 {}，逾期 {}，'
        '未报 {}">{}/{}</a></td>',
        cell.css,
        cell.period.pk,
        cell.url,
        cell.expected,
        cell.on_time,
        cell.late,
        cell.missing,
        cell.on_time,
        cell.expected,
    )
