"""Small pieces the resources share: bilingual schema text and common filters."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import django_filters
from django import forms
from django.conf import settings
from rest_framework import serializers

from agencies.models import Agency
from agencies.names import AgencyName, current_names
from core import clock
from ipplan.workcalendar import WorkingCalendar


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
    """An agency as a report or an assignment names it: by its current name (a body renamed
    or merged goes by its successor's, ``agencies.names``), with the name it had as
    ``hint`` (原省工商局); ``id`` stays the body the row belongs to."""

    hint = serializers.CharField(
        read_only=True,
        help_text="机构改革前的名称，如“原省工商局”；未改名时为空 / The name it had before a "
        "merger or renaming, else empty",
    )

    class Meta:
        model = Agency
        fields = ["id", "name", "short_name", "hint"]

    def to_representation(self, agency: Agency) -> dict:
        current = current_names([agency.pk])[agency.pk] if agency.successor_id else None
        return _agency_ref(agency.pk, agency.name, agency.short_name, current)


def _agency_ref(agency_id: int, name: str, short_name: str, current: AgencyName | None) -> dict:
    if current is None:
        return {"id": agency_id, "name": name, "short_name": short_name, "hint": ""}
    return {
        "id": agency_id,
        "name": current.full_name,
        "short_name": current.short_name,
        "hint": current.hint,
    }


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
    """``AgencyRefSerializer`` from a row with ``api.selectors.AGENCY_ROW_FIELDS`` (and the
    ``agency__current`` that ``with_current_agency_names`` adds)."""
    if row["agency_id"] is None:
        return None
    return _agency_ref(
        row["agency_id"],
        row["agency__name"],
        row["agency__short_name"],
        row.get("agency__current"),
    )


class Lateness:
    """A report's ``late_days`` as its page says it, worked out now: a report never delivered
    is as late as today makes it (``WorkingCalendar.report_days_late``), not as late as the
    last nightly sweep stored. The calendar and today are read once per answer: asking the
    clock for today in Asia/Shanghai goes through Django's per-thread timezone, which cost
    more than the rest of a measures page's rows (three reports a measure, 100 measures)."""

    def __init__(self):
        self.calendar = WorkingCalendar.load()
        self.today = clock.today()

    def __call__(self, *, due_on: datetime.date, first_submitted_at, late_days: int) -> int:
        return self.calendar.report_days_late(
            due_on,
            self.today,
            delivered=first_submitted_at is not None,
            delivery_days_late=late_days,
        )
