"""getevents: download entries by day, lastn, one, syncitems or multiple (spec §4.5).

Any journal may be read with `usejournal`; what the caller gets is exactly what the domain's
visibility rule lets them see (the owner everything, a friend the entries their group mask
opens, a stranger the public ones).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.core.cache import cache
from django.db.models import Q, QuerySet
from django.db.models.functions import Greatest

from api.livejournal import entries
from api.livejournal.auth import CREDENTIAL_KEYS
from api.livejournal.common import target_journal
from api.livejournal.errors import LJError
from api.livejournal.params import (
    INT_MAX,
    flag,
    integer,
    parse_datetime,
    parse_since,
    text,
)
from api.livejournal.registry import Call, mode
from journal import readcache
from journal.models import Entry, Event, Journal
from journal.visibility import visible_entries

DAY_MAX = 200
LASTN_DEFAULT, LASTN_MAX = 20, 50
SYNC_MAX = 100
MULTIPLE_MAX = 100
LOOP_LIMIT, LOOP_WINDOW = 3, 3600


# Only what the answer needs: rendered HTML and the poster's account row stay in the database.
FIELDS = (
    "id", "journal_id", "poster_id", "item_number", "anum", "subject", "body", "event_time",
    "created_at", "updated_at", "security", "allowmask", "props", "revision",
    "journal__name", "journal__user_id", "journal__kind", "poster__username",
)  # fmt: skip


def _base(journal: Journal) -> QuerySet[Entry]:
    return Entry.objects.filter(journal=journal).select_related("journal", "poster").only(*FIELDS)


def _fetch(
    call: Call, journal: Journal, qs: QuerySet[Entry], limit: int | None = None
) -> list[Entry]:
    """Apply the visibility rule last: cloning a queryset that already carries its large
    filter costs more than the query itself, so it is added once, just before slicing."""
    visible = visible_entries(call.user, qs, journal=journal)
    return list(visible[:limit] if limit else visible)


def _tag_names(found: list[Entry]) -> dict[int, list[str]]:
    """Tag names per entry in one flat query (cheaper than prefetch_related's machinery)."""
    names: dict[int, list[str]] = {}
    rows = (
        Entry.tags.through.objects.filter(entry_id__in=[e.pk for e in found])
        .order_by("tag__name")
        .values_list("entry_id", "tag__name")
    )
    for entry_id, name in rows:
        names.setdefault(entry_id, []).append(name)
    return names


def _newest_first(journal: Journal) -> tuple[str, str]:
    # Personal journals read by the writer's date; communities by when it was posted.
    return ("-event_time", "-id") if journal.is_personal else ("-created_at", "-id")


def _guard_loop(call: Call, journal: Journal, lastsync: str) -> None:
    """The same non-empty lastsync three times within an hour is a broken client (406)."""
    digest = hashlib.md5(lastsync.encode()).hexdigest()
    key = f"lj:lastsync:{call.user.pk}:{journal.pk}:{digest}"
    if cache.add(key, 1, LOOP_WINDOW):
        return
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, LOOP_WINDOW)
        return
    if count >= LOOP_LIMIT:
        raise LJError(406)


def select(call: Call, journal: Journal, qs: QuerySet[Entry]) -> list[Entry]:
    args = call.args
    selecttype = text(args, "selecttype").strip().lower()
    if selecttype == "day":
        try:
            day = dt.date(
                integer(args, "year", 0), integer(args, "month", 0), integer(args, "day", 0)
            )
        except (TypeError, ValueError):
            raise LJError(203, "Invalid date") from None
        order = ("event_time", "id") if journal.is_personal else ("created_at", "id")
        return _fetch(call, journal, qs.filter(event_time__date=day).order_by(*order), DAY_MAX)
    if selecttype == "lastn":
        howmany = integer(args, "howmany", LASTN_DEFAULT) or LASTN_DEFAULT
        howmany = max(1, min(howmany, LASTN_MAX))
        before = text(args, "beforedate").strip()
        if before:
            qs = qs.filter(event_time__lt=parse_datetime(before, "beforedate"))
        return _fetch(call, journal, qs.order_by(*_newest_first(journal)), howmany)
    if selecttype == "one":
        itemid = integer(args, "itemid", None)
        if itemid is None:
            raise LJError(200, "itemid")
        if itemid == -1:
            return _fetch(call, journal, qs.order_by(*_newest_first(journal)), 1)
        return _fetch(call, journal, qs.filter(item_number=itemid))
    if selecttype == "syncitems":
        lastsync = text(args, "lastsync").strip()
        if lastsync:
            _guard_loop(call, journal, lastsync)
        since = parse_since(lastsync, "lastsync")
        if since is not None:
            # An undelete leaves the entry's own times alone; the event log (syncitems' truth)
            # says it changed, so it comes back here too (spec §4.6 client algorithm).
            undeleted = Event.objects.filter(
                journal=journal, kind=Event.Kind.ENTRY_UNDELETED, created_at__gt=since
            ).values("entry_id")
            qs = qs.filter(Q(created_at__gt=since) | Q(updated_at__gt=since) | Q(pk__in=undeleted))
        qs = qs.annotate(changed=Greatest("created_at", "updated_at"))
        return _fetch(call, journal, qs.order_by("changed", "id"), SYNC_MAX)
    if selecttype == "multiple":
        raw = [part.strip() for part in text(args, "itemids").split(",") if part.strip()]
        if len(raw) > MULTIPLE_MAX:
            raise LJError(209)
        if not all(part.isdigit() for part in raw):
            raise LJError(203, "Invalid itemids")
        wanted = [int(p) for p in raw]
        if any(itemid > INT_MAX for itemid in wanted):
            raise LJError(209, "itemids")
        return _fetch(call, journal, qs.filter(item_number__in=wanted).order_by("item_number"))
    raise LJError(200, "Invalid selecttype.")


def _shown(call: Call, entry: Entry, selecttype: str) -> tuple[str, str]:
    """(subject, body) as this client may receive them (ver=0 cannot take Unicode, 207)."""
    subject, body = entry.subject, entry.body
    if call.ver < 1 and not (subject.isascii() and body.isascii()):
        if selecttype != "day":
            raise LJError(207)
        return entries.PLACEHOLDER, entries.PLACEHOLDER
    return subject, body


@mode("getevents", flat_out=lambda r: getevents_out(r))
def getevents(call: Call) -> dict[str, Any]:
    journal = target_journal(call)
    if text(call.args, "selecttype").strip().lower() == "syncitems":
        return _getevents(call, journal)  # its loop guard counts every call
    # The answer depends on who asks, which journal, the protocol version and the other
    # keys, and on the content: the read cache keeps it until anything changes.
    choices = sorted(
        (key, repr(value)) for key, value in call.args.items() if key not in CREDENTIAL_KEYS
    )
    parts = (call.user.pk, journal.pk, call.ver, call.interface, tuple(choices))
    return readcache.cached(
        "lj.getevents", parts, lambda: _getevents(call, journal), request=call.request
    )


def _getevents(call: Call, journal: Journal) -> dict[str, Any]:
    args = call.args
    noprops = flag(args, "noprops")
    notags = flag(args, "notags")
    qs = _base(journal)
    selecttype = text(args, "selecttype").strip().lower()
    found = select(call, journal, qs)
    tags = _tag_names(found) if found and not (noprops or notags) else {}
    truncate = integer(args, "truncate", 0) or 0
    prefer_subject = flag(args, "prefersubject")
    lineendings = text(args, "lineendings").strip()
    events = []
    for entry in found:
        item = entries.event_struct(entry)
        subject, body = _shown(call, entry, selecttype)
        if prefer_subject and subject:
            body = subject
            item.pop("subject", None)
        elif subject:
            item["subject"] = subject
        if truncate >= 4 and len(body) > truncate:
            body = body[: truncate - 3] + "..."
        item["event"] = entries.convert_lineendings(body, lineendings)
        if not noprops:
            item["props"] = entries.entry_props(entry, tags=tags.get(entry.pk, []))
        events.append(item)
    return {"events": events, "_noprops": noprops}


def getevents_out(result: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"events_count": len(result["events"])}
    prop_n = 0
    for n, item in enumerate(result["events"], start=1):
        for key, value in item.items():
            if key == "props":
                continue
            if key == "event":
                value = entries.url_encode_event(value)
            elif key == "subject":
                value = value.replace("\r", " ").replace("\n", " ")
            out[f"events_{n}_{key}"] = value
        for name, value in (item.get("props") or {}).items():
            prop_n += 1
            out[f"prop_{prop_n}_itemid"] = item["itemid"]
            out[f"prop_{prop_n}_name"] = name
            out[f"prop_{prop_n}_value"] = value
    if not result.get("_noprops"):
        out["prop_count"] = prop_n
    return out
