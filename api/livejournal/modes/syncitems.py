"""syncitems: what changed in a journal since `lastsync`, read from the event log (§4.6).

The event log is the truth: every entry and comment change is an event row written in the
same transaction as the change. Items are `L-<itemid>` (the entry) and `C-<itemid>` (its
comments); each appears once, with the time of its latest change.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from api.livejournal.common import target_journal
from api.livejournal.params import format_time, parse_since, text
from api.livejournal.registry import Call, mode
from journal.models import Entry, Event
from journal.visibility import visible_entries

PAGE = 500
ENTRY_KINDS = ("entry.created", "entry.updated", "entry.undeleted")
COMMENT_KINDS = ("comment.created", "comment.updated", "comment.deleted", "comment.undeleted")


def changes(call: Call, since: dt.datetime | None) -> list[dict[str, Any]]:
    """Every changed item after `since` (second resolution), oldest first."""
    journal = target_journal(call)
    events = Event.objects.filter(journal=journal, kind__in=ENTRY_KINDS + COMMENT_KINDS)
    if since is not None:
        # Times travel at second resolution: "after 12:00:05" starts at 12:00:06.
        if since >= dt.datetime.max.replace(tzinfo=dt.UTC) - dt.timedelta(seconds=1):
            return []  # after the last representable second nothing can have changed
        events = events.filter(created_at__gte=since + dt.timedelta(seconds=1))
    visible = visible_entries(call.user, Entry.objects.filter(journal=journal), journal=journal)
    events = events.filter(entry__in=visible.values("pk"))
    rows = events.order_by("id").values_list("kind", "created_at", "entry__item_number")
    items: dict[str, dict[str, Any]] = {}
    for kind, created_at, itemid in rows:
        key = f"{'L' if kind.startswith('entry.') else 'C'}-{itemid}"
        item = items.get(key)
        if item is None:
            action = "create" if kind == "entry.created" else "update"
            items[key] = {"item": key, "action": action, "when": created_at}
        else:
            # One record per item: a later edit overrides the create record (spec §4.6).
            item["when"] = max(item["when"], created_at)
            item["action"] = "update"
    ordered = sorted(items.values(), key=lambda i: (i["when"], i["item"]))
    return [
        {"item": i["item"], "action": i["action"], "time": format_time(i["when"])} for i in ordered
    ]


def page(items: list[dict[str, Any]], size: int | None = None) -> list[dict[str, Any]]:
    """At most `size` items, never cutting a second in two (the next lastsync skips it)."""
    size = PAGE if size is None else size
    if len(items) <= size:
        return items
    cut = size
    while cut > 0 and items[cut - 1]["time"] == items[cut]["time"]:
        cut -= 1
    return items[:cut] if cut else items[:size]


@mode("syncitems", flat_out=lambda r: syncitems_out(r))
def syncitems(call: Call) -> dict[str, Any]:
    since = parse_since(text(call.args, "lastsync"), "lastsync")
    items = changes(call, since)
    shown = page(items)
    return {"syncitems": shown, "count": len(shown), "total": len(items)}


def syncitems_out(result: dict[str, Any]) -> dict[str, Any]:
    # LJ clients loop until sync_count == sync_total, so both are always sent.
    out: dict[str, Any] = {"sync_total": result["total"], "sync_count": result["count"]}
    for n, item in enumerate(result["syncitems"], start=1):
        out[f"sync_{n}_item"] = item["item"]
        out[f"sync_{n}_action"] = item["action"]
        out[f"sync_{n}_time"] = item["time"]
    return out
