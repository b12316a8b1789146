"""friendof (spec §4.9): who has the user as a friend, plus the user's communities."""

from __future__ import annotations

from api.livejournal.modes.friendof import friendof
from api.livejournal.registry import Call
from journal import services
from journal.models import User
from tests.conftest import PASSWORD


def test_handler_lists_people_and_communities_sorted(network, pond):
    result = friendof(Call("friendof", {}, network["bob"], "flat"))
    assert result == {
        "friendofs": [
            {
                "username": "alice",
                "fullname": "Alice Liddell",
                "fgcolor": "#000000",
                "bgcolor": "#ffffff",
            },
            {
                "username": "pond",
                "fullname": "The Pond",
                "fgcolor": "#000000",
                "bgcolor": "#ffffff",
                "type": "community",
            },
        ]
    }


def test_flat_keys(lj, network, pond):
    pairs = lj.flat(mode="friendof", user="bob", password=PASSWORD)
    assert pairs == {
        "success": "OK",
        "friendof_count": "2",
        "friendof_1_user": "alice",
        "friendof_1_name": "Alice Liddell",
        "friendof_1_fg": "#000000",
        "friendof_1_bg": "#ffffff",
        "friendof_2_user": "pond",
        "friendof_2_name": "The Pond",
        "friendof_2_fg": "#000000",
        "friendof_2_bg": "#ffffff",
        "friendof_2_type": "community",
    }


def test_xmlrpc_lists_who_reads_alice(lj, network):
    result = lj.xmlrpc("friendof", {"username": "alice", "password": PASSWORD})
    assert [f["username"] for f in result["friendofs"]] == ["bob", "charlie", "dave"]


def test_banned_and_suspended_accounts_are_left_out(lj, door, network):
    alice = network["alice"]
    services.ban_user(alice, alice.journal, network["dave"])
    User.objects.filter(username="charlie").update(is_suspended=True)
    result = lj.call(door, "friendof", alice)
    if door == "flat":
        assert result["friendof_count"] == "1"
        assert result["friendof_1_user"] == "bob"
    else:
        assert [f["username"] for f in result["friendofs"]] == ["bob"]


def test_friendoflimit(lj, door, network):
    result = lj.call(door, "friendof", network["alice"], friendoflimit="2")
    if door == "flat":
        assert result["friendof_count"] == "2"
    else:
        assert len(result["friendofs"]) == 2


def test_nobody_still_sends_the_count(lj, door, erin):
    result = lj.call(door, "friendof", erin)
    assert result == (
        {"success": "OK", "friendof_count": "0"} if door == "flat" else {"friendofs": []}
    )


def test_bad_limit_is_203(lj, door, alice):
    assert lj.error(door, "friendof", alice, friendoflimit="x") == 203
