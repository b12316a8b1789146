"""The server-set prop `interface` (spec §5, §8): which door last posted or edited an entry.

Stored with the entry's props and returned by getevents like any other prop, in both
formats; clients cannot set it themselves (205, as for every server-maintained prop).
"""

from __future__ import annotations

import datetime as dt

import pytest

from journal import services
from journal.errors import InvalidInput
from journal.models import Entry
from journal.services.entry_props import set_server_props

WHEN = {"year": 2024, "mon": 5, "day": 1, "hour": 9, "min": 30}
INTERFACE = {"flat": "flat", "xmlrpc": "xml-rpc"}
OTHER = {"flat": "xmlrpc", "xmlrpc": "flat"}


def props_of(door, result) -> dict[str, str]:
    """The props of the only event in a getevents answer."""
    if door == "flat":
        n = int(result["prop_count"])
        return {result[f"prop_{i}_name"]: result[f"prop_{i}_value"] for i in range(1, n + 1)}
    return result["events"][0]["props"]


def fetch(lj, door, user):
    return lj.call(door, "getevents", user, selecttype="one", itemid="-1")


def test_posting_door_is_stored_and_returned_by_both_doors(lj, door, alice):
    lj.call(door, "postevent", alice, event="hi", props={"current_mood": "calm"}, **WHEN)
    assert Entry.objects.get().props == {"current_mood": "calm", "interface": INTERFACE[door]}
    for reader in ("flat", "xmlrpc"):
        props = props_of(reader, fetch(lj, reader, alice))
        assert props == {"current_mood": "calm", "interface": INTERFACE[door]}


def test_an_edit_records_its_own_door(lj, door, alice):
    lj.call(door, "postevent", alice, event="hi", **WHEN)
    lj.call(OTHER[door], "editevent", alice, itemid="1", event="edited", **WHEN)
    assert Entry.objects.get().props["interface"] == INTERFACE[OTHER[door]]
    assert props_of(door, fetch(lj, door, alice))["interface"] == INTERFACE[OTHER[door]]


def test_entries_from_other_doors_have_none(lj, door, alice):
    services.post_entry(alice, body="from the website", event_time=dt.datetime(2024, 5, 1))
    assert "interface" not in props_of(door, fetch(lj, door, alice))


def test_clients_cannot_set_it(lj, door, alice):
    assert lj.error(door, "postevent", alice, event="x", props={"interface": "web"}, **WHEN) == 205
    assert not Entry.objects.exists()


def test_noprops_leaves_it_out(lj, door, alice):
    lj.call(door, "postevent", alice, event="hi", **WHEN)
    result = lj.call(door, "getevents", alice, selecttype="one", itemid="1", noprops="1")
    if door == "flat":
        assert "prop_count" not in result
    else:
        assert "props" not in result["events"][0] or result["events"][0]["props"] == {}


def test_the_verb_accepts_only_known_server_props(alice):
    entry = services.post_entry(alice, body="x")
    for bad in ({"interface": "telnet"}, {"revnum": "3"}):
        with pytest.raises(InvalidInput):
            set_server_props(entry, **bad)
    entry.refresh_from_db()
    assert entry.props == {}


def test_a_new_entry_takes_the_prop_in_its_one_insert(lj, door, alice):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        lj.call(door, "postevent", alice, event="hi", **WHEN)
    writes = [q["sql"] for q in queries.captured_queries if '"journal_entry"' in q["sql"]]
    assert [sql.split()[0] for sql in writes if not sql.startswith("SELECT")] == ["INSERT"]
    assert Entry.objects.get().props == {"interface": INTERFACE[door]}


def test_post_entry_refuses_server_props_it_does_not_know(alice):
    with pytest.raises(InvalidInput):
        services.post_entry(alice, body="x", server_props={"interface": "telnet"})
    with pytest.raises(InvalidInput):
        services.post_entry(alice, body="x", server_props={"unknown": "flat"})
    assert not Entry.objects.exists()
