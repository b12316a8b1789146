"""Feeds resolved to visibility-filtered querysets (home, a journal, the event log)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from journal.models import Entry, Event, Hide, Journal, Subscription, User
from journal.queries import with_related
from journal.visibility import visible_entries


def journal_entries(viewer: User | None, journal: Journal) -> QuerySet[Entry]:
    """A journal's entries as `viewer` may see them, newest first (backdated included)."""
    qs = Entry.objects.filter(Q(journal=journal) | Q(recipient_links__journal=journal))
    if journal.is_personal:
        # A person's feed shows what they wrote, not direct messages sent to them.
        qs = Entry.objects.filter(journal=journal)
    return with_related(visible_entries(viewer, qs)).order_by("-created_at", "-id").distinct()


def home_entries(viewer: User, *, include_hidden: bool = False) -> QuerySet[Entry]:
    """The friends feed: own entries and those of subscribed journals, newest first."""
    followed = Subscription.objects.filter(
        user=viewer, status=Subscription.Status.SUBSCRIBED
    ).values("journal_id")
    qs = Entry.objects.filter(
        Q(journal_id__in=followed) | Q(journal__user_id=viewer.pk), backdated=False
    )
    if not include_hidden:
        qs = qs.exclude(Exists(Hide.objects.filter(user=viewer, entry_id=OuterRef("pk"))))
    return with_related(visible_entries(viewer, qs)).order_by("-created_at", "-id")


def events_after(cursor: int, *, limit: int = 1000) -> QuerySet[Event]:
    """The event log from a position on (exclusive), oldest first."""
    return Event.objects.filter(id__gt=cursor).order_by("id")[:limit]
