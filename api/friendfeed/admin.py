"""Admin for registered applications and their OAuth 1.0a tokens."""

from __future__ import annotations

from django.contrib import admin

from api.friendfeed.models import AccessToken, Application, RequestToken
from journal.admin import HTTPS_URLS


class AccessTokenInline(admin.TabularInline):
    model = AccessToken
    extra = 0
    fields = ["user", "kind", "created_at", "last_used_at"]
    readonly_fields = fields
    can_delete = True  # deleting a row revokes the grant
    show_change_link = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    formfield_overrides = HTTPS_URLS
    list_display = ["name", "owner", "consumer_key", "callback_url", "is_active", "created_at"]
    list_filter = ["is_active", "allow_ia"]
    search_fields = ["name", "consumer_key", "owner__username"]
    raw_id_fields = ["owner", "oauth2_application"]
    readonly_fields = ["created_at"]
    inlines = [AccessTokenInline]


@admin.register(AccessToken)
class AccessTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "application", "kind", "created_at", "last_used_at"]
    list_filter = ["kind"]
    search_fields = ["user__username", "application__name"]
    raw_id_fields = ["user", "application"]
    # Token secrets are never shown to operators (secrets are not logged or displayed).
    exclude = ["secret"]
    readonly_fields = ["key", "created_at", "last_used_at"]


@admin.register(RequestToken)
class RequestTokenAdmin(admin.ModelAdmin):
    list_display = ["application", "user", "created_at"]
    raw_id_fields = ["user", "application"]
    exclude = ["secret", "verifier"]
    readonly_fields = ["key", "created_at"]
