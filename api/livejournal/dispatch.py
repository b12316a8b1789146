"""The dispatcher both doors share: find the mode, authenticate, run, translate errors.

The flat and XML-RPC views only decode their wire format into the nested request struct,
call `run`, and encode the result (or the `LJError`) back. Domain refusals arrive as
`DomainError` and are turned into LiveJournal numbers by the one table below.
"""

from __future__ import annotations

import logging
from typing import Any

from django.http import HttpRequest

from api.livejournal import auth
from api.livejournal.errors import TEXTS, LJError
from api.livejournal.registry import MODES, Call, Mode
from journal.errors import DomainError

logger = logging.getLogger(__name__)

# DomainError.code (journal/services, journal/permissions, journal/props) → LJ error number.
DOMAIN_CODES: dict[str, int] = {
    "unauthorized": 101,
    "suspended": 305,
    "not-a-person": 150,
    "no-access": 300,
    "banned": 151,
    "not-maintainer": 300,
    "not-privileged": 300,
    "unknown-prop": 205,
    "bad-prop": 204,
    "bad-date": 203,
    "bad-url": 203,
    "bad-security": 203,
    "bad-mask": 203,
    "bad-color": 203,
    "bad-group": 203,
    "bad-geo": 203,
    "bad-role": 203,
    "bad-parent": 203,
    "bad-recipient": 203,
    "bad-username": 100,
    "user-not-found": 100,
    "bad-tags": 211,
    "subject-too-long": 411,
    "too-large": 409,
    "body-required": 200,
    "community-security": 102,
    "backdated-community": 152,
    "deleted": 302,
    "entry-not-found": 302,
    "not-author": 303,
    "cannot-delete": 304,
    "comments-disabled": 300,
    "self": 104,
    "not-friend": 203,
    "not-community": 203,
    "too-many-groups": 203,
    "last-admin": 203,
    "taken": 203,
    "tags-existing-only": 313,
    # Moderated communities (journal/services/moderation.py).
    "queue-full": 407,
    "queue-full-poster": 408,
    "not-moderated": 203,
    "not-queued": 302,
    # The base classes' codes, for errors raised without a specific code.
    "invalid": 203,
    "not-found": 203,
    "forbidden": 300,
    "conflict": 203,
    "error": 500,
}


# Domain codes whose message is only another wording of the LJ text (Dreamwidth's shorter
# 102 text, for one): the detail would repeat the error.
NO_DETAIL = {"community-security"}


def lj_error_from_domain(exc: DomainError) -> LJError:
    """The LJ error for a domain refusal; the domain's message becomes the detail.

    When the message already is (or starts with) the LJ text, it is not repeated, so that
    "Unknown metadata: foo" renders as `Client error: Unknown metadata: foo`.
    """
    code = DOMAIN_CODES.get(exc.code, 203 if exc.code.startswith("bad-") else 500)
    message = str(exc.message or "").rstrip()
    base = TEXTS.get(code, "")
    if exc.code in NO_DETAIL or message.rstrip(".") == base.rstrip("."):
        detail = ""
    elif base and message.startswith(base + ": "):
        detail = message[len(base) + 2 :]
    else:
        detail = message
    return LJError(code, detail)


def protocol_version(args: dict[str, Any]) -> int:
    raw = args.get("ver", args.get("version", 0))
    try:
        return int(str(raw).strip() or 0)
    except ValueError:
        return 0


def authenticate_optional(args: dict[str, Any], request: HttpRequest | None):
    """For modes that run without a login when it fails (consolecommand): user or None.

    A suspended account with good credentials is returned: the console itself refuses it
    with "Your account status prevents you from using the console.".
    """
    if not str(args.get("username") or "").strip():
        return None
    try:
        return auth.authenticate(args, request, allow_suspended=True)
    except LJError:
        return None


def run(
    mode: Mode,
    args: dict[str, Any],
    *,
    request: HttpRequest | None,
    interface: str,
) -> dict[str, Any]:
    """Authenticate (when the mode needs it) and run the mode's handler.

    Raises LJError for every refusal; unexpected exceptions become 500 without a traceback
    reaching the client.
    """
    ver = protocol_version(args)
    try:
        if mode.needs_auth:
            user = auth.authenticate(args, request)
        elif mode.name == "getchallenge":
            user = None
        else:
            user = authenticate_optional(args, request)
        call = Call(
            mode=mode.name,
            args=args,
            user=user,
            interface=interface,
            ver=ver,
            request=request,
            extra={"ip": auth.client_ip(request)},
        )
        return mode.handler(call)
    except LJError:
        raise
    except DomainError as exc:
        raise lj_error_from_domain(exc) from exc
    except Exception as exc:
        logger.exception("LiveJournal mode %s failed", mode.name)
        raise LJError(500) from exc


def find_mode(name: str) -> Mode | None:
    # Importing the package registers every mode module (ours and the console's).
    import api.livejournal.modes  # noqa: F401

    return MODES.get(name)


def public(result: dict[str, Any]) -> dict[str, Any]:
    """Drop door-internal keys (leading `_`) that handlers pass to their flat encoder."""
    return {k: v for k, v in result.items() if not k.startswith("_")}
