"""Protocol sessions (LiveJournal's ljsession) as the owner sees them: list and expire."""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from journal import events
from journal.errors import NotFound
from journal.models import Event, ProtocolSession, User


def active_sessions(user: User) -> QuerySet[ProtocolSession]:
    return ProtocolSession.objects.filter(
        user=user, expired=False, expires_at__gt=timezone.now()
    ).order_by("-created_at")


@transaction.atomic
def expire_session(user: User, session_id: int) -> None:
    """Expire one of the user's own sessions (LJ `sessionexpire`)."""
    updated = ProtocolSession.objects.filter(user=user, pk=session_id).update(expired=True)
    if not updated:
        raise NotFound("No such session.")
    events.record(Event.Kind.USER_UPDATED, actor=user, journal=user.journal, change="sessions")


@transaction.atomic
def expire_all_sessions(user: User) -> int:
    count = ProtocolSession.objects.filter(user=user, expired=False).update(expired=True)
    if count:
        events.record(Event.Kind.USER_UPDATED, actor=user, journal=user.journal, change="sessions")
    return count
