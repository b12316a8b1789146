"""Comments (threaded) and likes."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


class Comment(models.Model):
    entry = models.ForeignKey("journal.Entry", on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comments"
    )
    # The public FriendFeed id is `e/<entry hex>/c/<uuid hex>`.
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    subject = models.CharField(max_length=255, blank=True)
    body = models.TextField()
    body_html = models.TextField(blank=True)
    # As on entries: how `body` is written (LiveJournal HTML, FriendFeed plain text), and
    # its text without markup, which `incomment:` searches. Kept by the comment verbs.
    markup = models.CharField(
        max_length=4, choices=[("html", "HTML"), ("text", "plain text")], default="html"
    )
    search_text = models.TextField(blank=True, default="", editable=False)
    via_name = models.CharField(max_length=100, blank=True)
    via_url = models.URLField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    is_deleted = models.BooleanField(default=False)
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["entry", "created_at"])]

    def __str__(self) -> str:
        return f"comment {self.pk} on {self.entry_id}"

    @property
    def public_id(self) -> str:
        return f"e/{self.entry.uuid.hex}/c/{self.uuid.hex}"


class Like(models.Model):
    entry = models.ForeignKey("journal.Entry", on_delete=models.CASCADE, related_name="likes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="likes"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["entry", "user"], name="like_unique")]

    def __str__(self) -> str:
        return f"{self.user_id} likes {self.entry_id}"
