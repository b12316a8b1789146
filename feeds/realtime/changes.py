"""Reading the event log after a cursor: which entries changed, and how.

Only entry, comment and like events make an entry "updated" in a feed. What the viewer may
see is decided afterwards, by filtering the feed's own (visibility-filtered) queryset with
the changed entry ids, so an update never reaches a poll that could not read the entry.
"""

from __future__ import annotations

import copy
import threading
import time
from dataclasses import dataclass, field

from django.db.models import Max, Q

from feeds.realtime.cursor import Cursor, CursorError, advance
from journal.models import Event

K = Event.Kind
ENTRY_KINDS = (
    K.ENTRY_CREATED,
    K.ENTRY_UPDATED,
    K.ENTRY_DELETED,
    K.ENTRY_UNDELETED,
    K.COMMENT_CREATED,
    K.COMMENT_UPDATED,
    K.COMMENT_DELETED,
    K.COMMENT_UNDELETED,
    K.LIKE_CREATED,
    K.LIKE_DELETED,
)
# Changes of who may see what. The feed resolvers decide a few things in Python when a poll
# starts (a private person's likes/comments/friends feeds and like:/comment:/friends:
# searches are for approved readers; a suspended person's feed is gone; a list's members):
# a poll whose log range holds one of these resolves its feed again before it is served.
ACCESS_KINDS = (
    K.JOURNAL_UPDATED,
    K.SUBSCRIPTION_CREATED,
    K.SUBSCRIPTION_UPDATED,
    K.SUBSCRIPTION_DELETED,
    K.FRIENDGROUPS_UPDATED,
    K.MEMBERSHIP_CREATED,
    K.MEMBERSHIP_UPDATED,
    K.MEMBERSHIP_DELETED,
)
SUSPENSIONS = ("suspended", "unsuspended")  # USER_UPDATED's `change` (accounts.suspend)
# Ids allocated but not yet visible are looked for only near the top of the log: that is
# where in-flight transactions are; older holes are rollbacks.
GAP_WINDOW = 256
# Events read per poll; a longer backlog is served over several polls (the cursor says
# where it stopped), so nothing is skipped however far behind a client is.
BATCH = 2000


@dataclass
class EntryChange:
    """What happened to one entry since the cursor."""

    first_event: int = 0  # the earliest event id about it (to resume from when cut short)
    created: bool = False
    updated: bool = False
    comments_created: set[int] = field(default_factory=set)
    comments_updated: set[int] = field(default_factory=set)
    likes_created: set[int] = field(default_factory=set)  # user ids (a like has no id)


@dataclass
class Changes:
    cursor: Cursor
    entries: dict[int, EntryChange] = field(default_factory=dict)
    present: set[int] = field(default_factory=set)  # the old cursor's gaps now filled
    access: bool = False  # an access change (ACCESS_KINDS, a suspension) in the range
    suspension: bool = False  # someone was suspended or unsuspended in the range


def _top() -> int:
    return Event.objects.aggregate(m=Max("id"))["m"] or 0


def _missing(lo: int, hi: int) -> list[int]:
    """Ids in (lo, hi] with no committed row (in flight, or rolled back)."""
    lo = max(lo, hi - GAP_WINDOW)
    if hi <= lo:
        return []
    have = set(Event.objects.filter(id__gt=lo, id__lte=hi).values_list("id", flat=True))
    return [i for i in range(lo + 1, hi + 1) if i not in have]


def current_position() -> Cursor:
    """A cursor at the end of the log (the first call of a poll)."""
    top = _top()
    return advance(None, top, _missing(0, top), set())


def has_news(cursor: Cursor) -> bool:
    """Cheap check: anything after the cursor (or a gap filled)? One indexed query."""
    q = Q(id__gt=cursor.high)
    if cursor.gaps:
        q |= Q(id__in=cursor.gap_ids)
    return Event.objects.filter(q).exists()


_memo: dict[tuple, tuple[float, Changes]] = {}
_memo_lock = threading.Lock()
MEMO_SECONDS = 0.5


def read_changes(cursor: Cursor) -> Changes:
    """The entry changes after `cursor`, and the cursor to use next.

    A ping wakes many polls at once, nearly all holding the same cursor: the log is read
    once for them. The memo is keyed by the log's current top as well, so a poll woken by a
    newer event never gets the older answer; cursors with in-flight gaps are not memoised.
    """
    top = _top()
    if cursor.gaps:
        return _read_changes(cursor, top)
    key = (cursor.high, top)
    now = time.monotonic()
    with _memo_lock:
        hit = _memo.get(key)
        if hit is not None and now - hit[0] < MEMO_SECONDS:
            return copy.deepcopy(hit[1])
    changes = _read_changes(cursor, top)
    with _memo_lock:
        for stale in [k for k, (t, _) in _memo.items() if now - t >= MEMO_SECONDS]:
            del _memo[stale]
        _memo[key] = (now, copy.deepcopy(changes))
    return changes


def _read_changes(cursor: Cursor, top: int) -> Changes:
    if top < cursor.high:
        # The log is behind the cursor: another database, or the log was reset.
        raise CursorError("cursor-expired", 410)
    q = Q(id__gt=cursor.high, id__lte=top)
    if cursor.gaps:
        q |= Q(id__in=cursor.gap_ids)
    rows = list(
        Event.objects.filter(q, kind__in=ENTRY_KINDS)
        .order_by("id")
        .values_list("id", "kind", "entry_id", "comment_id", "actor_id")[:BATCH]
    )
    new_high = top
    if len(rows) == BATCH:
        new_high = max(cursor.high, rows[-1][0])
    present: set[int] = set()
    if cursor.gaps:
        present = set(Event.objects.filter(id__in=cursor.gap_ids).values_list("id", flat=True))
    changes = Changes(
        advance(cursor, new_high, _missing(cursor.high, new_high), present), present=present
    )
    access = set(
        Event.objects.filter(
            q & (Q(kind__in=ACCESS_KINDS) | Q(kind=K.USER_UPDATED, data__change__in=SUSPENSIONS))
        )
        .order_by()
        .values_list("kind", flat=True)
        .distinct()
    )
    changes.suspension = K.USER_UPDATED in access
    changes.access = bool(access)
    for event_id, kind, entry_id, comment_id, actor_id in rows:
        if entry_id is None:
            continue
        change = changes.entries.setdefault(entry_id, EntryChange(first_event=event_id))
        if kind in (K.ENTRY_CREATED, K.ENTRY_UNDELETED):
            change.created = True
        elif kind == K.ENTRY_UPDATED:
            change.updated = True
        elif kind == K.COMMENT_CREATED and comment_id:
            change.comments_created.add(comment_id)
        elif kind in (K.COMMENT_UPDATED, K.COMMENT_UNDELETED) and comment_id:
            change.comments_updated.add(comment_id)
        elif kind == K.LIKE_CREATED and actor_id:
            change.likes_created.add(actor_id)
    return changes


def cursor_before(old: Cursor, event_id: int, present: set[int]) -> Cursor:
    """A cursor that stops just before `event_id` (a response cut short)."""
    high = max(old.high, event_id - 1)
    if event_id <= old.high:
        # The cut falls on a gap of the old cursor: keep the old position and its gaps.
        return advance(old, old.high, [], present - {event_id})
    return advance(old, high, _missing(old.high, high), present)
