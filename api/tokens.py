"""Token services: create (secret shown once), authenticate, revoke."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from agencies.access import is_office
from agencies.models import Agency, Membership, User
from core import clock

from .models import DEFAULT_RATE_PER_MINUTE, ApiToken, Scope

TOKEN_PREFIX = "ipp_"
# Writing ``last_used_at`` on every request would turn each read into a write; once a minute
# is precise enough for an operator deciding whether a token is still in use.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)


def digest(secret: str) -> str:
    """SHA-256 is enough: secrets are 256-bit random, so there is nothing to brute-force."""
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass
class IssuedToken:
    token: ApiToken
    secret: str  # the only time the full secret exists outside the client


def token_check(*, user: User, agency: Agency | None, scopes: set[str]) -> None:
    """The rules a token must satisfy; raised as Chinese messages per field."""
    errors: dict[str, list[str]] = {}
    unknown = scopes - set(Scope.values)
    if unknown:
        errors["scopes"] = [
            f"未知的权限范围：{'、'.join(sorted(unknown))}（可选 read、report、review）。"
        ]
    if not scopes:
        errors["scopes"] = ["至少选择一项权限范围。"]
    if agency is None:
        if Scope.REPORT in scopes:
            errors["scope_report"] = ["联席办令牌不能填报：填报令牌必须属于一个单位。"]
        if not is_office(user):
            errors["user"] = [f"账号“{user}”不是联席会议办公室人员，不能持有联席办令牌。"]
    else:
        if Scope.REVIEW in scopes:
            errors["scope_review"] = ["只有联席办令牌可以审核（采纳、退回）报告。"]
        if not user.memberships.filter(agency=agency).exists():
            errors["user"] = [f"账号“{user}”不是{agency}的成员，不能代表该单位。"]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def token_create(
    *,
    name: str,
    user: User,
    agency: Agency | None,
    scopes: set[str],
    expires_at: datetime.datetime | None = None,
    rate_per_minute: int = DEFAULT_RATE_PER_MINUTE,
    created_by: User | None = None,
) -> IssuedToken:
    token_check(user=user, agency=agency, scopes=scopes)
    prefix = secrets.token_hex(4)
    while ApiToken.objects.filter(prefix=prefix).exists():
        prefix = secrets.token_hex(4)
    secret = f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken(
        name=name,
        user=user,
        agency=agency,
        scope_read=Scope.READ in scopes,
        scope_report=Scope.REPORT in scopes,
        scope_review=Scope.REVIEW in scopes,
        prefix=prefix,
        secret_hash=digest(secret),
        expires_at=expires_at,
        rate_per_minute=rate_per_minute,
        created_by=created_by,
    )
    token.full_clean()
    token.save()
    return IssuedToken(token=token, secret=secret)


def service_account_for(*, name: str, agency: Agency | None, scopes: set[str]) -> User:
    """An account that exists only to act for a token; it cannot log in to the web.

    Agency tokens get a reporter membership when they may report (a viewer one otherwise);
    office tokens a supervisor membership in the body that hosts the office.
    """
    user = User(username=f"api-{secrets.token_hex(4)}", full_name=f"接口：{name}"[:60])
    user.set_unusable_password()
    if agency is None:
        host = (
            Membership.objects.filter(role=Membership.Role.SUPERVISOR)
            .order_by("id")
            .values_list("agency_id", flat=True)
            .first()
        )
        if host is None:
            raise ValidationError({"agency": ["还没有联席办人员，无法确定联席办所在单位。"]})
        user.save()
        Membership.objects.create(user=user, agency_id=host, role=Membership.Role.SUPERVISOR)
        return user
    user.save()
    role = Membership.Role.REPORTER if Scope.REPORT in scopes else Membership.Role.VIEWER
    Membership.objects.create(user=user, agency=agency, role=role)
    return user


class TokenRefused(Exception):
    """Why a presented token does not authenticate; ``code`` and a Chinese message."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def token_authenticate(raw: str) -> ApiToken:
    """The live token for a presented secret, or ``TokenRefused``."""
    parts = raw.split("_")
    if len(parts) < 3 or not raw.startswith(TOKEN_PREFIX):
        raise TokenRefused("token_invalid", "令牌格式不正确，应为 ipp_ 开头的完整令牌。")
    # One query on every request: the prefix is unique, so ``get`` (no ordering to compile);
    # the agency is read only by the rare refusal that names it.
    try:
        token = ApiToken.objects.select_related("user").get(prefix=parts[1])
    except ApiToken.DoesNotExist:
        token = None
    if token is None or not hmac.compare_digest(token.secret_hash, digest(raw)):
        raise TokenRefused("token_invalid", "令牌无效。")
    if token.is_revoked:
        raise TokenRefused("token_revoked", "令牌已被吊销，请联系联席办重新申请。")
    if token.is_expired:
        raise TokenRefused("token_expired", "令牌已过期，请联系联席办重新申请。")
    if not token.user.is_active:
        raise TokenRefused("token_invalid", "令牌所代表的账号已停用。")
    now = clock.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def token_revoke(*, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = clock.now()
        token.save(update_fields=["revoked_at"])
    return token
