"""editfriendgroups (spec §4.12): create, rename and delete friend groups; set friends' masks.

Flat requests become the XML-RPC shape: `efg_set_G_name/_sort/_public` → `set: {G: {name,
sort, public}}`, `efg_delete_G` → `delete: [G]`, `editfriend_groupmask_U` → `groupmasks:
{U: mask}`. The whole call is one transaction: an error changes nothing.
"""

from __future__ import annotations

import re
from typing import Any

from django.db import transaction

from api.livejournal.errors import LJError
from api.livejournal.modes.editfriends import lj_error, parse_mask
from api.livejournal.params import flag
from api.livejournal.registry import Call, default_flat_in, mode
from journal import services
from journal.errors import DomainError
from journal.models import Journal
from journal.models.user import canonical_username

_SET_KEY = re.compile(r"^efg_set_(\d+)_(name|sort|public)$")
_DELETE_KEY = re.compile(r"^efg_delete_(\d+)$")
_MASK_PREFIX = "editfriend_groupmask_"
GROUP_NAME_CHARS = 40


def _flat_in(params: dict[str, str]) -> dict[str, Any]:
    rest: dict[str, str] = {}
    sets: dict[str, dict[str, str]] = {}
    deletes: list[str] = []
    masks: dict[str, str] = {}
    for key, value in params.items():
        if match := _SET_KEY.match(key):
            sets.setdefault(match.group(1), {})[match.group(2)] = value
        elif match := _DELETE_KEY.match(key):
            if value.strip() not in ("", "0"):  # deleted only when the value is true
                deletes.append(match.group(1))
        elif key.startswith(_MASK_PREFIX):
            masks[key[len(_MASK_PREFIX) :]] = value
        else:
            rest[key] = value
    args = default_flat_in(rest)
    # The flat wrapper skips a set whose name is empty; an empty sort means "not sent".
    args["set"] = {
        g: {k: v for k, v in fields.items() if not (k == "sort" and v == "")}
        for g, fields in sets.items()
        if fields.get("name", "") != ""
    }
    args["delete"] = deletes
    args["groupmasks"] = masks
    return args


def _flat_out(result: dict[str, Any]) -> dict[str, Any]:
    return {}


def _bit(value: Any) -> int | None:
    """A group number; outside 1–30 it is ignored (None), non-numeric is 203."""
    try:
        bit = int(str(value).strip())
    except ValueError:
        raise LJError(203, f"Invalid friend group number: {value}") from None
    return bit if 1 <= bit <= 30 else None


def _clean_name(raw: Any, ver: int) -> str:
    name = str(raw or "")
    if ver < 1 and not name.isascii():
        # Protocol version 0 clients cannot send Unicode group names (spec §1.6).
        raise LJError(207, "Friend group names with non-ASCII characters need ver=1")
    name = " ".join(name.split())[:GROUP_NAME_CHARS]  # LiveJournal trims, it does not fail
    return name.rstrip("/").strip()


def _clean_sets(raw: Any, ver: int) -> dict[int, dict[str, Any]]:
    if raw in (None, ""):
        return {}
    if not isinstance(raw, dict):
        raise LJError(203, "set must be a struct")
    sets: dict[int, dict[str, Any]] = {}
    for key, fields in raw.items():
        bit = _bit(key)
        if not isinstance(fields, dict):
            raise LJError(203, f"Invalid friend group {key}")
        if bit is None:
            continue
        sort = fields.get("sort")
        if sort is not None and str(sort).strip() != "":
            try:
                sort = int(str(sort).strip())
            except ValueError:
                raise LJError(203, f"Invalid sort order for group {bit}") from None
            if not 0 <= sort <= 255:
                raise LJError(203, f"Invalid sort order for group {bit}")
        else:
            sort = None
        public = None if fields.get("public") is None else flag(fields, "public")
        sets[bit] = {"name": _clean_name(fields.get("name"), ver), "sort": sort, "public": public}
    return sets


def _clean_deletes(raw: Any) -> set[int]:
    if raw in (None, ""):
        return set()
    if not isinstance(raw, list):
        raw = [raw]
    return {bit for bit in (_bit(x) for x in raw) if bit is not None}


def _clean_masks(raw: Any) -> dict[str, int]:
    if raw in (None, ""):
        return {}
    if not isinstance(raw, dict):
        raise LJError(203, "groupmasks must be a struct")
    masks = {}
    for name, value in raw.items():
        mask = parse_mask(value, str(name))
        masks[canonical_username(str(name))] = 1 if mask is None else mask
    return masks


@mode("editfriendgroups", flat_in=_flat_in, flat_out=_flat_out)
def editfriendgroups(call: Call) -> dict[str, Any]:
    user = call.user
    sets = _clean_sets(call.args.get("set"), call.ver)
    deletes = _clean_deletes(call.args.get("delete"))
    masks = _clean_masks(call.args.get("groupmasks"))
    journals = {j.name: j for j in Journal.objects.filter(name__in=list(masks))}
    # A name that trims to nothing deletes the group.
    deletes.update(bit for bit, fields in sets.items() if not fields["name"])
    # Bits of groups this request deletes for good never stay in a mask it sends.
    gone = 0
    for bit in deletes - {bit for bit, fields in sets.items() if fields["name"]}:
        gone |= 1 << bit
    try:
        with transaction.atomic():
            # LiveJournal's net effect, in its order: a deleted group's bit leaves every
            # friend's mask and entry's allowmask (spec §4.12) even when the same request sets
            # that group again, which then starts afresh (LJ's REPLACE); the masks sent come
            # last, so they may name the groups this request made (not those it deleted).
            for bit in sorted(deletes):
                services.delete_friend_group(user, bit)
            for bit, fields in sets.items():
                if fields["name"]:
                    services.set_friend_group(
                        user,
                        bit,
                        fields["name"],
                        sort_order=fields["sort"],
                        is_public=fields["public"],
                    )
            for name, mask in masks.items():
                journal = journals.get(name)
                if journal is None:
                    continue  # LiveJournal's UPDATE simply matches nothing
                try:
                    services.set_friend_groupmask(user, journal, mask & ~gone)
                except DomainError as exc:
                    if exc.code != "not-friend":
                        raise
    except DomainError as exc:
        raise lj_error(exc) from None
    return {}
