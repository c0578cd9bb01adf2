"""Documents uploaded by the office for import, and the background job that reads them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import Level

from .jobs import BackgroundJob
from .plans import Plan


class ImportJob(BackgroundJob):
    job_task = "run_import"

    file = models.FileField(_("文件"), upload_to="imports/%Y/%m/")
    filename = models.CharField(_("文件名"), max_length=200)
    level = models.CharField(_("层级"), max_length=16, choices=Level.choices, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="import_jobs",
    )
    summaries = models.JSONField(_("识别结果"), default=list, blank=True)
    plans = models.ManyToManyField(Plan, verbose_name=_("导入的计划"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("导入任务")
        verbose_name_plural = _("导入任务")

    def __str__(self) -> str:
        return f"{self.filename}（{self.get_status_display()}）"
