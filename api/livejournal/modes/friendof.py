"""friendof (spec §4.9): who has the user as a friend, and the communities they belong to."""

from __future__ import annotations

from typing import Any

from api.livejournal import params
from api.livejournal.registry import Call, mode
from journal.models import Ban, Journal, Membership, Subscription, User

_KIND_TYPES = {Journal.Kind.COMMUNITY: "community", Journal.Kind.SYNDICATED: "syndicated"}


def friendofs(user: User, limit: int | None = None) -> list[dict[str, Any]]:
    """The XML-RPC `friendofs` list, sorted by username.

    People with the edge person → user, except accounts the user banned and suspended or
    inactive ones; plus the communities the user is an active member of (LiveJournal's
    community → member edge).
    """
    banned = Ban.objects.filter(journal__user=user).values("user_id")
    people = (
        Subscription.objects.filter(journal__user=user)
        .exclude(user_id__in=banned)
        .filter(user__is_active=True, user__is_suspended=False)
        .select_related("user__journal")
    )
    rows: list[dict[str, Any]] = []
    for sub in people:
        friend = sub.user
        row = {
            "username": friend.username,
            "fullname": friend.display_name,
            "fgcolor": "#000000",
            "bgcolor": "#ffffff",
        }
        kind = _KIND_TYPES.get(getattr(getattr(friend, "journal", None), "kind", None))
        if kind:
            row["type"] = kind
        rows.append(row)
    memberships = Membership.objects.filter(
        user=user, status=Membership.Status.ACTIVE, journal__kind=Journal.Kind.COMMUNITY
    ).select_related("journal")
    for membership in memberships:
        journal = membership.journal
        rows.append(
            {
                "username": journal.name,
                "fullname": journal.title or journal.name,
                "fgcolor": "#000000",
                "bgcolor": "#ffffff",
                "type": "community",
            }
        )
    rows.sort(key=lambda r: r["username"])
    if limit and limit > 0:
        rows = rows[:limit]
    return rows


def flat_friendofs(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """friendof_count (always) and friendof_N_user/_name/_fg/_bg[/_type/_status]."""
    out: dict[str, Any] = {"friendof_count": len(rows)}
    for n, row in enumerate(rows, start=1):
        out[f"friendof_{n}_user"] = row["username"]
        out[f"friendof_{n}_name"] = row["fullname"]
        out[f"friendof_{n}_fg"] = row["fgcolor"]
        out[f"friendof_{n}_bg"] = row["bgcolor"]
        for key in ("type", "status"):
            if row.get(key):
                out[f"friendof_{n}_{key}"] = row[key]
    return out


def _flat_out(result: dict[str, Any]) -> dict[str, Any]:
    return flat_friendofs(result.get("friendofs") or [])


@mode("friendof", flat_out=_flat_out)
def friendof(call: Call) -> dict[str, Any]:
    limit = params.integer(call.args, "friendoflimit")
    return {"friendofs": friendofs(call.user, limit)}
