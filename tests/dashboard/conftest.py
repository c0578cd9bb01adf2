"""A supervised plan whose first quarter holds every kind of report the office must see.

Built through the reporting services with ipplan's clock set, so lateness and states come
from the same rules the office lives with. 2024 Q1 is due 2024-04-10; "today" is 2024-04-20.

| measure (chapter) | agency (role)   | what happened                         |
| ---               | ---             | ---                                   |
| （一）(一、)       | 省科技厅 (lead) | on time 04-05, on track, accepted, value 130 |
| （一）(一、)       | 省商务厅 (co)   | late 04-15, on track, submitted       |
| （二）(一、)       | 省商务厅 (lead) | on time 04-08, 进度滞后 资金未到位, returned |
| （三）(二、)       | 省教育厅 (lead) | never submitted (overdue)             |
| （三）(二、)       | 省科技厅 (co)   | on time 04-09, 已完成                  |
| （四）(二、)       | 省科技厅 (lead) | late 04-18, 未启动 人员调整            |

2024 Q2 is open too (due 07-10): six reports, none delivered, not yet overdue.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

SHANGHAI = ZoneInfo("Asia/Shanghai")
TODAY = datetime.datetime(2024, 4, 20, 10, 0, tzinfo=SHANGHAI)


@dataclass
class Supervised:
    plan: object
    q1: object
    q2: object
    agencies: dict
    indicators: dict
    office: object


@pytest.fixture
def set_clock(monkeypatch):
    def freeze(moment: datetime.datetime) -> None:
        monkeypatch.setattr("core.clock.now", lambda: moment)

    return freeze


def _person(username, agency, role="reporter"):
    from agencies.services import person_create

    return person_create(
        username=username, password="pw", full_name=username, agency=agency, role=role
    )


@pytest.fixture
def supervised(directory, office_supervisor, set_clock) -> Supervised:
    from agencies.models import Agency
    from indicators.models import Indicator, Observation
    from tasks.models import Assignment, Measure, Plan, ProgressReport, Section
    from tasks.services.reporting import (
        ReportInput,
        period_open,
        period_quarter_get_or_create,
        report_accept,
        report_return,
        report_save,
        report_submit,
    )

    agencies = {
        short: Agency.objects.get(short_name=short)
        for short in ("省科技厅", "省商务厅", "省教育厅")
    }
    people = {short: _person(f"rep-{i}", a) for i, (short, a) in enumerate(agencies.items())}
    plan = Plan.objects.create(
        title="督查测试计划",
        slug="supervised-test",
        level="province",
        status=Plan.Status.PUBLISHED,
        period_start_year=2024,
        period_end_year=2025,
    )
    one = Section.objects.create(plan=plan, number=1, label="一、", title="知识产权创造", order=1)
    two = Section.objects.create(plan=plan, number=2, label="二、", title="知识产权保护", order=2)
    measures = {}
    layout = [
        ("（一）", one, [("省科技厅", "lead"), ("省商务厅", "co")]),
        ("（二）", one, [("省商务厅", "lead")]),
        ("（三）", two, [("省教育厅", "lead"), ("省科技厅", "co")]),
        ("（四）", two, [("省科技厅", "lead")]),
    ]
    for n, (label, section, roles) in enumerate(layout, start=1):
        measure = Measure.objects.create(
            plan=plan,
            section=section,
            number=n,
            label=label,
            ref=label,
            order=n,
            title=f"第{n}项任务",
            text=f"推进第{n}项知识产权工作。",
        )
        measures[label] = measure
        for order, (short, role) in enumerate(roles):
            Assignment.objects.create(
                measure=measure,
                agency=agencies[short],
                role=role,
                name_as_written=short,
                order=order,
            )
    applications = Indicator.objects.create(
        plan=plan,
        measure=measures["（一）"],
        name="专利申请量",
        unit="件",
        kind="absolute",
        base_year=2023,
        base_value=100,
        target_value=200,
        target_year=2025,
    )
    brands = Indicator.objects.create(
        plan=plan,
        measure=measures["（四）"],
        name="品牌培育数",
        unit="个",
        kind="absolute",
        base_year=2023,
        base_value=50,
        target_value=150,
        target_year=2024,
    )
    set_clock(datetime.datetime(2024, 4, 1, 9, tzinfo=SHANGHAI))
    q1 = period_quarter_get_or_create(plan=plan, year=2024, quarter=1)
    period_open(period=q1)

    def report(label, short):
        return ProgressReport.objects.get(
            period=q1, measure=measures[label], agency=agencies[short]
        )

    def file(label, short, day, status, problems="", values=None):
        set_clock(datetime.datetime(2024, 4, day, 9, tzinfo=SHANGHAI))
        r = report(label, short)
        r = report_save(
            report=r,
            by=people[short],
            expected_version=r.version,
            data=ReportInput(
                progress_status=status,
                progress_text=f"{label}{short}本季度工作情况。",
                problems=problems,
                next_steps="继续推进。",
                values=values or {},
            ),
        )
        return report_submit(report=r, by=people[short])

    accepted = file("（一）", "省科技厅", 5, "on_track", values={applications.pk: Decimal(130)})
    file("（二）", "省商务厅", 8, "lagging", problems="资金未到位")
    file("（三）", "省科技厅", 9, "completed")
    file("（一）", "省商务厅", 15, "on_track")
    file("（四）", "省科技厅", 18, "not_started", problems="人员调整")
    set_clock(TODAY)
    report_accept(report=accepted, by=office_supervisor)
    report_return(
        report=report("（二）", "省商务厅"), by=office_supervisor, reason="请补充资金安排。"
    )
    Observation.objects.create(indicator=brands, period=q1, value=55)
    q2 = period_quarter_get_or_create(plan=plan, year=2024, quarter=2)
    period_open(period=q2)
    return Supervised(
        plan, q1, q2, agencies, {"applications": applications, "brands": brands}, office_supervisor
    )
