"""Feed keys: the names under which waiters wait and the fan-out task pings.

A key is coarse on purpose — `j:<journal id>` (a user's or group's own feed), `u:<user id>`
(everything personal to a user: home, lists, direct, discussions, friends, likes...),
`e:<entry uuid hex>` (a one-entry feed), `public`, `search`. A ping only wakes a request,
which then re-reads the log through the visibility rules; a too-broad key costs a re-read,
a missing key would cost latency up to the poll timeout.
"""

from __future__ import annotations

from feeds.feedids import ResolvedFeed

PUBLIC = "public"
SEARCH = "search"


def journal_key(journal_id: int) -> str:
    return f"j:{journal_id}"


def user_key(user_id: int) -> str:
    return f"u:{user_id}"


def entry_key(uuid_hex: str) -> str:
    return f"e:{uuid_hex}"


def waiter_keys(resolved: ResolvedFeed, viewer) -> list[str]:
    """The keys a poll of this feed waits on."""
    if resolved.single_entry:
        return [entry_key(resolved.id.split("/", 1)[1].replace("-", "").lower())]
    if resolved.id == "public":
        return [PUBLIC]
    journal = resolved.journal
    if journal is not None:
        if resolved.type in ("user", "group") or "/summary/" in resolved.id:
            return [journal_key(journal.pk)]
        # USER/friends, /comments, /likes, /friendlikes: what that person reads or did.
        if journal.user_id is not None:
            return [user_key(journal.user_id), journal_key(journal.pk)]
        return [journal_key(journal.pk)]
    if viewer is not None and getattr(viewer, "is_authenticated", False):
        return [user_key(viewer.pk)]
    return [PUBLIC]
