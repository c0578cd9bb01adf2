"""Exports that run in the background, and the file each one leaves for download."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .jobs import BackgroundJob


class ExportJob(BackgroundJob):
    job_task = "run_export"

    class Kind(models.TextChoices):
        BREAKDOWN = "breakdown", _("任务分解表")
        PROGRESS = "progress", _("进展情况汇总表")
        INDICATORS = "indicators", _("指标完成情况表")
        NOTICE = "notice", _("通报")

    kind = models.CharField(_("类型"), max_length=12, choices=Kind.choices)
    params = models.JSONField(_("参数"), default=dict, help_text=_("计划、周期等主键。"))
    file = models.FileField(_("文件"), upload_to="exports/%Y/%m/", blank=True)
    filename = models.CharField(_("文件名"), max_length=200, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="export_jobs",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("导出任务")
        verbose_name_plural = _("导出任务")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}（{self.get_status_display()}）"
