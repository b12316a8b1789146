"""Lenient readers for request values, shared by every mode.

Both doors hand handlers the same shapes: the flat door gives strings; the XML-RPC door
turns every scalar into a string too (`<int>`, `<boolean>`, `<base64>` alike), because
Python clients send `itemid` as a string and `opt_backdated` as a boolean. These readers
still accept ints and bools so that handlers can be called directly from Python.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from api.livejournal.errors import LJError

_DATETIME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2})(?::(\d{2}))?)?")
# Protocol integers are 32-bit (XML-RPC's <int>); beyond that a database column or a date
# cannot hold them, so they are "Parameter out of range" (209) rather than a server error.
INT_MIN, INT_MAX = -(2**31), 2**31 - 1


def text(args: dict[str, Any], key: str, default: str = "") -> str:
    """A text value; missing or None gives `default`."""
    value = args.get(key)
    if value is None:
        return default
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (list, dict)):
        raise LJError(203, f"{key} must be a single value")
    return str(value)


def present(args: dict[str, Any], key: str) -> bool:
    return key in args and args[key] is not None


def flag(args: dict[str, Any], key: str) -> bool:
    """LiveJournal truth: anything but missing, empty or "0"."""
    value = text(args, key).strip()
    return value not in ("", "0")


def integer(
    args: dict[str, Any], key: str, default: int | None = None, *, code: int = 203
) -> int | None:
    """An integer value; a non-numeric value is `code` (default 203) naming the key, one
    beyond 32 bits is 209."""
    value = text(args, key).strip()
    if value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise LJError(code, f"{key} must be a number") from None
    if not INT_MIN <= number <= INT_MAX:
        raise LJError(209, key)
    return number


def parse_datetime(value: str, key: str, *, message: str = "Invalid date format") -> dt.datetime:
    """`YYYY-MM-DD[ HH:MM[:SS]]` (prefix-matched, as LJ does) as an aware UTC datetime."""
    match = _DATETIME.match(value.strip())
    if not match:
        raise LJError(203, message)
    year, month, day, hour, minute, second = (int(g) if g else 0 for g in match.groups())
    try:
        return dt.datetime(year, month, day, hour, minute, second, tzinfo=dt.UTC)
    except ValueError:
        raise LJError(203, message) from None


ZERO_TIME = "0000-00-00"


def parse_since(value: str, key: str) -> dt.datetime | None:
    """A `lastsync`: empty or LiveJournal's zero date (`0000-00-00 00:00:00`, which the
    reference compares as a string and so sorts before every time) means "from the start"."""
    value = value.strip()
    if not value or value.startswith(ZERO_TIME):
        return None
    return parse_datetime(value, key)


def format_time(value: dt.datetime) -> str:
    """Server times in the protocol: `YYYY-MM-DD HH:MM:SS`, UTC."""
    return value.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S")
