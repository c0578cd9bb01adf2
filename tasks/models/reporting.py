"""The reporting calendar: the quarters (or half-years, years) a plan is reported on."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.models import TimeStamped

from .plans import Assignment, Plan

_QUARTER_NAMES = {1: "第一季度", 2: "第二季度", 3: "第三季度", 4: "第四季度"}


class ReportingPeriod(TimeStamped):
    class Kind(models.TextChoices):
        QUARTER = "quarter", _("季度")
        HALF_YEAR = "half", _("半年")
        YEAR = "year", _("年度")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("未开启")
        OPEN = "open", _("填报中")
        CLOSED = "closed", _("已关闭")

    plan = models.ForeignKey(
        Plan, verbose_name=_("计划"), on_delete=models.PROTECT, related_name="periods"
    )
    kind = models.CharField(_("类型"), max_length=8, choices=Kind.choices, default=Kind.QUARTER)
    year = models.PositiveSmallIntegerField(_("年度"))
    number = models.PositiveSmallIntegerField(
        _("期次"), default=1, help_text=_("季度 1–4，半年 1–2")
    )
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    opens_on = models.DateField(_("开放填报日期"))
    due_on = models.DateField(_("截止日期"))
    status = models.CharField(
        _("状态"), max_length=12, choices=Status.choices, default=Status.SCHEDULED, db_index=True
    )

    class Meta:
        ordering = ["plan", "starts_on", "kind"]
        verbose_name = _("填报周期")
        verbose_name_plural = _("填报周期")
        indexes = [
            # an indicator's latest actual up to a date walks the periods by their end
            models.Index(fields=["ends_on"], name="period_ends_on"),
            # the review queue lists reports by their period's due date: walking the periods
            # in this order reads only the first periods' reports for a page (全部周期 at
            # 360,000 reports: 274 ms → 1 ms), instead of sorting every submitted report
            models.Index(fields=["due_on", "id"], name="period_due_on_id"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "kind", "year", "number"], name="period_unique_per_plan"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="period_dates_ordered"
            ),
            models.CheckConstraint(
                condition=Q(due_on__gte=F("opens_on")), name="period_due_after_open"
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def part_label(self) -> str:
        """第四季度 / 上半年 / 年度: the label without the year (a matrix column under it)."""
        return self.label.removeprefix(f"{self.year}年")

    @property
    def label(self) -> str:
        if self.kind == self.Kind.QUARTER:
            return f"{self.year}年{_QUARTER_NAMES.get(self.number, self.number)}"
        if self.kind == self.Kind.HALF_YEAR:
            return f"{self.year}年{'上半年' if self.number == 1 else '下半年'}"
        return f"{self.year}年度"


class PeriodEvent(models.Model):
    """Who opened, closed or reopened a period, when and why: the period's history."""

    class Action(models.TextChoices):
        OPENED = "opened", _("开启")
        CLOSED = "closed", _("关闭")
        REOPENED = "reopened", _("重新开启")

    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("填报周期"), on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("操作"), max_length=12, choices=Action.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    reason = models.TextField(_("理由"), blank=True)
    reports_created = models.PositiveIntegerField(_("新生成报告"), default=0)

    class Meta:
        ordering = ["period", "at", "id"]
        verbose_name = _("填报周期记录")
        verbose_name_plural = _("填报周期记录")

    def __str__(self) -> str:
        return f"{self.period} · {self.get_action_display()}"


class ProgressReport(TimeStamped):
    """What one agency reports on one measure for one period; the unit the office reviews."""

    class State(models.TextChoices):
        DRAFT = "draft", _("草稿")
        PENDING_SIGNOFF = "signoff", _("待单位审核")
        SUBMITTED = "submitted", _("已报送")
        ACCEPTED = "accepted", _("已采纳")
        RETURNED = "returned", _("已退回")

    class Progress(models.TextChoices):
        COMPLETED = "completed", _("已完成")
        ON_TRACK = "on_track", _("序时推进")
        LAGGING = "lagging", _("进度滞后")
        NOT_STARTED = "not_started", _("未启动")
        ADJUSTED = "adjusted", _("已调整")

    measure = models.ForeignKey(
        "tasks.Measure", verbose_name=_("措施"), on_delete=models.PROTECT, related_name="reports"
    )
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="reports"
    )
    period = models.ForeignKey(
        ReportingPeriod,
        verbose_name=_("填报周期"),
        on_delete=models.PROTECT,
        related_name="reports",
    )
    role = models.CharField(
        _("责任角色"), max_length=16, choices=Assignment.Role.choices, default=Assignment.Role.LEAD
    )
    state = models.CharField(
        _("状态"), max_length=12, choices=State.choices, default=State.DRAFT, db_index=True
    )
    progress_status = models.CharField(
        _("进展状态"), max_length=12, choices=Progress.choices, blank=True
    )
    adjusted_reason = models.TextField(_("调整原因"), blank=True)
    completion_percent = models.PositiveSmallIntegerField(_("完成比例（%）"), null=True, blank=True)
    progress_text = models.TextField(_("进展情况"), blank=True)
    problems = models.TextField(_("存在问题"), blank=True)
    next_steps = models.TextField(_("下步打算"), blank=True)
    contribution = models.TextField(
        _("配合工作"), blank=True, help_text=_("配合单位填写本单位承担的工作，供牵头单位汇总。")
    )
    version = models.PositiveIntegerField(
        _("修改版本"), default=0, help_text=_("每次保存加一，用于发现并发修改。")
    )
    submitted_at = models.DateTimeField(_("最近报送时间"), null=True, blank=True)
    first_submitted_at = models.DateTimeField(_("首次报送时间"), null=True, blank=True)
    late_days = models.PositiveIntegerField(_("逾期天数"), default=0)
    accepted_at = models.DateTimeField(_("采纳时间"), null=True, blank=True)

    class Meta:
        ordering = ["period", "measure__order", "agency"]
        verbose_name = _("进展报告")
        verbose_name_plural = _("进展报告")
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "agency", "period"], name="report_unique_per_period"
            ),
            models.CheckConstraint(
                condition=Q(completion_percent__isnull=True) | Q(completion_percent__lte=100),
                name="report_percent_at_most_100",
            ),
        ]
        indexes = [
            models.Index(fields=["agency", "period", "state"], name="report_agency_period_state"),
            models.Index(fields=["period", "state"], name="report_period_state"),
            # Incremental sync reads ``updated_since=…&ordering=updated_at`` pages: the id
            # breaks ties, so the page is an index range scan that stops after page_size rows
            # even when thousands of reports share one timestamp (bulk changes).
            models.Index(fields=["updated_at", "id"], name="report_updated_at_id"),
            # The API's review list, oldest submission first (``status=submitted&ordering=
            # submitted_at``): a page is an index range scan, not a sort of every submitted
            # report (207 ms at 360,000 reports).
            models.Index(fields=["state", "submitted_at", "id"], name="report_state_submitted"),
        ]

    def __str__(self) -> str:
        return f"{self.period} · {self.measure.label} · {self.agency}"

    @property
    def is_late(self) -> bool:
        return self.late_days > 0


class ReportValue(models.Model):
    """The actual value an agency gives for one of the measure's indicators."""

    report = models.ForeignKey(
        ProgressReport, verbose_name=_("报告"), on_delete=models.CASCADE, related_name="values"
    )
    indicator = models.ForeignKey(
        "indicators.Indicator", verbose_name=_("指标"), on_delete=models.CASCADE, related_name="+"
    )
    value = models.DecimalField(_("实际值"), max_digits=20, decimal_places=4)

    class Meta:
        verbose_name = _("指标填报值")
        verbose_name_plural = _("指标填报值")
        constraints = [
            models.UniqueConstraint(fields=["report", "indicator"], name="value_unique_per_report")
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}：{self.value}"


class ReportVersion(models.Model):
    """A submitted version, frozen: never updated or deleted."""

    report = models.ForeignKey(
        ProgressReport, verbose_name=_("报告"), on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField(_("版本号"))
    progress_status = models.CharField(_("进展状态"), max_length=12, blank=True)
    adjusted_reason = models.TextField(_("调整原因"), blank=True)
    completion_percent = models.PositiveSmallIntegerField(_("完成比例（%）"), null=True, blank=True)
    progress_text = models.TextField(_("进展情况"), blank=True)
    problems = models.TextField(_("存在问题"), blank=True)
    next_steps = models.TextField(_("下步打算"), blank=True)
    contribution = models.TextField(_("配合工作"), blank=True)
    values = models.JSONField(_("指标值"), default=dict, help_text=_("指标编号 → 数值"))
    attachments = models.JSONField(_("附件"), default=list)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("报送人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("报送时间"))
    late_days = models.PositiveIntegerField(_("逾期天数"), default=0)

    class Meta:
        ordering = ["report", "number"]
        verbose_name = _("报告版本")
        verbose_name_plural = _("报告版本")
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="version_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.report} v{self.number}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("报告版本一经报送不可修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("报告版本一经报送不可删除。")


class ReportEvent(models.Model):
    """Who did what to a report, when and why: the audit trail."""

    class Action(models.TextChoices):
        CREATED = "created", _("生成")
        SAVED = "saved", _("保存草稿")
        SUBMITTED = "submitted", _("报送")
        SIGNED_OFF = "signed_off", _("单位审核通过")
        SENT_BACK = "sent_back", _("单位审核退回")
        ACCEPTED = "accepted", _("采纳")
        RETURNED = "returned", _("退回修改")
        REOPENED = "reopened", _("重新打开")
        UPLOADED = "uploaded", _("Excel 导入")
        FILED_FOR = "filed_for", _("联席办代报")

    report = models.ForeignKey(
        ProgressReport, verbose_name=_("报告"), on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("操作"), max_length=12, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    from_state = models.CharField(_("原状态"), max_length=12, blank=True)
    to_state = models.CharField(_("新状态"), max_length=12, blank=True)
    comment = models.TextField(_("意见"), blank=True)
    version_number = models.PositiveIntegerField(_("版本号"), null=True, blank=True)

    class Meta:
        ordering = ["report", "at", "id"]
        verbose_name = _("报告记录")
        verbose_name_plural = _("报告记录")

    def __str__(self) -> str:
        return f"{self.get_action_display()} · {self.actor}"


def stored_name(filename: str) -> str:
    """A generated file name keeping only the extension: what people call a file (any
    length, any script) never becomes a path on disk; the name is kept in a column."""
    return f"{uuid.uuid4().hex}{PurePath(filename).suffix.lower()[:10]}"


def attachment_path(attachment: "ReportAttachment", filename: str) -> str:
    report = attachment.report
    return f"reports/{report.period_id}/{report.pk}/{stored_name(filename)}"


class ReportAttachment(models.Model):
    report = models.ForeignKey(
        ProgressReport, verbose_name=_("报告"), on_delete=models.PROTECT, related_name="attachments"
    )
    file = models.FileField(_("文件"), upload_to=attachment_path)
    name = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveIntegerField(_("大小（字节）"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        ordering = ["report", "uploaded_at"]
        verbose_name = _("附件")
        verbose_name_plural = _("附件")

    def __str__(self) -> str:
        return self.name
