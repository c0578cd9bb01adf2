"""Admin for API tokens: issue one (the secret is shown once), see use, revoke."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import ApiToken, IdempotencyRecord
from .tokens import token_check, token_create, token_revoke


class ApiTokenForm(forms.ModelForm):
    class Meta:
        model = ApiToken
        fields = [
            "name",
            "user",
            "agency",
            "scope_read",
            "scope_report",
            "scope_review",
            "expires_at",
            "rate_per_minute",
        ]

    def clean(self):
        data = super().clean()
        if self.instance.pk is None and data.get("user"):
            scopes = {
                scope
                for scope, held in (
                    ("read", data.get("scope_read")),
                    ("report", data.get("scope_report")),
                    ("review", data.get("scope_review")),
                )
                if held
            }
            try:
                token_check(user=data["user"], agency=data.get("agency"), scopes=scopes)
            except ValidationError as error:
                for field, messages_ in error.message_dict.items():
                    target = field if field in self.fields else None
                    for message in messages_:
                        self.add_error(target, message)
        return data


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    form = ApiTokenForm
    list_display = [
        "name",
        "prefix",
        "agency",
        "user",
        "scope_read",
        "scope_report",
        "scope_review",
        "expires_at",
        "revoked_at",
        "last_used_at",
    ]
    list_filter = ["scope_report", "scope_review", ("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "prefix", "agency__name", "user__username"]
    autocomplete_fields = ["user", "agency"]
    readonly_fields = ["prefix", "created_at", "created_by", "revoked_at", "last_used_at"]
    actions = ["revoke"]

    def get_readonly_fields(self, request, obj=None):
        fields = list(self.readonly_fields)
        if obj is not None:  # scopes and owner are fixed once issued: issue a new token instead
            fields += ["user", "agency", "scope_read", "scope_report", "scope_review"]
        return fields

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        scopes = {
            scope
            for scope, held in (
                ("read", obj.scope_read),
                ("report", obj.scope_report),
                ("review", obj.scope_review),
            )
            if held
        }
        issued = token_create(
            name=obj.name,
            user=obj.user,
            agency=obj.agency,
            scopes=scopes,
            expires_at=obj.expires_at,
            rate_per_minute=obj.rate_per_minute,
            created_by=request.user,
        )
        obj.pk = issued.token.pk
        obj.prefix = issued.token.prefix
        messages.warning(
            request,
            f"令牌已创建，请立即复制保存（只显示这一次，系统只保存其摘要）：{issued.secret}",
        )

    @admin.action(description=_("吊销所选令牌"))
    def revoke(self, request, queryset):
        for token in queryset:
            token_revoke(token=token)
        messages.success(request, f"已吊销 {queryset.count()} 个令牌。")


@admin.register(IdempotencyRecord)
class IdempotencyRecordAdmin(admin.ModelAdmin):
    list_display = ["key", "user", "status_code", "created_at"]
    search_fields = ["key", "user__username"]
    readonly_fields = ["user", "key", "fingerprint", "status_code", "body", "created_at"]
