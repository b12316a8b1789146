"""editfriends (spec §4.11): add, update and remove friends (edges user → journal).

Flat requests become the XML-RPC shape: `editfriend_delete_U` → `delete: [U]`,
`editfriend_add_I_user/_fg/_bg/_groupmask` → `add: [{username, fgcolor, bgcolor,
groupmask}]` in the order of I.
"""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings

from api.livejournal.dispatch import lj_error_from_domain
from api.livejournal.errors import LJError
from api.livejournal.registry import Call, default_flat_in, mode
from journal import permissions, services
from journal.errors import DomainError
from journal.models import Journal, Subscription
from journal.models.user import canonical_username

_ADD_KEY = re.compile(r"^editfriend_add_(\d+)_(user|fg|bg|groupmask)$")
_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
_ADD_FIELDS = {"user": "username", "fg": "fgcolor", "bg": "bgcolor", "groupmask": "groupmask"}
MASK_LIMIT = 2**31  # bit 31 is reserved; masks are 31-bit
DEFAULT_MAX_FRIENDS = 500


def lj_error(exc: DomainError) -> LJError:
    """A domain refusal as LiveJournal's numbered error (for the friend modes)."""
    if exc.code == "suspended":
        return LJError(305)
    if exc.code == "not-a-person":
        return LJError(104, "Journal type cannot add friends")
    return lj_error_from_domain(exc)


def parse_mask(value: Any, what: str) -> int | None:
    """A group mask as LiveJournal clients send it; empty means "not sent"."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        mask = int(str(value).strip())
    except ValueError:
        raise LJError(203, f"Invalid group mask for {what}") from None
    if not 0 <= mask < MASK_LIMIT:
        raise LJError(203, f"Invalid group mask for {what}")
    return mask


def _flat_in(params: dict[str, str]) -> dict[str, Any]:
    rest: dict[str, str] = {}
    deletes: list[str] = []
    adds: dict[int, dict[str, str]] = {}
    for key, value in params.items():
        if key.startswith("editfriend_delete_"):
            deletes.append(key[len("editfriend_delete_") :])  # the value is not checked
            continue
        match = _ADD_KEY.match(key)
        if match:
            adds.setdefault(int(match.group(1)), {})[_ADD_FIELDS[match.group(2)]] = value
            continue
        rest[key] = value
    args = default_flat_in(rest)
    args["delete"] = deletes
    # A record whose user is blank is skipped, as the LiveJournal flat wrapper does.
    args["add"] = [adds[i] for i in sorted(adds) if (adds[i].get("username") or "").strip()]
    return args


def _flat_out(result: dict[str, Any]) -> dict[str, Any]:
    added = result.get("added") or []
    out: dict[str, Any] = {"friends_added": len(added)}
    for n, row in enumerate(added, start=1):
        out[f"friend_{n}_user"] = row["username"]
        out[f"friend_{n}_name"] = row["fullname"]
    return out


def _clean_adds(raw: Any) -> list[dict[str, Any]]:
    """Validate every add record before anything changes (203 leaves the list untouched)."""
    if raw in (None, ""):
        return []
    if not isinstance(raw, list):
        raise LJError(203, "add must be a list")
    cleaned = []
    for item in raw:
        if isinstance(item, str):
            item = {"username": item}  # XML-RPC clients may send bare usernames
        if not isinstance(item, dict):
            raise LJError(203, "Invalid friend record")
        name = canonical_username(str(item.get("username") or ""))
        if not name:
            continue
        fg = str(item.get("fgcolor") or "#000000").strip()
        bg = str(item.get("bgcolor") or "#FFFFFF").strip()
        if not (_COLOR.match(fg) and _COLOR.match(bg)):
            raise LJError(203, "Invalid color values")
        cleaned.append(
            {
                "username": name,
                "fgcolor": fg,
                "bgcolor": bg,
                # LJ tests the mask for truth: 0 keeps an existing friend's groups too.
                "groupmask": parse_mask(item.get("groupmask"), name) or None,
            }
        )
    return cleaned


def _clean_deletes(raw: Any) -> list[str]:
    if raw in (None, ""):
        return []
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list) or not all(isinstance(x, (str, int)) for x in raw):
        raise LJError(203, "delete must be a list of usernames")
    return [canonical_username(str(x)) for x in raw if str(x).strip()]


@mode("editfriends", flat_in=_flat_in, flat_out=_flat_out)
def editfriends(call: Call) -> dict[str, Any]:
    user = call.user
    deletes = _clean_deletes(call.args.get("delete"))
    adds = _clean_adds(call.args.get("add"))
    try:
        permissions.ensure_active(user)
    except DomainError as exc:
        raise lj_error(exc) from None
    names = set(deletes) | {a["username"] for a in adds}
    journals = {j.name: j for j in Journal.objects.select_related("user").filter(name__in=names)}

    # All deletions first, then all additions (LiveJournal's order).
    for name in deletes:
        journal = journals.get(name)
        if journal is not None:
            services.unsubscribe(user, journal)  # removing a non-friend is not an error

    limit = getattr(settings, "LJ_MAX_FRIENDS", DEFAULT_MAX_FRIENDS)
    count = Subscription.objects.filter(user=user).count()
    added: list[dict[str, str]] = []
    failed = False
    for add in adds:
        journal = journals.get(add["username"])
        if journal is None or (journal.user_id is not None and not journal.user.is_active):
            failed = True  # remembered; the call fails after everything else was done
            continue
        is_new = not Subscription.objects.filter(user=user, journal=journal).exists()
        if is_new and count >= limit:
            raise LJError(104, f"You have reached your limit of {limit} friends.")
        try:
            services.set_friend(
                user,
                journal,
                groupmask=add["groupmask"],
                fgcolor=add["fgcolor"],
                bgcolor=add["bgcolor"],
            )
        except DomainError as exc:
            if exc.code == "suspended":
                raise LJError(305) from None
            failed = True  # unknown, suspended, banned, yourself: like an unknown user
            continue
        count += int(is_new)
        person = journal.user if journal.user_id is not None else None
        added.append(
            {
                "username": journal.name,
                "fullname": person.display_name if person else journal.display_title,
            }
        )
    if failed:
        # Earlier additions are kept, as LiveJournal does.
        raise LJError(104)
    return {"added": added}
