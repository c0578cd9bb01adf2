"""The reporting workflow's rules, through the services every surface calls."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from agencies.models import Agency
from indicators.models import Observation
from tasks.models import ProgressReport, ReportEvent, ReportingPeriod, ReportVersion
from tasks.services.reporting import (
    ReportingError,
    ReportInput,
    attachment_add,
    period_close,
    period_open,
    period_quarter_get_or_create,
    report_accept,
    report_reopen,
    report_return,
    report_save,
    report_send_back,
    report_sign_off,
    report_submit,
    reports_accept_bulk,
)

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def frozen(monkeypatch):
    """Set ipplan's clock (Asia/Shanghai wall time)."""

    def freeze(*args):
        moment = datetime.datetime(*args, tzinfo=SHANGHAI)
        monkeypatch.setattr("core.clock.now", lambda: moment)
        return moment

    return freeze


def report_of(plan, label: str, short_name: str) -> ProgressReport:
    return ProgressReport.objects.get(
        measure__plan=plan, measure__label=label, agency__short_name=short_name
    )


def filled(**overrides) -> ReportInput:
    values = {"progress_status": "on_track", "progress_text": "平台一期已上线。"} | overrides
    return ReportInput(**values)


def save(report, by, **overrides) -> ProgressReport:
    return report_save(
        report=report, by=by, data=filled(**overrides), expected_version=report.version
    )


def test_opening_a_quarter_creates_one_report_per_reporting_body_and_measure(reporting_plan):
    reports = ProgressReport.objects.filter(period__plan=reporting_plan)
    assert sorted((r.measure.label, r.agency.short_name, r.role) for r in reports) == [
        ("（一）", "省商务厅", "co"),
        ("（一）", "省科技厅", "lead"),
        ("（二）", "省商务厅", "lead"),
    ]
    period = ReportingPeriod.objects.get(plan=reporting_plan)
    assert (str(period), str(period.due_on), period.status) == (
        "2024年第一季度",
        "2024-04-10",
        "open",
    )
    assert period_open(period=period) == 0  # opening again creates nothing more


def test_groups_expand_to_members_and_merged_bodies_report_through_their_successor(reporting_plan):
    measure = reporting_plan.measures.get(label="（二）")
    measure.assignments.create(
        agency=Agency.objects.get(short_name="各省辖市"), role="co", name_as_written="各省辖市"
    )
    old = Agency.objects.get(short_name="省工商局")
    measure.assignments.create(agency=old, role="co", name_as_written="省工商局")
    period = period_quarter_get_or_create(plan=reporting_plan, year=2024, quarter=2)
    period_open(period=period)
    reporters = set(
        ProgressReport.objects.filter(period=period, measure=measure).values_list(
            "agency__short_name", flat=True
        )
    )
    assert {"南京市", "苏州市", "宿迁市"} <= reporters and "各省辖市" not in reporters
    assert (
        len(
            reporters
            & set(
                Agency.objects.get(short_name="各省辖市").members.values_list(
                    "short_name", flat=True
                )
            )
        )
        == 13
    )
    assert old.successor.short_name in reporters and "省工商局" not in reporters


def test_measures_scheduled_outside_the_quarter_get_no_report(reporting_plan):
    measure = reporting_plan.measures.get(label="（二）")
    reporting_plan.schedule.create(
        measure=measure,
        action="年底前完成",
        start_month=datetime.date(2024, 10, 1),
        end_month=datetime.date(2024, 12, 1),
    )
    q2 = period_quarter_get_or_create(plan=reporting_plan, year=2024, quarter=2)
    q4 = period_quarter_get_or_create(plan=reporting_plan, year=2024, quarter=4)
    period_open(period=q2)
    period_open(period=q4)
    assert not ProgressReport.objects.filter(period=q2, measure=measure).exists()
    assert ProgressReport.objects.filter(period=q4, measure=measure).exists()


def test_reporter_without_approver_submits_straight_to_the_office_on_time(
    reporting_plan, reporter_b, frozen
):
    frozen(2024, 4, 10, 23, 30)  # the due day, Shanghai time
    report = report_of(reporting_plan, "（二）", "省商务厅")
    indicator = report.measure.indicators.get()
    report = save(report, reporter_b, values={indicator.pk: Decimal("12.5")})
    report = report_submit(report=report, by=reporter_b)
    assert report.state == ProgressReport.State.SUBMITTED
    assert report.late_days == 0 and not report.is_late
    version = report.versions.get()
    assert (version.number, version.values, version.submitted_by) == (
        1,
        {str(indicator.pk): "12.5000"},
        reporter_b,
    )


def test_a_late_submission_is_marked_with_how_late(reporting_plan, reporter_b, frozen):
    frozen(2024, 4, 13, 9, 0)
    report = save(report_of(reporting_plan, "（二）", "省商务厅"), reporter_b)
    report = report_submit(report=report, by=reporter_b)
    assert report.late_days == 3 and report.is_late


def test_full_cycle_with_sign_off_return_and_acceptance_keeps_every_version(
    reporting_plan, reporter_a, approver_a, office_supervisor
):
    report = report_of(reporting_plan, "（一）", "省科技厅")
    report = save(report, reporter_a)
    report = report_submit(report=report, by=reporter_a)
    assert report.state == ProgressReport.State.PENDING_SIGNOFF  # A has an approver
    report = report_send_back(report=report, by=approver_a, reason="请补充上线时间。")
    assert report.state == ProgressReport.State.RETURNED
    report = save(report, reporter_a, progress_text="平台一期已于3月15日上线。")
    report = report_submit(report=report, by=reporter_a)
    report = report_sign_off(report=report, by=approver_a)
    assert report.state == ProgressReport.State.SUBMITTED
    report = report_return(report=report, by=office_supervisor, reason="请说明用户数。")
    assert report.state == ProgressReport.State.RETURNED
    report = save(report, reporter_a, progress_text="平台一期已于3月15日上线，注册用户1200家。")
    report = report_submit(report=report, by=reporter_a)
    report = report_sign_off(report=report, by=approver_a)
    report = report_accept(report=report, by=office_supervisor)
    assert report.state == ProgressReport.State.ACCEPTED
    texts = list(report.versions.order_by("number").values_list("progress_text", flat=True))
    assert texts == ["平台一期已于3月15日上线。", "平台一期已于3月15日上线，注册用户1200家。"]
    actions = list(report.events.values_list("action", flat=True))
    assert actions == [
        "saved",
        "submitted",
        "sent_back",
        "saved",
        "submitted",
        "signed_off",
        "returned",
        "saved",
        "submitted",
        "signed_off",
        "accepted",
    ]
    returned = report.events.get(action="returned")
    assert (returned.actor, returned.comment) == (office_supervisor, "请说明用户数。")


def test_accepting_turns_reported_values_into_observations(
    reporting_plan, reporter_b, office_supervisor
):
    report = report_of(reporting_plan, "（二）", "省商务厅")
    indicator = report.measure.indicators.get()
    report = save(report, reporter_b, values={indicator.pk: Decimal("11")})
    report = report_submit(report=report, by=reporter_b)
    assert not Observation.objects.exists()  # not before the office accepts
    report_accept(report=report, by=office_supervisor)
    observation = Observation.objects.get()
    assert (observation.indicator, observation.value, observation.agency.short_name) == (
        indicator,
        11,
        "省商务厅",
    )
    assert observation.period == report.period and observation.reported_by == reporter_b


def test_a_stale_save_is_refused_and_says_so(reporting_plan, reporter_a, approver_a):
    report = report_of(reporting_plan, "（一）", "省科技厅")
    opened_version = report.version
    report_save(
        report=report,
        by=approver_a,
        data=filled(progress_text="审核人先改"),
        expected_version=opened_version,
    )
    with pytest.raises(ReportingError) as error:
        report_save(
            report=report,
            by=reporter_a,
            data=filled(progress_text="填报人后改"),
            expected_version=opened_version,
        )
    assert error.value.code == "stale" and "已被他人修改" in error.value.messages[0]
    assert ProgressReport.objects.get(pk=report.pk).progress_text == "审核人先改"


def test_a_delivered_version_freezes_the_values_and_the_attachments_in_upload_order(
    reporting_plan, reporter_b
):
    report = save(report_of(reporting_plan, "（二）", "省商务厅"), reporter_b, values={})
    indicator = report.measure.indicators.get()
    report = save(report, reporter_b, values={indicator.pk: Decimal("12.5")})
    for name in ("第二季度说明.pdf", "附表.pdf"):
        attachment_add(report=report, by=reporter_b, upload=SimpleUploadedFile(name, b"%PDF" * 3))
    report = report_submit(report=report, by=reporter_b)
    version = ReportVersion.objects.get(report=report)
    assert version.values == {str(indicator.pk): "12.5000"}
    assert version.attachments == [
        {"name": "第二季度说明.pdf", "size": 12},
        {"name": "附表.pdf", "size": 12},
    ]


def test_submitted_versions_are_immutable(reporting_plan, reporter_b):
    report = report_submit(
        report=save(report_of(reporting_plan, "（二）", "省商务厅"), reporter_b), by=reporter_b
    )
    version = ReportVersion.objects.get(report=report)
    version.progress_text = "篡改"
    with pytest.raises(ValueError):
        version.save()
    with pytest.raises(ValueError):
        version.delete()


@pytest.mark.parametrize(
    ("setup", "code", "words"),
    [
        ("closed", "period_closed", "已关闭"),
        ("accepted", "already_accepted", "已被采纳"),
        ("other_agency", "not_responsible", "不负责"),
        ("submitted", "invalid_state", "已报送"),
    ],
)
def test_refused_writes_name_the_rule_that_refused_them(
    reporting_plan, reporter_b, reporter_a, office_supervisor, setup, code, words
):
    report = report_of(reporting_plan, "（二）", "省商务厅")
    by = reporter_b
    if setup == "closed":
        period_close(period=report.period)
    if setup in ("accepted", "submitted"):
        report = report_submit(report=save(report, reporter_b), by=reporter_b)
    if setup == "accepted":
        report = report_accept(report=report, by=office_supervisor)
    if setup == "other_agency":
        by = reporter_a
    before = ProgressReport.objects.get(pk=report.pk).progress_text
    with pytest.raises(ReportingError) as error:
        report_save(
            report=report,
            by=by,
            data=filled(progress_text="新内容"),
            expected_version=report.version,
        )
    assert error.value.code == code and words in error.value.messages[0]
    assert ProgressReport.objects.get(pk=report.pk).progress_text == before


def test_returning_and_reopening_need_a_reason(reporting_plan, reporter_b, office_supervisor):
    report = report_submit(
        report=save(report_of(reporting_plan, "（二）", "省商务厅"), reporter_b), by=reporter_b
    )
    with pytest.raises(ReportingError, match="必须填写理由"):
        report_return(report=report, by=office_supervisor, reason="  ")
    report = report_accept(report=report, by=office_supervisor)
    with pytest.raises(ReportingError, match="必须填写理由"):
        report_reopen(report=report, by=office_supervisor, reason="")
    report = report_reopen(report=report, by=office_supervisor, reason="数据口径有误")
    assert report.state == ProgressReport.State.RETURNED
    assert report.events.get(action="reopened").comment == "数据口径有误"


def test_submitting_needs_a_status_and_progress_and_a_reason_for_adjustments(
    reporting_plan, reporter_b
):
    report = report_of(reporting_plan, "（二）", "省商务厅")
    with pytest.raises(ReportingError) as error:
        report_submit(report=report, by=reporter_b)
    assert (
        "请选择进展状态" in error.value.messages[0] and "请填写进展情况" in error.value.messages[0]
    )
    report = save(report, reporter_b, progress_status="adjusted")
    with pytest.raises(ReportingError, match="调整原因"):
        report_submit(report=report, by=reporter_b)


def test_bad_values_are_refused_with_the_field_named(reporting_plan, reporter_b):
    report = report_of(reporting_plan, "（二）", "省商务厅")
    indicator = report.measure.indicators.get()
    with pytest.raises(ValidationError) as error:
        save(
            report,
            reporter_b,
            progress_text="字" * 5001,
            completion_percent=120,
            values={indicator.pk: Decimal(-1)},
        )
    assert set(error.value.message_dict) == {"progress_text", "completion_percent", "values"}
    assert "最多 5000 字" in error.value.message_dict["progress_text"][0]
    assert ProgressReport.objects.get(pk=report.pk).version == report.version


def test_bulk_accept_accepts_what_it_can_and_reports_the_rest(
    reporting_plan, reporter_b, reporter_a, office_supervisor
):
    submitted = report_submit(
        report=save(report_of(reporting_plan, "（二）", "省商务厅"), reporter_b), by=reporter_b
    )
    draft = report_of(reporting_plan, "（一）", "省科技厅")
    accepted, refused = reports_accept_bulk(reports=[submitted, draft], by=office_supervisor)
    assert accepted == 1 and len(refused) == 1 and "草稿" in refused[0]
    assert ProgressReport.objects.get(pk=submitted.pk).state == "accepted"


def test_attachments_are_checked_for_type_and_size(reporting_plan, reporter_b, settings):
    settings.IPPLAN_MAX_ATTACHMENT_BYTES = 1024
    report = report_of(reporting_plan, "（二）", "省商务厅")
    attachment = attachment_add(
        report=report, by=reporter_b, upload=SimpleUploadedFile("说明.pdf", b"%PDF" * 10)
    )
    assert (attachment.name, attachment.size) == ("说明.pdf", 40)
    with pytest.raises(ReportingError, match="类型不允许"):
        attachment_add(report=report, by=reporter_b, upload=SimpleUploadedFile("run.exe", b"MZ"))
    with pytest.raises(ReportingError, match="超过 0 MB 的上限"):
        attachment_add(
            report=report, by=reporter_b, upload=SimpleUploadedFile("big.pdf", b"x" * 2048)
        )
    assert report.attachments.count() == 1


# The permission matrix: every persona against every action on a report of agency A.
ACTIONS = ["save", "submit", "sign_off", "send_back", "accept", "return"]
ALLOWED = {
    "reporter_a": {"save", "submit"},
    "approver_a": {"save", "submit", "sign_off", "send_back"},
    "viewer_a": set(),
    "reporter_b": set(),
    "office_supervisor": {"accept", "return"},
}


def _prepare(report, action, reporter_a, approver_a):
    """Bring A's report into the state the action needs."""
    if action in ("sign_off", "send_back", "accept", "return"):
        report = save(report, reporter_a)
        report = report_submit(report=report, by=reporter_a)  # → pending sign-off
    if action in ("accept", "return"):
        report = report_sign_off(report=report, by=approver_a)  # → submitted
    if action == "submit":
        report = save(report, reporter_a)
    return report


def _perform(action, report, by):
    return {
        "save": lambda: report_save(
            report=report, by=by, data=filled(), expected_version=report.version
        ),
        "submit": lambda: report_submit(report=report, by=by),
        "sign_off": lambda: report_sign_off(report=report, by=by),
        "send_back": lambda: report_send_back(report=report, by=by, reason="请补充"),
        "accept": lambda: report_accept(report=report, by=by),
        "return": lambda: report_return(report=report, by=by, reason="请补充"),
    }[action]()


@pytest.mark.parametrize("persona", list(ALLOWED))
@pytest.mark.parametrize("action", ACTIONS)
def test_permission_matrix(request, reporting_plan, reporter_a, approver_a, persona, action):
    user = request.getfixturevalue(persona)
    report = _prepare(
        report_of(reporting_plan, "（一）", "省科技厅"), action, reporter_a, approver_a
    )
    events_before = ReportEvent.objects.count()
    if action in ALLOWED[persona]:
        _perform(action, report, user)
        assert ReportEvent.objects.count() == events_before + 1
    else:
        with pytest.raises(ReportingError) as error:
            _perform(action, report, user)
        assert error.value.code in ("forbidden", "not_responsible")
        assert ReportEvent.objects.count() == events_before
