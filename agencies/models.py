"""The directory of responsible bodies, the people who work in them, and their roles."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import Level, TimeStamped


class Agency(TimeStamped):
    """A body that can be held responsible for a measure: 厅局, court, customs, city, group."""

    class Kind(models.TextChoices):
        DEPARTMENT = "department", _("政府部门")
        COURT = "court", _("法院")
        PROCURATORATE = "procuratorate", _("检察院")
        CUSTOMS = "customs", _("海关")
        PARTY = "party", _("党委部门")
        ASSOCIATION = "association", _("社会团体")
        GOVERNMENT = "government", _("人民政府")
        LEADING_GROUP = "leading_group", _("领导小组")
        GROUP = "group", _("单位集合")
        ZONE = "zone", _("园区管委会")
        OTHER = "other", _("其他")

    name = models.CharField(_("全称"), max_length=120, unique=True)
    short_name = models.CharField(
        _("简称"), max_length=60, blank=True, help_text=_("公文中常用的简称，如“省知识产权局”。")
    )
    level = models.CharField(_("层级"), max_length=16, choices=Level.choices, db_index=True)
    kind = models.CharField(_("类别"), max_length=16, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("所属政府"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subordinates",
    )
    successor = models.ForeignKey(
        "self",
        verbose_name=_("继承单位"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="predecessors",
        help_text=_("机构改革后承接其职责的单位（如 2018 年改革后的省市场监督管理局）。"),
    )
    members = models.ManyToManyField(
        "self",
        verbose_name=_("成员单位"),
        symmetrical=False,
        blank=True,
        related_name="member_of",
        help_text=_("仅用于“各省辖市”“各镇（街道）”等集合：一项分工可展开到每个成员。"),
    )
    is_active = models.BooleanField(_("现存"), default=True)

    class Meta:
        ordering = ["level", "name"]
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        constraints = [
            models.CheckConstraint(
                condition=~Q(successor=models.F("id")), name="agency_not_own_successor"
            ),
        ]

    def __str__(self) -> str:
        return self.short_name or self.name

    @property
    def is_group(self) -> bool:
        return self.kind in (self.Kind.GROUP, self.Kind.LEADING_GROUP)


class AgencyAlias(models.Model):
    """Another way documents write an agency's name (省经信委 for 江苏省经济和信息化委员会)."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("单位"), on_delete=models.CASCADE, related_name="aliases"
    )
    name = models.CharField(_("别名"), max_length=120, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("单位别名")
        verbose_name_plural = _("单位别名")

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A person using ipplan; what they may do comes from their memberships."""

    full_name = models.CharField(_("姓名"), max_length=60, blank=True)
    phone = models.CharField(_("电话"), max_length=30, blank=True)

    class Meta(AbstractUser.Meta):
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.full_name or self.username


class Membership(TimeStamped):
    """A person's role in an agency."""

    class Role(models.TextChoices):
        REPORTER = "reporter", _("填报人")
        APPROVER = "approver", _("审核人")
        SUPERVISOR = "supervisor", _("联席办督查员")
        VIEWER = "viewer", _("查看者")

    user = models.ForeignKey(
        User, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="memberships"
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("角色"), max_length=16, choices=Role.choices)

    class Meta:
        ordering = ["agency", "role", "user"]
        verbose_name = _("单位成员")
        verbose_name_plural = _("单位成员")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "agency", "role"], name="membership_unique_role"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.agency} · {self.get_role_display()}"
