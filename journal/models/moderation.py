"""The moderation queue of a community whose posting is moderated (LiveJournal's modlog).

A queued entry is a submission, not an entry: it has no item number, nobody but the
community's moderators and its poster can see it, and it becomes an entry only when a
moderator approves it (journal.services.moderation.approve_entry calls post_entry).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from journal.models.entry import Security


class QueuedEntry(models.Model):
    """One submission waiting for a moderator: what post_entry will be called with."""

    journal = models.ForeignKey(
        "journal.Journal", on_delete=models.CASCADE, related_name="queued_entries"
    )
    poster = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="queued_entries"
    )
    subject = models.CharField(max_length=255, blank=True)
    body = models.TextField()
    security = models.CharField(max_length=8, choices=Security.choices, default=Security.PUBLIC)
    allowmask = models.PositiveBigIntegerField(default=0)
    # The writer's wall-clock time, fixed at submission (as Entry.event_time).
    event_time = models.DateTimeField()
    # Client props (already validated) and server-set props (`interface`) to apply on approval.
    props = models.JSONField(default=dict, blank=True)
    server_props = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "queued entry"
        verbose_name_plural = "moderation queue"
        indexes = [
            models.Index(fields=["journal", "created_at"]),
            models.Index(fields=["journal", "poster"]),
        ]

    def __str__(self) -> str:
        return f"{self.poster_id} → {self.journal_id}: {self.subject[:30]}"
