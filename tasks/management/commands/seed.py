"""Load the directory, the seed plans and (in DEBUG) the demo people and period; idempotent."""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from agencies.services import AgencyDirectory, directory_load_file
from tasks.demo import demo_period_open
from tasks.importer.serialize import plan_from_file
from tasks.importer.services import plan_write

FIXTURES = Path(settings.BASE_DIR) / "fixtures"


class Command(BaseCommand):
    help = "载入单位名录、种子计划和演示账号（可重复运行）。"

    def add_arguments(self, parser):
        parser.add_argument("--no-demo", action="store_true", help="不创建演示账号")

    def handle(self, *args, no_demo: bool = False, **options):
        result = directory_load_file(FIXTURES / "agencies.json")
        self.stdout.write(f"单位名录：新增 {result.created}，更新 {result.updated}")
        directory = AgencyDirectory()
        for path in sorted((FIXTURES / "plans").glob("*.json")):
            summary = plan_write(plan_from_file(path), publish=True, directory=directory)
            self.stdout.write(
                f"计划《{summary.plan_title}》：章 {summary.chapters}，措施 {summary.measures}，"
                f"责任分工 {sum(summary.assignments_by_role.values())}，指标 {summary.indicators}"
            )
        if no_demo or not settings.DEBUG:
            return
        self.stdout.write(self.style.SUCCESS("演示账号（仅供本机试用）："))
        call_command("demo_people", stdout=self.stdout)
        self.stdout.write(demo_period_open())
