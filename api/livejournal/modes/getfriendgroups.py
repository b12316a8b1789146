"""getfriendgroups (spec §4.10): the user's friend groups, numbered by their bit."""

from __future__ import annotations

from typing import Any

from api.livejournal.registry import Call, mode
from journal.models import FriendGroup, User


def friendgroups(user: User) -> list[dict[str, Any]]:
    """The XML-RPC `friendgroups` list: [{id, name, sortorder, public}] ordered by bit."""
    return [
        {"id": g.bit, "name": g.name, "sortorder": g.sort_order, "public": int(g.is_public)}
        for g in FriendGroup.objects.filter(owner=user).order_by("bit")
    ]


def flat_friendgroups(groups: list[dict[str, Any]]) -> dict[str, Any]:
    """frgrp_N_* keys, N = the group's bit (holes allowed); frgrp_maxnum is always sent."""
    out: dict[str, Any] = {"frgrp_maxnum": 0}
    for group in groups:
        n = int(group["id"])
        out[f"frgrp_{n}_name"] = group["name"]
        out[f"frgrp_{n}_sortorder"] = group["sortorder"]
        if int(group.get("public") or 0):
            # LiveJournal sends _public only when it is 1.
            out[f"frgrp_{n}_public"] = 1
        out["frgrp_maxnum"] = max(out["frgrp_maxnum"], n)
    return out


def _flat_out(result: dict[str, Any]) -> dict[str, Any]:
    return flat_friendgroups(result.get("friendgroups") or [])


@mode("getfriendgroups", flat_out=_flat_out)
def getfriendgroups(call: Call) -> dict[str, Any]:
    return {"friendgroups": friendgroups(call.user)}
