"""getevents (spec §4.5) through both doors: select types, options, privacy, errors."""

from __future__ import annotations

import datetime as dt

import pytest

from journal import services
from tests.conftest import PASSWORD


def at(day: int, hour: int = 9) -> dt.datetime:
    return dt.datetime(2024, 5, day, hour, 30)


@pytest.fixture
def diary(alice, network):
    """Alice's journal: public, private, friends-only and custom (group 1) entries."""
    e = {}
    e["public"] = services.post_entry(alice, subject="Pub", body="public", event_time=at(1))
    e["private"] = services.post_entry(alice, body="private", security="private",
                                       event_time=at(2))  # fmt: skip
    e["friends"] = services.post_entry(alice, body="friends", security="usemask",
                                       allowmask=1, event_time=at(3))  # fmt: skip
    e["custom"] = services.post_entry(alice, body="close", security="usemask",
                                      allowmask=2, event_time=at(4))  # fmt: skip
    return e


def bodies(door, result) -> list[str]:
    if door == "flat":
        from urllib.parse import unquote_plus

        n = int(result["events_count"])
        return [unquote_plus(result[f"events_{i}_event"]) for i in range(1, n + 1)]
    return [e["event"] for e in result["events"]]


def lastn(lj, door, viewer, **extra):
    return lj.call(door, "getevents", viewer, selecttype="lastn", usejournal="alice", **extra)


@pytest.mark.parametrize(
    ("viewer", "expected"),
    [
        ("alice", ["close", "friends", "private", "public"]),
        ("bob", ["close", "friends", "public"]),  # a friend in group 1
        ("charlie", ["friends", "public"]),  # a friend, in no group
        ("dave", ["public"]),  # reads alice, but alice does not trust him
        ("erin", ["public"]),  # a stranger
    ],
)
def test_privacy_through_getevents(lj, door, network, diary, viewer, expected):
    assert bodies(door, lastn(lj, door, network[viewer])) == expected


def test_privacy_for_one_and_multiple(lj, door, network, diary):
    bob, dave = network["bob"], network["dave"]
    ids = ",".join(str(e.item_number) for e in diary.values())
    result = lj.call(door, "getevents", dave, selecttype="multiple", itemids=ids,
                     usejournal="alice")  # fmt: skip
    assert bodies(door, result) == ["public"]
    result = lj.call(door, "getevents", bob, selecttype="one",
                     itemid=diary["custom"].item_number, usejournal="alice")  # fmt: skip
    assert bodies(door, result) == ["close"]
    result = lj.call(door, "getevents", dave, selecttype="one",
                     itemid=diary["custom"].item_number, usejournal="alice")  # fmt: skip
    assert bodies(door, result) == []


def test_flat_event_encoding_matches_the_spec_example(lj, alice):
    entry = services.post_entry(
        alice, subject="Hi", body="Hello world, café!\nLine two", security="usemask",
        allowmask=1, event_time=dt.datetime(2024, 5, 1, 9, 30),
        props={"current_mood": "happy", "taglist": "cats, dogs"},
    )  # fmt: skip
    pairs = lj.flat(mode="getevents", user="alice", password=PASSWORD, ver=1, selecttype="one",
                    itemid=entry.item_number)  # fmt: skip
    assert pairs == {
        "success": "OK",
        "events_count": "1",
        "events_1_allowmask": "1",
        "events_1_anum": str(entry.anum),
        "events_1_event": "Hello+world,+caf%C3%A9%21%0D%0ALine+two",
        "events_1_eventtime": "2024-05-01 09:30:00",
        "events_1_itemid": "1",
        "events_1_security": "usemask",
        "events_1_subject": "Hi",
        "events_1_url": entry.url,
        "prop_count": "2",
        "prop_1_itemid": "1",
        "prop_1_name": "current_mood",
        "prop_1_value": "happy",
        "prop_2_itemid": "1",
        "prop_2_name": "taglist",
        "prop_2_value": "cats, dogs",
    }


def test_xmlrpc_event_shape(lj, alice, diary):
    result = lj.xmlrpc("getevents", {"username": "alice", "password": PASSWORD, "ver": 1,
                                     "selecttype": "one", "itemid": "-1"})  # fmt: skip
    (event,) = result["events"]
    assert event["itemid"] == diary["custom"].item_number
    assert event["event"] == "close"
    assert event["security"] == "usemask" and event["allowmask"] == 2
    assert event["eventtime"] == "2024-05-04 09:30:00"
    assert event["props"] == {}
    assert "poster" not in event


def test_one_with_minus_one_is_the_newest(lj, door, alice, diary):
    result = lj.call(door, "getevents", alice, selecttype="one", itemid=-1)
    assert bodies(door, result) == ["close"]


def test_day(lj, door, alice, diary):
    services.post_entry(alice, body="later that day", event_time=at(3, 20))
    result = lj.call(door, "getevents", alice, selecttype="day", year=2024, month=5, day=3)
    assert bodies(door, result) == ["friends", "later that day"]


def test_lastn_howmany_and_beforedate(lj, door, alice, diary):
    result = lj.call(door, "getevents", alice, selecttype="lastn", howmany=2)
    assert bodies(door, result) == ["close", "friends"]
    result = lj.call(door, "getevents", alice, selecttype="lastn",
                     beforedate="2024-05-03 09:30:00")  # fmt: skip
    assert bodies(door, result) == ["private", "public"]


def test_syncitems_selecttype(lj, door, alice, diary):
    result = lj.call(door, "getevents", alice, selecttype="syncitems", lastsync="")
    assert sorted(bodies(door, result)) == ["close", "friends", "private", "public"]
    result = lj.call(door, "getevents", alice, selecttype="syncitems",
                     lastsync="2037-01-01 00:00:00")  # fmt: skip
    assert bodies(door, result) == []


def test_syncitems_same_lastsync_thrice_is_406(lj, door, alice, diary):
    for _ in range(2):
        lj.call(door, "getevents", alice, selecttype="syncitems", lastsync="2020-01-01 00:00:00")
    code = lj.error(door, "getevents", alice, selecttype="syncitems",
                    lastsync="2020-01-01 00:00:00")  # fmt: skip
    assert code == 406


def test_truncate_prefersubject_noprops_lineendings(lj, alice):
    services.post_entry(alice, subject="Subj", body="line one\nline two",
                        props={"current_mood": "ok"})  # fmt: skip
    base = {"mode": "getevents", "user": "alice", "password": PASSWORD, "selecttype": "one",
            "itemid": 1}  # fmt: skip
    pairs = lj.flat(**base, truncate=8)
    assert pairs["events_1_event"] == "line+..."
    pairs = lj.flat(**base, prefersubject=1)
    assert pairs["events_1_event"] == "Subj" and "events_1_subject" not in pairs
    pairs = lj.flat(**base, noprops=1)
    assert "prop_count" not in pairs and "prop_1_name" not in pairs
    assert lj.flat(**base, lineendings="unix")["events_1_event"] == "line+one%0Aline+two"
    assert lj.flat(**base, lineendings="mac")["events_1_event"] == "line+one%0Dline+two"
    assert lj.flat(**base, lineendings="space")["events_1_event"] == "line+one+line+two"
    assert lj.flat(**base, lineendings="dots")["events_1_event"] == "line+one+...+line+two"


def test_community_poster_and_counts_always_present(lj, door, alice, bob, pond):
    services.post_entry(bob, journal=pond, body="in the pond")
    result = lj.call(door, "getevents", alice, selecttype="lastn", usejournal="pond")
    if door == "flat":
        assert result["events_1_poster"] == "bob"
    else:
        assert result["events"][0]["poster"] == "bob"
    empty = lj.call(door, "getevents", alice, selecttype="lastn")
    if door == "flat":
        assert empty["events_count"] == "0" and empty["prop_count"] == "0"
    else:
        assert empty["events"] == []


def test_ver0_and_unicode(lj, alice):
    services.post_entry(alice, body="café", event_time=at(1))
    base = {"mode": "getevents", "user": "alice", "password": PASSWORD}
    pairs = lj.flat(**base, selecttype="one", itemid=1)
    assert pairs["errmsg"] == "Client error: Protocol version mismatch"
    pairs = lj.flat(**base, selecttype="day", year=2024, month=5, day=1)
    assert pairs["events_1_event"] == "%28cannot+be+shown%29"


@pytest.mark.parametrize(
    ("struct", "code"),
    [
        ({}, 200),
        ({"selecttype": "bogus"}, 200),
        ({"selecttype": "day", "year": 2024, "month": 13, "day": 1}, 203),
        ({"selecttype": "lastn", "beforedate": "yesterday"}, 203),
        ({"selecttype": "syncitems", "lastsync": "soon"}, 203),
        ({"selecttype": "multiple", "itemids": "1,x"}, 203),
        ({"selecttype": "multiple", "itemids": ",".join(map(str, range(101)))}, 209),
        ({"selecttype": "one"}, 200),
        ({"selecttype": "lastn", "usejournal": "ghost"}, 206),
        # Numbers beyond what the database or a date can hold are refused, not a 500.
        ({"selecttype": "multiple", "itemids": str(10**20)}, 209),
        ({"selecttype": "day", "year": str(10**20), "month": 1, "day": 1}, 209),
        ({"selecttype": "one", "itemid": str(10**20)}, 209),
    ],
)
def test_errors(lj, door, alice, struct, code):
    assert lj.error(door, "getevents", alice, **struct) == code


def test_lastn_costs_the_same_queries_for_1_or_20_entries(lj, alice, django_assert_max_num_queries):
    services.post_entry(alice, body="one", props={"taglist": "a"})
    body = {"mode": "getevents", "user": "alice", "password": PASSWORD, "selecttype": "lastn"}
    with django_assert_max_num_queries(6) as one:
        lj.flat(**body)
    for n in range(19):
        services.post_entry(alice, body=f"more {n}", props={"taglist": f"t{n}"})
    with django_assert_max_num_queries(6) as twenty:
        assert lj.flat(**body)["events_count"] == "20"
    assert len(one.captured_queries) == len(twenty.captured_queries)
