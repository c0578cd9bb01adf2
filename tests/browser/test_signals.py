"""No false signals, in a real browser on the demo: confirmations before bulk or irreversible
actions, the decision box after the report it decides, 采纳并打开下一份, a measure chart whose
y-axis holds the target, and the 考评 page staying on the row just saved."""

from __future__ import annotations

import pytest

from tasks.models import ProgressReport

from .key_pages import PASSWORD, WITH_APPROVER, WITH_OFFICE, demo_with_reports

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
State = ProgressReport.State


@pytest.fixture
def demo(settings):
    return demo_with_reports(settings)


def _log_in(page, base: str, username: str, next_url: str = "/") -> None:
    page.goto(f"{base}/login/?next={next_url}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector(".topbar .who")


def _report(demo, label: str) -> ProgressReport:
    return ProgressReport.objects.get(
        period=demo["period"], measure__label=label, agency__short_name="省科技厅"
    )


def test_the_approvers_one_click_sign_off_asks_first(demo, live_server, page, dialogs):
    _log_in(page, live_server.url, "keji-lead", "/reports/")
    button = page.locator("table.rp-signoff tbody tr", has_text=WITH_APPROVER).locator(
        "button:has-text('审核通过并报送')"
    )
    page.ipplan_answer = False  # 取消: nothing is sent
    button.click()
    assert "报送联席会议办公室" in dialogs[-1] and WITH_APPROVER in dialogs[-1]
    assert _report(demo, WITH_APPROVER).state == State.PENDING_SIGNOFF
    page.ipplan_answer = True
    button.click()
    page.wait_for_selector(".messages")
    assert _report(demo, WITH_APPROVER).state == State.SUBMITTED


def test_bulk_accept_says_how_many_and_refuses_an_empty_selection(demo, live_server, page, dialogs):
    _log_in(page, live_server.url, "office", "/reports/review/")
    page.click("button:has-text('批量采纳所选报告')")
    assert dialogs[-1] == "请先勾选要采纳的报告。"
    page.check("#bulk-form input[name=report] >> nth=0")
    page.ipplan_answer = False
    page.click("button:has-text('批量采纳所选报告')")
    assert "采纳所选的 1 份报告" in dialogs[-1]
    assert _report(demo, WITH_OFFICE).state == State.SUBMITTED
    page.ipplan_answer = True
    page.click("button:has-text('批量采纳所选报告')")
    page.wait_for_selector(".messages")
    assert _report(demo, WITH_OFFICE).state == State.ACCEPTED


def test_the_decision_box_follows_the_report_and_accept_opens_the_next(demo, live_server, page):
    from django.contrib.auth import get_user_model

    from tasks.services.reporting import report_sign_off

    lead = get_user_model().objects.get(username="keji-lead")
    following = report_sign_off(report=_report(demo, WITH_APPROVER), by=lead)
    first = _report(demo, WITH_OFFICE)
    _log_in(page, live_server.url, "office", f"/reports/{first.pk}/")
    content = page.locator(".rp-content").bounding_box()
    attachments = page.locator(".rp-attachments").bounding_box()
    decision = page.locator("#decision").bounding_box()
    assert content["y"] < attachments["y"] < decision["y"]
    page.click("#decision button:has-text('采纳并打开下一份')")
    page.wait_for_url(f"**/reports/{following.pk}/")
    assert "报告已采纳" in page.inner_text(".messages")
    assert _report(demo, WITH_OFFICE).state == State.ACCEPTED


def test_the_measure_chart_keeps_the_target_in_view(demo, live_server, page):
    """Actual 16,200 against a target of 1,500: the y-axis runs from 0 past 16,200."""
    from indicators.models import Observation

    measure = _report(demo, WITH_OFFICE).measure
    indicator = measure.indicators.get()
    Observation.objects.create(indicator=indicator, period=demo["period"], value=16200)
    _log_in(page, live_server.url, "office", f"/dashboard/measures/{measure.pk}/")
    page.wait_for_selector(f"[data-chart='{indicator.pk}'] svg")
    low, high = page.evaluate(
        """(id) => {
          const chart = echarts.getInstanceByDom(document.querySelector(`[data-chart="${id}"]`));
          return chart.getModel().getComponent('yAxis').axis.scale.getExtent();
        }""",
        indicator.pk,
    )
    assert low <= float(indicator.target_value) <= high and high >= 16200
    labels = page.locator(f"[data-chart='{indicator.pk}'] svg text").all_text_contents()
    assert any("年" in label and "月" in label for label in labels)  # 2012年12月, not 31/12
    assert not any("/" in label for label in labels)


def test_saving_a_grade_stays_on_its_row(demo, live_server, page):
    query = f"plan={demo['plan'].pk}&period={demo['period'].pk}"
    _log_in(page, live_server.url, "office", f"/dashboard/evaluation/?{query}")
    rows = page.locator("#evaluation tbody tr[data-agency]")
    row = rows.nth(rows.count() - 1)  # the last row: far down the page
    agency = row.get_attribute("data-agency")
    row.locator("textarea[name=reason]").fill("按时报送，推进有力。")
    row.locator("button:has-text('保存')").click()
    page.wait_for_url(f"**#agency-{agency}")
    saved = page.locator(f"#agency-{agency}")
    assert "考评等次" in saved.locator(".row-note").inner_text()
    assert page.evaluate("window.scrollY") > 0
    box = saved.bounding_box()
    assert 0 <= box["y"] < page.viewport_size["height"]  # the row is on screen
