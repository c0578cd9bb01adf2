"""In a real browser: the office assigns a whole chapter on the 责任分工 page (a lead and two
co-agencies in one action), gives a group its member towns, previews and opens a quarter
(seeing who has no reporter account), then closes it with a reason. No admin URL."""

import pytest

from agencies.models import Agency
from tasks.models import Assignment, Measure, PeriodEvent, Plan, ProgressReport, Section
from tests.browser.steps import log_in, messages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SLUG = "browser-city-plan"


@pytest.fixture
def city_plan(directory):
    plan = Plan.objects.create(
        title="连云港市知识产权强市建设行动计划",
        slug=SLUG,
        level="city",
        status=Plan.Status.PUBLISHED,
        period_start_year=2026,
        period_end_year=2027,
    )
    texts = {
        1: ["实施高价值专利培育计划。", "开展企业知识产权贯标。", "培育商标品牌示范企业。"],
        2: ["开展知识产权执法专项行动。", "建设知识产权纠纷调解中心。"],
    }
    order = 0
    for number, title in ((1, "强化知识产权创造"), (2, "加强知识产权保护")):
        chapter = Section.objects.create(
            plan=plan, number=number, label=f"{'一二'[number - 1]}、", title=title, order=number
        )
        for index, text in enumerate(texts[number], start=1):
            order += 1
            Measure.objects.create(
                plan=plan,
                section=chapter,
                number=index,
                label=f"{order}.",
                ref=str(order),
                order=order,
                text=text,
            )
    return plan


def test_the_office_assigns_a_chapter_in_bulk_and_opens_a_quarter(
    office_supervisor, city_plan, live_server, page, screenshot
):
    base = live_server.url
    log_in(page, base, "office", f"/plans/{SLUG}/responsibilities/", password="pw-office")
    assert "无牵头单位的措施（5）" in page.inner_text("[data-test=without-lead]")

    # Chapter 一 only: filter, then assign every measure the filter shows.
    page.select_option("select[name=section]", label="一、强化知识产权创造")
    page.click("button:has-text('筛选')")
    page.check("input[name=scope][value=filtered]")
    page.select_option("[data-test=lead]", label="连云港市财政局（市）")
    page.select_option("[data-test=co]", label=["连云港市法院（市）", "连云港市检察院（市）"])
    page.click("[data-test=bulk-assign]")
    assert "已新增 9 条责任分工" in messages(page)
    assert "无牵头单位的措施（2）" in page.inner_text("[data-test=without-lead]")
    screenshot("office-responsibilities-bulk")

    # Chapter 二 goes to the towns of 各镇（街道）: tick both measures by hand.
    page.goto(f"{base}/plans/{SLUG}/responsibilities/?without_lead=on")
    for label in ("4.", "5."):
        page.check(f"tr[data-measure='{label}'] input[name=measures]")
    page.select_option("[data-test=lead]", label="各镇（街道）（镇（街道））")
    page.click("[data-test=bulk-assign]")
    assert "每项措施都有牵头单位" in page.inner_text("[data-test=without-lead]")

    # A body gets its first reporter: a one-time set-password link, shown once.
    finance = Agency.objects.get(short_name="连云港市财政局")
    page.goto(f"{base}/plans/{SLUG}/agencies/{finance.pk}/")
    invite = page.locator("#invite")
    invite.locator("input[name=username]").fill("lyg-cz")
    invite.locator("input[name=full_name]").fill("市财政局 周填报")
    invite.locator("[data-test=invite]").click()
    assert "/password/set/" in page.input_value("[data-test=invite-link]")
    screenshot("office-invitation", max_height=900)

    # The group needs members: create two towns from the same page, then pick them.
    for name, short in (("南通市通州区金沙街道", "金沙街道"), ("南通市通州区兴仁镇", "兴仁镇")):
        page.goto(f"{base}/plans/{SLUG}/responsibilities/")
        form = page.locator("#agency-new")
        form.locator("input[name=new-name]").fill(name)
        form.locator("input[name=new-short_name]").fill(short)
        form.locator("select[name=new-level]").select_option("town")
        form.locator("select[name=new-kind]").select_option("government")
        form.locator("[data-test=agency-create]").click()
        assert f"已新增单位“{name}”" in messages(page)
    group = Agency.objects.get(short_name="各镇（街道）")
    page.goto(f"{base}/plans/{SLUG}/agencies/{group.pk}/")
    page.select_option(
        "[data-test=members]", label=["金沙街道（镇（街道））", "兴仁镇（镇（街道））"]
    )
    page.click("button:has-text('保存成员单位')")
    assert "成员单位已保存（2 个）" in messages(page)
    screenshot("office-agency-group")

    # Preview the quarter: 3 + 3 + 3 chapter-一 reports, 2 towns × 2 measures; nobody has
    # an account yet, so every body is marked 无填报人.
    page.goto(f"{base}/plans/{SLUG}/periods/")
    page.select_option("select[name=kind]", "quarter")
    page.fill("input[name=year]", "2026")
    page.fill("input[name=number]", "2")
    page.click("[data-test=preview]")
    assert page.inner_text("[data-test=expected]") == "13"
    assert page.locator("[data-test=no-account]").count() == 4  # 市财政局 now has a reporter
    screenshot("office-periods-preview")
    page.click("[data-test=open-period]")
    assert "新生成 13 份报告，共 13 份" in messages(page)
    assert ProgressReport.objects.filter(period__plan=city_plan).count() == 13

    # Opening again creates nothing more.
    page.goto(f"{base}/plans/{SLUG}/periods/?kind=quarter&year=2026&number=2")
    page.click("[data-test=open-period]")
    assert "新生成 0 份报告，共 13 份" in messages(page)

    # Close it with a reason; the reason stays in the period's history.
    row = page.locator("tr[data-period='2026年第二季度']")
    row.locator("input[name=reason]").fill("二季度材料已汇总上报市政府")
    row.locator("button:has-text('关闭')").click()
    assert "已关闭" in messages(page)
    assert "关闭：二季度材料已汇总上报市政府" in page.inner_text("tr[data-period='2026年第二季度']")
    screenshot("office-periods")
    assert PeriodEvent.objects.filter(action="closed", by=office_supervisor).exists()
    assert Assignment.objects.filter(measure__plan=city_plan).count() == 11


def test_publishing_a_plan_with_measures_without_a_lead_asks_first(
    office_supervisor, city_plan, live_server, page, screenshot
):
    Plan.objects.filter(pk=city_plan.pk).update(status=Plan.Status.DRAFT)
    log_in(page, live_server.url, "office", f"/plans/{SLUG}/review/", password="pw-office")
    page.click("button:has-text('发布计划')")
    confirm = page.locator("[data-test=publish-confirm]")
    assert "还有 5 项措施没有牵头单位" in confirm.inner_text()
    screenshot("office-publish-confirm", max_height=900)
    page.click("[data-test=publish-anyway]")
    assert "已发布" in messages(page)
    assert Plan.objects.get(pk=city_plan.pk).status == Plan.Status.PUBLISHED
