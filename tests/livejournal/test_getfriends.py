"""getfriends (spec §4.8): friends (edges user → journal) with colours, masks, types."""

from __future__ import annotations

import datetime as dt

import pytest

from api.livejournal.modes.getfriends import getfriends
from api.livejournal.registry import Call
from journal.models import FriendGroup, Subscription, User
from journal.services import operations
from tests.conftest import PASSWORD, make_user


def call(user, **args):
    return getfriends(Call("getfriends", args, user, "flat"))


def test_handler_lists_friends_sorted_with_mask_only_when_not_one(network, pond):
    alice = network["alice"]
    result = call(alice)
    assert result == {
        "friends": [
            {
                "username": "bob",
                "fullname": "Bob Builder",
                "fgcolor": "#000000",
                "bgcolor": "#ffffff",
                "groupmask": 3,
            },
            {
                "username": "charlie",
                "fullname": "Charlie Brown",
                "fgcolor": "#000000",
                "bgcolor": "#ffffff",
            },
            # alice created pond, so she reads it: communities carry their type.
            {
                "username": "pond",
                "fullname": "The Pond",
                "fgcolor": "#000000",
                "bgcolor": "#ffffff",
                "type": "community",
            },
        ]
    }


def test_flat_keys(lj, network):
    Subscription.objects.filter(user=network["alice"], journal__name="charlie").update(
        fgcolor="#112233", bgcolor="#abcdef"
    )
    pairs = lj.flat(mode="getfriends", user="alice", password=PASSWORD)
    assert pairs == {
        "success": "OK",
        "friend_count": "2",
        "friend_1_user": "bob",
        "friend_1_name": "Bob Builder",
        "friend_1_fg": "#000000",
        "friend_1_bg": "#ffffff",
        "friend_1_groupmask": "3",
        "friend_2_user": "charlie",
        "friend_2_name": "Charlie Brown",
        "friend_2_fg": "#112233",
        "friend_2_bg": "#abcdef",
    }


def test_xmlrpc_struct(lj, network):
    result = lj.xmlrpc("getfriends", {"username": "bob", "password": PASSWORD})
    assert result == {
        "friends": [
            {
                "username": "alice",
                "fullname": "Alice Liddell",
                "fgcolor": "#000000",
                "bgcolor": "#ffffff",
            }
        ]
    }


def test_no_friends_still_sends_the_count(lj, door, erin):
    result = lj.call(door, "getfriends", erin)
    assert result == ({"success": "OK", "friend_count": "0"} if door == "flat" else {"friends": []})


def test_friendlimit(lj, door, network):
    result = lj.call(door, "getfriends", network["alice"], friendlimit="1")
    if door == "flat":
        assert result["friend_count"] == "1"
        assert result["friend_1_user"] == "bob"
    else:
        assert [f["username"] for f in result["friends"]] == ["bob"]


def test_includefriendof_and_includegroups(lj, door, network):
    result = lj.call(door, "getfriends", network["alice"], includefriendof="1", includegroups="1")
    if door == "flat":
        assert result["friendof_count"] == "3"
        assert [result[f"friendof_{n}_user"] for n in (1, 2, 3)] == ["bob", "charlie", "dave"]
        assert result["frgrp_1_name"] == "Close friends"
        assert result["frgrp_maxnum"] == "1"
    else:
        assert [f["username"] for f in result["friendofs"]] == ["bob", "charlie", "dave"]
        assert result["friendgroups"] == [
            {"id": 1, "name": "Close friends", "sortorder": 50, "public": 0}
        ]


def test_friendoflimit_applies_to_the_included_list(lj, network):
    pairs = lj.flat(
        mode="getfriends", user="alice", password=PASSWORD, includefriendof=1, friendoflimit=2
    )
    assert pairs["friendof_count"] == "2"


def test_without_include_flags_no_friendof_or_group_keys(lj, network):
    pairs = lj.flat(mode="getfriends", user="alice", password=PASSWORD)
    assert not any(k.startswith(("friendof", "frgrp")) for k in pairs)


def test_birthdays_only_when_asked_and_shown_in_full(lj, door, network):
    User.objects.filter(username="bob").update(birthday=dt.date(1990, 4, 1))
    User.objects.filter(username="charlie").update(birthday=dt.date(1985, 12, 24))
    bob = User.objects.get(username="bob")
    operations.set_journal_setting(bob, bob.journal, "opt_showbday", "F")
    alice = network["alice"]  # charlie keeps the default (D): day and month, never the year
    plain = lj.call(door, "getfriends", alice)
    assert "1990-04-01" not in str(plain)
    result = lj.call(door, "getfriends", alice, includebdays="1")
    if door == "flat":
        assert result["friend_1_birthday"] == "1990-04-01"
        assert "friend_2_birthday" not in result
    else:
        assert result["friends"][0]["birthday"] == "1990-04-01"
        assert "birthday" not in result["friends"][1]


def test_suspended_friend_has_a_status(lj, network):
    User.objects.filter(username="charlie").update(is_suspended=True)
    pairs = lj.flat(mode="getfriends", user="alice", password=PASSWORD)
    assert pairs["friend_2_status"] == "suspended"
    assert "friend_1_status" not in pairs


def test_non_numeric_limit_is_203(lj, door, network):
    assert lj.error(door, "getfriends", network["alice"], friendlimit="lots") == 203


def test_bad_password(lj, door, alice):
    assert lj.error(door, "getfriends", alice, password="nope") == 101


GARBAGE = {
    "friendlimit": "-5",
    "friendoflimit": "9" * 40,
    "includefriendof": "yes please",
    "includegroups": "\u00e9",
    "includebdays": "",
    "editfriend_add_1_user": "\u00e9\u00e9",
    "editfriend_add_1_groupmask": "1e9",
    "editfriend_delete_": "",
    "efg_set_99999999999999999999_name": "x",
    "efg_set_2_name": "\u2603",
    "efg_set_2_public": "maybe",
    "efg_delete_abc": "1",
    "editfriend_groupmask_": "",
    "usejournal": "",
    "command": '"',
}


@pytest.mark.parametrize(
    "mode",
    [
        "getfriends",
        "friendof",
        "getfriendgroups",
        "editfriends",
        "editfriendgroups",
        "getusertags",
        "consolecommand",
    ],
)
def test_garbage_is_never_a_server_error(lj, network, mode):
    before = (Subscription.objects.count(), FriendGroup.objects.count())
    pairs = lj.flat(mode=mode, user="alice", password=PASSWORD, ver=1, **GARBAGE)
    assert pairs["success"] in ("OK", "FAIL")
    assert not pairs.get("errmsg", "").startswith("Server error"), pairs
    if pairs["success"] == "FAIL":
        assert (Subscription.objects.count(), FriendGroup.objects.count()) == before


def test_query_count_does_not_grow_with_friends(network, pond, django_assert_num_queries):
    alice = network["alice"]
    args = {"includefriendof": "1", "includegroups": "1", "includebdays": "1"}
    User.objects.update(birthday=dt.date(2000, 1, 1))
    with django_assert_num_queries(4):
        few = call(alice, **args)
    for name in ("frank", "grace", "heidi"):
        other = make_user(name)
        operations_friend(alice, other)
    with django_assert_num_queries(4):
        many = call(alice, **args)
    assert len(many["friends"]) == len(few["friends"]) + 3
    assert len(many["friendofs"]) == len(few["friendofs"]) + 3


def operations_friend(alice, other):
    from journal import services

    services.set_friend(alice, other.journal)
    services.set_friend(other, alice.journal)


XMLRPC_GARBAGE = {
    "friendlimit": ["x"],
    "includefriendof": {"a": 1},
    "add": {"bob": 1},
    "delete": [{"x": 1}],
    "set": [1, 2],
    "groupmasks": "bob",
    "commands": [[["deep"]]],
    "usejournal": ["alice"],
}


@pytest.mark.parametrize(
    "mode",
    [
        "getfriends",
        "friendof",
        "getfriendgroups",
        "editfriends",
        "editfriendgroups",
        "getusertags",
        "consolecommand",
    ],
)
@pytest.mark.parametrize("key", sorted(XMLRPC_GARBAGE))
def test_xmlrpc_garbage_is_never_a_server_error(lj, network, mode, key):
    import xmlrpc.client

    before = (Subscription.objects.count(), FriendGroup.objects.count())
    struct = {"username": "alice", "password": PASSWORD, key: XMLRPC_GARBAGE[key]}
    try:
        lj.xmlrpc(mode, struct)
    except xmlrpc.client.Fault as fault:
        assert fault.faultCode < 500, fault
        assert (Subscription.objects.count(), FriendGroup.objects.count()) == before


def test_huge_limits_are_209_not_a_server_error(lj, door, network):
    alice = network["alice"]
    assert lj.error(door, "getfriends", alice, friendlimit=str(10**20)) == 209
    assert lj.error(door, "friendof", alice, friendoflimit=str(10**20)) == 209
