"""Small template helpers for the dashboards.

The repeated rows of the overview and the matrix (hundreds of cells a page) and the filter
form's options are formatted here, one string per row, rather than by template loops that
resolve every variable of every cell. Integers are formatted with ``:d`` (which also
refuses anything else) and every text goes through ``escape``.
"""

import html

from django import template
from django.template.defaultfilters import floatformat
from django.template.defaulttags import CsrfTokenNode
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from ..selectors.dashboard import shorten

register = template.Library()


def escape(value) -> str:
    """django.utils.html.escape without its lazy-string wrapper (a thousand calls a page)."""
    return html.escape(str(value))


@register.filter
def get_item(mapping: dict, key):
    """``{{ counts|get_item:key }}``: a dict lookup with a variable key."""
    return mapping.get(key) if mapping else None


@register.filter
def percent(value) -> str:
    return f"{float(value or 0):.0%}"


@register.simple_tag
def options(choices, selected) -> SafeString:
    """A filter's ``<option>``s from (value, text) pairs, the selected value marked (an id
    needs no escaping: a hundred and more a page)."""
    return mark_safe(
        "".join(
            f'<option value="{value if type(value) is int else escape(value)}" '
            f"{'selected' if value == selected else ''}>{escape(text)}</option>"
            for value, text in choices
        )
    )


def _matrix_cell(cell) -> str:
    """One agency × period cell: on time / expected, linking to those reports."""
    if not cell.expected:
        return f'<td class="cell none" data-period="{cell.period.pk:d}">·</td>'
    return (
        f'<td class="cell {cell.css}" data-period="{cell.period.pk:d}">'
        f'<a href="{escape(cell.url)}" title="应报 {cell.expected:d}，按时 {cell.on_time:d}，'
        f'逾期 {cell.late:d}，未报 {cell.missing:d}">{cell.on_time:d}/{cell.expected:d}</a></td>'
    )


@register.simple_tag
def matrix_rows(rows, overview_url: str, query: str) -> SafeString:
    """The matrix's body, a row per agency (eighty at province scale), laid out as the
    template's loop did."""
    overview_url, query = escape(overview_url), escape(query)
    return mark_safe("".join(f"\n    {matrix_row(row, overview_url, query)}\n  " for row in rows))


def matrix_row(row, overview_url: str, query: str) -> str:
    """One agency's row of the matrix: its name (to the overview filtered on it), a cell
    per period, then on-time rate, late and missing. ``overview_url`` and ``query`` come
    escaped."""
    cells = "".join(_matrix_cell(cell) for cell in row.cells)
    return (
        f'<tr data-agency="{row.agency_id:d}"><th scope="row"><a href="{overview_url}?'
        f'{query}&amp;agency={row.agency_id:d}">{escape(row.name)}</a></th>\n    '
        f"{cells}\n    "
        f'<td class="num" data-col="rate">{percent(row.on_time_rate)}</td>'
        f'<td class="num" data-col="late">{row.late:d}</td>'
        f'<td class="num" data-col="missing">{row.missing:d}</td></tr>'
    )


@register.simple_tag
def rag_rows(items) -> SafeString:
    """The overview's red/amber/green table body: a row per measure (a hundred a plan), as
    the template's loop laid them out."""
    return mark_safe("".join(f"\n      {rag_row(item)}\n    " for item in items))


def rag_row(item) -> str:
    """One measure of the overview's red/amber/green table."""
    measure = item.measure
    text = shorten(measure.title or measure.text, 38)
    return (
        f'<tr data-measure="{measure.pk:d}" data-rag="{escape(item.colour)}">\n'
        f'        <td data-label="措施"><a href="{escape(item.url)}"><strong>'
        f"{escape(measure.label)}</strong></a> "
        f'<span class="rp-text">{escape(text)}</span></td>\n'
        f'        <td data-label="牵头单位">{escape(item.lead or "—")}</td>\n'
        f'        <td data-label="牵头单位报告">{escape(item.status or "—")}</td>\n'
        f'        <td data-label="评级"><span class="rag rag-{escape(item.colour)}">'
        f"{escape(item.colour_label)}</span></td>\n"
        f'        <td data-label="依据" class="rp-small">{escape("；".join(item.rules))}</td>\n'
        "      </tr>"
    )


@register.simple_tag(takes_context=True)
def lagging_rows(context, agencies, urged: set[int]) -> SafeString:
    """The overview's agencies to urge: their counts, then 今日已催办 or the 催办 button (when
    the period's reports are overdue); ``urged``: ``agencies_urged_today``."""
    period = context["f"].period
    query = escape(context["query"])
    # one token, one reverse() and one path for every row's form, as the template's loop had
    csrf = CsrfTokenNode().render(context)
    action = escape(reverse("notifications:urge"))
    here = escape(context["request"].get_full_path())
    rows = []
    for a in agencies:
        if a.agency_id in urged:
            action_cell = '<span class="meta rp-small">今日已催办</span>'
        elif period and a.overdue_missing:
            action_cell = (
                f'<form method="post" action="{action}" class="db-urge">{csrf}\n'
                f'          <input type="hidden" name="period" value="{period.pk:d}">'
                f'<input type="hidden" name="agency" value="{a.agency_id:d}">\n'
                f'          <input type="hidden" name="next" value="{here}">\n'
                '          <button type="submit" class="secondary" '
                'title="通知该单位的填报人和审核人">催办</button></form>'
            )
        else:
            action_cell = ""
        rows.append(
            f'\n      <tr data-agency="{a.agency_id:d}"><td><a href="?{query}&amp;agency='
            f'{a.agency_id:d}">{escape(a.name)}</a></td><td class="num">{a.overdue_missing:d}</td>'
            f'<td class="num">{a.late:d}</td><td class="num">{a.lagging:d}</td>\n'
            f"        <td>{action_cell}</td></tr>\n    "
        )
    return mark_safe("".join(rows))


@register.simple_tag
def chapter_row(chapter_status, status_order, query: str) -> SafeString:
    """One chapter of the overview's table: measures per lead-report status, then the total."""
    chapter, counts = chapter_status.chapter, chapter_status.counts
    zero = '<span class="zero">0</span>'
    cells = "".join(
        f'<td class="num st-{escape(key)}">{f"{counts[key]:d}" if counts.get(key) else zero}</td>'
        for key, _ in status_order
    )
    return mark_safe(
        f'<tr data-chapter="{chapter.pk:d}"><td><a href="?{escape(query)}&amp;section='
        f'{chapter.pk:d}">{escape(shorten(str(chapter), 22))}</a></td>\n      {cells}\n      '
        f'<td class="num"><strong>{chapter_status.total:d}</strong></td></tr>'
    )


@register.simple_tag
def uncovered_items(agencies, query: str) -> SafeString:
    """The overview's 无填报人 list: (id, name, reports expected) per agency."""
    query = escape(query)
    return mark_safe(
        "".join(
            f'\n    <li data-agency="{agency_id:d}"><span class="badge failed">无填报人</span> '
            f'<a href="?{query}&amp;agency={agency_id:d}">{escape(name)}</a>'
            f"（应报 {expected:d} 份）</li>\n  "
            for agency_id, name, expected in agencies
        )
    )


@register.simple_tag
def offtrack_items(rated) -> SafeString:
    """The overview's indicators behind their pace: rating, actual and expected value."""
    return mark_safe(
        "".join(
            f'\n    <li><span class="rating rating-{escape(r.rating.rating)}">'
            f"{escape(r.rating.label)}</span> {escape(r.indicator.name)}："
            f"实际 {floatformat(r.rating.actual, '-2')}{escape(r.indicator.unit)}，"
            f"序时应达 {floatformat(r.rating.expected, '-2')}{escape(r.indicator.unit)}"
            f"{f' · 措施{escape(r.indicator.measure.label)}' if r.indicator.measure else ''}"
            "</li>\n  "
            for r in rated
        )
    )
