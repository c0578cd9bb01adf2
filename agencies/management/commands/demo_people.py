"""Create the demo people and print their logins (DEBUG only)."""

from django.core.management.base import BaseCommand

from agencies.demo import demo_people_create


class Command(BaseCommand):
    help = "创建演示账号并打印登录信息（仅 DEBUG 模式）。"

    def handle(self, *args, verbosity: int = 1, **options):
        for login in demo_people_create():
            line = f"{login.username:<14} 密码 {login.password}   {login.description}"
            if verbosity >= 1:
                self.stdout.write(line)
