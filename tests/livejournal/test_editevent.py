"""editevent (spec §4.4) through both doors: edit, delete by empty event, errors."""

from __future__ import annotations

import datetime as dt

import pytest

from api.livejournal.models import PostSignature
from journal import services
from journal.models import Entry, Event
from tests.conftest import PASSWORD

WHEN = {"year": 2024, "mon": 5, "day": 1, "hour": 9, "min": 30}


@pytest.fixture
def entry(alice) -> Entry:
    return services.post_entry(
        alice, subject="Old", body="old body", security="usemask", allowmask=1,
        event_time=dt.datetime(2024, 5, 1, 9, 30), props={"current_mood": "sad"},
    )  # fmt: skip


def test_edit_changes_what_is_sent(lj, door, alice, entry):
    result = lj.call(
        door, "editevent", alice, itemid=str(entry.item_number), event="new body",
        subject="New", security="usemask", allowmask=1, hour=11,
        props={"current_music": "jazz"},
    )  # fmt: skip
    entry.refresh_from_db()
    assert int(result["itemid"]) == entry.item_number and int(result["anum"]) == entry.anum
    assert result["url"] == entry.url
    assert (entry.subject, entry.body) == ("New", "new body")
    assert entry.event_time == dt.datetime(2024, 5, 1, 11, 30, tzinfo=dt.UTC)
    interface = "flat" if door == "flat" else "xml-rpc"
    assert entry.props == {"current_mood": "sad", "current_music": "jazz", "interface": interface}
    assert entry.revision == 1
    assert Event.objects.filter(entry=entry, kind="entry.updated").count() == 1


def test_omitted_subject_is_cleared_and_empty_prop_deletes(lj, door, alice, entry):
    lj.call(door, "editevent", alice, itemid=entry.item_number, event="b",
            props={"current_mood": ""})  # fmt: skip
    entry.refresh_from_db()
    assert entry.subject == ""
    assert "current_mood" not in entry.props
    assert entry.security == "usemask" and entry.allowmask == 1  # nothing sent: kept


def test_security_sent_without_allowmask_means_mask_zero(lj, door, alice, entry):
    lj.call(door, "editevent", alice, itemid=entry.item_number, event="b", security="usemask")
    entry.refresh_from_db()
    assert (entry.security, entry.allowmask) == ("usemask", 0)


def test_empty_event_deletes(lj, door, alice, entry):
    result = lj.call(door, "editevent", alice, itemid=entry.item_number, event="")
    entry.refresh_from_db()
    assert entry.is_deleted
    assert int(result["itemid"]) == entry.item_number
    assert "url" not in result
    assert Event.objects.filter(entry=entry, kind="entry.deleted").exists()
    # Deleted: editing it again is 302.
    assert lj.error(door, "editevent", alice, itemid=entry.item_number, event="x") == 302


def test_delete_clears_the_duplicate_signature(lj, door, alice):
    post = {**WHEN, "event": "dup"}
    first = lj.call(door, "postevent", alice, **post)
    lj.call(door, "editevent", alice, itemid=first["itemid"], event=" ")
    assert not PostSignature.objects.exists()
    second = lj.call(door, "postevent", alice, **post)
    assert second["itemid"] != first["itemid"]


@pytest.mark.parametrize(
    ("struct", "code"),
    [
        ({"event": "x"}, 200),
        ({"itemid": "abc", "event": "x"}, 203),
        ({"itemid": 99, "event": "x"}, 302),
        ({"itemid": 1, "event": "(cannot be shown)"}, 210),
        ({"itemid": 1, "event": "x", "props": {"nope": "1"}}, 205),
        ({"itemid": 1, "event": "x", "props": {"opt_backdated": "2"}}, 204),
        ({"itemid": 1, "event": "x", "mon": 13}, 203),
        ({"itemid": 1, "event": "x", "security": "usemask", "allowmask": 7}, 203),
        ({"itemid": 1, "event": "x" * 70000}, 409),
        ({"itemid": 1, "event": "x", "usejournal": "ghost"}, 206),
    ],
)
def test_bad_edits_change_nothing(lj, door, alice, entry, struct, code):
    assert lj.error(door, "editevent", alice, **struct) == code
    entry.refresh_from_db()
    assert (entry.body, entry.subject, entry.revision, entry.is_deleted) == (
        "old body", "Old", 0, False,
    )  # fmt: skip


def test_itemid_of_another_journal(lj, door, alice, bob, entry):
    # bob has no item 1; alice's item 1 is not in bob's journal.
    assert lj.error(door, "editevent", bob, itemid=entry.item_number, event="x") == 302
    assert lj.error(door, "editevent", bob, itemid=entry.item_number, event="") == 302
    code = lj.error(door, "editevent", bob, itemid=entry.item_number, event="", usejournal="alice")
    assert code == 300
    entry.refresh_from_db()
    assert not entry.is_deleted and entry.body == "old body"


def test_community_entries_of_others(lj, door, alice, bob, charlie, pond):
    services.join_community(charlie, pond)
    entry = services.post_entry(bob, journal=pond, body="bob's")
    code = lj.error(door, "editevent", charlie, itemid=entry.item_number, event="hijack",
                    usejournal="pond")  # fmt: skip
    assert code == 303
    code = lj.error(door, "editevent", charlie, itemid=entry.item_number, event="",
                    usejournal="pond")  # fmt: skip
    assert code == 304
    # The community's admin may delete it, but not edit it.
    assert lj.error(door, "editevent", alice, itemid=entry.item_number, event="x",
                    usejournal="pond") == 303  # fmt: skip
    lj.call(door, "editevent", alice, itemid=entry.item_number, event="", usejournal="pond")
    entry.refresh_from_db()
    assert entry.is_deleted


def test_lineendings_on_edit(lj, alice, entry):
    pairs = lj.flat(mode="editevent", user="alice", password=PASSWORD, itemid=entry.item_number,
                    event="a\rb", lineendings="mac")  # fmt: skip
    assert pairs["success"] == "OK"
    entry.refresh_from_db()
    assert entry.body == "a\nb"
