"""An agency token reads only its agency, whatever account issued it (issue 16).

The office's supervisors are members of the body that hosts the office (省知识产权局), so an
office account could hold an agency token for it; that token used to read every agency's
reports because visibility followed the account, not the token.
"""

from __future__ import annotations

import pytest

from agencies.models import Agency, Membership
from tasks.models import ProgressReport

from .conftest import agency, issue, report_of

pytestmark = pytest.mark.django_db


def test_an_agency_token_held_by_an_office_account_reads_only_that_agency(
    reporting_plan, office_supervisor, client_for
):
    host = agency("省知识产权局")
    science = report_of(reporting_plan, "（一）", "省科技厅")
    own = ProgressReport.objects.create(
        measure=science.measure, agency=host, period=science.period, role="co"
    )
    client = client_for(issue(office_supervisor, host, ("read",)))

    listed = client.get("/api/v1/reports/").json()["results"]
    assert [row["id"] for row in listed] == [own.pk]
    assert client.get(f"/api/v1/reports/{science.pk}/").status_code == 404
    # The same account's office token still reads everything.
    office = client_for(issue(office_supervisor, None, ("read",)))
    assert office.get("/api/v1/reports/").json()["count"] == ProgressReport.objects.count()


def test_an_agency_token_of_a_person_in_two_agencies_reads_only_the_tokens_agency(
    reporting_plan, reporter_a, client_for
):
    Membership.objects.create(
        user=reporter_a, agency=Agency.objects.get(short_name="省商务厅"), role="reporter"
    )
    client = client_for(issue(reporter_a, agency("省科技厅"), ("read",)))
    agencies = {row["agency"]["id"] for row in client.get("/api/v1/reports/").json()["results"]}
    assert agencies == {agency("省科技厅").pk}
