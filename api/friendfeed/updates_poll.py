"""The synchronous half of a long poll: who asks, for which feed, and what changed.

Everything here touches the database and runs in a worker thread (sync_to_async); the async
view in updates.py only waits. Feeds and searches are resolved by the same code as /feed
and /search (feeds.feedids, feeds.search) and rendered by the same builders, so every feed
option (maxcomments, raw, fof, hidden, locale, format=xml, callback) behaves identically.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import QuerySet
from django.http import HttpRequest
from rest_framework import exceptions
from rest_framework.request import Request

from api.friendfeed import auth, renderers
from api.friendfeed import locale as L
from api.friendfeed.builders import Context, entry_dict, load_reactions, page_queryset
from api.friendfeed.errors import ApiError
from api.friendfeed.params import Params
from api.friendfeed.views.base import parse_options
from api.friendfeed.views.feeds import DEFAULT_NUM, MAX_NUM, MAX_START, feed_header
from feeds import search
from feeds.feedids import resolve
from feeds.realtime import changes as log
from feeds.realtime import keys as K
from feeds.realtime.cursor import Cursor
from journal.models import Entry
from journal.visibility import visible_entries

# Long polls have their own bucket, apart from writes: a client re-polling at once after
# each answer makes ~60-3600 polls an hour. (requests, seconds) per user and per address.
DEFAULT_LONGPOLL_LIMIT = (3600, 3600)
UPDATE_LIMIT = 100  # entries per update response; the rest come on the next poll


@dataclass
class Poll:
    """One long poll's state across its reads."""

    request: HttpRequest
    params: Params
    viewer: Any
    ctx: Context
    header: dict[str, Any]
    entries: QuerySet[Entry]
    keys: list[str]
    cursor: Cursor | None
    fof_allowed: bool = False
    single_entry: bool = False
    updates_only: bool = False
    first: dict[str, Any] | None = field(default=None)


def viewer_of(request: HttpRequest):
    """The API's own auth (Basic, OAuth 1/2); else the website's session (the live page).

    JSONP ignores authentication (the page), which also keeps a session from leaking
    private entries to another site through a <script> tag.
    """
    if renderers.callback_name(request):
        return None
    # Read the session first: DRF's Request overwrites `request.user` with its own result.
    session_user = getattr(request, "user", None)
    if session_user is not None and not session_user.is_authenticated:
        session_user = None
    drf = Request(request, authenticators=[cls() for cls in auth.authentication_classes()])
    try:
        user = drf.user
    except exceptions.APIException:
        raise ApiError("unauthorized", 401) from None
    if user is not None and user.is_authenticated:
        return user
    return session_user


def _hit(key: str, limit: int, window: int) -> bool:
    bucket = f"ff-lp:{key}:{int(time.time() // window)}"
    if cache.add(bucket, 1, timeout=window + 5):
        return limit >= 1
    try:
        return cache.incr(bucket) <= limit
    except ValueError:
        cache.set(bucket, 1, timeout=window + 5)
        return True


def check_rate(request: HttpRequest, viewer) -> None:
    limit, window = getattr(settings, "FRIENDFEED_LONGPOLL_LIMIT", DEFAULT_LONGPOLL_LIMIT)
    ip = request.META.get("REMOTE_ADDR", "") or "unknown"
    ok = _hit(f"ip{ip}", limit, window)
    if viewer is not None:
        ok = _hit(f"u{viewer.pk}", limit, window) and ok
    if not ok:
        raise ApiError("limit-exceeded", 403)


def release_connection() -> None:
    """Give the database connection back before waiting (FACTS.md: waiters held them all).

    Inside a test's transaction the connection is the test's own and must stay open.
    """
    if not connection.in_atomic_block:
        connection.close()


def open_poll(
    request: HttpRequest, params: Params, cursor: Cursor | None, feed_id: str | None
) -> Poll:
    """Authenticate, resolve the feed (errors come out here, before any wait), first read."""
    try:
        viewer = viewer_of(request)
        check_rate(request, viewer)
        options = parse_options(params)
        ctx = Context(viewer=viewer, options=options)
        if feed_id is not None:
            resolved = resolve(viewer, feed_id, include_hidden=options.hidden, fof=options.fof)
            header = feed_header(ctx, resolved)
            entries, keys = resolved.entries, K.waiter_keys(resolved, viewer)
            fof_allowed, single = resolved.fof_allowed, resolved.single_entry
        else:
            query = (params.get("q") or "").strip()
            if not query:
                raise ApiError("q-required", 400)
            q = search.compile_query(query, viewer)
            entries = visible_entries(viewer, Entry.objects.filter(q)).order_by(
                "-created_at", "-id"
            )
            header = {"id": "search", "name": L.text("search", options.locale), "type": "special"}
            header["query"] = query
            keys, fof_allowed, single = [K.SEARCH], False, False
        ctx.load()
        poll = Poll(
            request,
            params,
            viewer,
            ctx,
            header,
            entries,
            keys,
            cursor,
            fof_allowed=fof_allowed,
            single_entry=single,
            updates_only=params.flag("updates"),
        )
        if cursor is None:
            poll.first = first_page(poll)
        return poll
    finally:
        release_connection()


def first_page(poll: Poll) -> dict[str, Any]:
    """The first call: the feed as /feed gives it, plus a cursor at the end of the log.

    The position is taken before the page is read, so a change racing the read is served
    again on the next poll rather than lost.
    """
    poll.cursor = log.current_position()
    if poll.single_entry:
        entries = list(page_queryset(poll.entries)[:1])
        if not entries:
            raise ApiError("entry-not-found", 404)
    else:
        start = poll.params.int("start", 0, maximum=MAX_START)
        num = poll.params.int("num", DEFAULT_NUM, maximum=MAX_NUM)
        entries = list(page_queryset(poll.entries)[start : start + num])
    return respond_data(poll, _dicts(poll, entries, None))


def respond_data(poll: Poll, entries: list[dict[str, Any]]) -> dict[str, Any]:
    data = dict(poll.header)
    data["entries"] = entries
    data["realtime"] = {"cursor": poll.cursor.encode()}
    return data


def has_news(poll: Poll) -> bool:
    try:
        return log.has_news(poll.cursor)
    finally:
        release_connection()


def read_updates(poll: Poll) -> dict[str, Any] | None:
    """What changed in this feed since the poll's cursor, or None; advances the cursor."""
    try:
        old = poll.cursor
        changes = log.read_changes(old)
        if not changes.entries:
            poll.cursor = changes.cursor
            return None
        visible = list(page_queryset(poll.entries.filter(pk__in=list(changes.entries))).order_by())
        if len(visible) > UPDATE_LIMIT:
            # Serve the earliest changes now; the cursor stops just before the first entry
            # left out, so the next poll picks the rest up (repeats are flagged again).
            visible.sort(key=lambda e: changes.entries[e.pk].first_event)
            cut = changes.entries[visible[UPDATE_LIMIT].pk].first_event
            visible = visible[:UPDATE_LIMIT]
            changes.cursor = log.cursor_before(old, cut, changes.present)
        poll.cursor = changes.cursor
        if not visible:
            return None
        visible.sort(key=lambda e: (e.created_at, e.pk), reverse=True)
        return respond_data(poll, _dicts(poll, visible, changes))
    finally:
        release_connection()


def _dicts(poll: Poll, entries: list[Entry], changes: log.Changes | None) -> list[dict]:
    """Entry dicts with `created`/`updated` on entries, comments and likes (the page)."""
    ctx = poll.ctx
    load_reactions(entries)
    ctx.load([e.pk for e in entries])
    out = []
    for e in entries:
        change = changes.entries.get(e.pk) if changes is not None else None
        if change is not None and poll.updates_only:
            # updates=1: "Only include new comments and likes on returned entries."
            touched = change.comments_created | change.comments_updated
            e.ff_comments = [c for c in e.ff_comments if c.pk in touched]
            e.ff_likes = [lk for lk in e.ff_likes if lk.user_id in change.likes_created]
        d = entry_dict(ctx, e, fof_allowed=poll.fof_allowed)
        if change is not None:
            _flag(d, e, change)
        out.append(d)
    return out


def _flag(d: dict[str, Any], e: Entry, change: log.EntryChange) -> None:
    if change.created:
        d["created"] = True
    elif change.updated:
        d["updated"] = True
    created = {
        f"e/{e.uuid.hex}/c/{c.uuid.hex}" for c in e.ff_comments if c.pk in change.comments_created
    }
    updated = {
        f"e/{e.uuid.hex}/c/{c.uuid.hex}" for c in e.ff_comments if c.pk in change.comments_updated
    }
    for c in d.get("comments", []):
        cid = c.get("id")
        if cid in created:
            c["created"] = True
        elif cid in updated:
            c["updated"] = True
    likers = {lk.user.username for lk in e.ff_likes if lk.user_id in change.likes_created}
    for like in d.get("likes", []):
        if like.get("from", {}).get("id") in likers:
            like["created"] = True
