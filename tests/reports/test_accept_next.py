"""采纳并打开下一份: after accepting, the office lands on the next report of the review queue
in the queue's own order (earliest due, then earliest submitted), or on the queue when empty."""

import pytest

from tasks.models import ProgressReport

from .conftest import file_report, report_of

pytestmark = pytest.mark.django_db


def test_accept_then_next_opens_the_queues_next_report(
    reporting_plan, reporter_b, office_supervisor, login, frozen
):
    frozen(2024, 4, 8, 10, 0)
    first = file_report(report_of(reporting_plan, "（二）", "省商务厅"), reporter_b)
    frozen(2024, 4, 9, 10, 0)
    second = file_report(report_of(reporting_plan, "（一）", "省商务厅"), reporter_b)
    client = login(office_supervisor)

    response = client.post(f"/reports/{first.pk}/accept/", {"text": "", "then": "next"})
    assert response.status_code == 302 and response["Location"] == f"/reports/{second.pk}/"
    first.refresh_from_db()
    assert first.state == ProgressReport.State.ACCEPTED

    response = client.post(f"/reports/{second.pk}/accept/", {"text": "", "then": "next"})
    assert response["Location"] == "/reports/review/"  # nothing left to review


def test_a_plain_accept_stays_on_the_report(reporting_plan, reporter_b, office_supervisor, login):
    report = file_report(report_of(reporting_plan, "（二）", "省商务厅"), reporter_b)
    file_report(report_of(reporting_plan, "（一）", "省商务厅"), reporter_b)
    response = login(office_supervisor).post(f"/reports/{report.pk}/accept/", {"text": ""})
    assert response["Location"] == f"/reports/{report.pk}/"
