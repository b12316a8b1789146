"""getfriends (spec §4.8): the user's friends (edges user → journal), sorted by username."""

from __future__ import annotations

from typing import Any

from api.livejournal import params
from api.livejournal.modes.friendof import flat_friendofs, friendofs
from api.livejournal.modes.getfriendgroups import flat_friendgroups, friendgroups
from api.livejournal.registry import Call, mode
from journal.models import Journal, Subscription, User

_KIND_TYPES = {Journal.Kind.COMMUNITY: "community", Journal.Kind.SYNDICATED: "syndicated"}


def _birthday(person: User, journal: Journal) -> str | None:
    """The full birthday, only when the friend chose to show it (opt_showbday F; LiveJournal's
    default, D, shows the day and month only, so a birthday set and never opted in stays
    private here)."""
    if person.birthday is None:
        return None
    shown = (journal.settings or {}).get("opt_showbday", "D")
    return person.birthday.isoformat() if shown == "F" else None


def friend_record(sub: Subscription, *, include_bday: bool) -> dict[str, Any]:
    """One friend in LiveJournal's XML-RPC shape; optional fields only when they apply."""
    journal = sub.journal
    person = journal.user if journal.user_id is not None else None
    row: dict[str, Any] = {
        "username": journal.name,
        "fullname": person.display_name if person is not None else journal.display_title,
        "fgcolor": sub.fgcolor,
        "bgcolor": sub.bgcolor,
    }
    if sub.groupmask != 1:
        row["groupmask"] = sub.groupmask
    kind = _KIND_TYPES.get(journal.kind)
    if kind:
        row["type"] = kind
    if person is not None:
        if person.is_suspended:
            row["status"] = "suspended"
        elif not person.is_active:
            row["status"] = "deleted"
        if include_bday:
            birthday = _birthday(person, journal)
            if birthday:
                row["birthday"] = birthday
    return row


def friends(user: User, *, limit: int | None = None, include_bday: bool = False) -> list[dict]:
    subs = (
        Subscription.objects.filter(user=user)
        .select_related("journal__user")
        .order_by("journal__name")
    )
    if limit and limit > 0:
        subs = subs[:limit]
    return [friend_record(sub, include_bday=include_bday) for sub in subs]


def flat_friends(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """friend_count (always) and friend_N_* keys (groupmask only when it is not 1)."""
    out: dict[str, Any] = {"friend_count": len(rows)}
    for n, row in enumerate(rows, start=1):
        out[f"friend_{n}_user"] = row["username"]
        out[f"friend_{n}_name"] = row["fullname"]
        out[f"friend_{n}_fg"] = row["fgcolor"]
        out[f"friend_{n}_bg"] = row["bgcolor"]
        for key in ("groupmask", "type", "status", "birthday"):
            if key in row:
                out[f"friend_{n}_{key}"] = row[key]
    return out


def _flat_out(result: dict[str, Any]) -> dict[str, Any]:
    out = flat_friends(result.get("friends") or [])
    if "friendofs" in result:
        out.update(flat_friendofs(result["friendofs"]))
    if "friendgroups" in result:
        out.update(flat_friendgroups(result["friendgroups"]))
    return out


@mode("getfriends", flat_out=_flat_out)
def getfriends(call: Call) -> dict[str, Any]:
    args = call.args
    friend_limit = params.integer(args, "friendlimit")
    friendof_limit = params.integer(args, "friendoflimit")
    result: dict[str, Any] = {
        "friends": friends(
            call.user, limit=friend_limit, include_bday=params.flag(args, "includebdays")
        )
    }
    if params.flag(args, "includefriendof"):
        result["friendofs"] = friendofs(call.user, friendof_limit)
    if params.flag(args, "includegroups"):
        result["friendgroups"] = friendgroups(call.user)
    return result
