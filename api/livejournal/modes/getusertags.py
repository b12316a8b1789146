"""getusertags (spec §4.14): a journal's tags with use counts by entry security.

A tag's counts are over the entries carrying it that the requester may see (the one
visibility rule); tags the requester sees no entry of are left out unless they maintain
the journal. The overall level is the least restrictive security among those entries.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from api.livejournal.common import target_journal
from api.livejournal.registry import Call, mode
from journal import permissions
from journal.models import Entry, Journal, Tag, User
from journal.models.entry import Security
from journal.visibility import visible_entries

# Least restrictive first: a tag used on one public entry is a public tag.
LEVELS = ("public", "friends", "group", "private")


def _entry_level(security: str, allowmask: int, journal: Journal) -> tuple[str, list[int]]:
    """LiveJournal's level of one entry and, for group-locked entries, its group bits."""
    if security == Security.PUBLIC:
        return "public", []
    if security == Security.USEMASK:
        if journal.is_community or allowmask & 1:
            return "friends", []
        bits = [b for b in range(1, 31) if allowmask & (1 << b)]
        return ("group", bits) if bits else ("private", [])
    return "private", []


def user_tags(viewer: User, journal: Journal) -> list[dict[str, Any]]:
    """The XML-RPC `tags` list: [{name, security_level, uses, display, security}]."""
    tags = list(Tag.objects.filter(journal=journal).order_by("name"))
    counts: dict[int, dict[str, Any]] = {
        t.pk: {"public": 0, "friends": 0, "private": 0, "groups": defaultdict(int)} for t in tags
    }
    uses: dict[int, int] = defaultdict(int)
    rows = (
        visible_entries(
            viewer, Entry.objects.filter(journal=journal, tags__isnull=False), journal=journal
        )
        .values_list("tags", "security", "allowmask")
        .order_by()
    )
    for tag_id, security, allowmask in rows:
        if tag_id not in counts:
            continue
        level, bits = _entry_level(security, allowmask, journal)
        uses[tag_id] += 1
        if level == "group":
            for bit in bits:
                counts[tag_id]["groups"][bit] += 1
        else:
            counts[tag_id][level] += 1
    manager = permissions.is_maintainer(viewer, journal)
    result = []
    for tag in tags:
        c = counts[tag.pk]
        if not uses[tag.pk] and not manager:
            continue  # nothing the requester may see carries it
        present = [lvl for lvl in LEVELS[:3] if (c["groups"] if lvl == "group" else c[lvl])]
        result.append(
            {
                "name": tag.name,
                "security_level": present[0] if present else "private",
                "uses": uses[tag.pk],
                "display": int(tag.display),
                "security": {
                    "public": c["public"],
                    "friends": c["friends"],
                    "private": c["private"],
                    # XML-RPC struct keys are strings.
                    "groups": {str(bit): n for bit, n in sorted(c["groups"].items())},
                },
            }
        )
    return result


def _flat_out(result: dict[str, Any]) -> dict[str, Any]:
    tags = result.get("tags") or []
    out: dict[str, Any] = {"tag_count": len(tags)}
    for n, tag in enumerate(tags, start=1):
        out[f"tag_{n}_name"] = tag["name"]
        out[f"tag_{n}_security"] = tag["security_level"]
        if tag["uses"]:
            out[f"tag_{n}_uses"] = tag["uses"]
        if tag["display"]:
            out[f"tag_{n}_display"] = 1
        security = tag["security"]
        # The reference wrapper never sent these (a bug, spec §4.14); sending them is harmless.
        for level in ("public", "friends", "private"):
            if security[level]:
                out[f"tag_{n}_sb_{level}"] = security[level]
        groups = sorted(security["groups"].items(), key=lambda kv: int(kv[0]))
        out[f"tag_{n}_sb_group_count"] = len(groups)
        for m, (bit, count) in enumerate(groups, start=1):
            out[f"tag_{n}_sb_group_{m}_id"] = int(bit)
            out[f"tag_{n}_sb_group_{m}_count"] = count
    return out


@mode("getusertags", flat_out=_flat_out)
def getusertags(call: Call) -> dict[str, Any]:
    return {"tags": user_tags(call.user, target_journal(call))}
