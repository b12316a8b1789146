"""Starting a protocol session (LiveJournal's sessiongenerate); listing and expiring them is
in journal/services/sessions.py."""

from __future__ import annotations

import datetime as dt
import secrets

from django.db import transaction
from django.utils import timezone

from journal import permissions
from journal.models import ProtocolSession, User

# LiveJournal's lifetimes in code: short 1.5 days, long 60 days.
LIFETIMES = {"short": dt.timedelta(hours=36), "long": dt.timedelta(days=60)}


@transaction.atomic
def start_session(
    user: User, *, kind: str = "short", bound_ip: str | None = None
) -> ProtocolSession:
    """A new session for an active person; `bound_ip` limits it to one address."""
    permissions.ensure_active(user)
    kind = kind if kind in LIFETIMES else "short"
    return ProtocolSession.objects.create(
        user=user,
        secret=secrets.token_urlsafe(24),
        kind=kind,
        bound_ip=bound_ip or None,
        expires_at=timezone.now() + LIFETIMES[kind],
    )
