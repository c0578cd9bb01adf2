"""Walk the workflow table (tasks.workflow.WORKFLOW) through every surface.

For every state × action and every persona — a reporter and the approver of the report's
agency, the office, and a reporter of another agency — the service, the web pages, the API
and the page's buttons give the same answer: allowed (and to the table's next state) or
refused (with the code whose HTTP status ``refusal_status`` gives, the same in the API and
the autosave). Reminders chase exactly the states in which the agency still has to act.
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from agencies.models import Agency
from tasks.models import ProgressReport
from tasks.selectors.reporting import report_actions, reports_visible_to
from tasks.services import reporting as services
from tasks.services.on_behalf import report_file_on_behalf
from tasks.workflow import (
    PENDING_STATES,
    WORKFLOW,
    Actor,
    ReportingError,
    WorkflowAction,
    refusal_status,
)

State = ProgressReport.State
PERSONAS = ("reporter_a", "approver_a", "office_supervisor", "reporter_b")
CASES = [(state, action) for state in State.values for action in WorkflowAction.values]


def _put_in(report: ProgressReport, state: str) -> ProgressReport:
    """Set the state directly (test setup), with what a report in that state has."""
    delivered = state in (State.SUBMITTED, State.ACCEPTED, State.RETURNED)
    ProgressReport.objects.filter(pk=report.pk).update(
        state=state,
        progress_status="on_track",
        progress_text="已完成平台一期建设。",
        first_submitted_at=report.created_at if delivered else None,
    )
    return ProgressReport.objects.select_related("period", "measure", "agency").get(pk=report.pk)


def _service(action: str, report: ProgressReport, by) -> None:
    reason = "请补充数据来源。"
    calls = {
        WorkflowAction.SAVE: lambda: services.report_save(
            report=report,
            by=by,
            data=services.ReportInput(progress_status="on_track", progress_text="更新。"),
            expected_version=report.version,
        ),
        WorkflowAction.ATTACH: lambda: services.attachment_add(
            report=report,
            by=by,
            upload=SimpleUploadedFile("说明.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf"),
        ),
        WorkflowAction.SUBMIT: lambda: services.report_submit(report=report, by=by),
        WorkflowAction.SIGN_OFF: lambda: services.report_sign_off(report=report, by=by),
        WorkflowAction.SEND_BACK: lambda: services.report_send_back(
            report=report, by=by, reason=reason
        ),
        WorkflowAction.ACCEPT: lambda: services.report_accept(report=report, by=by),
        WorkflowAction.RETURN: lambda: services.report_return(report=report, by=by, reason=reason),
        WorkflowAction.REOPEN: lambda: services.report_reopen(report=report, by=by, reason=reason),
        WorkflowAction.FILE_FOR: lambda: report_file_on_behalf(
            report=report,
            by=by,
            data=services.ReportInput(progress_status="on_track", progress_text="代报内容"),
            basis="书面材料",
        ),
    }
    calls[action]()


def _expected(state: str, action: str, persona: str) -> tuple[bool, str | None]:
    """(allowed, next state) from the table alone."""
    actors = {
        "reporter_a": {Actor.FILLER},
        "approver_a": {Actor.FILLER, Actor.APPROVER},
        "office_supervisor": {Actor.OFFICE},
        "reporter_b": set(),
    }[persona]
    step = WORKFLOW.get((state, action))
    if step is None or step.actor not in actors:
        return False, None
    if action == WorkflowAction.SUBMIT and persona == "reporter_a":
        return True, State.PENDING_SIGNOFF  # agency A has an approver: sign-off first
    return True, step.to


@pytest.fixture
def world(reporting_plan, reporter_a, approver_a, office_supervisor, reporter_b):
    agency_a = Agency.objects.get(short_name="省科技厅")
    report = ProgressReport.objects.get(period__plan=reporting_plan, agency=agency_a)
    people = {
        "reporter_a": reporter_a,
        "approver_a": approver_a,
        "office_supervisor": office_supervisor,
        "reporter_b": reporter_b,
    }
    return report, people


@pytest.mark.parametrize(("state", "action"), CASES)
def test_service_and_buttons_follow_the_table(world, state, action):
    report, people = world
    for persona, user in people.items():
        allowed, to = _expected(state, action, persona)
        report = _put_in(report, state)
        buttons = report_actions(report, user)
        shown = {
            WorkflowAction.SAVE: buttons.edit,
            WorkflowAction.ATTACH: buttons.edit,
            WorkflowAction.SUBMIT: buttons.edit,
            WorkflowAction.SIGN_OFF: buttons.sign_off,
            WorkflowAction.SEND_BACK: buttons.sign_off,
            WorkflowAction.ACCEPT: buttons.review,
            WorkflowAction.RETURN: buttons.review,
            WorkflowAction.REOPEN: buttons.reopen,
            WorkflowAction.FILE_FOR: buttons.file_for,
        }[action]
        assert shown is allowed, (persona, state, action)
        try:
            _service(action, report, user)
        except ReportingError as error:
            assert not allowed, (persona, state, action, error.messages)
            # "not yours" (403) or "not now" (409): never a content error for these
            assert refusal_status(error.code) in (403, 409), error.code
        else:
            assert allowed, (persona, state, action)
            if to is not None and action not in (WorkflowAction.SAVE, WorkflowAction.ATTACH):
                report.refresh_from_db()
                assert report.state == to, (persona, state, action)


WEB_PATHS = {
    WorkflowAction.SIGN_OFF: "sign-off",
    WorkflowAction.SEND_BACK: "send-back",
    WorkflowAction.ACCEPT: "accept",
    WorkflowAction.RETURN: "return",
    WorkflowAction.REOPEN: "reopen",
}
API_PATHS = {
    WorkflowAction.SUBMIT: "submit/",
    WorkflowAction.ACCEPT: "accept/",
    WorkflowAction.RETURN: "return/",
}


# 代报 has its own page and API action, walked per persona in tests/setup/test_on_behalf.py.
@pytest.mark.parametrize(
    ("state", "action"),
    [c for c in CASES if c[1] not in (WorkflowAction.ATTACH, WorkflowAction.FILE_FOR)],
)
def test_web_and_api_answer_as_the_table_says(client, world, state, action):
    report, people = world
    for persona, user in people.items():
        allowed, to = _expected(state, action, persona)
        visible = reports_visible_to(user).filter(pk=report.pk).exists()

        # The web pages.
        report = _put_in(report, state)
        client.force_login(user)
        if action in (WorkflowAction.SAVE, WorkflowAction.SUBMIT):
            response = client.post(
                f"/reports/{report.pk}/",
                {
                    "expected_version": report.version,
                    "progress_status": "on_track",
                    "progress_text": "网页更新。",
                    **({"action": "submit"} if action == WorkflowAction.SUBMIT else {}),
                },
            )
        else:
            response = client.post(
                f"/reports/{report.pk}/{WEB_PATHS[action]}/", {"text": "请补充数据来源。"}
            )
        changed = ProgressReport.objects.get(pk=report.pk)
        if allowed:
            assert response.status_code == 302, (persona, state, action)
            if action == WorkflowAction.SAVE:
                assert changed.progress_text == "网页更新。"
            else:
                assert changed.state == to, (persona, state, action)
        else:
            assert changed.state == state and changed.progress_text != "网页更新。"
            if not visible:
                assert response.status_code == 404
            elif action in WEB_PATHS and response.status_code == 302:
                # A refusal that is "not now" comes back as the page with the reason.
                assert "不能" in client.get(f"/reports/{report.pk}/").content.decode()

        # The autosave answers a refusal with the same status as the API.
        if action == WorkflowAction.SAVE and visible:
            report = _put_in(report, state)
            saved = client.post(
                f"/reports/{report.pk}/autosave/",
                {"expected_version": report.version, "progress_text": "自动保存。"},
            )
            if allowed:
                assert saved.status_code == 200
            else:
                assert saved.status_code == refusal_status(saved.json()["code"])

        # The API.
        if action not in API_PATHS and action != WorkflowAction.SAVE:
            continue
        report = _put_in(report, state)
        api = APIClient()
        api.force_authenticate(user)
        if action == WorkflowAction.SAVE:
            answer = api.patch(
                f"/api/v1/reports/{report.pk}/",
                {"version": report.version, "progress_text": "接口更新。"},
                format="json",
            )
        else:
            body = {"reason": "请补充数据来源。"} if action == WorkflowAction.RETURN else {}
            answer = api.post(f"/api/v1/reports/{report.pk}/{API_PATHS[action]}", body, "json")
        if allowed:
            assert answer.status_code == 200, (persona, state, action, answer.json())
            assert answer.json()["status"] == (to if action != WorkflowAction.SAVE else state)
        elif not visible:
            assert answer.status_code == 404
        else:
            assert answer.status_code == refusal_status(answer.json()["code"]), answer.json()
            assert answer.status_code in (403, 409)


def test_reminders_chase_the_states_where_the_agency_still_has_to_act():
    # A state is pending exactly when someone of the agency has a step in it.
    agency_steps = {s for (s, _), step in WORKFLOW.items() if step.actor != Actor.OFFICE}
    assert (
        set(PENDING_STATES)
        == agency_steps
        == {
            State.DRAFT,
            State.RETURNED,
            State.PENDING_SIGNOFF,
        }
    )


def test_a_return_reads_the_same_whoever_returned_it(world):
    report, people = world
    report = _put_in(report, State.PENDING_SIGNOFF)
    services.report_send_back(report=report, by=people["approver_a"], reason="数据不全。")
    report.refresh_from_db()
    assert report.get_state_display() == "已退回"
    report = _put_in(report, State.SUBMITTED)
    services.report_return(report=report, by=people["office_supervisor"], reason="数据不全。")
    report.refresh_from_db()
    assert report.get_state_display() == "已退回"


def test_the_version_an_approver_signs_off_is_credited_to_the_person_who_filed_it(world):
    report, people = world
    report = _put_in(report, State.DRAFT)
    services.report_submit(report=report, by=people["reporter_a"])
    report.refresh_from_db()
    services.report_sign_off(report=report, by=people["approver_a"])
    (version,) = report.versions.all()
    assert version.submitted_by == people["reporter_a"]
