"""sessionexpire: end listed sessions (`expire_id_N` / `expire`) or all of them (§4.16)."""

from __future__ import annotations

from typing import Any

from api.livejournal.params import flag
from api.livejournal.registry import Call, default_flat_in, mode
from journal.errors import NotFound
from journal.services.sessions import expire_all_sessions, expire_session


def sessionexpire_in(params: dict[str, str]) -> dict[str, Any]:
    """Every `expire_id_<n>` key names a session, whatever its value."""
    args = default_flat_in({k: v for k, v in params.items() if not k.startswith("expire_id_")})
    args["expire"] = [k[len("expire_id_") :] for k in params if k.startswith("expire_id_")]
    return args


@mode("sessionexpire", flat_in=sessionexpire_in)
def sessionexpire(call: Call) -> dict[str, Any]:
    user = call.user
    assert user is not None
    if flag(call.args, "expireall"):
        expire_all_sessions(user)
        return {}
    ids = call.args.get("expire") or []
    if not isinstance(ids, list):
        ids = [ids]
    for raw in ids:
        raw = str(raw).strip().lstrip("s")
        if not (raw.isascii() and raw.isdigit()):
            continue
        try:
            expire_session(user, int(raw))
        except NotFound:
            continue  # someone else's or an unknown session: nothing to end
    return {}
