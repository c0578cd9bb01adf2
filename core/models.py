"""Bases every app's models share; abstract or plain choices, so no table lives here."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    NATIONAL = "national", _("国家")
    PROVINCE = "province", _("省")
    CITY = "city", _("市")
    DISTRICT = "district", _("县（市、区）")
    TOWN = "town", _("镇（街道）")


# Higher levels first: a plan implements only a plan of a higher level.
LEVEL_RANK = {level: rank for rank, level in enumerate(Level.values)}


class TimeStamped(models.Model):
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True, db_index=True)

    class Meta:
        abstract = True
