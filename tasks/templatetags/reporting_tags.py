"""Template helpers of the reporting pages: the top bar's links and how targets read."""

from decimal import Decimal

from django import template

from agencies.models import Membership
from indicators.models import Indicator

from ..forms_reports import number_text

register = template.Library()

STAFF = {Membership.Role.REPORTER, Membership.Role.APPROVER, Membership.Role.VIEWER}
_SYMBOLS = {"gte": "≥", "gt": ">", "eq": "=", "range": ""}


@register.inclusion_tag("reports/nav.html", takes_context=True)
def reports_nav(context) -> dict:
    """待填报 for agency staff, 待审核 for approvers, 审核 for the office; nothing else."""
    user = context["user"]
    roles = set(user.memberships.values_list("role", flat=True)) if user.is_authenticated else set()
    return {
        "agency_staff": bool(roles & STAFF),
        "approver": Membership.Role.APPROVER in roles,
        "office": bool(context.get("is_office")),
    }


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
