"""Quantitative targets stated by plans, and the values reported against them."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from core.models import TimeStamped


class Indicator(TimeStamped):
    """A target such as 发明专利申请量比2011年增长25%, with the phrase it came from."""

    class Kind(models.TextChoices):
        ABSOLUTE = "absolute", _("绝对量")
        GROWTH = "growth", _("较基准年增长")
        ANNUAL_GROWTH = "annual_growth", _("年均增长")
        RATIO = "ratio", _("比率")
        CUMULATIVE = "cumulative", _("累计量")

    class Comparison(models.TextChoices):
        GTE = "gte", _("≥（以上、达到）")
        GT = "gt", _(">（超过、突破）")
        LTE = "lte", _("≤（以内、不超过、压缩至）")
        EQ = "eq", _("=")
        RANGE = "range", _("区间")

    plan = models.ForeignKey(
        "tasks.Plan", verbose_name=_("计划"), on_delete=models.CASCADE, related_name="indicators"
    )
    measure = models.ForeignKey(
        "tasks.Measure",
        verbose_name=_("措施"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="indicators",
        help_text=_("为空表示计划层面的总体目标。"),
    )
    name = models.CharField(_("指标名称"), max_length=120)
    unit = models.CharField(_("单位"), max_length=20, blank=True)
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    comparison = models.CharField(
        _("比较方式"), max_length=8, choices=Comparison.choices, default=Comparison.GTE
    )
    base_year = models.PositiveSmallIntegerField(_("基准年"), null=True, blank=True)
    base_value = models.DecimalField(
        _("基准值"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    target_value = models.DecimalField(
        _("目标值"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    target_max = models.DecimalField(
        _("目标上限"),
        max_digits=20,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("仅区间目标（如“1-2个”）填写。"),
    )
    target_year = models.PositiveSmallIntegerField(_("目标年"), null=True, blank=True)
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("责任单位"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="indicators",
    )
    phrase = models.CharField(_("原文表述"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["plan", "measure", "order", "id"]
        verbose_name = _("指标")
        verbose_name_plural = _("指标")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(comparison="range")
                    & Q(target_max__isnull=False)
                    & Q(target_value__isnull=False)
                    & Q(target_max__gte=F("target_value"))
                )
                | (~Q(comparison="range") & Q(target_max__isnull=True)),
                name="indicator_range_ordered",
            ),
            models.CheckConstraint(
                condition=Q(base_year__isnull=True)
                | Q(target_year__isnull=True)
                | Q(target_year__gte=F("base_year")),
                name="indicator_target_after_base",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Observation(TimeStamped):
    """The value of an indicator as reported for a period."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("指标"), on_delete=models.CASCADE, related_name="observations"
    )
    period = models.ForeignKey(
        "tasks.ReportingPeriod",
        verbose_name=_("填报周期"),
        on_delete=models.PROTECT,
        related_name="observations",
    )
    value = models.DecimalField(_("实际值"), max_digits=20, decimal_places=4)
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("填报单位"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="observations",
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("填报人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="observations",
    )
    note = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        ordering = ["indicator", "period"]
        verbose_name = _("指标实际值")
        verbose_name_plural = _("指标实际值")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period"], name="observation_unique_per_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}：{self.value}"


class RatingThresholds(TimeStamped):
    """How an indicator's latest actual is rated against its linear trajectory; the office
    edits the one row. ``progress`` = achieved change ÷ expected change since the base."""

    exceeded_ratio = models.DecimalField(
        _("超额完成线"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("1.10"),
        help_text=_("实际进度达到序时进度的该倍数（或已达到最终目标）即为“超额完成”。"),
    )
    nearly_ratio = models.DecimalField(
        _("基本达到线"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0.90"),
        help_text=_("低于序时进度但不低于该倍数为“基本达到”，再低为“未达到”。"),
    )

    class Meta:
        verbose_name = _("指标评级标准")
        verbose_name_plural = _("指标评级标准")
        constraints = [
            models.CheckConstraint(
                condition=Q(nearly_ratio__gt=0) & Q(nearly_ratio__lt=1) & Q(exceeded_ratio__gt=1),
                name="thresholds_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"超额 ≥ {self.exceeded_ratio}，基本达到 ≥ {self.nearly_ratio}"
