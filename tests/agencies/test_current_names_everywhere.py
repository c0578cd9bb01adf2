"""A renamed agency goes by its new name everywhere, with the old one as a hint.

省商务厅 becomes 省商务和开放厅 (a successor, as the 2018 reform did to 省工商局): the reports
and assignments it holds keep their agency id, and the API, the dashboards, the 催办 page and
the progress export name them by the current body (agencies.names), "原省商务厅" the hint;
the API's agency filter finds them under the new body.
"""

from __future__ import annotations

import datetime
import io

import pytest
from openpyxl import load_workbook
from rest_framework.test import APIClient

from agencies.models import Agency
from tasks.exports.notice import notice_paragraphs
from tasks.exports.progress import write_progress_summary
from tasks.selectors.dashboard import (
    DashboardFilters,
    agency_period_matrix,
    evaluation_rows,
    supervision_report,
)
from tasks.selectors.dashboard.overview import lagging_agencies
from tasks.services.periods import period_preview

from ..api.conftest import agency, issue, report_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def renamed(reporting_plan):
    old = agency("省商务厅")
    new = Agency.objects.create(
        name="江苏省商务和开放厅", short_name="省商务和开放厅", level="province", kind="department"
    )
    old.successor = new
    old.is_active = False
    old.save()
    return old, new


def test_reports_and_measures_name_the_current_body_with_the_old_name_as_hint(
    reporting_plan, renamed, office_supervisor
):
    old, new = renamed
    current = {"id": old.pk, "name": "江苏省商务和开放厅", "short_name": "省商务和开放厅"}
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {issue(office_supervisor)}")

    listed = client.get(f"/api/v1/reports/?agency={new.pk}&ordering=id").json()["results"]
    assert len(listed) == 2  # B's co report on （一） and its lead report on （二）
    for row in listed:
        assert row["agency"] == {**current, "hint": "原省商务厅"}
    one = report_of(reporting_plan, "（二）", "省商务厅")
    assert client.get(f"/api/v1/reports/{one.pk}/").json()["agency"]["hint"] == "原省商务厅"
    assert client.get(f"/api/v1/reports/{one.pk}/").json()["agency"]["short_name"] == (
        "省商务和开放厅"
    )

    measures = client.get(f"/api/v1/measures/?plan={reporting_plan.pk}").json()["results"]
    named = {
        (m["label"], part, row["agency"]["short_name"], row["agency"]["hint"])
        for m in measures
        for part in ("assignments", "status_reports")
        for row in m[part]
    }
    assert ("（二）", "assignments", "省商务和开放厅", "原省商务厅") in named
    assert ("（二）", "status_reports", "省商务和开放厅", "原省商务厅") in named
    assert ("（一）", "assignments", "省科技厅", "") in named  # unchanged bodies: no hint
    assert not {n for n in named if n[2] == "省商务厅"}


def test_dashboards_the_urge_page_and_the_export_name_the_current_body(
    client, reporting_plan, renamed, office_supervisor, monkeypatch
):
    # After the 2024 Q1 due date (10 April) 省商务厅's reports are overdue: it is urged and
    # ranks among the lagging agencies.
    moment = datetime.datetime(2024, 4, 15, 10, tzinfo=datetime.UTC)
    monkeypatch.setattr("core.clock.now", lambda: moment)
    shown = "省商务和开放厅（原省商务厅）"
    period = reporting_plan.periods.get()
    filters = DashboardFilters(plan=reporting_plan, period=period)

    assert shown in {row.name for row in agency_period_matrix(filters, [period])}
    assert shown in {row.name for row in evaluation_rows(reporting_plan, 2024)}
    assert shown in {row.name for row in lagging_agencies(filters)}
    assert shown in {a.name for a in supervision_report(period)["agencies"]}
    assert any(line.startswith(f"{shown}：") for line in notice_paragraphs(period)["agencies"])
    # Opening a period already expects the report from the current body itself.
    assert "省商务和开放厅" in {str(row.agency) for row in period_preview(period).by_agency}

    client.force_login(office_supervisor)
    urge = client.get("/notifications/urge/").content.decode()
    assert shown in urge
    overview = client.get(f"/dashboard/?plan={reporting_plan.pk}&period={period.pk}")
    assert shown in overview.content.decode()

    out = io.BytesIO()
    write_progress_summary(period, out)
    cells = {
        cell.value
        for sheet in load_workbook(io.BytesIO(out.getvalue())).worksheets[1:]
        for row in sheet.iter_rows()
        for cell in row
    }
    assert shown in cells and "省商务厅" not in cells
