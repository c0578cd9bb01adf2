"""API tokens (hashed, scoped, expiring, revocable) and the replay store for idempotent writes."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core import clock

DEFAULT_RATE_PER_MINUTE = 600


class Scope(models.TextChoices):
    READ = "read", _("读取（read）")
    REPORT = "report", _("填报（report）")
    REVIEW = "review", _("审核（review）")


class ApiToken(models.Model):
    """A credential for another system. Belongs to an agency (``agency`` set) or to the office.

    Only a SHA-256 digest of the secret is stored: the secret is shown once, at creation.
    The token acts as ``user``, whose memberships the reporting services check, so a write
    through the API obeys exactly the rules of the web form and lands in the report's history.
    """

    name = models.CharField(_("名称"), max_length=100, help_text=_("如“省政府门户数据同步”。"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("代表账号"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
        help_text=_("令牌以该账号的身份操作，报告记录中显示该账号。"),
    )
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("所属单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="api_tokens",
        help_text=_("为空表示联席会议办公室的令牌。"),
    )
    scope_read = models.BooleanField(_("读取"), default=True)
    scope_report = models.BooleanField(_("填报"), default=False)
    scope_review = models.BooleanField(_("审核"), default=False)
    prefix = models.CharField(
        _("前缀"), max_length=16, unique=True, editable=False, help_text=_("用于辨认令牌。")
    )
    secret_hash = models.CharField(_("摘要"), max_length=64, editable=False)
    rate_per_minute = models.PositiveIntegerField(
        _("每分钟请求上限"), default=DEFAULT_RATE_PER_MINUTE
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    expires_at = models.DateTimeField(_("过期时间"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "id"]
        verbose_name = _("接口令牌")
        verbose_name_plural = _("接口令牌")
        constraints = [
            models.CheckConstraint(
                condition=Q(agency__isnull=True) | Q(scope_review=False),
                name="api_token_review_only_office",
            ),
            models.CheckConstraint(
                condition=Q(agency__isnull=False) | Q(scope_report=False),
                name="api_token_report_only_agency",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.prefix}…）"

    @property
    def scopes(self) -> set[str]:
        wanted = {
            Scope.READ: self.scope_read,
            Scope.REPORT: self.scope_report,
            Scope.REVIEW: self.scope_review,
        }
        return {str(scope) for scope, held in wanted.items() if held}

    @property
    def is_office_token(self) -> bool:
        return self.agency_id is None

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= clock.now()

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class IdempotencyRecord(models.Model):
    """The answer given to a write sent with an Idempotency-Key, replayed on a retry."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("账号"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    key = models.CharField(_("幂等键"), max_length=200)
    fingerprint = models.CharField(
        _("请求指纹"), max_length=64, help_text=_("方法、路径与请求体的摘要。")
    )
    status_code = models.PositiveSmallIntegerField(_("状态码"))
    body = models.JSONField(_("响应体"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("幂等记录")
        verbose_name_plural = _("幂等记录")
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="idempotency_unique_key"),
        ]

    def __str__(self) -> str:
        return self.key
