"""Cursors: opaque, signed, expiring positions in the event log, with in-flight gaps."""

from __future__ import annotations

import time

import pytest
from django.core import signing

from feeds.realtime import changes as log
from feeds.realtime.cursor import SALT, Cursor, CursorError, advance, decode
from journal import services
from journal.models import Event


def test_round_trip_keeps_position_and_gaps():
    cursor = Cursor(high=42, gaps=((40, int(time.time())),))
    back = decode(cursor.encode())
    assert back.high == 42 and back.gap_ids == [40]


@pytest.mark.parametrize("raw", [None, "", "   "])
def test_empty_or_absent_cursor_is_a_first_call(raw):
    assert decode(raw) is None


@pytest.mark.parametrize("raw", ["garbage", "x" * 3000, "eyJoIjoxfQ:abc:def", "%00"])
def test_malformed_cursor_is_bad_cursor(raw):
    with pytest.raises(CursorError) as info:
        decode(raw)
    assert (info.value.code, info.value.status) == ("bad-cursor", 400)


def test_forged_cursor_is_refused():
    forged = signing.dumps({"h": 1, "t": int(time.time())}, salt=SALT, key="not-our-secret")
    with pytest.raises(CursorError) as info:
        decode(forged)
    assert info.value.code == "bad-cursor"


def test_tampered_position_is_refused():
    good = Cursor(high=5).encode()
    payload, _, sig = good.rpartition(":")
    other = Cursor(high=6).encode().rpartition(":")[0]
    with pytest.raises(CursorError):
        decode(f"{other}:{sig}")
    assert decode(f"{payload}:{sig}").high == 5


def test_old_cursor_expires_with_explicit_code(settings):
    settings.REALTIME_CURSOR_MAX_AGE = 60
    old = Cursor(high=3, issued=int(time.time()) - 120).encode()
    with pytest.raises(CursorError) as info:
        decode(old)
    assert (info.value.code, info.value.status) == ("cursor-expired", 410)


def test_gaps_are_dropped_after_grace_and_when_filled(settings):
    settings.REALTIME_GAP_GRACE = 10
    now = int(time.time())
    old = Cursor(high=10, gaps=((7, now - 60), (8, now), (9, now)))
    new = advance(old, 12, missing=[11], present={9})
    assert new.gap_ids == [8, 11]


@pytest.mark.django_db
def test_read_changes_sees_an_event_that_commits_after_a_later_one(alice):
    """An id allocated before a later id but committed after it is still delivered."""
    first = services.post_entry(alice, body="one")
    events = list(Event.objects.filter(entry=first).values_list("id", flat=True))
    hole = events[-1]
    # Simulate "in flight": pretend the event row with id `hole` is not there yet.
    row = Event.objects.get(pk=hole)
    row_data = {f.attname: getattr(row, f.attname) for f in Event._meta.fields}
    row.delete()
    services.post_entry(alice, body="two")
    cursor = log.current_position()
    assert hole in cursor.gap_ids
    Event.objects.create(**row_data)  # the late commit
    changes = log.read_changes(cursor)
    assert first.pk in changes.entries and changes.entries[first.pk].created
    assert hole not in changes.cursor.gap_ids


@pytest.mark.django_db
def test_read_changes_reports_created_updated_comment_and_like_flags(alice, bob):
    entry = services.post_entry(alice, body="hello")
    start = log.current_position()
    services.edit_entry(alice, entry, body="hello again")
    comment = services.add_comment(bob, entry, "hi")
    services.like_entry(bob, entry)
    changes = log.read_changes(start)
    change = changes.entries[entry.pk]
    assert not change.created and change.updated
    assert change.comments_created == {comment.pk}
    assert change.likes_created == {bob.pk}
    assert changes.cursor.high == Event.objects.latest("id").pk
    assert not log.read_changes(changes.cursor).entries


@pytest.mark.django_db
def test_a_long_backlog_is_served_in_batches_without_loss(alice, monkeypatch):
    monkeypatch.setattr(log, "BATCH", 3)
    start = log.current_position()
    posted = [services.post_entry(alice, body=f"n{i}").pk for i in range(7)]
    seen: list[int] = []
    cursor = start
    for _ in range(10):
        changes = log.read_changes(cursor)
        seen += list(changes.entries)
        if changes.cursor.high == cursor.high:
            break
        cursor = changes.cursor
    assert sorted(set(seen)) == sorted(posted)


@pytest.mark.django_db
def test_cursor_ahead_of_the_log_is_expired():
    with pytest.raises(CursorError) as info:
        log.read_changes(Cursor(high=10**9))
    assert info.value.code == "cursor-expired"
