"""Admin for the agency directory, people and their roles."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Agency, AgencyAlias, Membership, User

admin.site.site_header = _("ipplan 行动计划督查系统")
admin.site.site_title = _("ipplan")
admin.site.index_title = _("管理")
admin.site.enable_nav_sidebar = False


class AgencyAliasInline(admin.TabularInline):
    model = AgencyAlias
    extra = 1


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["agency", "user"]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "level", "kind", "parent", "successor", "is_active"]
    list_filter = ["level", "kind", "is_active"]
    search_fields = ["name", "short_name", "aliases__name"]
    list_select_related = ["parent", "successor"]
    autocomplete_fields = ["parent", "successor"]
    filter_horizontal = ["members"]
    inlines = [AgencyAliasInline, MembershipInline]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "full_name", "email", "is_active", "is_staff"]
    search_fields = ["username", "full_name", "email", "memberships__agency__name"]
    fieldsets = (*DjangoUserAdmin.fieldsets, (_("联系方式"), {"fields": ["full_name", "phone"]}))
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "agency", "role"]
    list_filter = ["role", "agency__level"]
    search_fields = ["user__username", "user__full_name", "agency__name", "agency__short_name"]
    list_select_related = ["user", "agency"]
    autocomplete_fields = ["user", "agency"]
