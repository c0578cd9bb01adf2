"""In a real browser, on `make run`'s demo data (embedded mode, jobs in-process): the office
presses 催办 on a late agency and that agency's reporter finds the notice in the inbox."""

from io import StringIO

import pytest
from django.core.management import call_command

from notifications.models import Notification

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "ipplan-demo"  # agencies.demo.DEMO_PASSWORD


@pytest.fixture
def demo(settings):
    """What `make run` loads, with Celery in-process as in the embedded mode."""
    from ipplan.celery import app

    settings.DEBUG = True
    call_command("seed", stdout=StringIO())
    settings.DEBUG = False
    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


def log_in(page, base: str, username: str, next_url: str) -> None:
    page.goto(f"{base}/login/?next={next_url}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector(".topbar .who")


def test_the_office_urges_a_late_agency_and_its_reporter_sees_it(
    demo, live_server, page, screenshot
):
    log_in(page, live_server.url, "office", "/notifications/urge/")
    section = page.locator("section.card", has_text="2012年第四季度")
    assert "已逾期" in section.inner_text()
    row = section.locator("tr", has_text="省科技厅")
    screenshot("urge-laggards", full_page=False)
    row.locator("button:has-text('催办')").click()
    page.wait_for_selector(".messages li.success")
    assert "已向省科技厅催办" in page.locator(".messages").inner_text()
    assert "今日已催办" in page.locator("section.card tr", has_text="省科技厅").inner_text()
    screenshot("urge-done", full_page=False)
    page.click("nav button:has-text('退出')")

    log_in(page, live_server.url, "keji", "/")
    badge = page.locator(".topbar .inbox-link .badge")
    assert badge.inner_text() == "1"
    page.click(".topbar .inbox-link")
    notice = page.locator("article.notification").first
    assert "【催办】联席办催办：省科技厅2012年第四季度进展报告尚未报送" in notice.inner_text()
    assert "省科技厅有 6 项措施的2012年第四季度进展报告尚未报送联席办" in notice.inner_text()
    assert notice.locator("ul.targets a").count() == 6
    # Each link opens its report through the notice, which marks the notice read.
    href = notice.locator("ul.targets a").first.get_attribute("href")
    assert href.startswith("/notifications/") and "/open/" in href
    screenshot("inbox-urged")
    notice.locator("button:has-text('标为已读')").click()
    assert page.locator(".topbar .inbox-link .badge").count() == 0
    assert Notification.objects.get(recipient__username="keji").read_at is not None
