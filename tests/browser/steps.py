"""Steps the browser tests share: log in and out as someone, read the flash messages."""

from __future__ import annotations

DEMO_PASSWORD = "ipplan-demo"  # agencies.demo.DEMO_PASSWORD


def log_in(
    page, base: str, username: str, next_url: str = "/reports/", *, password: str = DEMO_PASSWORD
) -> None:
    page.goto(f"{base}/login/?next={next_url}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_selector(".topbar .who")


def log_out(page) -> None:
    page.click("nav button:has-text('退出')")
    page.wait_for_load_state()


def messages(page) -> str:
    return page.inner_text(".messages")
