"""Entry translation shared by postevent, editevent and getevents.

Only encodings live here (dates as five keys, line endings, `usemask`, props as strings,
URL-encoded bodies); whether a post is allowed and what it means is the domain's business.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from urllib.parse import quote_plus

from api.livejournal.errors import LJError
from api.livejournal.params import present, text
from api.livejournal.registry import Call
from journal.models import Entry
from journal.services.entries import wall_clock_now

SECURITIES = ("public", "private", "usemask")
PLACEHOLDER = "(cannot be shown)"
_TZ = re.compile(r"^([+-])(\d{2})(\d{2})$")
# getevents URL-encodes bodies: everything but these bytes becomes %XX, space becomes +.
_SAFE = "_,-./\\:"


def clean_event(call: Call, *, required: bool) -> str:
    """The body with the client's line endings made LF (spec §4.3 `lineendings`)."""
    event = text(call.args, "event")
    if text(call.args, "lineendings").strip().lower() == "mac":
        event = event.replace("\r", "\n")
    else:
        event = event.replace("\r", "")
    if event.startswith("\x1f\x8b"):
        raise LJError(208, "Cannot send gzipped data")
    if required and not event.strip():
        raise LJError(200, "event")
    return event


def _field(call: Call, key: str, low: int, high: int, message: str, digits: int = 2) -> int:
    raw = text(call.args, key).strip()
    if not (raw.isascii() and raw.isdigit()) or len(raw) > digits:
        raise LJError(203, message)
    value = int(raw)
    if not low <= value <= high:
        raise LJError(203, message)
    return value


def _tz_now(call: Call, tz: str) -> dt.datetime:
    user = call.user
    assert user is not None
    if tz == "guess":
        return wall_clock_now(user)
    match = _TZ.match(tz)
    if not match:
        raise LJError(203, "Invalid tz")
    sign, hours, minutes = match.groups()
    offset = dt.timedelta(hours=int(hours), minutes=int(minutes))
    now = dt.datetime.now(dt.UTC) + (offset if sign == "+" else -offset)
    return now.replace(second=0, microsecond=0)


DATE_KEYS = ("year", "mon", "day", "hour", "min")


def time_was_faked(call: Call) -> bool:
    """`tz` without any date key: the server filled in "now" (LiveJournal's time_was_faked)."""
    args = call.args
    if not text(args, "tz").strip():
        return False
    return not any(present(args, k) and text(args, k).strip() != "" for k in DATE_KEYS)


def event_time(call: Call, old: dt.datetime | None = None) -> dt.datetime | None:
    """The entry's local wall-clock time from year/mon/day/hour/min (or `tz`).

    For an edit (`old` given) each missing key keeps the old value; None means unchanged.
    """
    args = call.args
    tz = text(args, "tz").strip()
    if tz and tz != "guess" and not _TZ.match(tz):
        raise LJError(203, "Invalid tz")
    sent = [k for k in DATE_KEYS if present(args, k) and text(args, k).strip() != ""]
    if old is not None and not sent:
        return None
    if old is None and not sent and tz:
        return _tz_now(call, tz)
    base = _tz_now(call, tz) if old is None and tz and len(sent) < len(DATE_KEYS) else old
    values: dict[str, int] = {}
    checks = {
        "year": (1970, 2037, "Invalid year value (must be in the range 1970-2037).", 4),
        "mon": (1, 12, "Invalid month value.", 2),
        "day": (1, 31, "Invalid day of month value.", 2),
        "hour": (0, 23, "Invalid hour value.", 2),
        "min": (0, 59, "Invalid minute value.", 2),
    }
    attrs = {"year": "year", "mon": "month", "day": "day", "hour": "hour", "min": "minute"}
    for key in DATE_KEYS:
        low, high, message, digits = checks[key]
        if key in sent:
            values[key] = _field(call, key, low, high, message, digits)
        elif base is not None:
            values[key] = getattr(base, attrs[key])
        else:
            raise LJError(203, message)
    try:
        return dt.datetime(
            values["year"], values["mon"], values["day"], values["hour"], values["min"],
            tzinfo=dt.UTC,
        )  # fmt: skip
    except ValueError:
        raise LJError(203, "Invalid day of month value.") from None


def security(call: Call, default: str | None) -> tuple[str | None, int | None]:
    """(security, allowmask); an unrecognised security is `default` (public on post)."""
    sec = text(call.args, "security").strip().lower()
    if sec not in SECURITIES:
        sec = default
    mask: int | None = None
    if present(call.args, "allowmask") and text(call.args, "allowmask").strip() != "":
        raw = text(call.args, "allowmask").strip()
        if not (raw.isascii() and raw.isdigit()) or int(raw) >= 2**32:
            raise LJError(203, "Invalid allowmask")
        mask = int(raw)
    return sec, mask


def props(call: Call) -> dict[str, str]:
    """`props` as strings; the domain validates names and types (205/204)."""
    raw = call.args.get("props") or {}
    if not isinstance(raw, dict):
        raise LJError(204, "props must be a struct")
    cleaned: dict[str, str] = {}
    for name, value in raw.items():
        if isinstance(value, (list, dict)):
            raise LJError(204, str(name))
        cleaned[str(name)] = text(raw, name)
    return cleaned


def convert_lineendings(body: str, style: str) -> str:
    """getevents output line endings; `pc` (CRLF) is the default (spec §4.5)."""
    style = (style or "pc").lower()
    if style == "unix":
        return body
    if style == "mac":
        return body.replace("\n", "\r")
    if style == "space":
        return body.replace("\n", " ")
    if style == "dots":
        return body.replace("\n", " ... ")
    return body.replace("\n", "\r\n")


def url_encode_event(body: str) -> str:
    # quote_plus keeps "~" too; LiveJournal's escaper does not.
    return quote_plus(body, safe=_SAFE).replace("~", "%7E")


def entry_props(entry: Entry, *, tags: list[str]) -> dict[str, str]:
    """Stored props, `taglist` from the tag names, the server's bookkeeping props."""
    values = {k: str(v) for k, v in (entry.props or {}).items() if v not in (None, "")}
    if tags:
        values["taglist"] = ", ".join(tags)
    if entry.revision:
        values["revnum"] = str(entry.revision)
        values["revtime"] = str(int(entry.updated_at.timestamp()))
    return {k: v.replace("\r", " ").replace("\n", " ") for k, v in sorted(values.items())}


def event_struct(entry: Entry) -> dict[str, Any]:
    """One event in LiveJournal's nested shape (props added by the caller)."""
    item: dict[str, Any] = {
        "itemid": entry.item_number,
        "eventtime": entry.event_time.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S"),
        "event": entry.body,
        "anum": entry.anum,
        "url": entry.url,
    }
    if entry.subject:
        item["subject"] = entry.subject
    if entry.security != "public":
        item["security"] = entry.security
        if entry.security == "usemask":
            item["allowmask"] = entry.allowmask
    journal = entry.journal
    if journal.user_id != entry.poster_id:
        item["poster"] = entry.poster.username
    return item


def item_result(entry: Entry) -> dict[str, Any]:
    return {"itemid": entry.item_number, "anum": entry.anum, "url": entry.url}
