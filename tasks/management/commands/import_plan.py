"""Import a plan from a published document: text, .docx or .xlsx."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.models import Level
from tasks.importer.decoding import DocumentError, LevelUnknownError
from tasks.importer.services import document_import
from tasks.models import PlanRevision
from tasks.services.revisions import revision_apply


class Command(BaseCommand):
    help = "从公文（txt / docx / xlsx）导入计划，打印识别结果；--dry-run 不写入。"

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="只解析并汇报，不写入数据库")
        parser.add_argument("--level", choices=Level.values, help="计划层级（默认按发文机关推断）")
        parser.add_argument("--publish", action="store_true", help="导入后直接发布")
        parser.add_argument(
            "--apply",
            action="store_true",
            help="文件是已有计划的新版本时，立即应用生成的修订（默认只保存修订，待在修订页比对后应用）",
        )

    def handle(
        self,
        *args,
        path: Path,
        dry_run: bool,
        level: str | None,
        publish: bool,
        apply: bool = False,
        **options,
    ):
        if not path.is_file():
            raise CommandError(f"找不到文件：{path}")
        try:
            summaries = document_import(
                data=path.read_bytes(),
                filename=path.name,
                level=level,
                publish=publish,
                dry_run=dry_run,
            )
        except LevelUnknownError as error:
            raise CommandError(
                f"{path.name}：{error}：请用 --level 指定（{'、'.join(Level.values)}）"
            ) from error
        except DocumentError as error:
            raise CommandError(f"{path.name}：{error}") from error
        for summary in summaries:
            self.stdout.write(summary.as_text())
            if summary.revision and apply:
                revision = PlanRevision.objects.get(
                    plan_id=summary.plan_id, number=summary.revision
                )
                revision_apply(revision=revision, by=None)
                self.stdout.write(f"  已应用第{summary.revision}版修订。")
            elif summary.revision:
                self.stdout.write(
                    f"  请在修订页比对后应用：/plans/{summary.slug}/revisions/{summary.revision}/"
                    "（或加 --apply 重新运行）"
                )
