"""The mode registry shared by the flat and XML-RPC doors.

Each mode is one small handler working on LiveJournal's nested structure (the XML-RPC
shape): it receives a `Call`, translates to domain verbs/queries, and returns a dict. The
flat door converts flat keys to that structure with the mode's `flat_in` and back with its
`flat_out`; XML-RPC passes the structure through. Handlers raise `LJError`.

Contract kept by both doors (api/livejournal/dispatch.py): every scalar in `Call.args`
arrives as a string (XML-RPC ints, booleans and base64 are converted), `username` is set,
and for `needs_auth=False` modes other than getchallenge `Call.user` is the authenticated
user or None when authentication failed. Result keys starting with `_` are door-internal:
flat_out may read them, neither door sends them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest

from journal.models import User


@dataclass
class Call:
    """One protocol request after transport decoding and authentication."""

    mode: str
    args: dict[str, Any]  # the nested request struct (XML-RPC names: `username`, `props`...)
    user: User | None  # the authenticated user; None for modes without auth
    interface: str  # "flat" or "xml-rpc" (stored as the entry prop `interface`)
    ver: int = 0
    request: HttpRequest | None = None
    extra: dict[str, Any] = field(default_factory=dict)


Handler = Callable[[Call], dict[str, Any]]
FlatIn = Callable[[dict[str, str]], dict[str, Any]]
FlatOut = Callable[[dict[str, Any]], dict[str, Any]]


@dataclass(frozen=True)
class Mode:
    name: str
    handler: Handler
    flat_in: FlatIn
    flat_out: FlatOut
    needs_auth: bool = True


MODES: dict[str, Mode] = {}


def default_flat_in(params: dict[str, str]) -> dict[str, Any]:
    """Flat keys → struct: `user` → `username`, `prop_X` → `props[X]`, the rest as is."""
    args: dict[str, Any] = {}
    props: dict[str, str] = {}
    for key, value in params.items():
        if key.startswith("prop_"):
            props[key[5:]] = value
        elif key == "user":
            args["username"] = value
        else:
            args[key] = value
    if props:
        args["props"] = props
    return args


def default_flat_out(result: dict[str, Any]) -> dict[str, Any]:
    """Struct → flat keys for results that are already flat scalars."""
    return dict(result)


def mode(
    name: str,
    *,
    flat_in: FlatIn = default_flat_in,
    flat_out: FlatOut = default_flat_out,
    needs_auth: bool = True,
) -> Callable[[Handler], Handler]:
    """Register a handler for LiveJournal mode `name` (used as a decorator)."""

    def register(handler: Handler) -> Handler:
        if name in MODES:
            raise RuntimeError(f"mode {name} registered twice")
        MODES[name] = Mode(name, handler, flat_in, flat_out, needs_auth)
        return handler

    return register
