"""Generate the province-scale synthetic dataset used by the benchmarks."""

from django.core.management.base import BaseCommand

from tasks.synthetic import synthetic_generate, synthetic_reports_generate


class Command(BaseCommand):
    help = "生成省级规模的合成数据（可复现；再次运行会替换上次的合成数据）。"

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--scale", type=float, default=1.0, help="1.0 = 80 个单位、30 个计划")
        parser.add_argument(
            "--reports",
            action="store_true",
            help="再为每项报送分工生成 40 个季度的进展报告（规模 1.0 时约 36 万份）",
        )

    def handle(self, *args, seed: int, scale: float, reports: bool, **options):
        counts = synthetic_generate(seed=seed, scale=scale)
        self.stdout.write(
            f"合成数据：单位 {counts.agencies}，计划 {counts.plans}，措施 {counts.measures}，"
            f"责任分工 {counts.assignments}，指标 {counts.indicators}"
        )
        if reports:
            made = synthetic_reports_generate(seed=seed)
            self.stdout.write(
                f"进展报告：周期 {made.periods}，报告 {made.reports}，版本 {made.versions}，"
                f"指标实际值 {made.observations}"
            )
