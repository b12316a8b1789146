"""checkfriends (spec §4.13) through both doors: lastupdate, new, interval, mask."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from journal import services
from journal.models import Event


def answer(door, result) -> tuple[str, int, int]:
    return result["lastupdate"], int(result["new"]), int(result["interval"])


def test_first_call_says_not_new(lj, door, alice, network):
    lastupdate, new, interval = answer(door, lj.call(door, "checkfriends", network["bob"]))
    assert lastupdate == "0000-00-00 00:00:00" and new == 0 and interval == 60
    services.post_entry(alice, body="hello")
    lastupdate, new, _ = answer(door, lj.call(door, "checkfriends", network["bob"]))
    assert lastupdate != "0000-00-00 00:00:00" and new == 0


def test_new_post_by_a_friend_is_new(lj, door, alice, network, settings):
    settings.LJ_CHECKFRIENDS_INTERVAL = 120
    services.post_entry(alice, body="one")
    Event.objects.update(created_at=timezone.now() - dt.timedelta(minutes=5))
    bob = network["bob"]
    first, new, interval = answer(door, lj.call(door, "checkfriends", bob))
    assert new == 0 and interval == 120
    assert answer(door, lj.call(door, "checkfriends", bob, lastupdate=first))[1] == 0
    services.post_entry(alice, body="two")
    later, new, _ = answer(door, lj.call(door, "checkfriends", bob, lastupdate=first))
    assert new == 1 and later > first


def test_posts_one_cannot_see_do_not_count(lj, door, alice, network):
    services.post_entry(alice, body="secret", security="private")
    assert answer(door, lj.call(door, "checkfriends", network["bob"]))[0] == "0000-00-00 00:00:00"


def test_mask_limits_to_groups(lj, door, alice, bob, network):
    group = services.set_friend_group(bob, 2, "Best")
    services.post_entry(alice, body="x")
    # bob's edge to alice has no group bits yet: a mask for group 2 finds nothing.
    lastupdate, _, _ = answer(door, lj.call(door, "checkfriends", bob, mask=group.mask))
    assert lastupdate == "0000-00-00 00:00:00"
    services.set_friend_groupmask(bob, alice.journal, 1 | group.mask)
    lastupdate, _, _ = answer(door, lj.call(door, "checkfriends", bob, mask=group.mask))
    assert lastupdate != "0000-00-00 00:00:00"
    assert answer(door, lj.call(door, "checkfriends", bob, mask="junk"))[0] == lastupdate


def test_malformed_lastupdate_is_203(lj, door, alice):
    assert lj.error(door, "checkfriends", alice, lastupdate="whenever") == 203
