"""Every domain model in the Django admin, with useful columns, search and filters."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm
from django.core.exceptions import ValidationError
from django.db.models import TextField, URLField

from journal import models
from journal.errors import DomainError
from journal.services import comments, entries, moderation, register
from journal.services.accounts import clean_username

# Addresses typed without a scheme are https (Django 6's default, chosen now).
HTTPS_URLS = {URLField: {"assume_scheme": "https"}}


class UserCreationForm(AdminUserCreationForm):
    """The add form checks names the way the register verb does (journals share the names)."""

    class Meta(AdminUserCreationForm.Meta):
        model = models.User
        fields = ("username",)

    def clean_username(self) -> str:
        try:
            name = clean_username(self.cleaned_data.get("username", ""))
        except DomainError as exc:
            raise ValidationError(str(exc)) from exc
        if (
            models.User.objects.filter(username=name).exists()
            or models.Journal.objects.filter(name=name).exists()
        ):
            raise ValidationError(f"The name {name!r} is already taken.")
        return name


@admin.register(models.User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "name", "email", "is_staff", "is_suspended", "date_joined")
    list_filter = ("is_staff", "is_superuser", "is_active", "is_suspended")
    search_fields = ("username", "name", "email")
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        ("Journal", {"fields": ("name", "description", "time_zone", "birthday", "is_suspended")}),
    )
    add_form = UserCreationForm

    def save_model(self, request, obj, form, change) -> None:
        """A new account goes through the register verb, so it gets its journal and key."""
        if change:
            super().save_model(request, obj, form, change)
            return
        user = register(obj.username, None, email=obj.email, name=obj.name)
        # Keep what the form set (the password hash above all) on the registered row.
        obj.pk, obj.date_joined = user.pk, user.date_joined
        obj._state.adding = False
        obj.save()


@admin.register(models.Journal)
class JournalAdmin(admin.ModelAdmin):
    formfield_overrides = HTTPS_URLS
    list_display = ("name", "kind", "title", "user", "is_private", "created_at")
    list_filter = ("kind", "is_private", "moderated_membership")
    search_fields = ("name", "title", "user__username")
    raw_id_fields = ("user",)


class OperatorEditForm(forms.ModelForm):
    """An edited row is checked by its verbs' own rules before it is saved: a broken rule
    is a form error on its field, never a half-checked row."""

    rules = staticmethod(lambda row, changed: None)

    def _post_clean(self) -> None:
        super()._post_clean()
        if self.errors:
            return
        try:
            self.rules(self.instance, self.changed_data)
        except DomainError as exc:
            self.add_error(exc.field if exc.field in self.fields else None, str(exc))


class EntryForm(OperatorEditForm):
    rules = staticmethod(entries.check_operator_edit)

    def clean_tags(self):
        tags = self.cleaned_data["tags"]
        if any(tag.journal_id != self.instance.journal_id for tag in tags):
            raise ValidationError("A tag of another journal.")
        return tags


class CommentForm(OperatorEditForm):
    rules = staticmethod(comments.check_operator_edit)


class _Text(forms.CharField):
    """A textarea's text with the line breaks the verbs store: browsers send CRLF, and a
    save that changed nothing must not count as an edit (a logged update, every poll woken)."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n") if isinstance(value, str) else value


class OperatorEditAdmin(admin.ModelAdmin):
    """Entries and comments are written through a door (the verbs number them, log them
    and fan them out), so the admin does not add them. It edits the written row; the save
    goes through the verb that keeps the fields derived from the body and records the edit
    in the event log. The derived fields (the sanitised HTML above all) are read-only."""

    formfield_overrides = {**HTTPS_URLS, TextField: {"form_class": _Text}}

    saved_by = None

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        # A hard delete is no event (sync, real time and the log never hear of it) and takes
        # replies with it; the "is deleted" box is the logged way.
        return False

    def save_model(self, request, obj, form, change) -> None:
        self.saved_by(request.user, obj, form.changed_data)


@admin.register(models.Entry)
class EntryAdmin(OperatorEditAdmin):
    form = EntryForm
    saved_by = staticmethod(entries.save_operator_edit)
    list_display = (
        "__str__",
        "subject",
        "poster",
        "security",
        "is_direct",
        "is_deleted",
        "created_at",
    )
    list_filter = ("security", "is_direct", "is_deleted", "backdated", "journal__kind")
    search_fields = ("subject", "body", "journal__name", "poster__username", "uuid")
    raw_id_fields = ("tags",)
    readonly_fields = (
        "journal",
        "poster",
        "item_number",
        "anum",
        "body_html",
        "is_direct",
        "via_name",
        "via_url",
        "short_code",
        "revision",
        "created_at",
        "updated_at",
        "deleted_at",
    )
    date_hierarchy = "created_at"
    list_select_related = ("journal", "poster")


@admin.register(models.Comment)
class CommentAdmin(OperatorEditAdmin):
    form = CommentForm
    saved_by = staticmethod(comments.save_operator_edit)
    list_display = ("id", "entry", "author", "is_deleted", "created_at")
    list_filter = ("is_deleted",)
    search_fields = ("body", "author__username")
    readonly_fields = (
        "entry",
        "parent",
        "author",
        "body_html",
        "via_name",
        "via_url",
        "created_at",
        "updated_at",
        "deleted_at",
    )
    list_select_related = ("entry", "author")


@admin.register(models.Like)
class LikeAdmin(admin.ModelAdmin):
    list_display = ("entry", "user", "created_at")
    search_fields = ("user__username",)
    raw_id_fields = ("entry", "user")


@admin.register(models.Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ("user", "journal", "status", "groupmask", "created_at")
    list_filter = ("status",)
    search_fields = ("user__username", "journal__name")
    raw_id_fields = ("user", "journal")


@admin.register(models.FriendGroup)
class FriendGroupAdmin(admin.ModelAdmin):
    list_display = ("owner", "bit", "name", "sort_order", "is_public")
    list_filter = ("is_public",)
    search_fields = ("owner__username", "name")
    raw_id_fields = ("owner",)


@admin.register(models.Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("journal", "user", "role", "status", "can_post")
    list_filter = ("role", "status")
    search_fields = ("journal__name", "user__username")
    raw_id_fields = ("journal", "user")


@admin.register(models.Ban)
class BanAdmin(admin.ModelAdmin):
    list_display = ("journal", "user", "created_at")
    search_fields = ("journal__name", "user__username")
    raw_id_fields = ("journal", "user")


@admin.register(models.Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ("journal", "name", "display")
    list_filter = ("display",)
    search_fields = ("name", "journal__name")
    raw_id_fields = ("journal",)


@admin.register(models.Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    formfield_overrides = HTTPS_URLS
    list_display = ("id", "entry", "kind", "name", "content_type", "size")
    list_filter = ("kind",)
    search_fields = ("name", "source_url")
    raw_id_fields = ("entry",)


@admin.register(models.Hide)
class HideAdmin(admin.ModelAdmin):
    list_display = ("user", "entry", "created_at")
    raw_id_fields = ("user", "entry")


@admin.register(models.Userpic)
class UserpicAdmin(admin.ModelAdmin):
    list_display = ("id", "user", "content_type", "width", "height", "created_at")
    search_fields = ("user__username",)
    raw_id_fields = ("user",)


@admin.register(models.UserpicKeyword)
class UserpicKeywordAdmin(admin.ModelAdmin):
    list_display = ("keyword", "user", "userpic")
    search_fields = ("keyword", "user__username")
    raw_id_fields = ("user", "userpic")


@admin.register(models.Mood)
class MoodAdmin(admin.ModelAdmin):
    list_display = ("id", "name", "parent_id")
    search_fields = ("name",)


@admin.register(models.RemoteKey)
class RemoteKeyAdmin(admin.ModelAdmin):
    list_display = ("user", "name", "created_at", "last_used_at")
    search_fields = ("user__username", "name")
    raw_id_fields = ("user",)
    # The secret itself is never listed; it is shown only on the user's own settings page.
    exclude = ("key",)
    readonly_fields = ("created_at", "last_used_at")


@admin.register(models.ProtocolSession)
class ProtocolSessionAdmin(admin.ModelAdmin):
    list_display = ("id", "user", "kind", "bound_ip", "created_at", "expires_at", "expired")
    list_filter = ("kind", "expired")
    search_fields = ("user__username",)
    raw_id_fields = ("user",)
    exclude = ("secret",)


@admin.register(models.Event)
class EventAdmin(admin.ModelAdmin):
    """The event log is append-only: viewable, never editable."""

    list_display = ("id", "kind", "actor", "journal", "entry", "created_at")
    list_filter = ("kind",)
    search_fields = ("actor__username", "journal__name")
    list_select_related = ("actor", "journal", "entry")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.QueuedEntry)
class QueuedEntryAdmin(admin.ModelAdmin):
    """Moderated communities' queues: approve or reject through the verbs, never edit."""

    list_display = ("id", "journal", "poster", "subject", "security", "event_time", "created_at")
    list_filter = ("journal",)
    search_fields = ("journal__name", "poster__username", "subject", "body")
    list_select_related = ("journal", "poster")
    readonly_fields = (
        "journal",
        "poster",
        "subject",
        "body",
        "security",
        "allowmask",
        "event_time",
        "props",
        "server_props",
        "created_at",
    )
    actions = ("approve", "reject")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        # Rejecting is the way out of the queue (it records its event); see the actions.
        return False

    def _decide(self, request, queryset, verb, done: str) -> None:
        count = 0
        for item in queryset.select_related("journal", "poster"):
            try:
                getattr(moderation, verb)(request.user, item)
            except DomainError as exc:
                self.message_user(request, f"#{item.pk}: {exc.message}", level=messages.ERROR)
            else:
                count += 1
        if count:
            self.message_user(request, f"{done} {count} queued entr{'y' if count == 1 else 'ies'}.")

    @admin.action(description="Approve (post) the selected entries", permissions=["change"])
    def approve(self, request, queryset) -> None:
        self._decide(request, queryset, "approve_entry", "Posted")

    @admin.action(description="Reject the selected entries", permissions=["change"])
    def reject(self, request, queryset) -> None:
        self._decide(request, queryset, "reject_entry", "Rejected")
