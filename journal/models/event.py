"""The append-only event log: the source of truth for sync, checkfriends and real time."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class Event(models.Model):
    """One change, written in the same transaction as the change itself.

    Ordered by id; a real-time cursor or LJ sync position is an id in this table.
    """

    class Kind(models.TextChoices):
        ENTRY_CREATED = "entry.created"
        ENTRY_UPDATED = "entry.updated"
        ENTRY_DELETED = "entry.deleted"
        ENTRY_UNDELETED = "entry.undeleted"
        COMMENT_CREATED = "comment.created"
        COMMENT_UPDATED = "comment.updated"
        COMMENT_DELETED = "comment.deleted"
        COMMENT_UNDELETED = "comment.undeleted"
        LIKE_CREATED = "like.created"
        LIKE_DELETED = "like.deleted"
        HIDE_CREATED = "hide.created"
        HIDE_DELETED = "hide.deleted"
        SUBSCRIPTION_CREATED = "subscription.created"
        SUBSCRIPTION_UPDATED = "subscription.updated"
        SUBSCRIPTION_DELETED = "subscription.deleted"
        FRIENDGROUPS_UPDATED = "friendgroups.updated"
        BAN_CREATED = "ban.created"
        BAN_DELETED = "ban.deleted"
        MEMBERSHIP_CREATED = "membership.created"
        MEMBERSHIP_UPDATED = "membership.updated"
        MEMBERSHIP_DELETED = "membership.deleted"
        USER_REGISTERED = "user.registered"
        USER_UPDATED = "user.updated"
        JOURNAL_CREATED = "journal.created"
        JOURNAL_UPDATED = "journal.updated"

    id = models.BigAutoField(primary_key=True)
    kind = models.CharField(max_length=32, choices=Kind.choices)
    created_at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    journal = models.ForeignKey(
        "journal.Journal", null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    entry = models.ForeignKey(
        "journal.Entry", null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    comment = models.ForeignKey(
        "journal.Comment", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # The other person a social change is about (the friend added, the user banned, ...).
    target_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["journal", "id"]),
            models.Index(fields=["entry", "id"]),
            models.Index(fields=["kind", "id"]),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.kind}"
