"""Revisions of a plan: each import of its document, kept, compared and applied by the office."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TimeStamped

from .imports import ImportJob
from .plans import Plan


class PlanRevision(TimeStamped):
    """One reading of the plan's document: the first import, or a later edition to compare.

    ``proposal`` holds the parsed plan exactly as the importer read it (the seed fixture
    format), so what the office reviewed is what ``revision_apply`` writes; ``changes`` is
    the comparison with the plan at the time it was proposed, refreshed when applied.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("待应用")
        APPLIED = "applied", _("已应用")
        DISCARDED = "discarded", _("已放弃")
        SUPERSEDED = "superseded", _("已被更新的修订取代")

    plan = models.ForeignKey(
        Plan, verbose_name=_("计划"), on_delete=models.CASCADE, related_name="revisions"
    )
    number = models.PositiveIntegerField(_("修订号"), help_text=_("1 为初次导入。"))
    status = models.CharField(
        _("状态"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    source_name = models.CharField(_("来源文件"), max_length=200, blank=True)
    document_number = models.CharField(_("文号"), max_length=60, blank=True)
    proposal = models.JSONField(_("识别结果"), help_text=_("导入器读出的完整计划。"))
    changes = models.JSONField(_("变化摘要"), default=dict, blank=True)
    import_job = models.ForeignKey(
        ImportJob,
        verbose_name=_("导入任务"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="revisions",
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("导入人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("处理人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)

    class Meta:
        ordering = ["plan", "-number"]
        verbose_name = _("计划修订")
        verbose_name_plural = _("计划修订")
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="revision_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.plan} 第{self.number}版"

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING
