"""Demo reporting data for `make run`: the 2012 plan's fourth quarter, open for filing.

The 2012 plan covers 2012 only, so the demo opens its last quarter, 2012年第四季度, with the
due date the plan's rule gives it (10 days after the quarter: 2013年1月10日). Everything is
honest: the reports are overdue by as many days as have passed since, and a report filed
today is recorded as that late. (docs/reporting.md explains the choice.)
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from ipplan.formats import date_text

from .models import Plan, ReportingPeriod
from .services.reporting import period_open, period_quarter_get_or_create

DEMO_PLAN_SLUG = "2012-jiangsu-ip-strategy-action-plan"
DEMO_YEAR, DEMO_QUARTER = 2012, 4


def demo_period_open() -> str:
    """Open the demo period (idempotent) and say what it holds; DEBUG only, like the people."""
    if not settings.DEBUG:
        raise ImproperlyConfigured("演示填报周期只能在 DEBUG 模式下创建。")
    plan = Plan.objects.filter(slug=DEMO_PLAN_SLUG).first()
    if plan is None:
        return "未找到 2012 年行动计划，未开启演示填报周期。"
    period = period_quarter_get_or_create(plan=plan, year=DEMO_YEAR, quarter=DEMO_QUARTER)
    if period.status == ReportingPeriod.Status.CLOSED:
        return f"填报周期“{period}”已被关闭，保持不变。"
    created = period_open(period=period)
    return (
        f"填报周期“{period}”（《{plan.title}》，截止 {date_text(period.due_on)}）已开启："
        f"新增 {created} 份，共 {period.reports.count()} 份待填报告。"
    )
