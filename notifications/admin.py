"""Operator tools: reminder rules per plan, holidays, webhooks, and every delivery's fate."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from core import clock
from ipplan.workcalendar import missing_holiday_notice

from . import services
from .models import (
    AgencyWebhook,
    CalendarOverride,
    ChannelPreference,
    DeliveryLog,
    DigestLog,
    Notification,
    PlanReminderSettings,
    ReminderRule,
    Urge,
)


class ReminderRuleInline(admin.TabularInline):
    model = ReminderRule
    fields = [
        "kind",
        "offset_working_days",
        "notify_reporters",
        "notify_approvers",
        "notify_office",
        "is_active",
    ]
    extra = 0


@admin.register(PlanReminderSettings)
class PlanReminderSettingsAdmin(admin.ModelAdmin):
    list_display = ["plan", "is_active", "auto_open_periods", "updated_at"]
    list_filter = ["is_active", "auto_open_periods"]
    search_fields = ["plan__title"]
    autocomplete_fields = ["plan"]
    inlines = [ReminderRuleInline]


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    list_display = ["day", "is_workday", "note"]
    list_filter = ["is_workday"]
    date_hierarchy = "day"
    search_fields = ["note"]

    def changelist_view(self, request, extra_context=None):
        # A year with no holiday data falls back to Monday–Friday: say so where it is fixed.
        notice = missing_holiday_notice(clock.today())
        if notice:
            self.message_user(request, notice, messages.WARNING)
        return super().changelist_view(request, extra_context)


@admin.register(AgencyWebhook)
class AgencyWebhookAdmin(admin.ModelAdmin):
    list_display = ["agency", "url", "is_active", "updated_at"]
    list_filter = ["is_active"]
    search_fields = ["agency__name", "agency__short_name", "url"]
    autocomplete_fields = ["agency"]


@admin.register(ChannelPreference)
class ChannelPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "channels", "updated_at"]
    search_fields = ["user__username", "user__full_name"]
    autocomplete_fields = ["user"]


@admin.register(Urge)
class UrgeAdmin(admin.ModelAdmin):
    list_display = ["at", "agency", "period", "by", "note"]
    list_filter = ["period__plan"]
    search_fields = ["agency__name", "agency__short_name"]
    date_hierarchy = "at"
    list_select_related = ["agency", "period", "by"]
    readonly_fields = ["period", "agency", "by", "on_date", "at", "note"]

    def has_add_permission(self, request):
        return False  # urges are made on the 催办 page, which notifies people


@admin.action(description=_("重新发送所选（失败或待重试）"))
def resend(modeladmin, request, queryset):
    count = services.deliveries_resend(deliveries=queryset)
    messages.success(request, f"已重新派发 {count} 条。")


@admin.register(DeliveryLog)
class DeliveryLogAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "kind",
        "report",
        "target",
        "channel",
        "status",
        "attempts",
        "sent_at",
        "last_error",
    ]
    list_filter = ["status", "kind", "channel", "report__period__plan"]
    search_fields = [
        "report__agency__name",
        "report__agency__short_name",
        "recipient__username",
        "recipient__full_name",
    ]
    date_hierarchy = "created_at"
    list_select_related = [
        "report__measure",
        "report__agency",
        "report__period",
        "recipient",
        "endpoint__agency",
    ]
    actions = [resend]
    readonly_fields = [f.name for f in DeliveryLog._meta.fields]

    @admin.display(description=_("接收方"))
    def target(self, obj: DeliveryLog) -> str:
        return obj.target_label

    def has_add_permission(self, request):
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "recipient", "title", "read_at"]
    list_filter = ["kind"]
    search_fields = ["title", "recipient__username", "recipient__full_name"]
    list_select_related = ["recipient"]
    date_hierarchy = "created_at"


@admin.register(DigestLog)
class DigestLogAdmin(admin.ModelAdmin):
    list_display = ["week", "recipient", "sent_at"]
    list_select_related = ["recipient"]
