"""The content version: a number that changes whenever anything a reader could see changes."""

from __future__ import annotations

from django.db import models


class ContentVersion(models.Model):
    """Counter rows moved by database triggers (journal/readcache.py installs them).

    Every INSERT, UPDATE or DELETE on a tracked table moves one row forward inside the writing
    transaction, so the sum of the rows changes exactly when the change becomes visible to
    other connections. PostgreSQL keeps 64 rows and a writer takes one no other transaction
    holds, so writers never wait on each other here (beyond 64 at once, a writer adds a row of
    its own, keyed by its backend pid); SQLite, which has one writer at a time, keeps one. A
    row never goes backwards: it moves to max(value + 1, microseconds since the epoch), so a
    database restored from a backup, or a test's rolled-back transaction, never meets a
    version that was already used for other data.
    """

    id = models.PositiveIntegerField(primary_key=True)
    value = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "content version counter"

    def __str__(self) -> str:
        return f"{self.pk}: {self.value}"
