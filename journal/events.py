"""Recording events and running side effects after commit.

The event row is written inside the caller's transaction, so it commits or rolls back with
the change. `event_committed` is sent only after commit; `feeds` listens to it and starts
the fan-out task (journal never imports feeds).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.dispatch import Signal

from journal.models import Event

# Sent after the transaction that recorded the event commits; kwargs: event.
event_committed = Signal()


def record(
    kind: str, *, actor=None, journal=None, entry=None, comment=None, target_user=None, **data: Any
) -> Event:
    """Append an event to the log and announce it once the transaction commits."""
    event = Event.objects.create(
        kind=kind,
        actor=actor,
        journal=journal,
        entry=entry,
        comment=comment,
        target_user=target_user,
        data=data,
    )
    transaction.on_commit(lambda: event_committed.send(sender=Event, event=event))
    return event
