"""Entries and what hangs off them: recipients, tags, attachments, hides."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


class Security(models.TextChoices):
    PUBLIC = "public", "public"
    PRIVATE = "private", "private"
    # Custom: visible to friends whose group mask shares a bit with allowmask (bit 0 = all).
    USEMASK = "usemask", "friends/custom"


class Tag(models.Model):
    """A tag of a journal; its security and display flag are set by the console."""

    journal = models.ForeignKey("journal.Journal", on_delete=models.CASCADE, related_name="tags")
    name = models.CharField(max_length=40)
    display = models.BooleanField(default=True)

    class Meta:
        ordering = ["journal", "name"]
        constraints = [models.UniqueConstraint(fields=["journal", "name"], name="tag_unique")]

    def __str__(self) -> str:
        return self.name


class Entry(models.Model):
    """One post, whichever door it came through."""

    journal = models.ForeignKey("journal.Journal", on_delete=models.CASCADE, related_name="entries")
    poster = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="posted_entries"
    )
    # The public FriendFeed id is `e/<uuid hex>`.
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # LiveJournal's jitemid (per journal, from 1) and anum; ditemid = item_number*256 + anum.
    item_number = models.PositiveIntegerField()
    anum = models.PositiveSmallIntegerField()

    subject = models.CharField(max_length=255, blank=True)
    body = models.TextField(blank=True)
    body_html = models.TextField(blank=True)
    # The body's text without markup: what search matches (a search for "href" or "strong"
    # must not find every entry with a link or bold text). Kept by the entry verbs.
    search_text = models.TextField(blank=True, default="", editable=False)
    # How `body` is written: LiveJournal HTML, or FriendFeed plain text (escaped on render).
    markup = models.CharField(
        max_length=4, choices=[("html", "HTML"), ("text", "plain text")], default="html"
    )
    link = models.URLField(max_length=2000, blank=True)

    # The writer's wall-clock time as LJ clients send it; it has no zone and is stored
    # labelled UTC so that it reads back unchanged.
    event_time = models.DateTimeField()
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    security = models.CharField(max_length=8, choices=Security.choices, default=Security.PUBLIC)
    allowmask = models.PositiveBigIntegerField(default=0)
    # LJ props (current_mood, current_music, opt_preformatted, picture_keyword, ...).
    props = models.JSONField(default=dict, blank=True)
    # opt_backdated: kept off friends feeds, shown in the journal by date.
    backdated = models.BooleanField(default=False)
    comments_disabled = models.BooleanField(default=False)
    # A direct message: visible to the poster and the recipients' owners only.
    is_direct = models.BooleanField(default=False)
    recipients = models.ManyToManyField(
        "journal.Journal", through="journal.EntryRecipient", related_name="received_entries"
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="entries")

    geo_lat = models.FloatField(null=True, blank=True)
    geo_long = models.FloatField(null=True, blank=True)
    via_name = models.CharField(max_length=100, blank=True)
    via_url = models.URLField(max_length=500, blank=True)
    short_code = models.CharField(max_length=16, unique=True, null=True, blank=True)
    revision = models.PositiveIntegerField(default=0)

    is_deleted = models.BooleanField(default=False)
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "entries"
        constraints = [
            models.UniqueConstraint(fields=["journal", "item_number"], name="entry_item_unique"),
        ]
        indexes = [
            models.Index(fields=["journal", "-created_at"]),
            models.Index(fields=["journal", "event_time"]),
            models.Index(fields=["poster", "-created_at"]),
            # Feeds across many journals (home, lists, public) read newest first and stop at
            # a page: with this index PostgreSQL walks it and stops (0.6 ms on 100k entries)
            # instead of sorting every visible entry (460 ms).
            models.Index(fields=["-created_at", "-id"], name="entry_newest_first"),
        ]

    def __str__(self) -> str:
        return f"{self.journal_id}#{self.item_number}"

    @property
    def public_id(self) -> str:
        return f"e/{self.uuid.hex}"

    @property
    def ditemid(self) -> int:
        return self.item_number * 256 + self.anum

    @property
    def url(self) -> str:
        """The LiveJournal-style permalink; it is also the website's entry page."""
        return f"{settings.SITE_URL}/{self.journal.name}/{self.ditemid}.html"


class EntryRecipient(models.Model):
    """A feed (group or person) the entry was also sent to (FriendFeed `to[]`)."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="recipient_links")
    journal = models.ForeignKey("journal.Journal", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["entry", "journal"], name="entryrecipient_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.entry_id} → {self.journal_id}"


class Attachment(models.Model):
    """A file, an image (with a thumbnail made by a Celery task) or an audio URL."""

    class Kind(models.TextChoices):
        FILE = "file", "file"
        IMAGE = "image", "image"
        AUDIO = "audio", "audio"

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(max_length=5, choices=Kind.choices, default=Kind.FILE)
    file = models.FileField(upload_to="files/%Y/%m/", blank=True)
    source_url = models.URLField(max_length=2000, blank=True)
    name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    thumbnail = models.ImageField(upload_to="thumbs/%Y/%m/", blank=True)
    thumbnail_width = models.PositiveIntegerField(null=True, blank=True)
    thumbnail_height = models.PositiveIntegerField(null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    # Set by the thumbnail task once the image is resized and thumbnailed (idempotence).
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["entry", "position", "id"]

    def __str__(self) -> str:
        return self.name or self.source_url or f"attachment {self.pk}"


class Hide(models.Model):
    """The user hid this entry from their feeds (FriendFeed /hide)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="hides")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "entry"], name="hide_unique")]

    def __str__(self) -> str:
        return f"{self.user_id} hid {self.entry_id}"
