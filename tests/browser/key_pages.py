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
    name: str  # e.g. 待填报, used in test ids and screenshot names
    path: str
    ready: str  # a selector present once the page has drawn

    @property
    def username(self) -> str:
        return PERSONAS[self.persona]

    @property
    def slug(self) -> str:
        return f"{self.persona}-{self.name}"


def demo_with_reports(settings) -> dict:
    """Seed exactly what `make run` loads, then file and sign off as the demo people would."""
    from django.contrib.auth import get_user_model

    from tasks.models import Measure, ProgressReport
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
    }


def key_pages(demo: dict) -> list[KeyPage]:
    query = f"plan={demo['plan'].pk}&period={demo['period'].pk}"
    return [
        KeyPage("reporter", "待填报", "/reports/", "table.rp-inbox"),
        KeyPage("reporter", "填报表", f"/reports/{demo['draft'].pk}/", "#report-form"),
        KeyPage("reporter", "Excel报送", "/reports/excel/", "main h1"),
        KeyPage("reporter", "通知", "/notifications/", "main h1"),
        KeyPage("approver", "待审核", "/reports/#signoff", "table.rp-signoff"),
        KeyPage("approver", "报告", f"/reports/{demo['report'].pk}/", ".rp-status"),
        KeyPage("office", "审核队列", "/reports/review/", "table.rp-review"),
        KeyPage("office", "审核报告", f"/reports/{demo['report'].pk}/", ".rp-status"),
        KeyPage("office", "督查看板", f"/dashboard/?{query}", ".db-compliance"),
        KeyPage("office", "分类报告", f"/dashboard/reports/?{query}&bucket=missing", "main h1"),
        KeyPage("office", "单位矩阵", f"/dashboard/matrix/?{query}", "#matrix"),
        KeyPage("office", "措施", f"/dashboard/measures/{demo['measure'].pk}/", "main h1"),
        KeyPage("office", "指标", f"/dashboard/indicators/?{query}", "main h1"),
        KeyPage("office", "进度计划", f"/dashboard/timeline/?{query}", "main h1"),
        KeyPage("office", "考评", f"/dashboard/evaluation/?{query}", "main h1"),
        KeyPage("office", "导出", f"/dashboard/exports/?{query}", "main h1"),
        KeyPage("office", "Excel报送", "/reports/excel/", "main h1"),
        KeyPage("office", "通知", "/notifications/", "main h1"),
        KeyPage("office", "计划", f"/plans/{demo['plan'].slug}/", "main h1"),
    ]
