"""The office's annual evaluation (考评) of each agency's work on a plan."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from core.models import TimeStamped

from .plans import Plan


class Grade(models.TextChoices):
    EXCELLENT = "excellent", _("优秀")
    GOOD = "good", _("良好")
    PASS = "pass", _("合格")
    FAIL = "fail", _("不合格")


class AnnualEvaluation(TimeStamped):
    """One agency's grade for one plan and year: what ipplan proposed, what the office decided."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("计划"), on_delete=models.CASCADE, related_name="evaluations"
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="evaluations"
    )
    year = models.PositiveSmallIntegerField(_("考评年度"))
    proposed_grade = models.CharField(_("系统建议等次"), max_length=12, choices=Grade.choices)
    grade = models.CharField(_("考评等次"), max_length=12, choices=Grade.choices)
    reason = models.TextField(
        _("考评理由"), help_text=_("联席办确定等次的理由，尤其是与建议不同时。")
    )
    evidence = models.JSONField(
        _("考评依据"), default=dict, help_text=_("确定等次时的按时报送率、进展状态和指标完成情况。")
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("确定人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["plan", "-year", "agency"]
        verbose_name = _("年度考评")
        verbose_name_plural = _("年度考评")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "agency", "year"], name="evaluation_unique_per_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}年 · {self.agency} · {self.get_grade_display()}"
