"""Answering many woken polls at once: shared reads once, per poll only what differs.

One post can wake a thousand polls (everyone who follows the poster). Read one by one,
each poll paid for the event log, its feed query, the entries with their comments and
likes, and its viewer's context (~15 ms each). Here, for a batch of polls:

- the event log is read once per distinct cursor (nearly always one);
- per poll, its probe (updates_poll.Probe) says which changed entries its viewer may see
  in that feed: the one visibility rule, run as SQL compiled when the poll started;
- the entries with their related rows, comments and likes are loaded once for the batch;
- the viewers' contexts (follows, memberships, hides) are loaded in three queries,
  limited to the journals, people and entries of this batch;
- per poll, only the entry dicts are built (they depend on the viewer and options).

Privacy: an entry is served to a poll only if its probe found it, and only in the revision
the probe saw (edits bump `revision`; a mismatch drops the entry from this answer and the
edit's own event brings it back, re-checked, on the next read). Deleted entries and entries
of suspended posters found at load time are dropped too.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from django.db.models import Q

from api.friendfeed.builders import Context, entry_dict, load_reactions, page_queryset
from api.friendfeed.errors import ApiError
from api.friendfeed.updates_poll import Poll, probe_all, release_connection, reopen, respond_data
from feeds.realtime import changes as log
from feeds.realtime.cursor import CursorError
from journal.errors import DomainError
from journal.models import Entry, Hide, Membership
from journal.models import Subscription as Sub

UPDATE_LIMIT = 100  # entries per update response; the rest come on the next poll
CHUNK = 500  # viewers per context query (well under SQLite's parameter limit)
DELIVER_EVERY = 50  # answers handed back to the loop at a time

Result = dict[str, Any] | None | Exception


def read_batch(
    polls: list[Poll], deliver: Callable[[list[tuple[int, Result]]], None] | None = None
) -> list[Result]:
    """What changed for each poll since its cursor (None: nothing visible); advances cursors.

    With `deliver`, answers are also handed over in small groups as they are built, so
    the first polls are answered while the rest are still being built. A poll whose cursor
    the log can no longer serve gets the CursorError as its result. A poll whose range
    holds a suspension, or an access change (changes.ACCESS_KINDS) while its feed's resolver
    decides some access in Python (Poll.access_in_python), resolves its feed again first
    (even just after opening: a change may have committed between its compile and this
    read, inside the range its cursor now moves past); if the feed is now refused, that
    is its result.
    """
    try:
        return _read_batch(polls, deliver)
    finally:
        release_connection()


def _read_batch(polls: list[Poll], deliver) -> list[Result]:
    results: list[Result] = [None] * len(polls)
    by_cursor: dict[Any, list[int]] = {}
    for i, poll in enumerate(polls):
        by_cursor.setdefault(poll.cursor, []).append(i)
    changes_of: dict[int, log.Changes] = {}
    for cursor, members in by_cursor.items():
        try:
            changes = log.read_changes(cursor)
        except CursorError as exc:
            for i in members:
                results[i] = exc
            continue
        for i in members:
            changes_of[i] = changes

    for i, changes in list(changes_of.items()):
        if changes.suspension or (changes.access and polls[i].access_in_python):
            try:
                reopen(polls[i])
            except (ApiError, DomainError) as exc:
                results[i] = exc
                del changes_of[i]

    # Which changed entries each poll may see, in which revision.
    seen: dict[int, dict[int, int]] = {}
    asked = [i for i, changes in changes_of.items() if changes.entries]
    for i, changes in changes_of.items():
        if not changes.entries:
            polls[i].cursor = changes.cursor
    found = probe_all([(polls[i], list(changes_of[i].entries)) for i in asked])
    for i, visible in zip(asked, found, strict=True):
        poll, changes = polls[i], changes_of[i]
        next_cursor = changes.cursor
        if len(visible) > UPDATE_LIMIT:
            # Serve the earliest changes now; the cursor stops just before the first entry
            # left out, so the next poll picks the rest up (repeats are flagged again).
            order = sorted(visible, key=lambda pk: changes.entries[pk].first_event)
            cut = changes.entries[order[UPDATE_LIMIT]].first_event
            visible = {pk: visible[pk] for pk in order[:UPDATE_LIMIT]}
            next_cursor = log.cursor_before(poll.cursor, cut, changes.present)
        poll.cursor = next_cursor
        if visible:
            seen[i] = visible

    if seen:
        entries = _load_entries({pk for visible in seen.values() for pk in visible})
        contexts = _contexts([polls[i] for i in seen], list(entries.values()))
        ready: list[tuple[int, Result]] = []
        for i, visible in seen.items():
            poll = polls[i]
            shown = [
                entries[pk]
                for pk, revision in visible.items()
                if pk in entries and entries[pk].revision == revision
            ]
            if shown:
                shown.sort(key=lambda e: (e.created_at, e.pk), reverse=True)
                try:
                    results[i] = respond_data(
                        poll, _dicts(poll, contexts[id(poll)], shown, changes_of[i])
                    )
                except Exception as exc:  # one poll's failure is its own, not the batch's
                    results[i] = exc
            if deliver is not None and results[i] is not None:
                ready.append((i, results[i]))
                if len(ready) >= DELIVER_EVERY:
                    deliver(ready)
                    ready = []
        if deliver is not None and ready:
            deliver(ready)
    return results


def _load_entries(ids: set[int]) -> dict[int, Entry]:
    """The entries (with what a dict needs), comments and likes: once for the batch."""
    loaded = [
        e
        for e in page_queryset(Entry.objects.filter(pk__in=list(ids))).order_by()
        if not e.is_deleted and not e.poster.is_suspended
    ]
    load_reactions(loaded)
    return {e.pk: e for e in loaded}


def _contexts(polls: list[Poll], entries: list[Entry]) -> dict[int, Context]:
    """Context.load for many viewers at once, limited to what these entries ask about.

    entry_dict only asks a context about the entries' journals (followed? maintained?),
    the people who commented or liked (followed?) and the entries (hidden?), so the sets
    are filled for those alone; the answers are the same as with a full Context.load.
    """
    journals = {e.journal_id for e in entries}
    people = {c.author_id for e in entries for c in e.ff_comments}
    people |= {lk.user_id for e in entries for lk in e.ff_likes}
    entry_ids = [e.pk for e in entries]
    by_viewer: dict[int, list[Context]] = {}
    out: dict[int, Context] = {}
    for poll in polls:
        ctx = Context(viewer=poll.viewer, options=poll.options)
        out[id(poll)] = ctx
        if poll.viewer is not None:
            ctx.loaded = True
            by_viewer.setdefault(poll.viewer.pk, []).append(ctx)
    viewer_ids = list(by_viewer)
    for start in range(0, len(viewer_ids), CHUNK):
        chunk = viewer_ids[start : start + CHUNK]
        subs = Sub.objects.filter(user_id__in=chunk, status=Sub.Status.SUBSCRIBED).filter(
            Q(journal_id__in=journals) | Q(journal__user_id__in=people)
        )
        for user_id, journal_id, owner_id in subs.values_list(
            "user_id", "journal_id", "journal__user_id"
        ):
            for ctx in by_viewer[user_id]:
                ctx.followed.add(journal_id)
                if owner_id:
                    ctx.followed_people.add(owner_id)
        members = Membership.objects.filter(
            user_id__in=chunk, status=Membership.Status.ACTIVE, journal_id__in=journals
        )
        for user_id, journal_id, role in members.values_list("user_id", "journal_id", "role"):
            for ctx in by_viewer[user_id]:
                ctx.member_of.add(journal_id)
                if role in (Membership.Role.ADMIN, Membership.Role.MODERATOR):
                    ctx.maintained.add(journal_id)
        hides = Hide.objects.filter(user_id__in=chunk, entry_id__in=entry_ids)
        for user_id, entry_id in hides.values_list("user_id", "entry_id"):
            for ctx in by_viewer[user_id]:
                ctx.hidden.add(entry_id)
    return out


def _dicts(poll: Poll, ctx: Context, entries: list[Entry], changes: log.Changes) -> list[dict]:
    """Entry dicts with `created`/`updated` on entries, comments and likes (the page).

    The Entry objects are shared by the whole batch: they are never modified here.
    """
    out = []
    for e in entries:
        change = changes.entries.get(e.pk)
        if change is not None and poll.updates_only:
            # updates=1: "Only include new comments and likes on returned entries."
            touched = change.comments_created | change.comments_updated
            e = copy.copy(e)
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
