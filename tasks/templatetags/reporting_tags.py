"""Template helpers of the reporting pages: the top bar's links and how targets read."""

from decimal import Decimal

from django import template
from django.utils.safestring import SafeString, mark_safe

from agencies.access import roles
from agencies.models import Membership
from indicators.models import Indicator
from indicators.numbers import number_text
from ipplan.formats import datetime_text
from ipplan.workcalendar import DAYS_LATE_RULE, WorkingCalendar

from ..selectors.dashboard import shorten
from ..workflow import EDITABLE_STATES
from .dashboard_tags import escape  # a plain str: cheaper than Django's, a thousand cells

register = template.Library()

STAFF = {Membership.Role.REPORTER, Membership.Role.APPROVER, Membership.Role.VIEWER}
_SYMBOLS = {"gte": "≥", "gt": ">", "eq": "=", "range": ""}


@register.inclusion_tag("reports/nav.html", takes_context=True)
def reports_nav(context) -> dict:
    """待填报 for agency staff, 待审核 for approvers, 审核 for the office; nothing else."""
    held = roles(context["user"])  # read once per request with is_office (agencies.access)
    return {
        "agency_staff": bool(held & STAFF),
        "approver": Membership.Role.APPROVER in held,
        "office": bool(context.get("is_office")),
    }


@register.simple_tag
def days_late_rule() -> str:
    """How due dates move and how days late are counted, in the office's words."""
    return DAYS_LATE_RULE


@register.filter
def due_date(due_on):
    """A period's ``due_on`` as it really falls: moved off a weekend or holiday."""
    return WorkingCalendar.load().due_date(due_on) if due_on else due_on


@register.filter
def quantity(value: Decimal | None) -> str:
    return number_text(value)


@register.filter
def target_text(indicator: Indicator) -> str:
    """比2011年 ≥ 25%（2012年） — the target as one short phrase."""
    if indicator.target_value is None:
        return indicator.phrase or "—"
    base = f"比{indicator.base_year}年" if indicator.base_year else ""
    growth = "增长 " if indicator.kind in ("growth", "annual_growth") else ""
    value = number_text(indicator.target_value)
    if indicator.target_max is not None:
        value = f"{value}–{number_text(indicator.target_max)}"
    symbol = _SYMBOLS.get(indicator.comparison, "")
    year = f"（{indicator.target_year}年）" if indicator.target_year else ""
    return f"{base}{growth}{symbol} {value}{indicator.unit}{year}".strip()


_RETURN_LABELS = {"sent_back": "审核人退回", "reopened": "联席办重新打开"}


@register.simple_tag
def inbox_row(report) -> SafeString:
    """One row of 本季度待填报, written in one go: a busy agency has ~150 rows a quarter and
    the template engine's per-variable work was most of the page's time. ``report`` is
    decorated by the view (url, role_label, state_label, deadline, deadline_class,
    show_return)."""
    period = report.period
    returned = ""
    if report.show_return:
        who = _RETURN_LABELS.get(report.return_action, "联席办退回")
        returned = (
            f'\n        <p class="rp-returned"><strong>{who}：</strong>'
            f"{escape(report.return_comment)}</p>"
        )
    state = escape(report.state)
    pinned = " pinned" if getattr(report, "pinned", False) else ""
    return mark_safe(
        f'<tr class="state-{state}{pinned}">\n'
        f'      <td data-label="措施">\n'
        f'        <a href="{escape(report.url)}">'
        f"<strong>{escape(report.measure.label)}</strong></a>\n"
        f'        <span class="rp-text">{escape(shorten(report.measure.text, 60))}</span>\n'
        f'        <span class="meta rp-small">《{escape(period.plan.title)}》· '
        f"{escape(period.label)} · {escape(report.agency)}</span>{returned}\n"
        f"      </td>\n"
        f'      <td data-label="角色"><span class="role {escape(report.role)}">'
        f"{escape(report.role_label)}</span></td>\n"
        f'      <td data-label="状态"><span class="badge state-{state}">'
        f"{escape(report.state_label)}</span></td>\n"
        f'      <td data-label="截止日期" class="rp-nowrap">'
        f"{report.due_date.year}年{report.due_date.month}月{report.due_date.day}日</td>\n"
        f'      <td data-label="时限"><span class="rp-deadline {escape(report.deadline_class)}">'
        f"{escape(report.deadline)}</span></td>\n"
        f'      <td data-label=""><a class="button" href="{escape(report.url)}">'
        f"{'填报' if report.state in EDITABLE_STATES else '查看'}</a></td>\n"
        f"    </tr>"
    )


@register.simple_tag
def review_row(report) -> SafeString:
    """One row of the office's review queue (50 a page), written in one go as ``inbox_row``.
    ``report`` is labelled by the view (url, state_label, value_warnings)."""
    period, measure = report.period, report.measure
    label, agency = escape(measure.label), escape(report.agency)
    warning = ""
    if report.value_warnings:
        warning = (
            ' <span class="badge failed" data-value-warning '
            f'title="{escape("；".join(report.value_warnings))}">数值存疑</span>'
        )
    late = (
        f'<span class="rp-deadline late">{report.late_days:d} 天</span>'
        if report.late_days
        else "—"
    )
    state = escape(report.state)
    return mark_safe(
        f"<tr>\n"
        f'      <td data-label="选择"><input type="checkbox" name="report" '
        f'value="{report.pk:d}" aria-label="选择 {label} {agency}"></td>\n'
        f'      <td data-label="措施"><a href="{escape(report.url)}"><strong>{label}</strong></a> '
        f'<span class="rp-text">{escape(shorten(measure.text, 40))}</span>{warning}</td>\n'
        f'      <td data-label="单位" class="rp-nowrap">{agency}</td>\n'
        f'      <td data-label="周期">{escape(period.label)}<br><span class="meta rp-small">'
        f"{escape(shorten(period.plan.title, 24))}</span></td>\n"
        f'      <td data-label="状态"><span class="badge state-{state}">'
        f"{escape(report.state_label)}</span></td>\n"
        f'      <td data-label="报送时间" class="rp-nowrap">'
        f"{escape(datetime_text(report.submitted_at) or '—')}</td>\n"
        f'      <td data-label="逾期" class="num">{late}</td>\n'
        f"    </tr>"
    )


@register.simple_tag(takes_context=True)
def signoff_row(context, report) -> SafeString:
    """One row of an approver's 待审核 (本单位) with its two forms, written in one go: at
    quarter end an approver has dozens. ``report`` is decorated by the view (url,
    progress_label, deadline, deadline_class, sign_off_url, send_back_url)."""
    csrf = (
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(context["csrf_token"])}">'
    )
    back = escape(context["request"].get_full_path())
    label, period = escape(report.measure.label), report.period
    done = f" · {report.completion_percent}%" if report.completion_percent is not None else ""
    return mark_safe(
        f"<tr>\n"
        f'      <td data-label="措施"><a href="{escape(report.url)}"><strong>{label}</strong></a>\n'
        f'        <span class="rp-text">{escape(shorten(report.measure.text, 50))}</span>\n'
        f'        <span class="meta rp-small">{escape(period.label)} · {escape(report.agency)}'
        f"</span></td>\n"
        f'      <td data-label="提交情况">{escape(report.progress_label or "—")}{done}</td>\n'
        f'      <td data-label="时限"><span class="rp-deadline {escape(report.deadline_class)}">'
        f"{escape(report.deadline)}</span></td>\n"
        f'      <td data-label="审核" class="rp-actions">\n'
        f'        <form method="post" action="{escape(report.sign_off_url)}">{csrf}\n'
        f'          <input type="hidden" name="next" value="{back}">\n'
        f'          <button type="submit" data-confirm="确认{label}的报告无误，报送联席会议办公室？'
        f'报送后本单位不能再修改。">审核通过并报送</button>\n'
        f"        </form>\n"
        f'        <details class="rp-reason">\n'
        f"          <summary>退回修改…</summary>\n"
        f'          <form method="post" action="{escape(report.send_back_url)}">{csrf}\n'
        f'            <input type="hidden" name="next" value="{back}">\n'
        f'            <label>退回理由（必填）<textarea name="text" rows="2"></textarea></label>\n'
        f'            <button type="submit" class="secondary">退回</button>\n'
        f"          </form>\n"
        f"        </details>\n"
        f"      </td>\n"
        f"    </tr>"
    )


# The report form's fields, written as Django's widget templates write them (input.html,
# textarea.html, select.html with select_option.html, attrs.html) and as reports/field.html
# wrapped them: those templates cost a template render per widget, attribute and option,
# about a sixth of the report page. Attributes (ids, names, aria-*, inputmode) come from
# Django's own BoundField and widget code; only the writing of the tags is done here.
_INPUT_TEMPLATES = {"text.html", "hidden.html", "number.html", "email.html", "file.html"}


def _attrs(attrs: dict) -> str:
    return "".join(
        f" {name}" if value is True else f' {name}="{escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def widget_html(field) -> str:
    """What ``{{ field }}`` writes for a text input, hidden input, file input (no file
    yet), textarea or select; anything else is left to Django's templates."""
    widget = field.field.widget
    attrs = field.build_widget_attrs({}, widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    context = widget.get_context(field.html_name, field.value(), attrs)["widget"]
    kind = widget.template_name.rsplit("/", 1)[-1]
    name, value, attrs = escape(context["name"]), context["value"], _attrs(context["attrs"])
    if kind == "textarea.html":
        return f'<textarea name="{name}"{attrs}>\n{escape(value) if value else ""}</textarea>'
    if kind == "select.html" and not any(group for group, _c, _i in context["optgroups"]):
        options = "".join(
            f'\n  <option value="{escape(option["value"])}"{_attrs(option["attrs"])}>'
            f"{escape(option['label'])}</option>\n"
            for _group, choices, _index in context["optgroups"]
            for option in choices
        )
        return f'<select name="{name}"{attrs}>{options}\n</select>'
    initial = context.get("is_initial", False)
    if kind in _INPUT_TEMPLATES or (kind == "clearable_file_input.html" and not initial):
        shown = "" if value is None else f' value="{escape(value)}"'
        return f'<input type="{escape(context["type"])}" name="{name}"{shown}{attrs}>'
    return str(field)


@register.simple_tag
def report_field(field) -> SafeString:
    """A field of the report form: label, widget, help text and its errors (a hidden field:
    the input alone)."""
    if field.is_hidden:
        return mark_safe(widget_html(field))
    errors = field.errors
    help_text = f'<small class="meta">{escape(field.help_text)}</small>' if field.help_text else ""
    messages = "".join(f'<p class="error">{escape(message)}</p>' for message in errors)
    return mark_safe(
        f'<div class="rp-field{" has-error" if errors else ""}" id="f-{escape(field.name)}">\n'
        f'  <label for="{escape(field.id_for_label)}">{escape(field.label)}</label>\n'
        f"  {widget_html(field)}\n"
        f"  {help_text}\n"
        f"  {messages}\n"
        f"</div>\n"
    )
