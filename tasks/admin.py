"""Admin for plans and their structure: what an office clerk searches and filters by."""

from django.contrib import admin
from django.db.models import Count, Prefetch
from django.utils.translation import gettext_lazy as _

from indicators.models import Indicator

from .models import Assignment, Measure, Plan, ReportingPeriod, ScheduleEntry, Section


class SectionInline(admin.TabularInline):
    model = Section
    fields = ["label", "title", "number", "parent", "order"]
    extra = 0
    show_change_link = True


class AssignmentInline(admin.TabularInline):
    model = Assignment
    fk_name = "measure"
    fields = ["agency", "role", "name_as_written", "note", "order"]
    autocomplete_fields = ["agency"]
    extra = 0


class ScheduleAssignmentInline(AssignmentInline):
    fk_name = "schedule_entry"


class IndicatorInline(admin.TabularInline):
    model = Indicator
    fields = [
        "name",
        "kind",
        "comparison",
        "base_year",
        "target_value",
        "target_max",
        "unit",
        "target_year",
        "phrase",
    ]
    extra = 0


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["title", "document_number", "level", "issued_on", "status", "measure_count"]
    list_filter = ["status", "level"]
    search_fields = ["title", "document_number", "issuer_name"]
    autocomplete_fields = ["issuer", "parent"]
    # Publishing checks unresolved names and leads (tasks.services.plans.plan_publish): it is
    # done on the plan's review page, never by editing the status here.
    readonly_fields = ["status", "created_at", "updated_at"]
    inlines = [SectionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(measure_total=Count("measures"))

    @admin.display(description=_("措施数"), ordering="measure_total")
    def measure_count(self, plan: Plan) -> int:
        return plan.measure_total


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "plan", "parent", "order"]
    list_filter = ["plan"]
    search_fields = ["title", "text"]
    list_select_related = ["plan", "parent"]


class ResponsibleAgencyFilter(admin.SimpleListFilter):
    """Filter by agency including those named through an alias, on agencies with measures."""

    title = _("责任单位")
    parameter_name = "agency"

    def lookups(self, request, model_admin):
        from agencies.models import Agency

        agencies = Agency.objects.filter(assignments__measure__isnull=False).distinct()
        return [(a.pk, str(a)) for a in agencies.order_by("level", "name")]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(assignments__agency_id=self.value()).distinct()
        return queryset


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin):
    list_display = ["label", "short_text", "section", "responsible", "status"]
    list_display_links = ["label", "short_text"]
    list_filter = ["plan", "status", ResponsibleAgencyFilter, "assignments__role"]
    search_fields = [
        "ref",
        "label",
        "title",
        "text",
        "assignments__agency__name",
        "assignments__agency__short_name",
        "assignments__name_as_written",
    ]
    autocomplete_fields = ["parent"]
    raw_id_fields = ["section"]
    readonly_fields = ["created_at", "updated_at", "line_start", "line_end"]
    inlines = [AssignmentInline, IndicatorInline]
    list_per_page = 100

    def get_queryset(self, request):
        assignments = Assignment.objects.select_related("agency").order_by("order", "id")
        return (
            super()
            .get_queryset(request)
            .select_related("plan", "section")
            .prefetch_related(Prefetch("assignments", queryset=assignments))
        )

    @admin.display(description=_("内容"))
    def short_text(self, measure: Measure) -> str:
        text = measure.title or measure.text
        return text if len(text) <= 40 else text[:40] + "…"

    @admin.display(description=_("责任单位"))
    def responsible(self, measure: Measure) -> str:
        return "、".join(str(a) for a in measure.assignments.all())


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "measure", "schedule_entry", "role", "name_as_written"]
    list_filter = ["role", "agency__level", ("agency", admin.EmptyFieldListFilter)]
    search_fields = ["name_as_written", "agency__name", "agency__short_name"]
    list_select_related = ["agency", "measure", "schedule_entry"]
    autocomplete_fields = ["agency", "measure"]
    raw_id_fields = ["schedule_entry"]


@admin.register(ScheduleEntry)
class ScheduleEntryAdmin(admin.ModelAdmin):
    list_display = ["action", "plan", "stage", "key_task", "start_month", "end_month"]
    list_filter = ["plan", "stage"]
    search_fields = ["action", "key_task", "division_text"]
    list_select_related = ["plan"]
    autocomplete_fields = ["measure"]
    inlines = [ScheduleAssignmentInline]


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(admin.ModelAdmin):
    list_display = ["period_label", "plan", "kind", "opens_on", "due_on", "status"]
    list_filter = ["status", "kind", "plan"]
    list_select_related = ["plan"]
    # Opening creates the expected reports and closing freezes them, with a reason in the
    # period's history (tasks.services.periods): only the 填报周期 page does that.
    readonly_fields = ["status"]

    @admin.display(description="填报周期", ordering="starts_on")
    def period_label(self, period: ReportingPeriod) -> str:
        return period.label
