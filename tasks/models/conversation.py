"""The conversation on a report: the office's 批示 and the agency's 反馈, kept with the report."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .reporting import ProgressReport, stored_name


class ReportComment(models.Model):
    """One message on a report, never edited or deleted (it is part of the report's record)."""

    class Side(models.TextChoices):
        OFFICE = "office", _("批示")
        AGENCY = "agency", _("反馈")

    report = models.ForeignKey(
        ProgressReport, verbose_name=_("报告"), on_delete=models.PROTECT, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发言人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    side = models.CharField(
        _("类型"),
        max_length=8,
        choices=Side.choices,
        help_text=_("联席办的发言为批示，单位的发言为反馈。"),
    )
    body = models.TextField(_("内容"))
    created_at = models.DateTimeField(_("时间"))
    mentioned_users = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("提及的人"), blank=True, related_name="+"
    )
    mentioned_agencies = models.ManyToManyField(
        "agencies.Agency", verbose_name=_("提及的单位"), blank=True, related_name="+"
    )

    class Meta:
        ordering = ["report", "created_at", "id"]
        verbose_name = _("批示与反馈")
        verbose_name_plural = _("批示与反馈")
        indexes = [models.Index(fields=["report", "created_at"], name="comment_report_time")]

    def __str__(self) -> str:
        return f"{self.get_side_display()} · {self.author} · {self.report_id}"


def comment_attachment_path(attachment: "CommentAttachment", filename: str) -> str:
    """Beside the report's own attachments, in a folder of their own."""
    report = attachment.comment.report
    return f"reports/{report.period_id}/{report.pk}/comments/{stored_name(filename)}"


class CommentAttachment(models.Model):
    comment = models.ForeignKey(
        ReportComment,
        verbose_name=_("批示与反馈"),
        on_delete=models.PROTECT,
        related_name="attachments",
    )
    file = models.FileField(_("文件"), upload_to=comment_attachment_path)
    name = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveIntegerField(_("大小（字节）"))

    class Meta:
        ordering = ["comment", "id"]
        verbose_name = _("批示与反馈附件")
        verbose_name_plural = _("批示与反馈附件")

    def __str__(self) -> str:
        return self.name
