"""In a real browser, on `make run`'s demo data (jobs in-process, as in the embedded mode):
the office returns a report and writes a 批示 mentioning the reporter; the reporter lands on
待填报 with the returned report pinned first, finds both notices, reads 下一步 and answers
with a 反馈; the office is told and finds the exchange through the top bar's search."""

import pytest

from notifications.models import Notification
from tasks.models import ProgressReport

from .key_pages import PASSWORD, WITH_OFFICE, demo_with_reports

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REASON = "请补充：资助项目的验收情况"


@pytest.fixture
def demo(settings):
    from ipplan.celery import app

    data = demo_with_reports(settings)
    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield data
    app.conf.task_always_eager = before


def log_in(page, base: str, username: str) -> None:
    """Through the login page without ?next=: where the person lands is part of the test."""
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector(".topbar .who")


def log_out(page) -> None:
    page.click("nav button:has-text('退出')")
    page.wait_for_load_state()


def test_a_return_and_a_conversation_reach_each_side(demo, live_server, page, screenshot, tmp_path):
    base = live_server.url
    report = demo["report"]
    assert report.state == ProgressReport.State.SUBMITTED
    attachment = tmp_path / "验收要求.pdf"
    attachment.write_bytes(b"%PDF-1.4 acceptance")

    # 1. The office lands on 督查看板, opens the report, returns it and writes a 批示.
    log_in(page, base, "office")
    assert page.url.startswith(f"{base}/dashboard/")
    page.goto(f"{base}/reports/{report.pk}/")
    assert "待联席办审核" in page.inner_text("#next-step")
    page.fill("form[action$='/return/'] textarea[name=text]", REASON)
    page.click("form[action$='/return/'] button[type=submit]")
    page.wait_for_selector(".messages li.success")
    assert REASON in page.inner_text("#next-step")
    page.fill("#comment-form textarea[name=body]", "@keji 验收材料请按附件要求整理后一并报送。")
    page.set_input_files("#comment-form input[name=attachment]", str(attachment))
    page.click("#comment-form button[type=submit]")
    page.wait_for_selector(".messages li.success")
    message = page.locator(".rp-message").last
    assert "验收材料请按附件要求整理" in message.inner_text()
    assert "提及：@省科技厅 李填报" in message.inner_text()  # @keji: the reporter's login
    assert "验收要求.pdf" in message.inner_text()
    log_out(page)

    # 2. The reporter lands on 待填报: the returned report is pinned first, with the reason.
    log_in(page, base, "keji")
    assert page.url == f"{base}/reports/"
    first = page.locator("table.rp-inbox tbody tr").first
    assert WITH_OFFICE in first.inner_text() and REASON in first.inner_text()
    assert "pinned" in first.get_attribute("class")
    assert "1 份被退回，已置顶" in page.inner_text("main")
    badge = page.locator(".topbar .inbox-link .badge")
    unread = int(badge.inner_text())
    assert unread >= 2  # 【退回】 and 【批示】 (and 【审核通过】 from the demo's sign-off)
    screenshot("notify-reporter-inbox-pinned", full_page=False)

    page.click(".topbar .inbox-link")
    notices = page.locator("article.notification")
    texts = [notices.nth(i).inner_text() for i in range(notices.count())]
    returned = next(t for t in texts if t.startswith("【退回】"))
    assert f"{WITH_OFFICE} 省科技厅2012年第四季度进展报告被联席办退回" in returned
    assert f"退回理由：{REASON}" in returned
    assert any(t.startswith("【批示】") and "验收材料" in t for t in texts)
    screenshot("notify-reporter-notifications", full_page=False)

    # 3. On the report: 下一步 says why, the 批示 is there, and the reporter answers.
    notices.filter(has_text="【退回】").locator("ul.targets a").first.click()
    page.wait_for_selector("#next-step")
    assert f"已退回：{REASON}。请省科技厅修改后重新报送。" in page.inner_text("#next-step")
    # Opening it from the notice marked that notice read.
    assert int(page.locator(".topbar .inbox-link .badge").inner_text()) == unread - 1
    page.fill("#comment-form textarea[name=body]", "收到，验收材料本周内补齐后重新报送。")
    page.click("#comment-form button[type=submit]")
    page.wait_for_selector(".messages li.success")
    assert page.locator(".rp-message.side-agency").count() == 1
    page.locator("#conversation").scroll_into_view_if_needed()
    screenshot("notify-report-conversation")
    log_out(page)

    # 4. The office (who returned it) hears of the 反馈 and finds it with the search box.
    log_in(page, base, "office")
    assert Notification.objects.filter(
        recipient__username="office", title__startswith="【反馈】"
    ).exists()
    page.fill(".topbar-search input[name=q]", "验收材料")
    page.press(".topbar-search input[name=q]", "Enter")
    page.wait_for_selector("#hits-comments")
    hits = page.inner_text("#hits-comments")
    assert "反馈 · " in hits and "批示 · " in hits
    screenshot("notify-search", full_page=False)
    page.locator("#hits-comments a").first.click()
    page.wait_for_selector("#conversation")
    assert "/reports/" in page.url and "#comment-" in page.url
