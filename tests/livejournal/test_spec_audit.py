"""Spec-conformance audit (issue 3): deviations from specs/livejournal.md found by reading
every mode against the spec, each pinned through both doors where both apply."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.core.files.base import ContentFile
from django.utils import timezone

from journal import services
from journal.models import Entry, Event, FriendGroup, Subscription, Userpic, UserpicKeyword
from journal.visibility import can_see_entry
from tests.conftest import PASSWORD
from tests.livejournal.conftest import remote_key


def test_syncitems_lastsync_at_the_end_of_time_lists_nothing(lj, door, alice):
    # The last representable second: "after it" is nothing, not a server error (§4.6).
    services.post_entry(alice, body="one")
    result = lj.call(door, "syncitems", alice, lastsync="9999-12-31 23:59:59")
    if door == "flat":
        assert (result["sync_count"], result["sync_total"]) == ("0", "0")
    else:
        assert (result["count"], result["total"]) == (0, 0)


def _md5(value: str) -> str:
    return hashlib.md5(value.encode()).hexdigest()


def test_clear_auth_accepts_either_hpassword_or_password(lj, door, alice):
    # §2.1: LJ checks hpassword, then password; "providing either is enough". A client
    # sending both, with hpassword = md5(account password) (which we cannot check), logs in
    # on its password.
    lj.call(door, "login", alice, hpassword=_md5(PASSWORD), password=PASSWORD)
    # A good hpassword is enough whatever the password says ...
    lj.call(door, "login", alice, hpassword=_md5(remote_key(alice)), password="wrong")
    # ... and neither good is 101, also after the successes above were remembered.
    assert lj.error(door, "login", alice, hpassword=_md5(PASSWORD), password="wrong") == 101
    assert lj.error(door, "login", alice, hpassword=_md5("nope"), password="wrong") == 101


def test_xmlrpc_consolecommand_runs_without_a_username(lj, db):
    # §4.17: logging in is not needed; `print` and `help` work for nobody. LJ's XML-RPC core
    # has no username check of its own (only the flat wrapper needs `user`).
    result = lj.xmlrpc("consolecommand", {"commands": ["print hi"]})
    assert result["results"][0]["output"] == [["info", "Welcome to 'print'!"], ["success", "hi"]]
    result = lj.xmlrpc("consolecommand", {"commands": ["ban_list"]})
    assert result["results"][0]["output"] == [
        ["error", "You must be logged in to run this command."]
    ]


def _sync_times(door, result) -> dict[str, str]:
    if door == "flat":
        n = int(result["sync_count"])
        return {result[f"sync_{i}_item"]: result[f"sync_{i}_time"] for i in range(1, n + 1)}
    return {i["item"]: i["time"] for i in result["syncitems"]}


def _itemids(door, result) -> list[int]:
    if door == "flat":
        n = int(result["events_count"])
        return [int(result[f"events_{i}_itemid"]) for i in range(1, n + 1)]
    return [int(e["itemid"]) for e in result["events"]]


def test_an_undeleted_entry_syncitems_lists_is_what_getevents_syncitems_returns(lj, door, alice):
    # §4.6 client algorithm: syncitems names L-1 at time T, then getevents selecttype=syncitems
    # with lastsync = T minus one second must return it, also when the change was an undelete
    # on the website (which leaves the entry's own times as they were).
    entry = services.post_entry(alice, body="kept after all")
    old = timezone.now() - dt.timedelta(days=30)
    Entry.objects.filter(pk=entry.pk).update(created_at=old, updated_at=old)
    Event.objects.filter(entry=entry).update(created_at=old)
    entry.refresh_from_db()
    services.delete_entry(alice, entry)
    services.undelete_entry(alice, entry)
    since = (timezone.now() - dt.timedelta(days=1)).strftime("%Y-%m-%d %H:%M:%S")
    listed = _sync_times(door, lj.call(door, "syncitems", alice, lastsync=since))
    assert list(listed) == ["L-1"]
    wanted = dt.datetime.strptime(listed["L-1"], "%Y-%m-%d %H:%M:%S") - dt.timedelta(seconds=1)
    result = lj.call(
        door, "getevents", alice, selecttype="syncitems", lastsync=f"{wanted:%Y-%m-%d %H:%M:%S}"
    )
    assert _itemids(door, result) == [1]


def test_group_deleted_and_set_in_one_request_is_a_new_group(lj, door, network, close_friends):
    # §4.12: deleting group g clears bit g from every friend's mask and from every entry's
    # allowmask, "so a future group reusing the number does not inherit access to old posts";
    # when the same request sets g, only the row is kept. Masks sent in the request apply to
    # the new group (LJ sets them last).
    alice, bob, charlie = network["alice"], network["bob"], network["charlie"]
    old = services.post_entry(alice, body="for close friends", security="usemask", allowmask=2)
    flat = {"efg_delete_1": "1", "efg_set_1_name": "Work", "editfriend_groupmask_charlie": "3"}
    struct = {"delete": [1], "set": {"1": {"name": "Work"}}, "groupmasks": {"charlie": 3}}
    lj.call(door, "editfriendgroups", alice, **(flat if door == "flat" else struct))
    group = FriendGroup.objects.get(owner=alice, bit=1)
    assert (group.name, group.sort_order, group.is_public) == ("Work", 50, False)
    masks = dict(Subscription.objects.filter(user=alice).values_list("journal__name", "groupmask"))
    assert (masks["bob"], masks["charlie"]) == (1, 3)
    old.refresh_from_db()
    assert old.allowmask == 0
    assert not can_see_entry(bob, old) and not can_see_entry(charlie, old)


def test_editfriends_groupmask_0_keeps_an_existing_friends_groups(lj, door, network):
    # §4.11 / LJ's editfriends: "if no group mask sent, use the existing one" -- LJ tests the
    # mask for truth, so 0 counts as not sent (a new friend gets 1 either way).
    alice = network["alice"]
    flat = {"editfriend_add_1_user": "bob", "editfriend_add_1_fg": "#112233"}
    flat["editfriend_add_1_groupmask"] = "0"
    flat.update(editfriend_add_2_user="erin", editfriend_add_2_groupmask="0")
    struct = {
        "add": [
            {"username": "bob", "fgcolor": "#112233", "groupmask": 0},
            {"username": "erin", "groupmask": 0},
        ]
    }
    lj.call(door, "editfriends", alice, **(flat if door == "flat" else struct))
    subs = {s.journal.name: s for s in Subscription.objects.filter(user=alice)}
    assert (subs["bob"].groupmask, subs["bob"].fgcolor) == (3, "#112233")
    assert subs["erin"].groupmask == 1


def test_getpickwurls_alone_still_answers_pickwurl_count(lj, door, alice):
    # §4.2: pickwurl_count/pickwurl_n "if getpickwurls" (LJ-late no longer requires
    # getpickws), and a count key asked for is always present (§10).
    pic = Userpic.objects.create(user=alice, content_type="image/png")
    pic.image.save("p.png", ContentFile(b"\x89PNG\r\n\x1a\nfake"), save=True)
    UserpicKeyword.objects.create(user=alice, userpic=pic, keyword="happy")
    result = lj.call(door, "login", alice, getpickwurls="1")
    url = f"/userpic/{pic.pk}/{alice.pk}"
    if door == "flat":
        assert result["pickwurl_count"] == "1" and result["pickwurl_1"].endswith(url)
    else:
        assert len(result["pickwurls"]) == 1 and result["pickwurls"][0].endswith(url)
    # getpickws=0 asks for no pictures: both counts are there, and zero.
    result = lj.call(door, "login", alice, getpickws="0", getpickwurls="1")
    if door == "flat":
        assert (result["pickw_count"], result["pickwurl_count"]) == ("0", "0")
    else:
        assert (result["pickws"], result["pickwurls"]) == ([], [])


def test_masks_sent_with_a_group_deletion_do_not_keep_its_bit(lj, door, network, close_friends):
    # §4.12: a deleted group's bit leaves every friend's mask, also a mask sent in the same
    # request (computed before the deletion), so no later group 1 inherits bob.
    alice = network["alice"]
    flat = {"efg_delete_1": "1", "editfriend_groupmask_bob": "3"}
    struct = {"delete": [1], "groupmasks": {"bob": 3}}
    lj.call(door, "editfriendgroups", alice, **(flat if door == "flat" else struct))
    assert Subscription.objects.get(user=alice, journal__name="bob").groupmask == 1
    assert not FriendGroup.objects.filter(owner=alice).exists()
