"""sessiongenerate: an `ljsession` cookie that logs a browser (and backup tools) in (§4.15)."""

from __future__ import annotations

from typing import Any

from api.livejournal.auth import format_session_cookie
from api.livejournal.params import flag, text
from api.livejournal.registry import Call, mode
from journal.services.login_sessions import start_session


@mode("sessiongenerate")
def sessiongenerate(call: Call) -> dict[str, Any]:
    user = call.user
    assert user is not None
    kind = "long" if text(call.args, "expiration").strip().lower() == "long" else "short"
    # The docs call it `ipfixed`, the reference code reads `bindtoip`: accept both.
    bind = flag(call.args, "bindtoip") or flag(call.args, "ipfixed")
    session = start_session(user, kind=kind, bound_ip=call.extra.get("ip") if bind else None)
    return {"ljsession": format_session_cookie(session)}
