"""editfriendgroups (spec §4.12): groups by bit, masks, deletion; an error changes nothing."""

from __future__ import annotations

import pytest

from api.livejournal.errors import LJError
from api.livejournal.modes.editfriendgroups import _flat_in, editfriendgroups
from api.livejournal.registry import Call
from journal import services
from journal.models import FriendGroup, Subscription
from journal.visibility import can_see_entry
from tests.conftest import PASSWORD


def groups(user) -> dict[int, tuple[str, int, bool]]:
    return {
        g.bit: (g.name, g.sort_order, g.is_public) for g in FriendGroup.objects.filter(owner=user)
    }


def mask(user, name) -> int:
    return Subscription.objects.get(user=user, journal__name=name).groupmask


def test_flat_in_builds_the_nested_struct():
    args = _flat_in(
        {
            "user": "alice",
            "efg_set_3_name": "Work",
            "efg_set_3_sort": "60",
            "efg_set_3_public": "1",
            "efg_set_4_name": "",
            "efg_set_4_sort": "1",
            "efg_set_5_name": "Five",
            "efg_set_5_sort": "",
            "efg_delete_7": "1",
            "efg_delete_8": "0",
            "editfriend_groupmask_bob": "9",
        }
    )
    assert args == {
        "username": "alice",
        "set": {"3": {"name": "Work", "sort": "60", "public": "1"}, "5": {"name": "Five"}},
        "delete": ["7"],
        "groupmasks": {"bob": "9"},
    }


def test_handler_creates_a_group(alice):
    call = Call("editfriendgroups", {"set": {"2": {"name": "Work"}}}, alice, "flat", ver=1)
    assert editfriendgroups(call) == {}
    assert groups(alice) == {2: ("Work", 50, False)}


def test_flat_create_rename_and_set_masks(lj, network, close_friends):
    alice = network["alice"]
    pairs = lj.flat(
        mode="editfriendgroups",
        user="alice",
        password=PASSWORD,
        ver=1,
        efg_set_1_name="Closest",
        efg_set_3_name="Work/",
        efg_set_3_sort="60",
        efg_set_3_public="1",
        editfriend_groupmask_charlie="8",
    )
    assert pairs == {"success": "OK"}
    assert groups(alice) == {1: ("Closest", 50, False), 3: ("Work", 60, True)}
    assert mask(alice, "charlie") == 9  # bit 0 forced on
    assert mask(alice, "bob") == 3


def test_xmlrpc_struct(lj, network, close_friends):
    alice = network["alice"]
    result = lj.xmlrpc(
        "editfriendgroups",
        {
            "username": "alice",
            "password": PASSWORD,
            "set": {"2": {"name": "Family", "sort": 10, "public": True}},
            "groupmasks": {"bob": 4},
        },
    )
    assert result == {}
    assert groups(alice)[2] == ("Family", 10, True)
    assert mask(alice, "bob") == 5


def test_omitted_public_keeps_the_old_value(lj, door, alice):
    services.set_friend_group(alice, 2, "Work", is_public=True)
    flat = {"efg_set_2_name": "Office"}
    struct = {"set": {"2": {"name": "Office"}}}
    lj.call(door, "editfriendgroups", alice, **(flat if door == "flat" else struct))
    assert groups(alice)[2] == ("Office", 50, True)


def test_delete_clears_the_bit_from_masks_and_entries(lj, door, network, close_friends):
    alice, bob = network["alice"], network["bob"]
    entry = services.post_entry(alice, body="close only", security="usemask", allowmask=2)
    assert can_see_entry(bob, entry)
    flat = {"efg_delete_1": "1"}
    struct = {"delete": ["1"]}
    lj.call(door, "editfriendgroups", alice, **(flat if door == "flat" else struct))
    assert groups(alice) == {}
    assert mask(alice, "bob") == 1
    entry.refresh_from_db()
    assert entry.allowmask == 0
    # A new group reusing bit 1 does not inherit access to the old entry.
    services.set_friend_group(alice, 1, "New close")
    services.set_friend_groupmask(alice, bob.journal, 3)
    assert not can_see_entry(bob, entry)


def test_set_and_delete_of_the_same_group_keeps_it(lj, alice, close_friends):
    lj.flat(
        mode="editfriendgroups",
        user="alice",
        password=PASSWORD,
        efg_set_1_name="Kept",
        efg_delete_1="1",
    )
    assert groups(alice) == {1: ("Kept", 50, False)}


def test_name_that_trims_to_nothing_deletes(lj, alice, close_friends):
    lj.xmlrpc(
        "editfriendgroups",
        {"username": "alice", "password": PASSWORD, "set": {"1": {"name": "  /"}}},
    )
    assert groups(alice) == {}


def test_out_of_range_numbers_and_unknown_friends_are_ignored(lj, door, alice, bob):
    flat = {
        "efg_set_31_name": "Too high",
        "efg_set_0_name": "Too low",
        "efg_delete_99": "1",
        "editfriend_groupmask_bob": "3",
        "editfriend_groupmask_ghost": "3",
    }
    struct = {
        "set": {"31": {"name": "Too high"}, "0": {"name": "Too low"}},
        "delete": ["99"],
        "groupmasks": {"bob": "3", "ghost": "3"},
    }
    result = lj.call(door, "editfriendgroups", alice, **(flat if door == "flat" else struct))
    assert result == ({"success": "OK"} if door == "flat" else {})
    assert groups(alice) == {}


def test_long_names_are_trimmed(lj, alice):
    lj.flat(
        mode="editfriendgroups", user="alice", password=PASSWORD, ver=1, efg_set_2_name="x" * 60
    )
    assert groups(alice)[2][0] == "x" * 40


def test_non_ascii_name_needs_ver_1(lj, door, alice):
    flat = {"efg_set_2_name": "Café"}
    struct = {"set": {"2": {"name": "Café"}}}
    assert lj.error(door, "editfriendgroups", alice, **(flat if door == "flat" else struct)) == 207
    assert groups(alice) == {}
    lj.call(door, "editfriendgroups", alice, ver=1, **(flat if door == "flat" else struct))
    assert groups(alice) == {2: ("Café", 50, False)}


@pytest.mark.parametrize(
    ("flat", "struct"),
    [
        (
            {"efg_set_2_name": "A", "efg_set_2_sort": "256"},
            {"set": {"2": {"name": "A", "sort": "256"}}},
        ),
        (
            {"efg_set_2_name": "A", "efg_set_2_sort": "x"},
            {"set": {"2": {"name": "A", "sort": "x"}}},
        ),
        (
            {"efg_set_2_name": "A", "editfriend_groupmask_bob": "many"},
            {"set": {"2": {"name": "A"}}, "groupmasks": {"bob": "many"}},
        ),
        (
            {"efg_set_2_name": "A", "editfriend_groupmask_bob": "-4"},
            {"set": {"2": {"name": "A"}}, "groupmasks": {"bob": "-4"}},
        ),
    ],
)
def test_bad_values_are_203_and_change_nothing(lj, door, network, flat, struct):
    alice = network["alice"]
    assert lj.error(door, "editfriendgroups", alice, **(flat if door == "flat" else struct)) == 203
    assert groups(alice) == {1: ("Close friends", 50, False)}
    assert mask(alice, "bob") == 3


def test_xmlrpc_wrong_shapes_are_203(lj, alice):
    for struct in (
        {"set": ["Work"]},
        {"set": {"2": "Work"}},
        {"groupmasks": ["bob"]},
        {"set": {"x": {"name": "A"}}},
    ):
        assert lj.error("xmlrpc", "editfriendgroups", alice, **struct) == 203
    assert groups(alice) == {}


def test_a_later_failure_rolls_back_earlier_changes(alice, bob, monkeypatch):
    from journal.errors import InvalidInput

    services.set_friend(alice, bob.journal)
    services.set_friend_group(alice, 1, "One")

    def boom(owner, bit):
        raise InvalidInput("nope")

    monkeypatch.setattr("journal.services.delete_friend_group", boom)
    call = Call(
        "editfriendgroups",
        {"set": {"2": {"name": "Two"}}, "delete": ["1"], "groupmasks": {"bob": "7"}},
        alice,
        "flat",
    )
    with pytest.raises(LJError) as info:
        editfriendgroups(call)
    assert info.value.code == 203
    assert groups(alice) == {1: ("One", 50, False)}
    assert mask(alice, "bob") == 1
