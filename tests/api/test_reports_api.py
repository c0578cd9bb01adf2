"""Filing, submitting and reviewing reports through the API, with the web's rules."""

from __future__ import annotations

import pytest

from tasks.models import ProgressReport, ReportEvent, ReportVersion

from .conftest import report_of

pytestmark = pytest.mark.django_db

DRAFT = {
    "progress_status": "on_track",
    "progress_text": "已完成平台选址。",
    "completion_percent": 30,
}


def url(report, action: str = "") -> str:
    return f"/api/v1/reports/{report.pk}/" + (f"{action}/" if action else "")


def test_reporter_token_saves_a_draft_and_the_save_is_in_the_history(
    reporting_plan, reporter_b, reporter_b_token, client_for
):
    report = report_of(reporting_plan, "（二）", "省商务厅")
    response = client_for(reporter_b_token).patch(
        url(report), {**DRAFT, "version": 0}, format="json"
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["status"], body["progress_text"], body["version"]) == (
        "draft",
        "已完成平台选址。",
        1,
    )
    assert response["ETag"] == '"v1"'
    event = ReportEvent.objects.get(report=report, action="saved")
    assert event.actor == reporter_b


def test_patch_changes_only_the_fields_sent(reporting_plan, reporter_b_token, client_for):
    report = report_of(reporting_plan, "（二）", "省商务厅")
    client = client_for(reporter_b_token)
    client.patch(url(report), {**DRAFT, "problems": "经费未到位。", "version": 0}, format="json")
    response = client.patch(url(report), {"next_steps": "四月开工。", "version": 1}, format="json")
    report.refresh_from_db()
    assert (report.problems, report.next_steps, report.progress_text) == (
        "经费未到位。",
        "四月开工。",
        "已完成平台选址。",
    )
    assert response.json()["version"] == 2


def test_stale_version_field_gets_409_and_stale_if_match_gets_412(
    reporting_plan, reporter_b_token, client_for
):
    report = report_of(reporting_plan, "（二）", "省商务厅")
    client = client_for(reporter_b_token)
    assert client.patch(url(report), {**DRAFT, "version": 0}, format="json").status_code == 200
    # Someone else's client still holds version 0.
    stale = client.patch(url(report), {"problems": "覆盖？", "version": 0}, format="json")
    assert stale.status_code == 409
    assert stale.json()["code"] == "stale"
    assert "已被他人修改" in stale.json()["message"]
    stale_header = client.patch(
        url(report), {"problems": "覆盖？"}, format="json", HTTP_IF_MATCH='"v0"'
    )
    assert stale_header.status_code == 412
    assert stale_header.json()["code"] == "stale"
    report.refresh_from_db()
    assert report.problems == ""  # neither stale write was saved
    fresh = client.patch(url(report), {"problems": "无。"}, format="json", HTTP_IF_MATCH='"v1"')
    assert fresh.status_code == 200


def test_a_write_without_any_version_is_refused_with_428(
    reporting_plan, reporter_b_token, client_for
):
    report = report_of(reporting_plan, "（二）", "省商务厅")
    response = client_for(reporter_b_token).patch(url(report), DRAFT, format="json")
    assert response.status_code == 428
    assert response.json()["code"] == "precondition_required"


def test_service_validation_answers_422_with_field_detail(
    reporting_plan, reporter_b_token, client_for
):
    report = report_of(reporting_plan, "（二）", "省商务厅")
    response = client_for(reporter_b_token).patch(
        url(report), {"completion_percent": 140, "version": 0}, format="json"
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid"
    assert body["detail"]["completion_percent"] == ["完成比例应在 0 到 100 之间。"]


def test_retried_submit_with_the_same_idempotency_key_files_once_and_answers_the_same(
    reporting_plan, reporter_b_token, client_for
):
    report = report_of(reporting_plan, "（二）", "省商务厅")
    client = client_for(reporter_b_token)
    client.patch(url(report), {**DRAFT, "version": 0}, format="json")
    first = client.post(url(report, "submit"), {}, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    again = client.post(url(report, "submit"), {}, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == again.status_code == 200
    assert first.json() == again.json()
    assert first.json()["status"] == "submitted"
    assert again["Idempotent-Replayed"] == "true"
    assert ReportVersion.objects.filter(report=report).count() == 1
    assert ReportEvent.objects.filter(report=report, action="submitted").count() == 1
    # Without the key, a second submit is refused by the workflow, not filed again.
    plain = client.post(url(report, "submit"), {}, format="json")
    assert (plain.status_code, plain.json()["code"]) == (409, "invalid_state")
    # The same key for a different request is a client bug: say so.
    other = report_of(reporting_plan, "（一）", "省商务厅")
    reused = client.post(url(other, "submit"), {}, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert (reused.status_code, reused.json()["code"]) == (422, "idempotency_key_reused")


def test_an_incomplete_report_cannot_be_submitted(reporting_plan, reporter_b_token, client_for):
    report = report_of(reporting_plan, "（二）", "省商务厅")
    response = client_for(reporter_b_token).post(url(report, "submit"), {}, format="json")
    assert response.status_code == 422
    assert response.json()["code"] == "incomplete"
    assert "请填写进展情况" in response.json()["message"]


def test_office_token_returns_with_a_reason_and_accepts_after_resubmission(
    reporting_plan, office_supervisor, reporter_b_token, office_token, client_for
):
    report = report_of(reporting_plan, "（二）", "省商务厅")
    agency_client, office = client_for(reporter_b_token), client_for(office_token)
    agency_client.patch(url(report), {**DRAFT, "version": 0}, format="json")
    agency_client.post(url(report, "submit"), {}, format="json")

    no_reason = office.post(url(report, "return"), {"reason": " "}, format="json")
    assert (no_reason.status_code, no_reason.json()["code"]) == (422, "reason_required")
    returned = office.post(url(report, "return"), {"reason": "请补充数据。"}, format="json")
    assert returned.status_code == 200
    assert returned.json()["status"] == "returned"
    event = ReportEvent.objects.get(report=report, action="returned")
    assert (event.actor, event.comment) == (office_supervisor, "请补充数据。")

    version = returned.json()["version"]
    agency_client.patch(url(report), {"problems": "已补充。", "version": version}, format="json")
    agency_client.post(url(report, "submit"), {}, format="json")
    accepted = office.post(url(report, "accept"), {"comment": "同意。"}, format="json")
    assert accepted.json()["status"] == "accepted"
    versions = client_for(reporter_b_token).get(url(report, "versions")).json()
    assert [v["number"] for v in versions] == [1, 2]
    assert versions[1]["problems"] == "已补充。"
    events = office.get(url(report, "events")).json()
    assert [e["action"] for e in events] == [
        "saved",
        "submitted",
        "returned",
        "saved",
        "submitted",
        "accepted",
    ]


def test_scopes_and_agencies_limit_what_a_token_may_write(
    reporting_plan, reporter_a_token, reporter_b_token, read_token, client_for
):
    b_lead = report_of(reporting_plan, "（二）", "省商务厅")
    b_co = report_of(reporting_plan, "（一）", "省商务厅")
    # A read token cannot write at all.
    response = client_for(read_token).patch(url(b_lead), {**DRAFT, "version": 0}, format="json")
    assert (response.status_code, response.json()["code"]) == (403, "insufficient_scope")
    # Agency A cannot see B's own measure's report …
    response = client_for(reporter_a_token).patch(
        url(b_lead), {**DRAFT, "version": 0}, format="json"
    )
    assert (response.status_code, response.json()["code"]) == (404, "not_found")
    # … and may read, but not write, B's contribution to a measure A leads, once filed.
    b_client = client_for(reporter_b_token)
    b_client.patch(url(b_co), {**DRAFT, "version": 0}, format="json")
    b_client.post(url(b_co, "submit"), {}, format="json")
    a_client = client_for(reporter_a_token)
    assert a_client.get(url(b_co)).status_code == 200
    response = a_client.post(url(b_co, "return"), {"reason": "不行"}, format="json")
    assert (response.status_code, response.json()["code"]) == (403, "insufficient_scope")
    response = a_client.post(url(b_co, "submit"), {}, format="json")
    assert (response.status_code, response.json()["code"]) == (403, "not_responsible")
    assert ProgressReport.objects.get(pk=b_co.pk).state == "submitted"


def test_session_user_uses_the_browsable_api_with_csrf(reporting_plan, reporter_b):
    from rest_framework.test import APIClient

    client = APIClient(enforce_csrf_checks=True)
    client.force_login(reporter_b)
    page = client.get("/api/v1/reports/", HTTP_ACCEPT="text/html")
    assert page.status_code == 200
    assert "省商务厅" in page.content.decode()
    report = report_of(reporting_plan, "（二）", "省商务厅")
    # A session write without the CSRF token is refused, in the error shape.
    response = client.patch(url(report), {**DRAFT, "version": 0}, format="json")
    assert response.status_code == 403
    assert response.json()["code"] == "csrf_failed"


def test_an_implausible_value_is_saved_and_warned_as_on_the_report_page(
    reporting_plan, reporter_b, reporter_b_token, client_for, client
):
    from decimal import Decimal

    from indicators.models import Indicator
    from indicators.provenance import value_warnings

    # 150 for a growth indicator whose target is 10 %: saved (a warning, never a refusal),
    # and the answer carries the report page's 数值存疑 messages word for word.
    report = report_of(reporting_plan, "（二）", "省商务厅")
    indicator = Indicator.objects.get(measure=report.measure)
    expected = value_warnings(indicator, Decimal(150))
    assert len(expected) == 2
    values = [{"indicator": indicator.pk, "value": "150"}]
    api = client_for(reporter_b_token)
    response = api.patch(url(report), {**DRAFT, "values": values, "version": 0}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["warnings"] == [
        {"indicator": indicator.pk, "message": message} for message in expected
    ]
    client.force_login(reporter_b)
    page = client.get(f"/reports/{report.pk}/").content.decode()
    assert all(f"数值存疑：{message}" in page for message in expected)

    # The submit's answer says it too; a believable value clears it.
    assert (
        len(api.post(url(report, "submit"), {"version": 1}, format="json").json()["warnings"]) == 2
    )
    report.refresh_from_db()
    assert report.state == ProgressReport.State.SUBMITTED
