"""The one edge: LiveJournal friends = FriendFeed subscriptions; friend groups = lists."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone


class Subscription(models.Model):
    """`user → journal`: user reads journal; for a personal journal, user trusts its owner.

    Read in one direction it fills the user's home feed; read in the other (owner → viewer)
    it is LiveJournal's trust edge, whose `groupmask` decides custom-security visibility.
    """

    class Status(models.TextChoices):
        SUBSCRIBED = "subscribed", "subscribed"
        REQUESTED = "requested", "requested"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="subscriptions"
    )
    journal = models.ForeignKey(
        "journal.Journal", on_delete=models.CASCADE, related_name="subscribers"
    )
    # Bit 0 is always set (every friend is in "all friends"); bits 1–30 are friend groups.
    groupmask = models.PositiveBigIntegerField(default=1)
    fgcolor = models.CharField(max_length=7, default="#000000")
    bgcolor = models.CharField(max_length=7, default="#ffffff")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SUBSCRIBED)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["user", "journal"]
        constraints = [
            models.UniqueConstraint(fields=["user", "journal"], name="subscription_unique"),
        ]
        indexes = [models.Index(fields=["journal", "status"])]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.journal_id} ({self.status})"


class FriendGroup(models.Model):
    """A named group of friends, bit 1–30 of the owner's masks; a FriendFeed list."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="friend_groups"
    )
    bit = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(30)])
    name = models.CharField(max_length=40)
    sort_order = models.PositiveSmallIntegerField(default=50)
    is_public = models.BooleanField(default=False)

    class Meta:
        ordering = ["owner", "sort_order", "bit"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "bit"], name="friendgroup_unique_bit"),
            models.CheckConstraint(
                condition=models.Q(bit__gte=1, bit__lte=30), name="friendgroup_bit_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (bit {self.bit})"

    @property
    def mask(self) -> int:
        return 1 << self.bit
