"""The periodic sweep for the embedded mode (no beat): run it from cron, or with --loop."""

import time

from django.core.management.base import BaseCommand

from core import clock
from notifications import services


class Command(BaseCommand):
    help = "开启到期的填报周期、标记逾期、发送到期的提醒/催办/督办，并补发未送达的通知。"

    def add_arguments(self, parser):
        parser.add_argument("--digest", action="store_true", help="同时发送本周汇总（每周一次）")
        parser.add_argument(
            "--loop", type=int, metavar="SECONDS", help="每隔 SECONDS 秒重复一次，直到中断"
        )

    def handle(self, *args, digest: bool = False, loop: int | None = None, **options):
        while True:
            result = services.reminders_sweep()
            if digest or clock.today().weekday() == 0:
                result["digest"] = services.digest_send_weekly()
            line = (
                f"开启周期 {result['opened']}，标记逾期 {result['late']}，"
                f"待发送 {result['open_rows']}，已派发 {result['dispatched']}"
            )
            if "digest" in result:
                line += f"，周报 {result['digest']}"
            self.stdout.write(line)
            if not loop:
                return
            time.sleep(loop)
