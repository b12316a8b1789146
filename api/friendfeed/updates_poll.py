"""The synchronous half of a long poll before it waits: who asks, for which feed, the probe.

Everything here touches the database and runs in a worker thread (sync_to_async); the async
view in updates.py only waits. Feeds and searches are resolved by the same code as /feed
and /search (feeds.feedids, feeds.search) and rendered by the same builders, so every feed
option (maxcomments, raw, fof, hidden, locale, format=xml, callback) behaves identically.

A waiting poll keeps little: its viewer, options, feed header, cursor, keys and a *probe*,
the feed's visibility-filtered query compiled once to SQL with the changed entry ids as its
one free parameter. A wake-up then costs each poll one indexed query (updates_batch.py);
the SQL text is shared by every poll of the same feed shape (only the parameters differ).
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
import sys
import time
from dataclasses import dataclass, field
from typing import Any

import orjson
import psycopg
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.backends.sqlite3.base import FORMAT_QMARK_REGEX
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from django.http import HttpRequest
from rest_framework import exceptions
from rest_framework.request import Request

from api.friendfeed import auth, renderers
from api.friendfeed.builders import Context, Options, entries_list, page_queryset
from api.friendfeed.errors import ApiError
from api.friendfeed.params import Params
from api.friendfeed.views.base import parse_options
from api.friendfeed.views.feeds import (
    DEFAULT_NUM,
    MAX_NUM,
    MAX_START,
    feed_header,
    refuse_unreadable,
    search_feed,
)
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


class Probe:
    """`SELECT id, revision FROM <the feed> WHERE id IN <ids>`, compiled once per poll."""

    __slots__ = ("index", "params", "sql")

    _MARK = object()

    def __init__(self, sql: str, params: tuple, index: int):
        if connection.vendor == "sqlite":
            # Django's SQLite cursor rewrites %s to ? with a regex on every execute (~90 µs
            # for a feed's SQL): done once here, and run() uses the DB-API cursor itself.
            sql = FORMAT_QMARK_REGEX.sub("?", sql).replace("%%", "%")
        self.sql = sys.intern(sql)  # one copy per feed shape, however many polls wait
        self.params = params
        self.index = index

    @classmethod
    def compile(cls, entries: QuerySet[Entry]) -> Probe | None:
        if connection.vendor == "postgresql":
            ids = RawSQL("SELECT unnest(%s::bigint[])", [cls._MARK])
        elif connection.vendor == "sqlite":
            ids = RawSQL("SELECT value FROM json_each(%s)", [cls._MARK])
        else:
            return None
        qs = entries.filter(pk__in=ids).order_by().values_list("pk", "revision")
        try:
            sql, params = qs.query.sql_with_params()
        except EmptyResultSet:
            # A feed that is empty by construction (a private person's likes, a search
            # term that matches nothing): no SQL to compile; the queryset answers, empty.
            return None
        marks = [i for i, p in enumerate(params) if p is cls._MARK]
        if len(marks) != 1:
            return None
        return cls(sql, tuple(params), marks[0])

    def run(self, ids: list[int]) -> dict[int, int]:
        """Which of `ids` are in the feed for this viewer now: {entry id: revision}."""
        params = list(self.params)
        if connection.vendor == "sqlite":
            params[self.index] = orjson.dumps(ids).decode()
            # The driver's own cursor raises the driver's errors: wrapped, as Django's
            # cursor would, so a locked table is django.db's OperationalError (retried).
            with connection.cursor() as cursor, connection.wrap_database_errors:
                return dict(sqlite3.Cursor.execute(cursor.cursor, self.sql, params).fetchall())
        params[self.index] = ids
        # Server-side binding, prepared: every poll of a feed shape runs the same SQL, so
        # PostgreSQL plans it once per connection instead of once per poll (planning this
        # query costs more than running it). connection.cursor() connects (pool) if needed.
        with (
            connection.cursor(),
            connection.wrap_database_errors,
            psycopg.Cursor(connection.connection) as cursor,
        ):
            cursor.execute(self.sql, params, prepare=True)
            return dict(cursor.fetchall())


# PostgreSQL: a round trip and a plan per poll cost more than the query itself on a busy
# machine (~3 ms a poll). Polls of one feed shape asking about the same ids run as ONE
# statement instead: each of the probe's own parameters becomes an array (one element per
# poll), unnest() turns them into rows, and the probe's SQL runs once per row (LATERAL)
# with `v.pN` in place of its placeholders. One plan, one round trip, few placeholders.
PG_CHUNK = 1000
_PLACEHOLDER = re.compile(r"(?<!%)%s")
# In this order: a bool is an int; TextChoices members are str.
_PG_ARRAY = (
    (bool, "boolean[]"),
    (int, "bigint[]"),
    (str, "text[]"),
    (dt.datetime, "timestamptz[]"),
)


def _pg_array(value) -> str | None:
    for kind, name in _PG_ARRAY:
        if isinstance(value, kind):
            return name
    return None


def _lateral(sql: str, index: int, types: list[str]) -> str:
    count = iter(range(len(types)))

    def column(_match) -> str:
        k = next(count)
        return "%s" if k == index else f"v.p{k}"

    body = _PLACEHOLDER.sub(column, sql)
    kept = [k for k in range(len(types)) if k != index]
    arrays = ", ".join(["%s::bigint[]"] + [f"%s::{types[k]}" for k in kept])
    names = ", ".join(["w"] + [f"p{k}" for k in kept])
    return (
        f"SELECT v.w, q.pk, q.revision FROM unnest({arrays}) AS v({names}) "  # noqa: S608
        f"CROSS JOIN LATERAL ({body}) AS q"
    )


def _pg_types(polls: list[Poll], index: int) -> list[str] | None:
    """The array type of each parameter, or None if one is not the same type in all."""
    first = polls[0].probe.params
    types = []
    for k, value in enumerate(first):
        if k == index:
            types.append("")
            continue
        kind = _pg_array(value)
        if kind is None or any(_pg_array(p.probe.params[k]) != kind for p in polls):
            return None
        types.append(kind)
    return types


def probe_all(asks: list[tuple[Poll, list[int]]]) -> list[dict[int, int]]:
    """`poll.visible(ids)` for many polls (on PostgreSQL, a statement per feed shape)."""
    out: list[dict[int, int]] = [{} for _ in asks]
    groups: dict[tuple[str, int, tuple[int, ...]], list[int]] = {}
    for k, (poll, ids) in enumerate(asks):
        if poll.probe is None or connection.vendor != "postgresql":
            out[k] = poll.visible(ids)
        else:
            groups.setdefault((poll.probe.sql, poll.probe.index, tuple(ids)), []).append(k)
    for (sql, index, ids), members in groups.items():
        types = _pg_types([asks[k][0] for k in members], index)
        if types is None:
            for k in members:
                out[k] = asks[k][0].visible(list(ids))
            continue
        for start in range(0, len(members), PG_CHUNK):
            chunk = members[start : start + PG_CHUNK]
            params: list = [list(range(len(chunk)))]
            for col in range(len(types)):
                if col != index:
                    params.append([asks[k][0].probe.params[col] for k in chunk])
            params.append(list(ids))
            with connection.cursor() as cursor:
                cursor.execute(_lateral(sql, index, types), params)
                for j, pk, revision in cursor.fetchall():
                    out[chunk[j]][pk] = revision
    return out


@dataclass(eq=False)
class Poll:
    """One long poll's state across its reads (kept small: thousands of these wait)."""

    request: HttpRequest
    params: Params
    viewer: Any
    options: Options
    header: dict[str, Any]
    keys: list[str]
    cursor: Cursor | None
    feed_id: str | None = None  # None: a search (params' q)
    access_in_python: bool = False  # see access_in_python()
    probe: Probe | None = None
    entries: QuerySet[Entry] | None = None  # only when no probe could be compiled
    fof_allowed: bool = False
    single_entry: bool = False
    updates_only: bool = False
    answer: dict[str, Any] | None = field(default=None)  # an answer without waiting

    def visible(self, ids: list[int]) -> dict[int, int]:
        """The changed entries this poll may be told about: {entry id: revision}."""
        if self.probe is not None:
            return self.probe.run(ids)
        return dict(self.entries.filter(pk__in=ids).order_by().values_list("pk", "revision"))


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
    """Authenticate, resolve the feed (errors come out here, before any wait), first read.

    `answer` is set when the poll answers at once: the first call's page, or changes
    already waiting after the client's cursor.
    """
    from api.friendfeed.updates_batch import read_batch

    try:
        viewer = viewer_of(request)
        check_rate(request, viewer)
        options = parse_options(params)
        ctx = Context(viewer=viewer, options=options)
        ctx.load()  # the header's commands (subscribe/unsubscribe...) need it
        if feed_id is not None:
            resolved = resolve(viewer, feed_id, include_hidden=options.hidden, fof=options.fof)
            refuse_unreadable(ctx, resolved)
            header = feed_header(ctx, resolved)
            entries, keys = resolved.entries, K.waiter_keys(resolved, viewer)
            fof_allowed, single = resolved.fof_allowed, resolved.single_entry
        else:
            query = (params.get("q") or "").strip()
            if not query:
                raise ApiError("q-required", 400)
            header, entries = search_feed(ctx, query)
            keys, fof_allowed, single = [K.SEARCH], False, False
        poll = Poll(
            request,
            params,
            viewer,
            options,
            header,
            keys,
            cursor,
            feed_id=feed_id,
            access_in_python=access_in_python(feed_id),
            fof_allowed=fof_allowed,
            single_entry=single,
            updates_only=params.flag("updates"),
        )
        if cursor is None:
            poll.answer = first_page(poll, ctx, entries)
            return poll
        _set_probe(poll, entries)
        poll.answer = read_batch([poll])[0]
        return poll
    finally:
        release_connection()


# Feeds whose resolver decides access in Python when the poll starts: a person's activity
# feeds (feeds.feedids.may_see_activity), friend lists (their members), and searches
# (friends:/comment:/like: of a private person, search.activity_hidden).
_ACTIVITY = ("friends", "comments", "likes", "friendlikes")


def access_in_python(feed_id: str | None) -> bool:
    if feed_id is None:
        return True
    parts = feed_id.strip("/").split("/")
    return parts[0] == "list" or (len(parts) > 1 and parts[1] in _ACTIVITY)


def _set_probe(poll: Poll, entries: QuerySet[Entry]) -> None:
    poll.probe = Probe.compile(entries)
    poll.entries = entries if poll.probe is None else None


def reopen(poll: Poll) -> None:
    """Resolve the poll's feed again and recompile its probe: who may see what changed.

    The resolvers decide some access in Python (feeds.feedids.may_see_activity, the
    search's activity_hidden, a suspended person's feed): a probe compiled before the
    change would keep serving what the viewer may no longer see. A viewer suspended
    since is refused as the API's authentication refuses them; a feed gone is its error.
    """
    viewer = poll.viewer
    if viewer is not None:
        from journal.models import User

        if not User.objects.filter(pk=viewer.pk, is_active=True, is_suspended=False).exists():
            raise ApiError("unauthorized", 401)
    options = poll.options
    if poll.feed_id is not None:
        resolved = resolve(viewer, poll.feed_id, include_hidden=options.hidden, fof=options.fof)
        entries = resolved.entries
    else:
        q = search.compile_query((poll.params.get("q") or "").strip(), viewer)
        entries = visible_entries(viewer, Entry.objects.filter(q))
    _set_probe(poll, entries)


def first_page(poll: Poll, ctx: Context, entries: QuerySet[Entry]) -> dict[str, Any]:
    """The first call: the feed as /feed gives it, plus a cursor at the end of the log.

    The position is taken before the page is read, so a change racing the read is served
    again on the next poll rather than lost.
    """
    poll.cursor = log.current_position()
    if poll.single_entry:
        page = list(page_queryset(entries)[:1])
        if not page:
            raise ApiError("entry-not-found", 404)
    else:
        start = poll.params.int("start", 0, maximum=MAX_START)
        num = poll.params.int("num", DEFAULT_NUM, maximum=MAX_NUM)
        page = list(page_queryset(entries)[start : start + num])
    return respond_data(poll, entries_list(ctx, page, fof_allowed=poll.fof_allowed))


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
