"""Admin for indicators and their observed values."""

from django.contrib import admin

from .models import Indicator, Observation


class ReadOnlyObservations:
    """An indicator's period values come from accepted reports or the office's pick
    (indicators.provenance), each with who reported it: the admin shows them, never edits."""

    readonly_fields = ["indicator", "period", "value", "agency", "reported_by", "note"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ObservationInline(ReadOnlyObservations, admin.TabularInline):
    model = Observation
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "plan",
        "measure",
        "kind",
        "comparison",
        "target_value",
        "unit",
        "base_year",
        "target_year",
    ]
    list_filter = ["plan", "kind", "comparison", "target_year"]
    search_fields = ["name", "phrase", "measure__ref"]
    list_select_related = ["plan", "measure"]
    autocomplete_fields = ["measure", "agency"]
    inlines = [ObservationInline]


@admin.register(Observation)
class ObservationAdmin(ReadOnlyObservations, admin.ModelAdmin):
    list_display = ["indicator", "period", "value", "agency", "reported_by"]
    list_filter = ["period__year"]
    search_fields = ["indicator__name"]
    list_select_related = ["indicator", "period", "agency", "reported_by"]
