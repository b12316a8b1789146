"""Accounts: the user, remote keys, protocol sessions, userpics and the mood list."""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone

# LiveJournal usernames: lower-case letters, digits and underscores; DW allows 25 chars.
USERNAME_MAX_LENGTH = 25
username_validator = RegexValidator(
    r"^[a-z0-9_]{1,25}\Z",
    "Use 1–25 lower-case letters, digits or underscores.",
)


def canonical_username(raw: str) -> str:
    """LiveJournal's canonicalisation: trim, lower-case, '-' becomes '_'."""
    return raw.strip().lower().replace("-", "_")


class User(AbstractUser):
    """A person. Their personal journal is `user.journal`."""

    username = models.CharField(
        max_length=USERNAME_MAX_LENGTH,
        unique=True,
        validators=[username_validator],
        help_text="1–25 lower-case letters, digits or underscores.",
    )
    # The display name ("Alice Example"); LiveJournal's fullname, FriendFeed's name.
    name = models.CharField(max_length=100, blank=True)
    description = models.TextField(blank=True)
    time_zone = models.CharField(max_length=64, default="UTC")
    birthday = models.DateField(null=True, blank=True)
    default_userpic = models.ForeignKey(
        "journal.Userpic", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A suspended account cannot log in through any door and its entries are hidden.
    is_suspended = models.BooleanField(default=False)

    objects = UserManager()

    class Meta:
        ordering = ["username"]

    def __str__(self) -> str:
        return self.username

    @property
    def display_name(self) -> str:
        return self.name or self.username


class RemoteKey(models.Model):
    """A random, revocable API password (FriendFeed's "remote key").

    LiveJournal's hpassword and challenge-response need md5 of the secret on the server;
    only these random keys, never the account password, are usable that way.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="remote_keys")
    name = models.CharField(max_length=60, default="default")
    key = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "name"], name="remotekey_unique_name"),
        ]

    def __str__(self) -> str:
        return f"{self.user} / {self.name}"

    @staticmethod
    def generate() -> str:
        return secrets.token_hex(16)

    @property
    def md5_hex(self) -> str:
        return hashlib.md5(self.key.encode()).hexdigest()


class ProtocolSession(models.Model):
    """A login session made by a protocol (LiveJournal's ljsession cookie)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="protocol_sessions")
    secret = models.CharField(max_length=64)
    kind = models.CharField(
        max_length=5, choices=[("short", "short"), ("long", "long")], default="short"
    )
    bound_ip = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    expired = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"session {self.pk} of {self.user}"

    @property
    def is_active(self) -> bool:
        return not self.expired and self.expires_at > timezone.now()


class Userpic(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="userpics")
    image = models.ImageField(upload_to="userpics/%Y/%m/")
    content_type = models.CharField(max_length=40, default="image/png")
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    comment = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"userpic {self.pk} of {self.user_id}"


class UserpicKeyword(models.Model):
    """A keyword names exactly one of a user's pictures (LJ `picture_keyword`)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="userpic_keywords")
    userpic = models.ForeignKey(Userpic, on_delete=models.CASCADE, related_name="keywords")
    keyword = models.CharField(max_length=40)

    class Meta:
        ordering = ["keyword"]
        constraints = [
            models.UniqueConstraint(fields=["user", "keyword"], name="userpic_keyword_unique"),
        ]

    def __str__(self) -> str:
        return self.keyword


class Mood(models.Model):
    """LiveJournal's mood list (ids 1–134, loaded by a data migration)."""

    id = models.PositiveSmallIntegerField(primary_key=True)
    name = models.CharField(max_length=40, unique=True)
    parent_id = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name
