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
    row never goes backwards: it moves to max(value + 1, microseconds since the epoch), so
    the versions committed after a database is restored from a backup (or after a rolled-back
    transaction) start above those used before: with one row (SQLite) they never meet an
    earlier one; with several (PostgreSQL) a sum meeting an earlier sum would need equal
    microsecond differences between rows, and only a transaction reading its own uncommitted
    writes (never a request of ours) could see the rolled-back one.
    """

    id = models.PositiveIntegerField(primary_key=True)
    value = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "content version counter"

    def __str__(self) -> str:
        return f"{self.pk}: {self.value}"
