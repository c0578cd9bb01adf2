"""Score the importer against clerks' expectation files: items, triples and targets."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tasks.importer.scoring import load_expectations, percent, score_document


class Command(BaseCommand):
    help = (
        "用人工核对的期望文件（默认 fixtures/import_expectations/）给导入器打分："
        "条目识别率、责任分工三元组准确率、指标识别率。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "directory",
            nargs="?",
            type=Path,
            default=Path(settings.BASE_DIR) / "fixtures" / "import_expectations",
        )
        parser.add_argument("--details", action="store_true", help="列出每一处差异")

    def handle(self, *args, directory: Path, details: bool, **options):
        expectations = load_expectations(directory)
        if not expectations:
            raise CommandError(f"{directory} 中没有期望文件（*.json）")
        root = Path(settings.BASE_DIR)
        scores = [score_document(expectation, root=root) for expectation in expectations]
        columns = ("条目", "三元组", "多出", "指标", "误取")
        header = f"{'文件':44} {'层级':4} " + " ".join(f"{name:>9}" for name in columns)
        self.stdout.write(header)
        for s in scores:
            self.stdout.write(
                f"{s.name:44} {'✓' if s.level_ok else '✗':4} {s.items_found:>4}/{s.items:<4}"
                f"   {s.triples_exact:>4}/{s.triples:<4} {s.triples_extra:>4}"
                f" {s.targets_found:>4}/{s.targets:<4} {s.history_taken:>4}"
                + (f"  拒绝：{s.refused}" if s.refused else "")
            )
            if details:
                for miss in s.misses[1 if s.refused else 0 :]:
                    self.stdout.write(f"    {miss}")
        items, found = sum(s.items for s in scores), sum(s.items_found for s in scores)
        triples, exact = sum(s.triples for s in scores), sum(s.triples_exact for s in scores)
        extra = sum(s.triples_extra for s in scores)
        targets, hit = sum(s.targets for s in scores), sum(s.targets_found for s in scores)
        history = sum(s.history_taken for s in scores)
        self.stdout.write(
            f"\n{len(scores)} 份文件：层级正确 {sum(s.level_ok for s in scores)}/{len(scores)}；"
            f"条目 {percent(found, items)}（{found}/{items}）；"
            f"三元组准确 {percent(exact, triples)}（{exact}/{triples}，多出 {extra}）；"
            f"指标 {percent(hit, targets)}（{hit}/{targets}）；误把成绩当指标 {history}"
        )
