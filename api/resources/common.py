"""Small pieces the resources share: bilingual schema text and common filters."""

from __future__ import annotations

import datetime

import django_filters
from django import forms
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
