"""The key pages of each persona on `make run`'s demo data, in one list.

Used by the accessibility (axe-core) and Content-Security-Policy checks and by the
screenshots in docs/: a page added here is checked everywhere at once. The demo gets a
little life first so no page is empty: 省科技厅 has one report with the office (signed off),
one waiting for its approver and the rest in draft.
"""

from __future__ import annotations

from dataclasses import dataclass
from io import StringIO

from django.core.management import call_command

from tasks.demo import DEMO_PLAN_SLUG

PASSWORD = "ipplan-demo"  # agencies.demo.DEMO_PASSWORD
PERSONAS = {"reporter": "keji", "approver": "keji-lead", "office": "office"}
WITH_OFFICE = "（十四）"  # 省科技厅 leads it; one target (1500项以上)
WITH_APPROVER = "（十五）"


@dataclass(frozen=True)
class KeyPage:
    persona: str  # reporter / approver / office
    name: str  # what the person calls it, e.g. 待填报
    shot: str  # the screenshot's file name in docs/screenshots/, e.g. reporter-inbox
    path: str
    ready: str  # a selector present once the page has drawn

    @property
    def username(self) -> str:
        return PERSONAS[self.persona]


def demo_with_reports(settings) -> dict:
    """Seed exactly what `make run` loads, then file and sign off as the demo people would."""
    from django.contrib.auth import get_user_model

    from tasks.models import Measure, Plan, ProgressReport
    from tasks.services.reporting import ReportInput, report_save, report_sign_off, report_submit

    settings.DEBUG = True
    call_command("seed", stdout=StringIO())
    settings.DEBUG = False
    users = get_user_model().objects
    keji, lead = users.get(username="keji"), users.get(username="keji-lead")
    reports = ProgressReport.objects.filter(
        period__plan__slug=DEMO_PLAN_SLUG, agency__short_name="省科技厅"
    )
    filed = {}
    for label in (WITH_OFFICE, WITH_APPROVER):
        report = reports.get(measure__label=label)
        report = report_save(
            report=report,
            by=keji,
            data=ReportInput(progress_status="on_track", progress_text=f"{label}：按计划推进。"),
            expected_version=report.version,
        )
        filed[label] = report_submit(report=report, by=keji)
    filed[WITH_OFFICE] = report_sign_off(report=filed[WITH_OFFICE], by=lead)
    plan = filed[WITH_OFFICE].period.plan
    measure = Measure.objects.filter(plan=plan, indicators__isnull=False).first()
    return {
        "plan": plan,
        "period": filed[WITH_OFFICE].period,
        "report": filed[WITH_OFFICE],
        "draft": reports.exclude(measure__label__in=filed).first(),
        "measure": measure,
        "schedule_plan": Plan.objects.get(slug="2016-jiangsu-ip-regional-layout-pilot"),
    }


def key_pages(demo: dict) -> list[KeyPage]:
    query = f"plan={demo['plan'].pk}&period={demo['period'].pk}"
    plan_url = f"/plans/{demo['plan'].slug}/"
    return [
        KeyPage("reporter", "待填报", "reporter-inbox", "/reports/", "table.rp-inbox"),
        KeyPage(
            "reporter", "填报表", "reporter-form", f"/reports/{demo['draft'].pk}/", "#report-form"
        ),
        KeyPage("reporter", "Excel报送", "reporter-excel", "/reports/excel/", "main h1"),
        KeyPage("reporter", "通知", "reporter-notifications", "/notifications/", "main h1"),
        KeyPage(
            "reporter", "单位看板", "reporter-agency-dashboard", "/dashboard/agency/", "main h1"
        ),
        KeyPage("reporter", "搜索", "reporter-search", "/reports/search/?q=按计划推进", "main h1"),
        KeyPage("approver", "待审核", "approver-signoff", "/reports/#signoff", "table.rp-signoff"),
        KeyPage(
            "approver", "报告", "approver-report", f"/reports/{demo['report'].pk}/", ".rp-status"
        ),
        KeyPage("office", "审核队列", "office-review-queue", "/reports/review/", "table.rp-review"),
        KeyPage(
            "office", "审核报告", "office-review", f"/reports/{demo['report'].pk}/", ".rp-status"
        ),
        KeyPage("office", "督查看板", "office-overview", f"/dashboard/?{query}", ".db-compliance"),
        KeyPage(
            "office",
            "分类报告",
            "office-bucket",
            f"/dashboard/reports/?{query}&bucket=missing",
            "main h1",
        ),
        KeyPage("office", "单位矩阵", "office-matrix", f"/dashboard/matrix/?{query}", "#matrix"),
        KeyPage(
            "office",
            "措施",
            "office-measure",
            f"/dashboard/measures/{demo['measure'].pk}/",
            "main h1",
        ),
        KeyPage(
            "office", "指标", "office-indicators", f"/dashboard/indicators/?{query}", "main h1"
        ),
        KeyPage(
            "office",
            "进度计划",
            "office-timeline",
            f"/dashboard/timeline/?plan={demo['schedule_plan'].pk}",
            "main h1",
        ),
        KeyPage(
            "office", "考评", "office-evaluation", f"/dashboard/evaluation/?{query}", "main h1"
        ),
        KeyPage("office", "导出", "office-exports", f"/dashboard/exports/?{query}", "main h1"),
        KeyPage("office", "督查报告", "office-print-report", f"/dashboard/report/?{query}", "h1"),
        KeyPage("office", "Excel报送", "office-excel", "/reports/excel/", "main h1"),
        KeyPage("office", "通知", "office-notifications", "/notifications/", "main h1"),
        KeyPage("office", "搜索", "office-search", "/reports/search/?q=按计划推进", "main h1"),
        KeyPage("office", "计划", "office-plan", f"/plans/{demo['plan'].slug}/", "main h1"),
        KeyPage("office", "计划列表", "office-plans", "/plans/", "main h1"),
        KeyPage(
            "office",
            "责任分工",
            "office-responsibilities",
            f"{plan_url}responsibilities/",
            "main h1",
        ),
        KeyPage("office", "填报周期", "office-periods", f"{plan_url}periods/", "main h1"),
        KeyPage(
            "office",
            "开启前预览",
            "office-periods-preview",
            f"{plan_url}periods/?kind=quarter&year={demo['period'].year}&number=4",
            "[data-test=period-preview]",
        ),
        KeyPage(
            "office",
            "单位与人员",
            "office-agency",
            f"{plan_url}agencies/{demo['draft'].agency_id}/",
            "main h1",
        ),
        KeyPage(
            "office",
            "代报",
            "office-on-behalf",
            f"/reports/{demo['draft'].pk}/on-behalf/",
            "main h1",
        ),
        KeyPage(
            "office",
            "单位看板（联席办查看）",
            "office-agency-dashboard",
            f"/dashboard/agency/?agency={demo['draft'].agency_id}",
            "main h1",
        ),
        KeyPage("office", "催办", "office-urge", "/notifications/urge/", "main h1"),
    ]
