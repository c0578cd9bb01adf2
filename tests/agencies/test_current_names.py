"""One name per agency: the current body's name everywhere, the old one as a hint.

The 2012 plan names 省工商局, which the 2018 reform merged into 省市场监管局: the dashboard's
单位 filter, its tables (lead column) and the 任务分解表 all say 省市场监管局, with
（原省工商局） where the document used the old name.
"""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from agencies.models import Agency
from agencies.names import current_names
from tasks.exports.breakdown import write_breakdown
from tasks.models import Assignment, Measure, Plan, Section
from tasks.selectors.dashboard import DashboardFilters, filter_choices, measures_rag
from tasks.services.reporting import period_open, period_quarter_get_or_create


@pytest.fixture
def old_named_plan(directory):
    old = Agency.objects.get(short_name="省工商局")
    plan = Plan.objects.create(
        title="旧名称计划", slug="old-names", level="province", status=Plan.Status.PUBLISHED
    )
    chapter = Section.objects.create(plan=plan, number=1, label="一、", title="保护")
    measure = Measure.objects.create(
        plan=plan,
        section=chapter,
        number=1,
        label="（一）",
        ref="（一）",
        order=1,
        text="加强商标保护。",
    )
    Assignment.objects.create(measure=measure, agency=old, role="lead", name_as_written="工商局")
    period_open(period=period_quarter_get_or_create(plan=plan, year=2024, quarter=1))
    return plan


def test_a_merged_body_goes_by_its_successors_name_with_the_old_one_as_a_hint(directory):
    old = Agency.objects.get(short_name="省工商局")
    name = current_names([old.pk])[old.pk]
    assert (str(name), name.current_id) == (
        "省市场监管局（原省工商局）",
        Agency.objects.get(short_name="省市场监管局").pk,
    )
    today = Agency.objects.get(short_name="省市场监管局")
    assert str(current_names([today.pk])[today.pk]) == "省市场监管局"


def test_filters_tables_and_the_breakdown_say_the_current_name(old_named_plan):
    current = Agency.objects.get(short_name="省市场监管局")
    period = old_named_plan.periods.get()
    filters = DashboardFilters(plan=old_named_plan, period=period)
    options = filter_choices(filters, [old_named_plan], [period])["agency_options"]
    assert options == [(current.pk, "省市场监管局")]
    (row,) = measures_rag(filters)
    assert row.lead == "省市场监管局（原省工商局）"
    out = io.BytesIO()
    write_breakdown(old_named_plan, out)
    cells = [
        c.value for r in load_workbook(io.BytesIO(out.getvalue())).active.iter_rows() for c in r
    ]
    assert "省市场监管局（原省工商局）" in cells and "省工商局" not in cells
