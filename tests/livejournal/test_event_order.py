"""Error 153 "Incorrect time value": LJ-2008's out-of-order check in postevent (spec §3, §4.3).

In your own journal, a post dated earlier than your newest entry is refused unless it is
marked opt_backdated; the detail explains. Through both doors; nothing is written.
"""

from __future__ import annotations

import datetime as dt

import pytest

from journal import services
from journal.models import Entry
from tests.conftest import PASSWORD

MAY_2 = {"year": 2024, "mon": 5, "day": 2, "hour": 9, "min": 30}
MAY_1 = {**MAY_2, "day": 1}


def post(lj, door, user, **struct):
    return lj.call(door, "postevent", user, event=struct.pop("event", "x"), **struct)


def test_earlier_than_the_newest_entry_is_153(lj, door, alice):
    post(lj, door, alice, **MAY_2)
    assert lj.error(door, "postevent", alice, event="older", **MAY_1) == 153
    assert Entry.objects.count() == 1


def test_the_detail_explains(lj, alice):
    post(lj, "flat", alice, **MAY_2)
    pairs = lj.flat(mode="postevent", user="alice", password=PASSWORD, event="older", **MAY_1)
    assert pairs["success"] == "FAIL"
    assert pairs["errmsg"].startswith(
        "Incorrect time value: Your newest entry is dated 2024-05-02 09:30, and this entry is "
        "dated earlier (2024-05-01 09:30)."
    )
    assert "opt_backdated" in pairs["errmsg"]


def test_xmlrpc_fault_carries_the_same_text(lj, alice):
    import xmlrpc.client

    post(lj, "xmlrpc", alice, **MAY_2)
    with pytest.raises(xmlrpc.client.Fault) as info:
        lj.xmlrpc("postevent", {"username": "alice", "password": PASSWORD, "event": "o", **MAY_1})
    assert info.value.faultCode == 153
    assert info.value.faultString.startswith("Incorrect time value: Your newest entry is dated")


def test_backdated_posts_pass_and_do_not_count_as_newest(lj, door, alice):
    post(lj, door, alice, **MAY_2)
    post(lj, door, alice, event="old on purpose", props={"opt_backdated": "1"}, **MAY_1)
    # A backdated entry in the future does not move "newest" either.
    post(lj, door, alice, event="far", props={"opt_backdated": "1"}, **{**MAY_2, "year": 2030})
    post(lj, door, alice, event="later", **{**MAY_2, "hour": 10})
    assert Entry.objects.count() == 4


def test_same_minute_and_later_pass(lj, door, alice):
    post(lj, door, alice, event="a", **MAY_2)
    post(lj, door, alice, event="b", **MAY_2)
    post(lj, door, alice, event="c", **{**MAY_2, "min": 31})
    assert Entry.objects.count() == 3


def test_entries_from_other_doors_count(lj, door, alice):
    services.post_entry(alice, body="from the website", event_time=dt.datetime(2024, 6, 1))
    assert lj.error(door, "postevent", alice, event="older", **MAY_1) == 153


def test_deleted_newest_does_not_count(lj, door, alice):
    newest = services.post_entry(alice, body="gone", event_time=dt.datetime(2030, 1, 1))
    services.delete_entry(alice, newest)
    post(lj, door, alice, **MAY_1)


def test_server_filled_time_is_never_out_of_order(lj, door, alice):
    services.post_entry(alice, body="future", event_time=dt.datetime(2037, 1, 1))
    post(lj, door, alice, event="now", tz="+0000")  # no date keys: the server says "now"
    assert Entry.objects.count() == 2


def test_communities_are_not_checked(lj, door, alice, pond):
    post(lj, door, alice, **MAY_2)
    post(lj, door, alice, usejournal="pond", **MAY_1)
    services.post_entry(alice, journal=pond, body="late", event_time=dt.datetime(2030, 1, 1))
    post(lj, door, alice, usejournal="pond", event="earlier", **MAY_1)
    assert Entry.objects.filter(journal=pond).count() == 3


def test_bad_props_are_reported_before_the_date_order(lj, door, alice):
    post(lj, door, alice, **MAY_2)
    assert lj.error(door, "postevent", alice, event="x", props={"nope": "1"}, **MAY_1) == 205


def test_edits_are_not_checked(lj, door, alice):
    post(lj, door, alice, event="first", **MAY_1)
    post(lj, door, alice, event="second", **MAY_2)
    lj.call(door, "editevent", alice, itemid="2", event="moved back", **{**MAY_1, "day": 1})
    assert Entry.objects.get(item_number=2).event_time.day == 1
