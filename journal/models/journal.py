"""Journals (what FriendFeed calls feeds of type user/group), memberships and bans."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class Journal(models.Model):
    """A personal journal (one per user), a community, or a syndicated journal."""

    class Kind(models.TextChoices):
        PERSONAL = "P", "personal"
        COMMUNITY = "C", "community"
        SYNDICATED = "Y", "syndicated"

    # Journal names share one namespace with usernames (LJ: communities are accounts).
    name = models.CharField(max_length=25, unique=True)
    kind = models.CharField(max_length=1, choices=Kind.choices, default=Kind.PERSONAL)
    # Set only for personal journals: the person who owns it.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="journal",
    )
    title = models.CharField(max_length=100, blank=True)
    description = models.TextField(blank=True)
    # Private: subscriptions need the owner's approval; only approved readers see entries.
    is_private = models.BooleanField(default=False)
    # Communities: may members post without being moderators?
    members_can_post = models.BooleanField(default=True)
    # Communities: joining needs a moderator's approval.
    moderated_membership = models.BooleanField(default=False)
    # Communities: entries by members who are not moderators wait in the moderation queue
    # (journal.models.moderation.QueuedEntry) until a moderator approves them (LJ `moderated`).
    moderated_posting = models.BooleanField(default=False)
    syndication_url = models.URLField(max_length=2000, blank=True)
    # Tag permissions (console tag_permissions): who may add / control tags.
    tag_add_level = models.CharField(max_length=20, default="private")
    tag_control_level = models.CharField(max_length=20, default="private")
    # FriendFeed theme: a named theme or custom colours.
    theme = models.CharField(max_length=40, default="default")
    theme_colors = models.JSONField(default=dict, blank=True)
    # Free-form per-journal settings set through the console's `set` command.
    settings = models.JSONField(default=dict, blank=True)
    # Profile picture (FriendFeed /picture, /feedinfo picture=): the original and the
    # 25/50/75 px squares made from it (journal.media.set_profile_picture).
    picture = models.ImageField(upload_to="pictures/%Y/%m/", blank=True)
    picture_small = models.ImageField(upload_to="pictures/%Y/%m/", blank=True)
    picture_medium = models.ImageField(upload_to="pictures/%Y/%m/", blank=True)
    picture_large = models.ImageField(upload_to="pictures/%Y/%m/", blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_personal(self) -> bool:
        return self.kind == self.Kind.PERSONAL

    @property
    def is_community(self) -> bool:
        return self.kind == self.Kind.COMMUNITY

    @property
    def display_title(self) -> str:
        if self.title:
            return self.title
        if self.user_id is not None and self.user.name:
            return self.user.name
        return self.name


class Membership(models.Model):
    """A person in a community."""

    class Role(models.TextChoices):
        MEMBER = "member", "member"
        MODERATOR = "moderator", "moderator"
        ADMIN = "admin", "admin"

    class Status(models.TextChoices):
        ACTIVE = "active", "active"
        REQUESTED = "requested", "requested"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    journal = models.ForeignKey(Journal, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    can_post = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["journal", "user"]
        constraints = [
            models.UniqueConstraint(fields=["user", "journal"], name="membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.journal_id} ({self.role})"

    @property
    def is_maintainer(self) -> bool:
        return self.role in (self.Role.ADMIN, self.Role.MODERATOR)


class Ban(models.Model):
    """The journal's owner (or a community's admins) banned this user from it."""

    journal = models.ForeignKey(Journal, on_delete=models.CASCADE, related_name="bans")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["journal", "user"]
        constraints = [models.UniqueConstraint(fields=["journal", "user"], name="ban_unique")]

    def __str__(self) -> str:
        return f"{self.user_id} banned from {self.journal_id}"
