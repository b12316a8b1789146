"""Request parameters, FriendFeed-style: query string and body merged, lists both ways.

Clients differ (friendfeed-v2.md §2): Flucso sends POST parameters only in the query string,
f2p splits them, the official library uses the body. Repeated keys (`to=a&to=b`), PHP-style
`to[]=` and comma lists (`to=a,b`) are all accepted, and an empty value means absent.
NUL characters are dropped from every value: PostgreSQL refuses them in text (psycopg raises),
so one would turn a search or a post into a 500.
"""

from __future__ import annotations

from typing import Any

import orjson
from django.http import HttpRequest

from api.friendfeed.errors import ApiError

# Parameters whose values may be comma-separated lists (the page: "comma-separate").
COMMA_LISTS = frozenset({"to", "image_url", "audio_url", "id", "url", "host", "from", "include"})


class Params:
    """Read-only view over query + body (+ the `json=` object when given)."""

    def __init__(self, request: HttpRequest, *, allow_json: bool = False):
        self._sources = []
        if request.method == "POST":
            self._sources.append(request.POST)
        self._sources.append(request.GET)
        self.files = request.FILES if request.method == "POST" else {}
        self.json: dict[str, Any] | None = None
        raw = self._first_raw("json") if allow_json else None
        if raw:
            try:
                value = orjson.loads(raw)
            except orjson.JSONDecodeError:
                raise ApiError("bad-json-format", 400) from None
            if not isinstance(value, dict):
                raise ApiError("bad-json-format", 400)
            self.json = value

    def _first_raw(self, name: str) -> str | None:
        for source in self._sources:
            for key in (name, f"{name}[]"):
                for value in source.getlist(key):
                    value = value.replace("\x00", "")
                    if value != "":
                        return value
        return None

    def has(self, name: str) -> bool:
        """Was the parameter sent at all (even empty)? Edits change only what is present."""
        if self.json is not None and name in self.json:
            return True
        return any(name in s or f"{name}[]" in s for s in self._sources)

    def get(self, name: str, default: str | None = None) -> str | None:
        if self.json is not None and name in self.json:
            value = self.json[name]
            if value is None or value == "":
                return default
            if isinstance(value, list | dict):
                raise ApiError("bad-json-format", 400)
            if isinstance(value, bool):
                return "1" if value else "0"
            return str(value).replace("\x00", "") or default
        value = self._first_raw(name)
        return default if value is None else value

    def getlist(self, name: str) -> list[str]:
        """All values from every place, comma lists split, empties dropped, order kept."""
        values: list[str] = []
        if self.json is not None and name in self.json:
            raw = self.json[name]
            items = raw if isinstance(raw, list) else [raw]
            for item in items:
                if item is None:
                    continue
                if isinstance(item, list | dict):
                    raise ApiError("bad-json-format", 400)
                values.append(str(item))
        else:
            for source in self._sources:
                for key in (name, f"{name}[]"):
                    values.extend(source.getlist(key))
        out: list[str] = []
        for value in values:
            value = value.replace("\x00", "")
            parts = value.split(",") if name in COMMA_LISTS else [value]
            for part in parts:
                part = part.strip()
                if part and part not in out:
                    out.append(part)
        return out

    def flag(self, name: str) -> bool:
        return (self.get(name) or "").lower() in ("1", "true", "yes", "on")

    def int(self, name: str, default: int, *, minimum: int = 0, maximum: int | None = None) -> int:
        raw = self.get(name)
        if raw is None:
            return default
        try:
            value = int(raw)
        except ValueError:
            raise ApiError(f"bad-{name}", 400) from None
        value = max(value, minimum)
        return min(value, maximum) if maximum is not None else value

    def uploads(self, *, exclude: tuple[str, ...] = ()) -> list:
        """Every multipart part that has a filename, whatever its name (`file`, `file[]`, ...)."""
        files = []
        for key in self.files:
            if key in exclude:
                continue
            files.extend(f for f in self.files.getlist(key) if getattr(f, "name", ""))
        return files
