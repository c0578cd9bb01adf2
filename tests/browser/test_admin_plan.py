"""In a real browser, the office logs in and finds the 2012 plan's structure in the admin."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def seeded(office_supervisor):
    from django.core.management import call_command

    call_command("seed", "--no-demo", verbosity=0)


def test_office_logs_in_and_sees_the_2012_plan_with_its_89_measures(
    seeded, live_server, page, screenshot
):
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", "office")
    page.fill("input[name=password]", "pw-office")
    page.click("button[type=submit]")
    page.wait_for_url("**/dashboard/**")  # the office lands on its work, 督查看板
    page.goto(f"{live_server.url}/plans/")
    row = page.locator("tr", has_text="实施江苏省知识产权战略纲要2012年行动计划")
    assert row.locator("td.num").nth(0).inner_text() == "7"
    assert row.locator("td.num").nth(1).inner_text() == "89"
    screenshot("home-plans")

    page.click("text=管理后台")
    page.click("#content-main a:text-is('措施')")
    page.click("#changelist-filter a:has-text('实施江苏省知识产权战略纲要2012年行动计划')")
    assert "89" in page.locator("#changelist-form .paginator").inner_text()
    row = page.locator("#result_list tbody tr", has_text="（二十一）")
    assert row.inner_text().count("（配合）") == 10  # a lead and 10 co-responsible bodies
    assert "省商务厅（牵头）" in row.inner_text()
    screenshot("admin-measures", full_page=False)
