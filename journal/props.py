"""Entry properties (LiveJournal `prop_<name>`): the names and types the domain accepts.

Doors pass props through; the domain validates them so every door refuses the same things.
"""

from __future__ import annotations

import re

from journal.errors import InvalidInput

BOOL, NUM, CHAR = "bool", "num", "char"

# Client-settable props (spec §5). Values are stored as strings.
PROPS: dict[str, str] = {
    "current_mood": CHAR,
    "current_moodid": NUM,
    "current_music": CHAR,
    "current_location": CHAR,
    "current_coords": CHAR,
    "picture_keyword": CHAR,
    "taglist": CHAR,
    "opt_backdated": BOOL,
    "opt_nocomments": BOOL,
    "opt_noemail": BOOL,
    "opt_preformatted": BOOL,
    "opt_screening": CHAR,
    "opt_lockcomments": BOOL,
    "adult_content": CHAR,
    "adult_content_reason": CHAR,
    "admin_post": BOOL,
    "used_rte": BOOL,
    "useragent": CHAR,
    "syn_id": CHAR,
    "syn_link": CHAR,
    "import_source": CHAR,
    "editor": CHAR,
    "xpost": CHAR,
    "xpostdetail": CHAR,
    "unknown8bit": BOOL,
}
# Maintained by the server; returned by getevents, refused on input.
SYSTEM_PROPS = {"revnum", "revtime", "commentalter", "hasscreened", "interface", "statusvis"}
# Props whose values may exceed the usual 255-byte trim.
LONG_PROPS = {"taglist", "syn_link", "syn_id"}
PROP_MAX_CHARS = 100
PROP_MAX_BYTES = 255

_COORDS = re.compile(
    r"^\s*-?\d{1,3}(?:\.\d+)?\s*[NS]?\s*[, ]\s*-?\d{1,3}(?:\.\d+)?\s*[EW]?\s*$", re.IGNORECASE
)


def _trim(value: str, *, chars: int, max_bytes: int) -> str:
    value = value[:chars]
    while len(value.encode()) > max_bytes:
        value = value[:-1]
    return value


def clean_props(props: dict[str, object]) -> dict[str, str]:
    """Validate prop names and types; return string values ('' means "unset")."""
    cleaned: dict[str, str] = {}
    for name, raw in props.items():
        kind = PROPS.get(name)
        if kind is None:
            detail = re.sub(r"\W", "", name)
            raise InvalidInput(f"Unknown metadata: {detail}", code="unknown-prop", field=name)
        if isinstance(raw, bool):
            value = "1" if raw else "0"
        elif raw is None:
            value = ""
        else:
            value = str(raw).replace("\r", " ").replace("\n", " ")
        if kind == BOOL and value not in ("", "0", "1"):
            raise InvalidInput(
                f"Invalid metadata datatype: {name} must be 0 or 1", code="bad-prop", field=name
            )
        if kind == NUM and value and not (value.isascii() and value.isdigit()):
            raise InvalidInput(
                f"Invalid metadata datatype: {name} must be a number", code="bad-prop", field=name
            )
        if name == "current_coords" and value and not _COORDS.match(value):
            raise InvalidInput(
                "Invalid metadata datatype: current_coords", code="bad-prop", field=name
            )
        if name not in LONG_PROPS:
            value = _trim(value, chars=PROP_MAX_CHARS, max_bytes=PROP_MAX_BYTES)
        cleaned[name] = value
    return cleaned


def is_set(value: str | None) -> bool:
    """LJ semantics: an empty or "0" value means the prop is unset."""
    return bool(value) and value != "0"
