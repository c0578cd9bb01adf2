"""Reminder rules, the working-day calendar's overrides, deliveries and the in-app inbox."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import TimeStamped


class CalendarOverride(models.Model):
    """A day whose working status the office sets by hand (years chinesecalendar lacks)."""

    day = models.DateField(_("日期"), unique=True)
    is_workday = models.BooleanField(
        _("是否工作日"), help_text=_("勾选：上班（含调休补班）；不勾选：放假。")
    )
    note = models.CharField(_("说明"), max_length=60, blank=True, help_text=_("如“2027年春节”。"))

    class Meta:
        ordering = ["day"]
        verbose_name = _("节假日调整")
        verbose_name_plural = _("节假日调整")

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d} {'上班' if self.is_workday else '放假'}"


class PlanReminderSettings(TimeStamped):
    """How one plan is chased: its reminder rules (inline) and whether periods open by
    themselves. Created with the default rules the first time a plan is swept."""

    plan = models.OneToOneField(
        "tasks.Plan",
        verbose_name=_("计划"),
        on_delete=models.CASCADE,
        related_name="reminder_settings",
    )
    auto_open_periods = models.BooleanField(
        _("自动开启填报"),
        default=False,
        help_text=_("到开放填报日期时自动开启本季度的填报周期。"),
    )
    is_active = models.BooleanField(_("发送提醒"), default=True)

    class Meta:
        ordering = ["plan"]
        verbose_name = _("计划提醒设置")
        verbose_name_plural = _("计划提醒设置")

    def __str__(self) -> str:
        return str(self.plan)


class ReminderRule(models.Model):
    """When to chase, counted in working days from the due date, and whom."""

    class Kind(models.TextChoices):
        REMIND = "remind", _("提醒")
        URGE = "urge", _("催办")
        ESCALATE = "escalate", _("督办")

    settings = models.ForeignKey(
        PlanReminderSettings,
        verbose_name=_("计划提醒设置"),
        on_delete=models.CASCADE,
        related_name="rules",
    )
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    offset_working_days = models.SmallIntegerField(
        _("相对截止日（工作日）"),
        help_text=_("负数为截止前，0 为截止当日，正数为逾期后；按工作日计（含调休）。"),
    )
    notify_reporters = models.BooleanField(
        _("通知填报人"), default=True, help_text=_("待单位审核的报告改为通知审核人。")
    )
    notify_approvers = models.BooleanField(_("通知单位审核人"), default=False)
    notify_office = models.BooleanField(_("通知联席办"), default=False)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        ordering = ["settings", "offset_working_days"]
        verbose_name = _("提醒规则")
        verbose_name_plural = _("提醒规则")
        constraints = [
            models.UniqueConstraint(
                fields=["settings", "offset_working_days"], name="rule_unique_offset_per_plan"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}（{self.when}）"

    @property
    def when(self) -> str:
        days = self.offset_working_days
        if days < 0:
            return f"截止前 {-days} 个工作日"
        if days == 0:
            return "截止当日"
        return f"逾期 {days} 个工作日"


class Urge(models.Model):
    """The office pressed 催办 for one agency in one period (at most once a day)."""

    period = models.ForeignKey(
        "tasks.ReportingPeriod",
        verbose_name=_("填报周期"),
        on_delete=models.CASCADE,
        related_name="urges",
    )
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("单位"), on_delete=models.CASCADE, related_name="urges"
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("催办人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    on_date = models.DateField(_("催办日期"))
    at = models.DateTimeField(_("催办时间"))
    note = models.CharField(_("附言"), max_length=200, blank=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("催办")
        verbose_name_plural = _("催办")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "agency", "on_date"], name="urge_once_a_day_per_agency"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.on_date:%Y-%m-%d} 催办 {self.agency}（{self.period}）"


class AgencyWebhook(TimeStamped):
    """An agency's group-chat robot: reminders are POSTed there as signed JSON."""

    agency = models.OneToOneField(
        "agencies.Agency", verbose_name=_("单位"), on_delete=models.CASCADE, related_name="webhook"
    )
    url = models.URLField(_("推送地址"), max_length=500)
    secret = models.CharField(
        _("签名密钥"), max_length=200, help_text=_("用于 HMAC-SHA256 签名，接收方据此验证来源。")
    )
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        ordering = ["agency"]
        verbose_name = _("单位推送地址")
        verbose_name_plural = _("单位推送地址")

    def __str__(self) -> str:
        return f"{self.agency} → {self.url}"


class ChannelPreference(TimeStamped):
    """The channels a person wants reminders on; without a row: in-app and email."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="channel_preference",
    )
    channels = models.JSONField(
        _("接收渠道"), default=list, help_text=_('渠道代码列表，如 ["inapp", "email"]。')
    )

    class Meta:
        verbose_name = _("接收渠道设置")
        verbose_name_plural = _("接收渠道设置")

    def __str__(self) -> str:
        return f"{self.user}：{', '.join(self.channels) or '不接收'}"


def _exactly_one(*fields: str) -> Q:
    """Exactly one of ``fields`` is set."""
    condition = Q()
    for chosen in fields:
        condition |= Q(**{f"{name}__isnull": name != chosen for name in fields})
    return condition


# What caused a delivery: a reminder rule, the office's 催办, a decision on the report, or a
# message in the report's conversation.
TRIGGERS = ("rule", "urge", "event", "comment")


class DeliveryLog(models.Model):
    """One reminder, urge, escalation or decision notice about one report to one recipient
    on one channel.

    The unique constraints are the exactly-once guarantee: the sweep, a retried task or a
    second worker can only insert a row that is not there yet, and sending starts by
    claiming the row (PENDING → SENDING) with a conditional update.
    """

    class Kind(models.TextChoices):
        REMIND = "remind", _("提醒")
        URGE = "urge", _("催办")
        ESCALATE = "escalate", _("督办")
        DECISION = "decision", _("审核结果")
        COMMENT = "comment", _("批示与反馈")

    class Status(models.TextChoices):
        PENDING = "pending", _("待发送")
        SENDING = "sending", _("发送中")
        RETRY = "retry", _("待重试")
        SENT = "sent", _("已送达")
        FAILED = "failed", _("发送失败")
        SKIPPED = "skipped", _("已取消（报告已报送）")

    report = models.ForeignKey(
        "tasks.ProgressReport",
        verbose_name=_("报告"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    rule = models.ForeignKey(
        ReminderRule,
        verbose_name=_("提醒规则"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    urge = models.ForeignKey(
        Urge,
        verbose_name=_("催办"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    event = models.ForeignKey(
        "tasks.ReportEvent",
        verbose_name=_("审核记录"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="deliveries",
        help_text=_("退回、采纳、重新打开、单位审核等决定：每个决定通知一次。"),
    )
    comment = models.ForeignKey(
        "tasks.ReportComment",
        verbose_name=_("批示与反馈"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    channel = models.CharField(_("渠道"), max_length=16)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("接收人"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    endpoint = models.ForeignKey(
        AgencyWebhook,
        verbose_name=_("推送地址"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    created_at = models.DateTimeField(_("生成时间"))
    next_attempt_at = models.DateTimeField(_("下次尝试时间"))
    claimed_at = models.DateTimeField(_("开始发送时间"), null=True, blank=True)
    sent_at = models.DateTimeField(_("送达时间"), null=True, blank=True)
    last_error = models.TextField(_("最近错误"), blank=True)

    class Meta:
        ordering = ["-created_at", "id"]
        verbose_name = _("发送记录")
        verbose_name_plural = _("发送记录")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "rule", "channel", "recipient"],
                condition=Q(rule__isnull=False, recipient__isnull=False),
                name="delivery_once_per_rule_person",
            ),
            models.UniqueConstraint(
                fields=["report", "rule", "channel", "endpoint"],
                condition=Q(rule__isnull=False, endpoint__isnull=False),
                name="delivery_once_per_rule_endpoint",
            ),
            models.UniqueConstraint(
                fields=["report", "urge", "channel", "recipient"],
                condition=Q(urge__isnull=False, recipient__isnull=False),
                name="delivery_once_per_urge_person",
            ),
            models.UniqueConstraint(
                fields=["report", "urge", "channel", "endpoint"],
                condition=Q(urge__isnull=False, endpoint__isnull=False),
                name="delivery_once_per_urge_endpoint",
            ),
            models.UniqueConstraint(
                fields=["event", "channel", "recipient"],
                condition=Q(event__isnull=False, recipient__isnull=False),
                name="delivery_once_per_event_person",
            ),
            models.UniqueConstraint(
                fields=["event", "channel", "endpoint"],
                condition=Q(event__isnull=False, endpoint__isnull=False),
                name="delivery_once_per_event_endpoint",
            ),
            models.UniqueConstraint(
                fields=["comment", "channel", "recipient"],
                condition=Q(comment__isnull=False, recipient__isnull=False),
                name="delivery_once_per_comment_person",
            ),
            models.UniqueConstraint(
                fields=["comment", "channel", "endpoint"],
                condition=Q(comment__isnull=False, endpoint__isnull=False),
                name="delivery_once_per_comment_endpoint",
            ),
            models.CheckConstraint(
                condition=_exactly_one(*TRIGGERS), name="delivery_has_one_trigger"
            ),
            models.CheckConstraint(
                condition=Q(recipient__isnull=False, endpoint__isnull=True)
                | Q(recipient__isnull=True, endpoint__isnull=False),
                name="delivery_has_one_target",
            ),
        ]
        indexes = [
            # What the resume job scans: rows not yet delivered, by when they are due.
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status__in=["pending", "sending", "retry"]),
                name="delivery_open_due",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.report_id} · {self.channel}"

    @property
    def target_label(self) -> str:
        return str(self.recipient) if self.recipient_id else f"{self.endpoint.agency}（群机器人）"

    @property
    def channel_label(self) -> str:
        from .channels import Channel

        found = Channel.registry.get(self.channel)
        return found.label if found else self.channel


class Notification(models.Model):
    """An in-app message in a person's inbox."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("接收人"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("类型"), max_length=10)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"))
    links = models.JSONField(_("相关报告"), default=list, help_text=_("[[措施, 链接], …]"))
    created_at = models.DateTimeField(_("时间"))
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("站内通知")
        verbose_name_plural = _("站内通知")
        indexes = [
            # The header's unread count on every page.
            models.Index(
                fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread"
            ),
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox"),
        ]

    def __str__(self) -> str:
        return self.title


class DigestLog(models.Model):
    """The weekly digest went to this supervisor for this week: claimed before sending."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("接收人"), on_delete=models.CASCADE
    )
    week = models.DateField(_("周（周一）"))
    sent_at = models.DateTimeField(_("发送时间"))

    class Meta:
        ordering = ["-week"]
        verbose_name = _("每周汇总")
        verbose_name_plural = _("每周汇总")
        constraints = [
            models.UniqueConstraint(fields=["recipient", "week"], name="digest_once_a_week")
        ]

    def __str__(self) -> str:
        return f"{self.week} → {self.recipient}"
