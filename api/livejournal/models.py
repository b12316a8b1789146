"""Storage only the LiveJournal door needs (the domain knows nothing of these)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class UsedChallenge(models.Model):
    """A c0 challenge that has been presented once; a second use is refused (error 101).

    Challenges are signed, so issuing one writes nothing; only their use is recorded, and
    rows older than a challenge's lifetime can be purged at any time.
    """

    challenge = models.CharField(max_length=128, unique=True)
    used_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return self.challenge


class PostSignature(models.Model):
    """The digest of a user's last postevent, for LiveJournal's duplicate suppression.

    An identical resubmission (subject, event, journal, security, allowmask) answers the
    earlier entry instead of posting again, which makes client retries safe.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    digest = models.CharField(max_length=32)
    entry = models.ForeignKey("journal.Entry", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.user_id}: {self.digest}"
