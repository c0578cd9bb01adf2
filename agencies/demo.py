"""Demo people for the embedded run mode: an office supervisor and a few agencies' staff."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .models import Agency, Membership, User
from .services import person_create

DEMO_PASSWORD = "ipplan-demo"

# (username, full name, agency short name, role); the office is hosted by 省知识产权局.
DEMO_PEOPLE = [
    ("office", "联席办 王督查", "省知识产权局", Membership.Role.SUPERVISOR),
    ("keji", "省科技厅 李填报", "省科技厅", Membership.Role.REPORTER),
    ("keji-lead", "省科技厅 赵处长", "省科技厅", Membership.Role.APPROVER),
    ("shangwu", "省商务厅 陈填报", "省商务厅", Membership.Role.REPORTER),
    ("shangwu-lead", "省商务厅 周处长", "省商务厅", Membership.Role.APPROVER),
    ("jiaoyu", "省教育厅 孙填报", "省教育厅", Membership.Role.REPORTER),
    ("zhishi", "省知识产权局 吴填报", "省知识产权局", Membership.Role.REPORTER),
]


@dataclass
class DemoLogin:
    username: str
    password: str
    description: str


def demo_people_create() -> list[DemoLogin]:
    """Create the demo people (idempotent). Refused outside DEBUG: demo passwords are public."""
    if not settings.DEBUG:
        raise ImproperlyConfigured("演示账号只能在 DEBUG 模式下创建（其密码是公开的）。")
    logins = []
    for username, full_name, agency_name, role in DEMO_PEOPLE:
        label = dict(Membership.Role.choices)[role]
        if User.objects.filter(username=username).exists():
            # Seeding again leaves people as the office left them (password, name, roles).
            logins.append(DemoLogin(username, "（已存在，未改动）", f"{agency_name} · {label}"))
            continue
        agency = Agency.objects.get(short_name=agency_name, is_active=True)
        is_office = role == Membership.Role.SUPERVISOR
        person_create(
            username=username,
            password=DEMO_PASSWORD,
            full_name=full_name,
            agency=agency,
            role=role,
            is_staff=is_office,
            is_superuser=is_office,
        )
        logins.append(DemoLogin(username, DEMO_PASSWORD, f"{agency_name} · {label}"))
    return logins
