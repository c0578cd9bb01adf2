"""Admin for indicators and their observed values."""

from django.contrib import admin

from .models import Indicator, Observation


class ObservationInline(admin.TabularInline):
    model = Observation
    extra = 0
    autocomplete_fields = ["agency"]
    raw_id_fields = ["reported_by"]


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
class ObservationAdmin(admin.ModelAdmin):
    list_display = ["indicator", "period", "value", "agency", "reported_by"]
    list_filter = ["period__year"]
    search_fields = ["indicator__name"]
    list_select_related = ["indicator", "period", "agency", "reported_by"]
