"""getusertags (spec §4.14): tags with counts over the entries the requester may see."""

from __future__ import annotations

import pytest

from api.livejournal.modes.getusertags import getusertags
from api.livejournal.registry import Call
from journal import services
from journal.models import Tag
from tests.conftest import PASSWORD


@pytest.fixture
def tagged(network, close_friends):
    alice = network["alice"]
    services.post_entry(alice, body="1", tags=["cats", "dogs"])
    services.post_entry(alice, body="2", security="usemask", allowmask=1, tags=["dogs"])
    services.post_entry(alice, body="3", security="usemask", allowmask=2, tags=["secret"])
    services.post_entry(alice, body="4", security="private", tags=["diary"])
    Tag.objects.create(journal=alice.journal, name="unused", display=False)
    return network


def by_name(result) -> dict[str, dict]:
    return {t["name"]: t for t in result["tags"]}


def test_owner_sees_every_tag_with_counts(tagged):
    result = getusertags(Call("getusertags", {}, tagged["alice"], "flat"))
    assert [t["name"] for t in result["tags"]] == ["cats", "diary", "dogs", "secret", "unused"]
    tags = by_name(result)
    assert tags["dogs"] == {
        "name": "dogs",
        "security_level": "public",
        "uses": 2,
        "display": 1,
        "security": {"public": 1, "friends": 1, "private": 0, "groups": {}},
    }
    assert tags["secret"]["security_level"] == "group"
    assert tags["secret"]["security"]["groups"] == {"1": 1}
    assert tags["diary"]["security_level"] == "private"
    assert tags["unused"] == {
        "name": "unused",
        "security_level": "private",
        "uses": 0,
        "display": 0,
        "security": {"public": 0, "friends": 0, "private": 0, "groups": {}},
    }


@pytest.mark.parametrize(
    ("reader", "expected"),
    [
        ("bob", {"cats": 1, "dogs": 2, "secret": 1}),  # a friend in "Close friends"
        ("charlie", {"cats": 1, "dogs": 2}),  # a friend in no group
        ("dave", {"cats": 1, "dogs": 1}),  # reads alice, but alice does not trust him
        ("erin", {"cats": 1, "dogs": 1}),  # a stranger
    ],
)
def test_readers_see_counts_of_entries_they_may_see(lj, door, tagged, reader, expected):
    result = lj.call(door, "getusertags", tagged[reader], usejournal="alice")
    if door == "flat":
        count = int(result["tag_count"])
        seen = {
            result[f"tag_{n}_name"]: int(result.get(f"tag_{n}_uses", 0))
            for n in range(1, count + 1)
        }
    else:
        seen = {t["name"]: t["uses"] for t in result["tags"]}
    assert seen == expected


def test_flat_keys(lj, tagged):
    pairs = lj.flat(mode="getusertags", user="alice", password=PASSWORD)
    assert pairs["tag_count"] == "5"
    assert {k: v for k, v in pairs.items() if k.startswith("tag_3_")} == {
        "tag_3_name": "dogs",
        "tag_3_security": "public",
        "tag_3_uses": "2",
        "tag_3_display": "1",
        "tag_3_sb_public": "1",
        "tag_3_sb_friends": "1",
        "tag_3_sb_group_count": "0",
    }
    assert {k: v for k, v in pairs.items() if k.startswith("tag_4_")} == {
        "tag_4_name": "secret",
        "tag_4_security": "group",
        "tag_4_uses": "1",
        "tag_4_display": "1",
        "tag_4_sb_group_count": "1",
        "tag_4_sb_group_1_id": "1",
        "tag_4_sb_group_1_count": "1",
    }
    # Unused and hidden: no uses key, no display key.
    assert {k: v for k, v in pairs.items() if k.startswith("tag_5_")} == {
        "tag_5_name": "unused",
        "tag_5_security": "private",
        "tag_5_sb_group_count": "0",
    }


def test_xmlrpc_always_sends_display_and_uses(lj, tagged):
    result = lj.xmlrpc("getusertags", {"username": "alice", "password": PASSWORD})
    unused = by_name(result)["unused"]
    assert unused["display"] == 0
    assert unused["uses"] == 0


def test_no_tags_still_sends_the_count(lj, door, erin):
    result = lj.call(door, "getusertags", erin)
    assert result == ({"success": "OK", "tag_count": "0"} if door == "flat" else {"tags": []})


def test_community_members_only_entries_are_friends_level(lj, door, alice, bob, charlie, pond):
    services.post_entry(
        alice, journal=pond, body="m", security="usemask", allowmask=1, tags=["members"]
    )
    services.post_entry(bob, journal=pond, body="p", tags=["open"])
    member = lj.call(door, "getusertags", bob, usejournal="pond")
    outsider = lj.call(door, "getusertags", charlie, usejournal="pond")
    if door == "flat":
        assert (member["tag_1_name"], member["tag_1_security"]) == ("members", "friends")
        assert (outsider["tag_count"], outsider["tag_1_name"]) == ("1", "open")
    else:
        assert member["tags"][0]["security_level"] == "friends"
        assert [t["name"] for t in outsider["tags"]] == ["open"]


def test_deleted_entries_do_not_count(lj, alice):
    entry = services.post_entry(alice, body="x", tags=["gone"])
    services.delete_entry(alice, entry)
    result = lj.xmlrpc("getusertags", {"username": "alice", "password": PASSWORD})
    assert by_name(result)["gone"]["uses"] == 0


@pytest.mark.parametrize("usejournal", ["nobody", "bad name!"])
def test_unknown_usejournal_is_206(lj, door, alice, usejournal):
    assert lj.error(door, "getusertags", alice, usejournal=usejournal) == 206


def test_bad_password(lj, door, alice):
    assert lj.error(door, "getusertags", alice, password="x") == 101


def test_query_count_does_not_grow_with_tags(network, django_assert_max_num_queries):
    alice, bob = network["alice"], network["bob"]
    services.post_entry(alice, body="a", tags=["one"])
    call = Call("getusertags", {"usejournal": "alice"}, bob, "flat")
    with django_assert_max_num_queries(4):
        assert len(getusertags(call)["tags"]) == 1
    for n in range(10):
        services.post_entry(alice, body=str(n), tags=[f"t{n}", f"u{n}"])
    with django_assert_max_num_queries(4):
        assert len(getusertags(call)["tags"]) == 21
