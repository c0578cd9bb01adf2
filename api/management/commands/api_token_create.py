"""Issue an API token and print its secret, once."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Q

from agencies.models import Agency, User
from core import clock

from ...models import DEFAULT_RATE_PER_MINUTE
from ...tokens import service_account_for, token_create


class Command(BaseCommand):
    help = "签发接口令牌并打印一次密钥（系统只保存摘要）。"

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True, help="令牌名称，如“省政府门户数据同步”")
        owner = parser.add_mutually_exclusive_group(required=True)
        owner.add_argument("--agency", help="所属单位：全称、简称或编号")
        owner.add_argument("--office", action="store_true", help="联席会议办公室的令牌")
        parser.add_argument(
            "--scopes", default="read", help="逗号分隔：read、report、review（默认 read）"
        )
        parser.add_argument("--user", help="以该账号身份操作；不给则新建一个只供接口使用的账号")
        parser.add_argument("--expires-days", type=int, help="多少天后过期（默认不过期）")
        parser.add_argument(
            "--rate", type=int, default=DEFAULT_RATE_PER_MINUTE, help="每分钟请求上限"
        )
        parser.add_argument("--quiet", action="store_true", help="只打印密钥（供脚本使用）")

    @transaction.atomic
    def handle(self, *args, **options):
        agency = None
        if options["agency"]:
            text = options["agency"]
            lookup = Q(name=text) | Q(short_name=text) | Q(aliases__name=text)
            if text.isdigit():
                lookup |= Q(pk=int(text))
            matches = list(Agency.objects.filter(lookup).distinct()[:2])
            if len(matches) != 1:
                raise CommandError(f"找不到唯一的单位“{text}”。")
            agency = matches[0]
        scopes = {s.strip() for s in options["scopes"].split(",") if s.strip()}
        try:
            if options["user"]:
                user = User.objects.filter(username=options["user"]).first()
                if user is None:
                    raise CommandError(f"账号“{options['user']}”不存在。")
            else:
                user = service_account_for(name=options["name"], agency=agency, scopes=scopes)
            expires_at = None
            if options["expires_days"]:
                expires_at = clock.now() + datetime.timedelta(days=options["expires_days"])
            issued = token_create(
                name=options["name"],
                user=user,
                agency=agency,
                scopes=scopes,
                expires_at=expires_at,
                rate_per_minute=options["rate"],
            )
        except ValidationError as error:
            raise CommandError("；".join(error.messages)) from error
        if options["quiet"]:
            self.stdout.write(issued.secret)
            return
        owner = agency or "联席会议办公室"
        self.stdout.write(
            f"令牌“{issued.token.name}”（{owner}，账号 {user.username}，"
            f"范围 {','.join(sorted(issued.token.scopes))}）已创建。"
        )
        self.stdout.write("密钥只显示这一次，请立即保存：")
        self.stdout.write(issued.secret)
