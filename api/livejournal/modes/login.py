"""login: check credentials and return what a GUI client caches (spec §4.2)."""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings

from api.livejournal.common import journal_url, userpic_url
from api.livejournal.params import flag, present, text
from api.livejournal.registry import Call, default_flat_in, mode
from journal import permissions
from journal.errors import DomainError
from journal.models import FriendGroup, Membership, User, Userpic, UserpicKeyword
from journal.moods import MOODS


def usejournals(user: User) -> list[str]:
    """Communities the user may post to, alphabetical; the domain's posting check decides."""
    candidates = (
        Membership.objects.filter(user=user, status=Membership.Status.ACTIVE)
        .select_related("journal")
        .order_by("journal__name")
    )
    names = []
    for membership in candidates:
        try:
            permissions.ensure_can_post(user, membership.journal)
        except DomainError:
            continue
        names.append(membership.journal.name)
    return names


def friendgroups(user: User) -> list[dict[str, Any]]:
    return [
        {"id": g.bit, "name": g.name, "sortorder": g.sort_order, "public": int(g.is_public)}
        for g in FriendGroup.objects.filter(owner=user).order_by("bit")
    ]


def friendgroups_flat(groups: list[dict[str, Any]], out: dict[str, Any]) -> None:
    """`frgrp_<bit>_*` keys (bit numbers, with holes) and the always-present frgrp_maxnum."""
    for g in groups:
        out[f"frgrp_{g['id']}_name"] = g["name"]
        out[f"frgrp_{g['id']}_sortorder"] = g["sortorder"]
        if g["public"]:
            out[f"frgrp_{g['id']}_public"] = 1
    out["frgrp_maxnum"] = max((g["id"] for g in groups), default=0)


def _pictures(user: User) -> list[tuple[str, int]]:
    """(keyword, picid) sorted case-insensitively; unnamed pictures appear as `pic#<id>`."""
    pairs = [
        (kw, pic_id)
        for kw, pic_id in UserpicKeyword.objects.filter(user=user).values_list(
            "keyword", "userpic_id"
        )
    ]
    named = {pic_id for _, pic_id in pairs}
    for pic_id in Userpic.objects.filter(user=user).values_list("pk", flat=True):
        if pic_id not in named:
            pairs.append((f"pic#{pic_id}", pic_id))
    return sorted(pairs, key=lambda p: p[0].lower())


def _menus(user: User) -> list[dict[str, Any]]:
    journal = user.journal
    return [
        {"text": "Recent Entries", "url": journal_url(journal)},
        {"text": "Calendar View", "url": journal_url(journal, "/calendar")},
        {"text": "Friends View", "url": journal_url(journal, "/friends")},
        {"text": "-", "url": ""},
        {"text": "Your Profile", "url": journal_url(journal, "/profile")},
        {"text": "-", "url": ""},
        {
            "text": "Change Settings",
            "url": "",
            "sub": [
                {"text": "Personal Info", "url": journal_url(journal, "/settings")},
                {"text": "Customize Journal", "url": journal_url(journal, "/settings")},
            ],
        },
        {"text": "-", "url": ""},
        {"text": "Support", "url": f"{settings.SITE_URL}/"},
    ]


# LiveJournal for Windows versions the reference server nagged to upgrade (spec §4.2).
_OLD_WIN32_CLIENT = re.compile(r"^Win32-MFC/(?:1\.2\.[0-6]$|1\.3\.[0-4]\b)")
OLD_WIN32_MESSAGE = (
    "A much newer version of LiveJournal for Windows is available; please upgrade your client."
)


def login_message(call: Call, user: User) -> str:
    """The optional `message` of login: something the client should show, or "".

    Of the reference's cases (spec §4.2) only the old-client nag can happen here: journalfeed
    has no e-mail validation and no read-only mode, and a suspended account never gets this
    far (authentication refuses it with 305).
    """
    if _OLD_WIN32_CLIENT.match(text(call.args, "clientversion").strip()):
        return OLD_WIN32_MESSAGE
    return ""


def login_in(params: dict[str, str]) -> dict[str, Any]:
    args = default_flat_in(params)
    # The flat wrapper gives menus only for exactly "1" (the core takes any true value).
    if args.get("getmenus") != "1":
        args.pop("getmenus", None)
    return args


@mode("login", flat_in=login_in, flat_out=lambda r: login_out(r))
def login(call: Call) -> dict[str, Any]:
    user = call.user
    assert user is not None
    result: dict[str, Any] = {
        "fullname": user.display_name,
        "userid": user.pk,
        "username": user.username,
        "usejournals": usejournals(user),
        "friendgroups": friendgroups(user),
    }
    if present(call.args, "getmoods"):
        # Definedness, not truth: `getmoods=` (empty) asks for every mood.
        try:
            have = int(text(call.args, "getmoods").strip() or 0)
        except ValueError:
            have = 0
        result["moods"] = [{"id": i, "name": n, "parent": p} for i, n, p in MOODS if i > have]
    if flag(call.args, "getmenus"):
        result["menus"] = _menus(user)
    asked_pickws = present(call.args, "getpickws")
    if asked_pickws or present(call.args, "getpickwurls"):
        # getpickwurls alone lists the pictures too (LJ-late no longer requires getpickws);
        # each count key asked for is sent, zero when getpickws=0 asks for none (spec §4.2).
        wanted = flag(call.args, "getpickws") if asked_pickws else True
        pictures = _pictures(user) if wanted else []
        if asked_pickws:
            result["pickws"] = [kw for kw, _ in pictures]
        if present(call.args, "getpickwurls"):
            urls = [userpic_url(pic_id, user.pk) for _, pic_id in pictures]
            result["pickwurls"] = urls if flag(call.args, "getpickwurls") else []
    if flag(call.args, "getpickwurls"):
        pic_id = user.default_userpic_id
        result["defaultpicurl"] = userpic_url(pic_id, user.pk) if pic_id else ""
    if flag(call.args, "getcaps"):
        result["caps"] = 0
    message = login_message(call, user)
    if message:
        result["message"] = message
    # `fastserver` is never sent: LiveJournal set it for accounts with the paid "fastserver"
    # capability, to route their `ljfastserver=1` cookie to a faster server pool. journalfeed
    # has one pool and no account classes (caps is 0) and ignores that cookie (spec §1.1), so
    # promising a faster server would be untrue; clients treat the key as optional.
    return result


def _menus_flat(menus: list[dict[str, Any]], out: dict[str, Any]) -> None:
    """Menu 0 is the root; sub-menus are numbered 1, 2, … depth-first (spec §4.2)."""
    counter = [0]

    def emit(items: list[dict[str, Any]], number: int) -> None:
        out[f"menu_{number}_count"] = len(items)
        for i, item in enumerate(items, start=1):
            out[f"menu_{number}_{i}_text"] = item["text"]
            if item.get("sub"):
                counter[0] += 1
                sub = counter[0]
                out[f"menu_{number}_{i}_sub"] = sub
                emit(item["sub"], sub)
            elif item["text"] != "-":
                out[f"menu_{number}_{i}_url"] = item["url"]

    emit(menus, 0)


def login_out(result: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"name": result["fullname"]}
    journals = result.get("usejournals") or []
    if journals:  # access_count is omitted when zero, as the reference does
        out["access_count"] = len(journals)
        for n, name in enumerate(journals, start=1):
            out[f"access_{n}"] = name
    friendgroups_flat(result.get("friendgroups") or [], out)
    moods = result.get("moods") or []
    if moods:  # mood_count is omitted when there are no newer moods
        out["mood_count"] = len(moods)
        for n, m in enumerate(moods, start=1):
            out[f"mood_{n}_id"] = m["id"]
            out[f"mood_{n}_name"] = m["name"]
            out[f"mood_{n}_parent"] = m["parent"]
    if "pickws" in result:
        out["pickw_count"] = len(result["pickws"])
        for n, kw in enumerate(result["pickws"], start=1):
            out[f"pickw_{n}"] = kw
    if "pickwurls" in result:
        out["pickwurl_count"] = len(result["pickwurls"])
        for n, url in enumerate(result["pickwurls"], start=1):
            out[f"pickwurl_{n}"] = url
    if "defaultpicurl" in result:
        out["defaultpicurl"] = result["defaultpicurl"]
    if "menus" in result:
        _menus_flat(result["menus"], out)
    if "caps" in result:
        out["caps"] = result["caps"]
    if result.get("message"):
        out["message"] = result["message"]
    return out
