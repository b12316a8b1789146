"""getfriendgroups (spec §4.10) through both doors, and the handler called directly."""

from __future__ import annotations

from api.livejournal.modes.getfriendgroups import getfriendgroups
from api.livejournal.registry import Call
from journal import services
from tests.conftest import PASSWORD


def test_handler_lists_groups_by_bit(alice, close_friends):
    services.set_friend_group(alice, 5, "Work", sort_order=7, is_public=True)
    result = getfriendgroups(Call("getfriendgroups", {}, alice, "flat"))
    assert result == {
        "friendgroups": [
            {"id": 1, "name": "Close friends", "sortorder": 50, "public": 0},
            {"id": 5, "name": "Work", "sortorder": 7, "public": 1},
        ]
    }


def test_flat_numbers_groups_by_bit_with_holes(lj, alice, close_friends):
    services.set_friend_group(alice, 5, "Work", sort_order=7, is_public=True)
    pairs = lj.flat(mode="getfriendgroups", user="alice", password=PASSWORD)
    assert pairs == {
        "success": "OK",
        "frgrp_1_name": "Close friends",
        "frgrp_1_sortorder": "50",
        "frgrp_5_name": "Work",
        "frgrp_5_sortorder": "7",
        "frgrp_5_public": "1",
        "frgrp_maxnum": "5",
    }


def test_no_groups_still_sends_maxnum(lj, door, bob):
    result = lj.call(door, "getfriendgroups", bob)
    if door == "flat":
        assert result == {"success": "OK", "frgrp_maxnum": "0"}
    else:
        assert result == {"friendgroups": []}


def test_xmlrpc_struct(lj, alice, close_friends):
    result = lj.xmlrpc("getfriendgroups", {"username": "alice", "password": PASSWORD})
    assert result == {
        "friendgroups": [{"id": 1, "name": "Close friends", "sortorder": 50, "public": 0}]
    }


def test_only_the_users_own_groups(lj, door, bob, close_friends):
    result = lj.call(door, "getfriendgroups", bob)
    assert "Close friends" not in str(result)


def test_bad_password(lj, door, alice):
    assert lj.error(door, "getfriendgroups", alice, password="wrong") == 101
