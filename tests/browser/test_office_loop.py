"""The office runs a new plan in the browser, with no admin URL, and nothing it enters is lost.

Import Lianyungang's opinion, create the city department and invite its reporter, assign it
to every measure in one action, publish, extend the plan's years to 2026 and open a 2026
quarter; the reporter sets a password and files; the office accepts. Then `seed` runs
again (as every `make run` does) and every assignment is still there; then the office
imports an edited copy of the document, compares the revision and applies it, and the
accepted report is still on its measure.
"""

from io import StringIO

import pytest
from django.core.management import call_command

from tasks.models import Assignment, Measure, Plan, PlanRevision, ProgressReport
from tests import documents
from tests.browser.steps import log_in, log_out, messages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SLUG = "2016-lianyungang-ip-implementation-opinion"
# The document's plan runs 2016–2020 (到2020年); the office carries it on into 2026 by
# extending its 实施期 on the periods page, then opens a 2026 quarter.
YEAR, QUARTER = 2026, 4
# The 20 numbered items of 二、重点任务, and the three 保障措施 (组织领导, 投入, 督查): each
# commits the city to something it can report on.
MEASURES = 23
REPORTED = "促进企业知识产权产出"  # the measure the reporter files on; the edition rewords it


def upload(page, base: str, path) -> None:
    page.goto(f"{base}/plans/import/")
    page.set_input_files("input[name=file]", str(path))
    page.click("button:has-text('上传并识别')")
    page.wait_for_selector(".summary")


def assignment_rows(plan: Plan) -> set[tuple]:
    return set(
        Assignment.objects.filter(measure__plan=plan).values_list(
            "pk", "measure_id", "agency_id", "role"
        )
    )


def test_the_office_runs_a_new_plan_and_keeps_everything_through_seed_and_a_revision(
    office_supervisor, background_jobs, live_server, page, screenshot, tmp_path, settings
):
    base = live_server.url

    # 1. The office imports the published document; it becomes a draft of 23 measures.
    log_in(page, base, "office", "/plans/import/", password="pw-office")
    upload(page, base, documents.LIANYUNGANG)
    assert "市政府关于进一步加强知识产权工作的实施意见" in page.inner_text(".summary h2")
    plan = Plan.objects.get(slug=SLUG)
    assert plan.status == Plan.Status.DRAFT and plan.measures.count() == MEASURES

    # 2. The document names no bodies: the office creates the city department on the
    #    责任分工 page and invites its first reporter in the same form.
    page.goto(f"{base}/plans/{SLUG}/responsibilities/")
    assert f"无牵头单位的措施（{MEASURES}）" in page.inner_text("[data-test=without-lead]")
    form = page.locator("#agency-new")
    form.locator("input[name=new-name]").fill("连云港市科学技术局")
    form.locator("input[name=new-short_name]").fill("市科技局")
    form.locator("select[name=new-level]").select_option("city")
    form.locator("select[name=new-kind]").select_option("department")
    form.locator("input[name=new-invite_username]").fill("lyg-keji")
    form.locator("input[name=new-invite_full_name]").fill("市科技局 刘填报")
    form.locator("[data-test=agency-create]").click()
    page.wait_for_selector("[data-test=invitation]")
    invite_link = page.input_value("[data-test=invite-link]")
    assert "/password/set/" in invite_link

    # 3. Bulk assignment: every measure the filter shows, one lead, one action.
    page.goto(f"{base}/plans/{SLUG}/responsibilities/")
    page.check("input[name=scope][value=filtered]")
    page.select_option("[data-test=lead]", label="市科技局（市）")
    page.click("[data-test=bulk-assign]")
    page.wait_for_selector(".messages")
    assert "每项措施都有牵头单位" in page.inner_text("[data-test=without-lead]")
    assigned = Assignment.objects.filter(measure__plan=plan, agency__short_name="市科技局")
    assert assigned.count() == MEASURES

    # 4. Publish, then open a quarter after previewing who will report.
    page.goto(f"{base}/plans/{SLUG}/review/")
    page.click("button:has-text('发布计划')")
    assert "已发布" in messages(page)
    page.goto(f"{base}/plans/{SLUG}/periods/?kind=quarter&year={YEAR}&number={QUARTER}")
    assert page.inner_text("[data-test=plan-years]") == "2016—2020年"
    assert "该周期在计划实施期（2016—2020年）之外" in page.inner_text("[data-test=outside-years]")
    assert page.locator("[data-test=open-period]").count() == 0
    page.fill("[data-test=years-form] input[name=end_year]", str(YEAR))
    page.click("[data-test=save-years]")
    assert "计划实施期已改为2016—2026年。" in messages(page)
    plan.refresh_from_db()
    assert (plan.period_start_year, plan.period_end_year) == (2016, YEAR)
    page.goto(f"{base}/plans/{SLUG}/periods/?kind=quarter&year={YEAR}&number={QUARTER}")
    assert page.locator("[data-test=outside-years]").count() == 0
    assert page.inner_text("[data-test=expected]") == str(MEASURES)
    page.click("[data-test=open-period]")
    page.wait_for_selector(".messages")
    report = ProgressReport.objects.get(
        period__plan=plan, measure__text__startswith=REPORTED, agency__short_name="市科技局"
    )
    log_out(page)

    # 5. The invited reporter chooses a password through the link, logs in and files.
    page.goto(invite_link)
    page.fill("input[name=new_password1]", "Haizhou-River-73")
    page.fill("input[name=new_password2]", "Haizhou-River-73")
    page.click("button:has-text('设置密码')")
    page.wait_for_url("**/password/set/done/")
    log_in(page, base, "lyg-keji", f"/reports/{report.pk}/", password="Haizhou-River-73")
    page.wait_for_selector("#report-form")
    page.select_option("select[name=progress_status]", "on_track")
    page.fill("textarea[name=progress_text]", "组织培强培优企业申报专利，全市发明专利申请增长18%。")
    page.click("button[value=submit]")
    page.wait_for_selector(".messages")
    report.refresh_from_db()
    assert report.state == ProgressReport.State.SUBMITTED
    log_out(page)

    # 6. The office accepts it.
    log_in(page, base, "office", f"/reports/{report.pk}/", password="pw-office")
    page.click("button[value=accept]")
    assert "报告已采纳" in messages(page)
    report.refresh_from_db()
    assert report.state == ProgressReport.State.ACCEPTED

    # 7. `make run` seeds again: every assignment the office made is still there.
    before = assignment_rows(plan)
    settings.DEBUG = True
    call_command("seed", stdout=StringIO())
    settings.DEBUG = False
    assert assignment_rows(plan) == before and len(before) == MEASURES

    # 8. An edited copy of the document arrives under another name: it is a revision of
    #    the same plan (same 文号), compared before anything changes.
    edited = tmp_path / "连云港市实施意见（修订稿）.txt"
    edited.write_text(documents.lianyungang_revised(), encoding="utf-8")
    upload(page, base, edited)
    assert "已有计划的新版本" in page.inner_text(".summary")
    page.click("text=查看变化并应用 →")
    page.wait_for_selector(".rv-counts")
    assert "<ins>进一步</ins>" in page.inner_html(".measure.rv-reworded")
    assert "建设知识产权大数据平台" in page.inner_text(".measure.rv-added")
    removed = page.inner_text(".measure.rv-removed")
    assert "加大互联网领域知识产权保护力度" in removed
    reported_card = page.locator(".measure.rv-reworded", has_text="培强培优企业")
    assert "已有 1 份报告，仍挂在本措施" in reported_card.inner_text()
    screenshot("revision-diff")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot("revision-diff-390")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.click("button:has-text('应用此修订')")
    assert "第2版修订已应用：新增措施 1 项，停用 1 项，修改 1 项" in messages(page)
    assert page.inner_text("#revision-status") == "已应用"
    screenshot("revision-applied")

    # The accepted report is still attached to its (reworded) measure, with its version.
    report.refresh_from_db()
    assert report.state == ProgressReport.State.ACCEPTED and report.versions.count() == 1
    measure = report.measure
    assert measure.status == Measure.Status.ACTIVE
    assert measure.text.startswith("促进企业知识产权产出。进一步加大对培强培优企业")
    retired = plan.measures.get(text__startswith="加大互联网领域")
    assert retired.status == Measure.Status.RETIRED and retired.reports.count() == 1
    assert plan.revisions.get(number=2).status == PlanRevision.Status.APPLIED
    # The office's assignments survived the revision too (the retired measure keeps its own).
    assert before <= assignment_rows(plan)
    # ...and so did the years it carried the plan on to (the document still says 到2020年).
    plan.refresh_from_db()
    assert (plan.period_start_year, plan.period_end_year) == (2016, YEAR)
    page.goto(f"{base}/reports/{report.pk}/")
    assert "进一步加大对培强培优企业" in page.inner_text("main")
    assert "已采纳" in page.inner_text(".rp-status")
    page.goto(f"{base}/plans/{SLUG}/")
    assert "加大互联网领域知识产权保护力度" not in page.inner_text("main")
    assert "第2版" in page.inner_text("#revisions")
