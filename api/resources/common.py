"""Small pieces the resources share: bilingual schema text and common filters."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import django_filters
from django import forms
from django.conf import settings
from rest_framework import serializers

from agencies.models import Agency


def bilingual(chinese: str, english: str) -> str:
    return f"{chinese}\n\n{english}"


MAX_ID = 2**63 - 1


class IdFilter(django_filters.NumberFilter):
    """A row id: a whole number the database can hold (anything else is a 400, not a crash)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class UtcIsoDateTimeField(django_filters.fields.IsoDateTimeField):
    """ISO 8601 with any offset, normalised to UTC (PostgreSQL refuses offsets beyond ±15 h)."""

    def clean(self, value):
        moment = super().clean(value)
        if moment is None:
            return None
        try:
            return moment.astimezone(datetime.UTC)
        except OverflowError:
            raise forms.ValidationError("时间超出可表示的范围。", code="invalid") from None


class UtcIsoDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = UtcIsoDateTimeField


class UpdatedSinceFilterSet(django_filters.FilterSet):
    updated_since = UtcIsoDateTimeFilter(
        field_name="updated_at",
        lookup_expr="gte",
        label="仅返回此时间（含）之后更新的记录，用于增量同步 / Only rows updated at or after "
        "this ISO 8601 time (incremental sync)",
    )


class AgencyRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Agency
        fields = ["id", "name", "short_name"]


# --- writing rows out directly --------------------------------------------------------------
# The list endpoints read plain ``values()`` rows and write them out with these, rather than
# through DRF's per-field machinery; each writes a value exactly as the documented serializer
# field would (tests compare the two).

_DECIMAL = serializers.DecimalField(max_digits=20, decimal_places=4)
_LOCAL = ZoneInfo(settings.TIME_ZONE)


def decimal_out(value):
    """As DRF's DecimalField(max_digits=20, decimal_places=4) writes it: a string."""
    return None if value is None else _DECIMAL.to_representation(value)


def datetime_out(value):
    """As DRF writes it (local time, ISO 8601), without its per-call timezone lookups."""
    if value is None:
        return None
    text = value.astimezone(_LOCAL).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def date_out(value):
    return None if value is None else value.isoformat()


def agency_out(row: dict) -> dict | None:
    """``AgencyRefSerializer`` from a row with ``agency_id``, ``agency__name``, ``…short_name``."""
    if row["agency_id"] is None:
        return None
    return {
        "id": row["agency_id"],
        "name": row["agency__name"],
        "short_name": row["agency__short_name"],
    }
