"""No back doors: what carries a rule goes through its service, in the admin and in commands.

The admin shows a period's and a plan's status but does not edit it (opening creates the
expected reports, publishing checks the responsible bodies); accepted indicator values are
read-only there. ``import_plan --publish`` and ``seed`` publish through ``plan_publish``, so
a plan with a name nobody has confirmed stays a draft and the command says why.
"""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from indicators.models import Observation
from tasks.importer.services import document_import
from tasks.models import Plan, ReportingPeriod

UNRESOLVED = (
    "测试行动计划\n一、推进创造\n（一）建设知识产权大数据中心。（省知识产权局、省未来产业局负责）\n"
)


@pytest.fixture
def clerk(admin_user, client):
    client.force_login(admin_user)
    return client


def test_the_admin_shows_but_does_not_set_a_periods_or_a_plans_status(clerk, reporting_plan):
    period = ReportingPeriod.objects.get(plan=reporting_plan)
    page = clerk.get(f"/admin/tasks/reportingperiod/{period.pk}/change/").content.decode()
    assert 'name="status"' not in page and "填报中" in page
    page = clerk.get(f"/admin/tasks/plan/{reporting_plan.pk}/change/").content.decode()
    assert 'name="status"' not in page


def test_accepted_values_are_read_only_in_the_admin(clerk, reporting_plan):
    indicator = reporting_plan.indicators.get()
    period = ReportingPeriod.objects.get(plan=reporting_plan)
    observation = Observation.objects.create(indicator=indicator, period=period, value=12)
    assert clerk.get("/admin/indicators/observation/add/").status_code == 403
    page = clerk.get(f"/admin/indicators/observation/{observation.pk}/change/").content.decode()
    assert 'name="value"' not in page
    clerk.post(f"/admin/indicators/observation/{observation.pk}/change/", {"value": "99"})
    clerk.post(f"/admin/indicators/observation/{observation.pk}/delete/", {"post": "yes"})
    observation.refresh_from_db()
    assert observation.value == 12


def test_publishing_on_import_goes_through_the_publish_service(directory):
    (summary,) = document_import(
        data=UNRESOLVED.encode(), filename="test.txt", level="province", publish=True
    )
    plan = Plan.objects.get(pk=summary.plan_id)
    assert plan.status == Plan.Status.DRAFT  # 省未来产业局 is not confirmed yet
    assert "省未来产业局" in summary.publish_refused
    assert "未发布（仍为草稿）" in summary.as_text()


def test_import_plan_publish_says_why_it_did_not_publish(directory, tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text(UNRESOLVED, encoding="utf-8")
    out = io.StringIO()
    call_command("import_plan", str(path), "--level", "province", "--publish", stdout=out)
    assert "未发布（仍为草稿）：还有待确认的责任单位：省未来产业局" in out.getvalue()
    assert Plan.objects.get().status == Plan.Status.DRAFT
