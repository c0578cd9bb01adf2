"""The office's 催办 page, the inbox with its unread count, the weekly digest, auto-opening."""

import pytest
from django.core import mail
from kombu.exceptions import OperationalError

from agencies.models import Agency
from notifications import jobs, services
from notifications.models import DeliveryLog, DigestLog, Notification, PlanReminderSettings, Urge
from tasks.models import ReportingPeriod

pytestmark = pytest.mark.django_db


@pytest.fixture
def period(reporting_plan, people):
    return ReportingPeriod.objects.get(plan=reporting_plan)


def agency(short_name: str) -> Agency:
    return Agency.objects.get(short_name=short_name)


def test_only_the_office_may_open_the_urge_page(client, period, people):
    client.force_login(people["reporter_a"])
    assert client.get("/notifications/urge/").status_code == 403
    assert client.post("/notifications/urge/", {"period": period.pk}).status_code == 403
    assert not Urge.objects.exists()


def test_the_urge_page_lists_laggards_and_urging_one_reaches_its_reporter(
    client, period, people, frozen_clock, django_capture_on_commit_callbacks
):
    frozen_clock.set("2024-04-12")
    client.force_login(people["office"])
    page = client.get("/notifications/urge/").content.decode()
    assert "省商务厅" in page and "省科技厅" in page
    assert "已逾期 2 天" in page  # due 04-10, calendar days
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/notifications/urge/",
            {"period": period.pk, "agency": agency("省商务厅").pk, "note": "请今日下班前报送"},
            follow=True,
        )
    assert "已向省商务厅催办" in response.content.decode()
    (note,) = Notification.objects.filter(recipient=people["reporter_b"])
    assert note.title == "【催办】联席办催办：省商务厅2024年第一季度进展报告尚未报送"
    assert [label[:3] for label, _ in note.links] == ["（一）", "（二）"]
    assert "联席办附言：请今日下班前报送" in note.body
    assert not Notification.objects.filter(recipient=people["reporter_a"]).exists()
    assert [m.to for m in mail.outbox] == [["reporter-b@example.gov.cn"]]
    # A second press the same day is refused and sends nothing.
    response = client.post(
        "/notifications/urge/", {"period": period.pk, "agency": agency("省商务厅").pk}, follow=True
    )
    assert "今天已经催办过省商务厅" in response.content.decode()
    assert Notification.objects.count() == 1 and len(mail.outbox) == 1
    assert "今日已催办" in client.get("/notifications/urge/").content.decode()


def test_urging_all_laggards_of_a_period_skips_those_urged_today(
    client, period, people, frozen_clock, django_capture_on_commit_callbacks
):
    frozen_clock.set("2024-04-12")
    with django_capture_on_commit_callbacks(execute=True):
        services.agency_urge(period=period, agency=agency("省商务厅"), by=people["office"])
    client.force_login(people["office"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/notifications/urge/", {"period": period.pk}, follow=True)
    page = response.content.decode()
    assert "已催办 1 个单位" in page and "今天已经催办过省商务厅" in page
    assert Notification.objects.filter(recipient=people["reporter_a"]).count() == 1
    assert Notification.objects.filter(recipient=people["reporter_b"]).count() == 1


def test_when_the_broker_is_down_the_urge_succeeds_and_the_sweep_delivers_later(
    client, period, people, frozen_clock, django_capture_on_commit_callbacks, monkeypatch
):
    from ipplan.celery import app

    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    frozen_clock.set("2024-04-12")
    client.force_login(people["office"])
    app.conf.task_always_eager = False  # restored by the autouse fixture
    monkeypatch.setattr(jobs.deliver, "apply_async", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/notifications/urge/", {"period": period.pk, "agency": agency("省商务厅").pk}
        )
    assert response.status_code == 302
    assert Urge.objects.count() == 1
    assert set(DeliveryLog.objects.values_list("status", flat=True)) == {"pending"}
    assert not Notification.objects.exists()

    monkeypatch.undo()  # the broker is back
    app.conf.task_always_eager = True
    with django_capture_on_commit_callbacks(execute=True):
        services.deliveries_resume()
        services.deliveries_resume()
    assert Notification.objects.filter(recipient=people["reporter_b"]).count() == 1
    assert len(mail.outbox) == 1


def test_the_inbox_shows_the_unread_count_and_marks_read(
    client, period, people, frozen_clock, django_capture_on_commit_callbacks
):
    frozen_clock.set("2024-04-02")
    with django_capture_on_commit_callbacks(execute=True):
        services.reminders_sweep()
        services.agency_urge(period=period, agency=agency("省商务厅"), by=people["office"])
    client.force_login(people["reporter_b"])
    page = client.get("/notifications/").content.decode()
    assert 'title="未读通知">2</span>' in page  # header badge
    assert "【催办】联席办催办" in page and "【提醒】" in page
    first = Notification.objects.filter(recipient=people["reporter_b"]).first()
    client.post(f"/notifications/{first.pk}/read/")
    assert 'title="未读通知">1</span>' in client.get("/notifications/").content.decode()
    # Nobody can mark another person's notification read.
    other = Notification.objects.create(
        recipient=people["reporter_a"],
        kind="remind",
        title="x",
        body="x",
        created_at=frozen_clock.moment,
    )
    client.post(f"/notifications/{other.pk}/read/")
    other.refresh_from_db()
    assert other.read_at is None
    client.post("/notifications/read-all/")
    assert 'title="未读通知"' not in client.get("/notifications/").content.decode()


def test_the_inbox_and_header_count_cost_the_same_queries_at_any_size(client, people, frozen_clock):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add(count: int) -> None:
        Notification.objects.bulk_create(
            Notification(
                recipient=people["reporter_a"],
                kind="remind",
                title=f"通知{i}",
                body="正文",
                links=[["（一）", "/reports/1/"]],
                created_at=frozen_clock.moment,
            )
            for i in range(count)
        )

    def queries() -> list[str]:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/notifications/").status_code == 200
        return [q["sql"] for q in captured.captured_queries]

    client.force_login(people["reporter_a"])
    add(1)
    small = queries()
    add(39)
    large = queries()
    assert len(small) == len(large) <= 10
    # The header's unread count is a single COUNT over the unread index.
    assert sum('"read_at" IS NULL' in sql and "COUNT" in sql for sql in large) == 1


def test_people_choose_channels_on_their_page(client, people):
    client.force_login(people["reporter_a"])
    client.post("/notifications/channels/", {"channel": ["inapp"]})
    assert people["reporter_a"].channel_preference.channels == ["inapp"]
    response = client.post("/notifications/channels/", {"channel": ["pigeon"]}, follow=True)
    assert "未知的接收渠道：pigeon" in response.content.decode()


def test_the_weekly_digest_goes_to_each_supervisor_once_a_week(period, people, frozen_clock):
    frozen_clock.set("2024-04-15")  # Monday; 3 reports pending, 3 working days late
    assert services.digest_send_weekly() == 1
    assert services.digest_send_weekly() == 0
    (note,) = Notification.objects.filter(recipient=people["office"])
    assert note.title == "【周报】2024年4月15日起一周报送情况"
    assert "应报 3，已报送 0，逾期未报 3，退回修改 0" in note.body
    assert "省商务厅 2 项；省科技厅 1 项" in note.body
    assert [m.to for m in mail.outbox] == [["office@example.gov.cn"]]
    frozen_clock.set("2024-04-22")
    assert services.digest_send_weekly() == 1
    assert DigestLog.objects.count() == 2


def test_a_plan_that_asks_for_it_opens_its_quarter_on_the_open_date(
    reporting_plan, people, frozen_clock
):
    services.reminder_settings_for([reporting_plan])
    frozen_clock.set("2024-06-03")  # Q2 opens on June 1 (first day of its last month)
    assert services.periods_open_due() == []  # automatic opening not asked for
    PlanReminderSettings.objects.filter(plan=reporting_plan).update(auto_open_periods=True)
    (opened,) = services.periods_open_due()
    assert (opened.year, opened.number, opened.status) == (2024, 2, "open")
    assert opened.reports.count() == 3
    assert services.periods_open_due() == []


def test_urging_from_the_dashboard_returns_there_and_shows_on_the_report_page(
    client, period, people, frozen_clock, django_capture_on_commit_callbacks
):
    from tasks.models import ProgressReport

    frozen_clock.set("2024-04-12")
    commerce = agency("省商务厅")
    client.force_login(people["office"])
    dashboard = f"/dashboard/?plan={period.plan_id}&period={period.pk}"
    page = client.get(dashboard).content.decode()
    row = page[page.index(f'<tr data-agency="{commerce.pk}">') :]
    assert 'action="/notifications/urge/"' in row[: row.index("</tr>")]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/notifications/urge/",
            {"period": period.pk, "agency": commerce.pk, "next": dashboard},
        )
    assert response.status_code == 302 and response["Location"] == dashboard
    page = client.get(dashboard).content.decode()
    row = page[page.index(f'<tr data-agency="{commerce.pk}">') :]
    row = row[: row.index("</tr>")]
    assert "今日已催办" in row and 'action="/notifications/urge/"' not in row
    report = ProgressReport.objects.filter(period=period, agency=commerce).first()
    client.force_login(people["reporter_b"])
    detail = client.get(f"/reports/{report.pk}/").content.decode()
    assert "提醒、催办与通知记录" in detail and "催办（" in detail


def test_urge_ignores_a_return_address_outside_ipplan(client, period, people, frozen_clock):
    frozen_clock.set("2024-04-12")
    client.force_login(people["office"])
    response = client.post(
        "/notifications/urge/",
        {"period": period.pk, "agency": agency("省商务厅").pk, "next": "https://evil.example/"},
    )
    assert response["Location"] == "/notifications/urge/"
