"""The one background-job model: every job the office waits on (document imports, large
exports) has the same life — queued, running under a lease, then succeeded or failed with
a Chinese message — and is run by ``tasks.services.jobs``."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TimeStamped


class BackgroundJob(TimeStamped):
    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("处理中")
        SUCCEEDED = "succeeded", _("已完成")
        FAILED = "failed", _("失败")

    # The Celery job in ``tasks.jobs`` that runs this kind of job, given its primary key.
    job_task: str = ""

    status = models.CharField(
        _("状态"), max_length=12, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    progress = models.PositiveSmallIntegerField(_("进度（%）"), default=0)
    message = models.TextField(_("说明"), blank=True)
    dispatched_at = models.DateTimeField(
        _("交给后台的时间"), null=True, blank=True, help_text=_("为空表示尚未交给后台处理。")
    )
    heartbeat_at = models.DateTimeField(
        _("最近心跳"),
        null=True,
        blank=True,
        help_text=_("处理中的任务定时更新；长时间没有更新说明处理进程已退出。"),
    )
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED)

    def status_payload(self) -> dict:
        """What a waiting page polls (``?format=json``), the same for every kind of job."""
        return {
            "status": self.status,
            "status_display": self.get_status_display(),
            "progress": self.progress,
            "message": self.message,
            "finished": self.is_finished,
        }
