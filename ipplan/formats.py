"""How ipplan writes dates and joined messages in Chinese: one function each, for templates
(filters registered as builtins, no {% load %} needed) and Python alike.

2026年1月10日 everywhere — never 2026-01-10, 01月 or "Q4".
"""

from __future__ import annotations

import datetime

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def date_text(value: datetime.date | datetime.datetime | None) -> str:
    """2026年1月10日 (a datetime is read in the site's time zone)."""
    if value in (None, ""):
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{value.year}年{value.month}月{value.day}日"


@register.filter
def datetime_text(value: datetime.datetime | None) -> str:
    """2026年1月10日 14:05, in the site's time zone."""
    if value in (None, ""):
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{date_text(local)} {local:%H:%M}"


@register.filter
def month_text(value: datetime.date | None) -> str:
    """2016年3月."""
    if value in (None, ""):
        return ""
    return f"{value.year}年{value.month}月"


def sentences(messages) -> str:
    """Join messages into one sentence list: 甲；乙。 — never 甲。；乙。"""
    parts = [str(m).strip().rstrip("。；;.") for m in messages]
    parts = [p for p in parts if p]
    return "；".join(parts) + "。" if parts else ""
