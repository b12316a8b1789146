"""Server-set entry props (LiveJournal's `interface`): written by the server, never by clients.

`clean_props` refuses these names on input (journal.props.SYSTEM_PROPS), so a door that wants
to record one passes it to post_entry (`server_props`) or, on an edit, calls set_server_props
in the same transaction.
"""

from __future__ import annotations

from django.db import transaction

from journal.errors import InvalidInput
from journal.models import Entry

# Which server-set props a door may record, with the values each accepts.
SERVER_SET_PROPS: dict[str, tuple[str, ...]] = {
    # The protocol door an entry was last posted or edited through (spec §5 and §8).
    "interface": ("flat", "xml-rpc"),
}


def checked_server_props(values: dict[str, str]) -> dict[str, str]:
    """`values` if each is a server-set prop with an accepted value; InvalidInput if not."""
    for name, value in values.items():
        allowed = SERVER_SET_PROPS.get(name)
        if allowed is None or value not in allowed:
            raise InvalidInput(f"Not a server prop value: {name}={value!r}", code="bad-prop")
    return dict(values)


@transaction.atomic
def set_server_props(entry: Entry, **values: str) -> Entry:
    """Record server-set props on `entry`; returned by getevents like any other prop.
    (A new entry takes them from post_entry's `server_props`, in its one INSERT.)"""
    checked_server_props(values)
    changed = {k: v for k, v in values.items() if (entry.props or {}).get(k) != v}
    if changed:
        entry.props = {**(entry.props or {}), **changed}
        entry.save(update_fields=["props"])
    return entry
