"""The fan-out Celery task: after an event commits, ping the feeds it changed.

Small and idempotent (CONVENTIONS.md): given an event id, work out the feed keys whose
content may have changed and publish them. Running it twice costs two re-reads; losing it
costs latency only, since waiting polls read the event log at their deadline anyway.
"""

from __future__ import annotations

import logging

from celery import shared_task
from django.db.models import Q

from feeds.realtime import keys as K
from feeds.realtime.changes import ENTRY_KINDS
from feeds.realtime.notify import publish
from journal.models import Comment, Entry, Event, Like, Membership, Subscription
from journal.models.entry import Security

log = logging.getLogger(__name__)
SUBSCRIBED = Subscription.Status.SUBSCRIBED
ACTIVE = Membership.Status.ACTIVE
# Events that change what someone's own feeds list without touching an entry.
PERSONAL_KINDS = (
    Event.Kind.HIDE_CREATED,
    Event.Kind.HIDE_DELETED,
    Event.Kind.SUBSCRIPTION_CREATED,
    Event.Kind.SUBSCRIPTION_UPDATED,
    Event.Kind.SUBSCRIPTION_DELETED,
    Event.Kind.FRIENDGROUPS_UPDATED,
)
FANNED_OUT = frozenset(ENTRY_KINDS) | frozenset(PERSONAL_KINDS)


def entry_keys(entry: Entry, actor_id: int | None) -> set[str]:
    """Every feed key an entry (or a comment/like on it) can appear under."""
    journal_ids = {entry.journal_id}
    journal_ids |= set(entry.recipients.values_list("pk", flat=True))
    keys = {K.entry_key(entry.uuid.hex), K.SEARCH, K.user_key(entry.poster_id)}
    keys |= {K.journal_key(j) for j in journal_ids}
    if entry.security == Security.PUBLIC and not entry.is_direct:
        keys.add(K.PUBLIC)
    people: set[int] = set()
    # Readers of the journal(s): home, lists, groups, READER/friends.
    people |= set(
        Subscription.objects.filter(journal_id__in=journal_ids, status=SUBSCRIBED).values_list(
            "user_id", flat=True
        )
    )
    people |= set(
        Membership.objects.filter(journal_id__in=journal_ids, status=ACTIVE).values_list(
            "user_id", flat=True
        )
    )
    # Owners of recipient journals: direct messages, notifications.
    people |= {uid for uid in entry.recipients.values_list("user_id", flat=True) if uid is not None}
    # Everyone in the discussion: filter/discussions, notifications.
    people |= set(Comment.objects.filter(entry=entry).values_list("author_id", flat=True))
    people |= set(Like.objects.filter(entry=entry).values_list("user_id", flat=True))
    if actor_id is not None:
        people.add(actor_id)
        if actor_id != entry.poster_id:
            # The actor's readers: friend-of-friend entries in their home, X/friendlikes.
            people |= set(
                Subscription.objects.filter(
                    Q(journal__user_id=actor_id), status=SUBSCRIBED
                ).values_list("user_id", flat=True)
            )
    keys |= {K.user_key(uid) for uid in people}
    return keys


def keys_for(event: Event) -> set[str]:
    if event.kind in PERSONAL_KINDS:
        return {K.user_key(event.actor_id)} if event.actor_id else set()
    if event.entry_id is None:
        return set()
    entry = Entry.objects.filter(pk=event.entry_id).first()
    if entry is None:
        return set()
    return entry_keys(entry, event.actor_id)


@shared_task(
    name="feeds.fan_out",
    autoretry_for=(ConnectionError, OSError),
    retry_backoff=True,
    max_retries=5,
)
def fan_out(event_id: int) -> int:
    """Publish the feed keys changed by event `event_id`; returns how many keys."""
    event = Event.objects.filter(pk=event_id).first()
    if event is None:
        return 0
    keys = keys_for(event)
    publish(sorted(keys))
    return len(keys)


def schedule(sender, event: Event, **kwargs) -> None:
    """event_committed receiver: hand the event to the fan-out task (after commit)."""
    if event.kind not in FANNED_OUT:
        return
    try:
        fan_out.delay(event.pk)
    except Exception:
        # The change is committed and in the log; waiting polls see it at their deadline.
        log.warning("real-time: could not queue fan-out of event %s", event.pk, exc_info=True)
