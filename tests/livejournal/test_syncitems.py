"""syncitems (spec §4.6) through both doors: event log as truth, paging, errors."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from api.livejournal.modes.syncitems import page
from journal import services
from journal.models import Event


def items(door, result) -> list[tuple[str, str]]:
    if door == "flat":
        assert result["sync_count"] and result["sync_total"]
        n = int(result["sync_count"])
        return [(result[f"sync_{i}_item"], result[f"sync_{i}_action"]) for i in range(1, n + 1)]
    return [(i["item"], i["action"]) for i in result["syncitems"]]


def totals(door, result) -> tuple[int, int]:
    if door == "flat":
        return int(result["sync_count"]), int(result["sync_total"])
    return result["count"], result["total"]


def test_empty_journal_still_sends_counts(lj, door, alice):
    result = lj.call(door, "syncitems", alice)
    assert totals(door, result) == (0, 0)
    assert items(door, result) == []


def test_creates_edits_and_comments(lj, door, alice, bob, network):
    first = services.post_entry(alice, body="one")
    second = services.post_entry(alice, body="two")
    services.edit_entry(alice, first, body="one, edited")
    services.add_comment(bob, second, "nice")
    result = lj.call(door, "syncitems", alice)
    # An edit overrides the create record (LiveJournal keeps one record per item).
    assert items(door, result) == [("L-2", "create"), ("L-1", "update"), ("C-2", "update")]
    assert totals(door, result) == (3, 3)


def test_lastsync_limits_to_later_changes_and_edit_is_update(lj, door, alice):
    entry = services.post_entry(alice, body="one")
    Event.objects.update(created_at=timezone.now() - dt.timedelta(hours=1))
    cutoff = (timezone.now() - dt.timedelta(minutes=30)).strftime("%Y-%m-%d %H:%M:%S")
    services.edit_entry(alice, entry, body="edited")
    services.post_entry(alice, body="two")
    result = lj.call(door, "syncitems", alice, lastsync=cutoff)
    assert items(door, result) == [("L-1", "update"), ("L-2", "create")]
    assert lj.call(door, "syncitems", alice, lastsync="1970-01-01 00:00:00")


def test_deleted_and_invisible_entries_are_left_out(lj, door, alice, bob, network):
    gone = services.post_entry(alice, body="gone")
    services.delete_entry(alice, gone)
    services.post_entry(alice, body="secret", security="private")
    services.post_entry(alice, body="open")
    assert items(door, lj.call(door, "syncitems", alice)) == [("L-2", "create"), ("L-3", "create")]
    assert items(door, lj.call(door, "syncitems", bob, usejournal="alice")) == [("L-3", "create")]


def test_malformed_lastsync_is_203(lj, door, alice):
    assert lj.error(door, "syncitems", alice, lastsync="last tuesday") == 203
    assert lj.error(door, "syncitems", alice, usejournal="ghost") == 206


def test_paging_never_splits_a_second():
    rows = [{"item": f"L-{i}", "action": "create", "time": f"t{i // 2}"} for i in range(10)]
    assert [r["item"] for r in page(rows, 5)] == ["L-0", "L-1", "L-2", "L-3"]
    assert len(page(rows, 4)) == 4
    same = [{"item": f"L-{i}", "action": "create", "time": "t"} for i in range(10)]
    assert len(page(same, 5)) == 5


def test_paging_through_the_door(lj, door, alice, monkeypatch):
    from api.livejournal.modes import syncitems

    monkeypatch.setattr(syncitems, "PAGE", 2)
    for n in range(3):
        services.post_entry(alice, body=f"e{n}")
    Event.objects.filter(entry__item_number=1).update(
        created_at=timezone.now() - dt.timedelta(minutes=5)
    )
    Event.objects.filter(entry__item_number=2).update(
        created_at=timezone.now() - dt.timedelta(minutes=4)
    )
    result = lj.call(door, "syncitems", alice)
    assert totals(door, result) == (2, 3)
    last = result["sync_2_time"] if door == "flat" else result["syncitems"][1]["time"]
    rest = lj.call(door, "syncitems", alice, lastsync=last)
    assert totals(door, rest) == (1, 1)
    assert items(door, rest) == [("L-3", "create")]


def test_all_zero_lastsync_means_from_the_beginning(lj, door, alice):
    """LiveJournal only pattern-checks lastsync and compares it as a string, so the zero
    date some clients start from (checkfriends' own "never") selects everything."""
    services.post_entry(alice, body="one")
    result = lj.call(door, "syncitems", alice, lastsync="0000-00-00 00:00:00")
    assert totals(door, result) == (1, 1)
    result = lj.call(
        door, "getevents", alice, selecttype="syncitems", lastsync="0000-00-00 00:00:00"
    )
    assert (result["events_count"] if door == "flat" else len(result["events"])) in ("1", 1)
