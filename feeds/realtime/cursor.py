"""Opaque, signed cursors pointing into the durable event log.

A cursor carries the highest event id read (`high`), the ids below it that were missing
when it was issued (`gaps`: PostgreSQL hands out ids before commit, so id 10 may commit
after id 11 has been read), and when it was issued. It is signed with SECRET_KEY, so a
forged or altered cursor is refused (`bad-cursor`), and it expires after
REALTIME_CURSOR_MAX_AGE seconds (`cursor-expired`: the client starts over with an empty
cursor; never a silent gap).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from functools import cached_property

from django.conf import settings
from django.core import signing

SALT = "feeds.realtime.cursor.v1"
MAX_GAPS = 32  # in-flight transactions remembered per cursor
DEFAULT_MAX_AGE = 24 * 3600  # a day: older cursors are refused, not silently replayed
# A missing id is waited for this long; a rolled-back transaction's id never appears.
DEFAULT_GAP_GRACE = 60


class CursorError(Exception):
    """A cursor the server will not use; `code` is the API's errorCode."""

    def __init__(self, code: str, status: int):
        super().__init__(code)
        self.code = code
        self.status = status


def max_age() -> int:
    return int(getattr(settings, "REALTIME_CURSOR_MAX_AGE", DEFAULT_MAX_AGE))


def gap_grace() -> float:
    return float(getattr(settings, "REALTIME_GAP_GRACE", DEFAULT_GAP_GRACE))


@dataclass(frozen=True)
class Cursor:
    """A position in the event log: everything up to `high` except `gaps` has been read."""

    high: int
    # (event id, unix time first seen missing), oldest first.
    gaps: tuple[tuple[int, int], ...] = ()
    issued: int = field(default_factory=lambda: int(time.time()))

    @property
    def gap_ids(self) -> list[int]:
        return [g for g, _ in self.gaps]

    def encode(self) -> str:
        return self.token

    @cached_property
    def token(self) -> str:
        """The signed form, computed once: a wake-up hands one cursor to many polls."""
        payload = {"h": self.high, "t": self.issued}
        if self.gaps:
            payload["g"] = [list(g) for g in self.gaps]
        return signing.dumps(payload, salt=SALT, compress=True)


def decode(raw: str | None) -> Cursor | None:
    """The cursor a client sent; None for the first call (absent or empty)."""
    if raw is None or raw.strip() == "":
        return None
    if len(raw) > 2048:
        raise CursorError("bad-cursor", 400)
    try:
        payload = signing.loads(raw.strip(), salt=SALT)
    except (signing.BadSignature, ValueError, TypeError, UnicodeError):
        raise CursorError("bad-cursor", 400) from None
    try:
        high = int(payload["h"])
        issued = int(payload["t"])
        gaps = tuple((int(g), int(t)) for g, t in payload.get("g", []))
    except (KeyError, TypeError, ValueError):
        raise CursorError("bad-cursor", 400) from None
    if high < 0:
        raise CursorError("bad-cursor", 400)
    if time.time() - issued > max_age():
        raise CursorError("cursor-expired", 410)
    return Cursor(high=high, gaps=gaps, issued=issued)


def advance(old: Cursor | None, new_high: int, missing: list[int], present: set[int]) -> Cursor:
    """The next cursor: `new_high`, old gaps still missing (within grace) plus new ones."""
    now = int(time.time())
    grace = gap_grace()
    gaps: dict[int, int] = {}
    if old is not None:
        for gap_id, seen in old.gaps:
            if gap_id not in present and now - seen <= grace:
                gaps[gap_id] = seen
    for gap_id in missing:
        gaps.setdefault(gap_id, now)
    kept = sorted(gaps.items())[-MAX_GAPS:]
    return Cursor(high=new_high, gaps=tuple(kept), issued=now)
