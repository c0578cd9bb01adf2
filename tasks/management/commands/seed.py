"""Load the directory, the seed plans and (in DEBUG) the demo people and period.

Only adds what is missing: every run after the first leaves the office's edits alone —
agencies, members, assignments, indicators, periods, rules and people (docs/revisions.md).
"""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from agencies.services import SEED_DIRECTORY_FILES, AgencyDirectory, directory_load_seed
from tasks.demo import demo_period_open
from tasks.importer.serialize import plan_from_file
from tasks.models import Plan
from tasks.selectors.revisions import plan_for_document
from tasks.services.revisions import plan_import

FIXTURES = Path(settings.BASE_DIR) / "fixtures"


class Command(BaseCommand):
    help = "载入单位名录、种子计划和演示账号（可重复运行：只补充缺少的，不改动已有数据）。"

    def add_arguments(self, parser):
        parser.add_argument("--no-demo", action="store_true", help="不创建演示账号")

    def handle(self, *args, no_demo: bool = False, verbosity: int = 1, **options):
        def say(line: str, level: int = 1) -> None:
            """-v 0: nothing; -v 1 (default): what changed; -v 2: also each file read."""
            if verbosity >= level:
                self.stdout.write(line)

        say(f"读取 {'、'.join(str(FIXTURES / name) for name in SEED_DIRECTORY_FILES)}", 2)
        result = directory_load_seed(FIXTURES)
        say(f"单位名录：新增 {result.created}，已有 {result.kept}（保持不变）")
        directory = AgencyDirectory()
        for path in sorted((FIXTURES / "plans").glob("*.json")):
            say(f"读取 {path}", 2)
            parsed = plan_from_file(path)
            existing = plan_for_document(parsed) or Plan.objects.filter(slug=parsed.slug).first()
            if existing is not None:
                say(f"计划《{existing.title}》：已存在，保持不变")
                continue
            summary = plan_import(parsed, publish=True, directory=directory)
            say(
                f"计划《{summary.plan_title}》：章 {summary.chapters}，措施 {summary.measures}，"
                f"责任分工 {sum(summary.assignments_by_role.values())}，指标 {summary.indicators}"
            )
            if summary.publish_refused:
                say(f"  未发布（仍为草稿）：{summary.publish_refused}")
        if no_demo or not settings.DEBUG:
            return
        say(self.style.SUCCESS("演示账号（仅供本机试用）："))
        call_command("demo_people", stdout=self.stdout, verbosity=verbosity)
        say(demo_period_open())
