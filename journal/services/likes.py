"""Likes and hides."""

from __future__ import annotations

from django.db import transaction

from journal import events, permissions
from journal.errors import Forbidden
from journal.models import Entry, Event, Hide, Like, User
from journal.services.entries import ensure_visible


@transaction.atomic
def like_entry(user: User, entry: Entry) -> Like:
    """Like an entry one can see; liking twice returns the first like."""
    permissions.ensure_active(user)
    ensure_visible(user, entry)
    if entry.poster_id == user.pk:
        raise Forbidden("You cannot like your own entry.", code="own-entry")
    like, created = Like.objects.get_or_create(entry=entry, user=user)
    if created:
        events.record(Event.Kind.LIKE_CREATED, actor=user, journal=entry.journal, entry=entry)
    return like


@transaction.atomic
def unlike_entry(user: User, entry: Entry) -> bool:
    permissions.ensure_active(user)
    deleted, _ = Like.objects.filter(entry=entry, user=user).delete()
    if deleted:
        events.record(Event.Kind.LIKE_DELETED, actor=user, journal=entry.journal, entry=entry)
    return bool(deleted)


@transaction.atomic
def hide_entry(user: User, entry: Entry) -> Hide:
    permissions.ensure_active(user)
    ensure_visible(user, entry)
    hide, created = Hide.objects.get_or_create(user=user, entry=entry)
    if created:
        # A hide concerns only the user's own feeds; the event carries no journal.
        events.record(Event.Kind.HIDE_CREATED, actor=user, entry=entry)
    return hide


@transaction.atomic
def unhide_entry(user: User, entry: Entry) -> bool:
    permissions.ensure_active(user)
    deleted, _ = Hide.objects.filter(user=user, entry=entry).delete()
    if deleted:
        events.record(Event.Kind.HIDE_DELETED, actor=user, entry=entry)
    return bool(deleted)
