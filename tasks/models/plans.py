"""A plan as published: chapters, numbered measures, who is responsible, and the timetable."""

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from core.models import Level, TimeStamped


def default_reporting_roles() -> list[str]:
    return ["lead", "co"]


class Plan(TimeStamped):
    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        PUBLISHED = "published", _("已发布")
        CLOSED = "closed", _("已结束")

    title = models.CharField(_("标题"), max_length=200)
    slug = models.SlugField(
        _("标识"),
        max_length=120,
        unique=True,
        help_text=_("导入来源的稳定标识，重复导入时据此更新。"),
    )
    issuer = models.ForeignKey(
        Agency,
        verbose_name=_("发文机关"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="issued_plans",
    )
    issuer_name = models.CharField(_("发文机关（原文）"), max_length=120, blank=True)
    document_number = models.CharField(_("文号"), max_length=60, blank=True)
    issued_on = models.DateField(_("印发日期"), null=True, blank=True)
    level = models.CharField(_("层级"), max_length=16, choices=Level.choices)
    period_start_year = models.PositiveSmallIntegerField(_("起始年度"), null=True, blank=True)
    period_end_year = models.PositiveSmallIntegerField(_("截止年度"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上位计划"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="implementing_plans",
        help_text=_("本计划所落实的上级计划。"),
    )
    report_due_days = models.PositiveSmallIntegerField(
        _("报送期限（天）"), default=10, help_text=_("季度结束后第几天截止报送。")
    )
    reporting_roles = models.JSONField(
        _("需要报送的角色"),
        default=default_reporting_roles,
        help_text=_("开启填报周期时，为哪些角色的责任单位生成报告。默认：牵头、配合。"),
    )
    source_name = models.CharField(_("来源文件"), max_length=200, blank=True)
    source_text = models.TextField(_("原文"), blank=True)

    class Meta:
        ordering = ["-issued_on", "title"]
        verbose_name = _("计划")
        verbose_name_plural = _("计划")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_start_year__isnull=True)
                | Q(period_end_year__isnull=True)
                | Q(period_end_year__gte=F("period_start_year")),
                name="plan_period_ordered",
            ),
            models.UniqueConstraint(
                fields=["document_number"],
                condition=~Q(document_number=""),
                name="plan_unique_document_number",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("tasks:plan_detail", args=[self.slug])

    def get_review_url(self) -> str:
        return reverse("tasks:plan_review", args=[self.slug])


class Section(models.Model):
    """A chapter (一、) or a nested heading (（一）) that groups measures."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("计划"), on_delete=models.CASCADE, related_name="sections"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级章节"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="subsections",
    )
    number = models.PositiveSmallIntegerField(_("序号"))
    label = models.CharField(_("编号（原文）"), max_length=20, help_text=_("如“一、”“（一）”"))
    title = models.CharField(_("标题"), max_length=200)
    text = models.TextField(_("正文"), blank=True)
    order = models.PositiveIntegerField(_("排序"), default=0)
    line_start = models.PositiveIntegerField(_("起始行"), default=0)
    line_end = models.PositiveIntegerField(_("结束行"), default=0)

    class Meta:
        ordering = ["plan", "order"]
        verbose_name = _("章节")
        verbose_name_plural = _("章节")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "number"],
                condition=Q(parent__isnull=True),
                name="section_unique_top_number",
            ),
            models.UniqueConstraint(
                fields=["parent", "number"],
                condition=Q(parent__isnull=False),
                name="section_unique_child_number",
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="section_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.label}{self.title}"


class MeasureQuerySet(models.QuerySet):
    def current(self) -> "MeasureQuerySet":
        """The plan as it reads now: measures a revision retired are left out (they stay
        in the database with their reports)."""
        return self.exclude(status="retired")


class Measure(TimeStamped):
    """A numbered item of a plan: （八十九）, a district plan's 1., an article 第三条."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("实施中")
        COMPLETED = "completed", _("已完成")
        ADJUSTED = "adjusted", _("已调整")
        CANCELLED = "cancelled", _("已取消")
        RETIRED = "retired", _("已停用（修订删除）")

    plan = models.ForeignKey(
        Plan, verbose_name=_("计划"), on_delete=models.CASCADE, related_name="measures"
    )
    section = models.ForeignKey(
        Section,
        verbose_name=_("章节"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="measures",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级措施"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    number = models.PositiveIntegerField(_("序号"))
    label = models.CharField(_("编号（原文）"), max_length=20, help_text=_("如“（八十九）”“1.”"))
    ref = models.CharField(
        _("引用编号"), max_length=40, help_text=_("计划内唯一的编号路径，如“二（一）3”。")
    )
    title = models.CharField(_("小标题"), max_length=200, blank=True)
    text = models.TextField(_("内容"))
    responsibility_text = models.TextField(_("责任分工（原文）"), blank=True)
    order = models.PositiveIntegerField(_("排序"), default=0)
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.ACTIVE
    )
    line_start = models.PositiveIntegerField(_("起始行"), default=0)
    line_end = models.PositiveIntegerField(_("结束行"), default=0)
    retired_at = models.DateTimeField(
        _("停用时间"),
        null=True,
        blank=True,
        help_text=_("计划修订后文件不再包含本措施：保留其报告，不再生成新的待填报告。"),
    )
    retired_in = models.ForeignKey(
        "tasks.PlanRevision",
        verbose_name=_("停用于修订"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="retired_measures",
    )
    agencies = models.ManyToManyField(
        Agency, through="Assignment", verbose_name=_("责任单位"), related_name="measures"
    )
    implements = models.ForeignKey(
        "self",
        verbose_name=_("落实的上级措施"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="implemented_by",
        help_text=_("市、县（区）计划的措施所落实的上级（如省级）计划措施。"),
    )
    # Written by the database, never by Python: triggers on the reports table raise it to a
    # report's updated_at whenever a report of this measure is inserted or its updated_at
    # moves, whoever writes (services, period opening, Excel, the admin, bulk updates, SQL),
    # and it never goes back (migration 0013). So "measures whose reports changed since T"
    # is one indexed comparison, the same set as the reports' own updated_since.
    reports_changed_at = models.DateTimeField(
        _("报告最近更新时间"),
        null=True,
        blank=True,
        editable=False,
        db_index=True,
        help_text=_("本措施任一报告最近一次更新的时间，由数据库在写报告时自动维护。"),
    )

    objects = MeasureQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "order"]
        verbose_name = _("措施")
        verbose_name_plural = _("措施")
        constraints = [
            # A retired measure keeps its number; a later edition may reuse it.
            models.UniqueConstraint(
                fields=["plan", "ref"], condition=~Q(status="retired"), name="measure_unique_ref"
            ),
            models.UniqueConstraint(
                fields=["plan", "section", "number"],
                condition=Q(parent__isnull=True) & ~Q(status="retired"),
                name="measure_unique_number_in_section",
            ),
            models.UniqueConstraint(
                fields=["parent", "number"],
                condition=Q(parent__isnull=False) & ~Q(status="retired"),
                name="measure_unique_number_in_parent",
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="measure_number_positive"),
        ]
        indexes = [models.Index(fields=["plan", "status"], name="measure_plan_status")]

    def __str__(self) -> str:
        return f"{self.label}{self.title or self.text[:30]}"


class ScheduleEntry(models.Model):
    """A row of a plan's timetable (阶段 / 重点任务 / 主要措施 / 任务分工 / 时序进度)."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("计划"), on_delete=models.CASCADE, related_name="schedule"
    )
    measure = models.ForeignKey(
        Measure,
        verbose_name=_("对应措施"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="schedule_entries",
    )
    stage = models.CharField(_("阶段"), max_length=60, blank=True)
    key_task = models.CharField(_("重点任务"), max_length=200, blank=True)
    action = models.TextField(_("主要措施"))
    division_text = models.TextField(_("任务分工"), blank=True)
    period_text = models.CharField(_("时序进度（原文）"), max_length=60, blank=True)
    start_month = models.DateField(_("开始月份"), null=True, blank=True)
    end_month = models.DateField(_("结束月份"), null=True, blank=True)
    order = models.PositiveIntegerField(_("排序"), default=0)
    line_start = models.PositiveIntegerField(_("起始行"), default=0)

    class Meta:
        ordering = ["plan", "order"]
        verbose_name = _("进度安排")
        verbose_name_plural = _("进度安排")
        constraints = [
            models.CheckConstraint(
                condition=Q(start_month__isnull=True)
                | Q(end_month__isnull=True)
                | Q(end_month__gte=F("start_month")),
                name="schedule_months_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.action[:40]


class Assignment(models.Model):
    """A body's responsibility for a measure or a schedule row, with its role."""

    class Role(models.TextChoices):
        LEAD = "lead", _("牵头")
        CO = "co", _("配合")
        PARTICIPANT = "participant", _("参与")
        DATA_SUPPLIER = "data", _("提供数据")
        FUNDER = "funder", _("经费支持")

    measure = models.ForeignKey(
        Measure,
        verbose_name=_("措施"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    schedule_entry = models.ForeignKey(
        ScheduleEntry,
        verbose_name=_("进度安排"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("责任单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assignments",
        help_text=_("为空表示原文名称尚待联席办确认（如“相关省辖市”）。"),
    )
    role = models.CharField(_("角色"), max_length=16, choices=Role.choices)
    name_as_written = models.CharField(_("原文名称"), max_length=120)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("责任分工")
        verbose_name_plural = _("责任分工")
        constraints = [
            models.CheckConstraint(
                condition=Q(measure__isnull=False, schedule_entry__isnull=True)
                | Q(measure__isnull=True, schedule_entry__isnull=False),
                name="assignment_has_one_target",
            ),
            models.UniqueConstraint(
                fields=["measure", "agency", "role"],
                condition=Q(measure__isnull=False, agency__isnull=False),
                name="assignment_unique_measure_agency_role",
            ),
            models.UniqueConstraint(
                fields=["schedule_entry", "agency", "role"],
                condition=Q(schedule_entry__isnull=False, agency__isnull=False),
                name="assignment_unique_entry_agency_role",
            ),
        ]
        indexes = [models.Index(fields=["agency", "role"], name="assignment_agency_role")]

    def __str__(self) -> str:
        return f"{self.agency or self.name_as_written}（{self.get_role_display()}）"

    @property
    def needs_resolution(self) -> bool:
        return self.agency_id is None
