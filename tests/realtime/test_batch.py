"""Wake-ups answered in one batch: privacy per poll, the same answers as one by one."""

from __future__ import annotations

import orjson
import pytest
from django.test import Client, RequestFactory

from api.friendfeed import updates_batch
from api.friendfeed import updates_poll as P
from api.friendfeed.params import Params
from feeds.realtime import changes as log
from journal import services
from journal.models.entry import Security
from tests.realtime.conftest import auth_headers, ff_id

pytestmark = pytest.mark.django_db


def open_polls(specs, cursor, **params) -> list[P.Poll]:
    """Polls as the view opens them (auth, feed, probe), all at `cursor`."""
    polls = []
    for user, feed in specs:
        request = RequestFactory().get(
            f"/v2/updates/feed/{feed}", {"timeout": 0, **params}, **auth_headers(user)
        )
        poll = P.open_poll(request, Params(request), cursor, feed)
        assert poll.answer is None  # nothing new yet: it would wait
        polls.append(poll)
    return polls


def ids(result) -> list[str]:
    return [] if result is None else [e["id"] for e in result["entries"]]


def test_one_batch_keeps_each_viewers_privacy(network, alice, close_friends):
    bob, charlie, dave, erin = (network[n] for n in ("bob", "charlie", "dave", "erin"))
    start = log.current_position()
    specs = [
        (bob, "alice"),
        (charlie, "alice"),
        (dave, "alice"),  # reads alice, but alice does not trust him
        (erin, "alice"),
        (None, "alice"),  # anonymous
        (bob, "home"),
        (dave, "home"),
        (erin, "public"),
    ]
    polls = open_polls(specs, start)
    assert all(p.probe is not None for p in polls)
    friends = services.post_entry(
        alice, body="friends only", security=Security.USEMASK, allowmask=1
    )
    close = services.post_entry(
        alice, body="close friends", security=Security.USEMASK, allowmask=close_friends.mask
    )
    mine = services.post_entry(alice, body="just me", security=Security.PRIVATE)
    public = services.post_entry(alice, body="everyone")

    results = updates_batch.read_batch(polls)

    got = {(getattr(u, "username", None), f): ids(r) for (u, f), r in zip(specs, results)}
    assert got[("bob", "alice")] == [ff_id(public), ff_id(close), ff_id(friends)]
    assert got[("charlie", "alice")] == [ff_id(public), ff_id(friends)]
    assert got[("dave", "alice")] == [ff_id(public)]
    assert got[("erin", "alice")] == [ff_id(public)]
    assert got[(None, "alice")] == [ff_id(public)]
    assert got[("bob", "home")] == [ff_id(public), ff_id(close), ff_id(friends)]
    assert got[("dave", "home")] == [ff_id(public)]
    assert got[("erin", "public")] == [ff_id(public)]
    assert ff_id(mine) not in {i for v in got.values() for i in v}
    # Every cursor moved past the four posts: nothing is served twice.
    assert updates_batch.read_batch(polls) == [None] * len(polls)


def test_a_poll_with_nothing_visible_stays_waiting_and_its_cursor_moves(network, alice):
    erin = network["erin"]
    (poll,) = open_polls([(erin, "alice")], log.current_position())
    before = poll.cursor
    services.post_entry(alice, body="secret", security=Security.USEMASK, allowmask=1)
    assert updates_batch.read_batch([poll]) == [None]
    assert poll.cursor.high > before.high


def test_batched_entries_equal_the_feed_api_for_each_viewer(network, alice, pond, erin):
    """Per-viewer parts (commands, likes order, fof, hidden) match /v2/feed for each viewer."""
    bob, charlie = network["bob"], network["charlie"]
    services.join_community(charlie, pond)
    start = log.current_position()
    specs = [(bob, "home"), (charlie, "home"), (alice, "home"), (bob, "pond"), (charlie, "pond")]
    polls = open_polls(specs, start, fof=1, hidden=1)
    entry = services.post_entry(alice, body="talk about it")
    in_pond = services.post_entry(bob, journal=pond, body="in the pond")
    services.add_comment(charlie, entry, "a comment")
    services.like_entry(bob, entry)
    services.like_entry(erin, entry)
    services.add_comment(alice, in_pond, "reply")
    services.hide_entry(charlie, in_pond)

    results = updates_batch.read_batch(polls)

    compared = []
    for (user, feed), result in zip(specs, results):
        page = Client().get(f"/v2/feed/{feed}", {"fof": 1, "hidden": 1}, **auth_headers(user))
        expected = {e["id"]: e for e in orjson.loads(page.content)["entries"]}
        assert result is not None, (user.username, feed)
        for got in result["entries"]:
            got = dict(got)
            got.pop("created", None)
            got.pop("updated", None)
            for c in got.get("comments", []):
                c.pop("created", None)
            for lk in got.get("likes", []):
                lk.pop("created", None)
            assert got == expected[got["id"]], (user.username, feed, got["id"])
            compared.append(got)
    # The per-viewer parts were really exercised.
    assert any(d.get("hidden") for d in compared)
    assert any("delete" in d.get("commands", []) for d in compared)
    assert any("unlike" in d.get("commands", []) for d in compared)
    assert len(compared) >= 7


def test_an_entry_edited_between_probe_and_load_is_left_to_the_next_read(
    network, alice, monkeypatch
):
    erin = network["erin"]
    (poll,) = open_polls([(erin, "alice")], log.current_position())
    entry = services.post_entry(alice, body="public for now")
    real_probe_all = updates_batch.probe_all

    def probe_then_edit(asks):
        found = real_probe_all(asks)
        services.edit_entry(
            alice, entry, body="now friends only", security=Security.USEMASK, allowmask=1
        )
        return found

    monkeypatch.setattr(updates_batch, "probe_all", probe_then_edit)
    (result,) = updates_batch.read_batch([poll])
    monkeypatch.setattr(updates_batch, "probe_all", real_probe_all)
    # The probe saw the public revision; the row loaded is the friends-only one: not served.
    assert result is None
    # The edit's own event is after the cursor: re-read, it stays invisible to erin.
    assert updates_batch.read_batch([poll]) == [None]


def test_updates_1_in_a_batch_does_not_change_the_others_answers(network, alice):
    bob, charlie = network["bob"], network["charlie"]
    entry = services.post_entry(alice, body="chatty")
    services.add_comment(bob, entry, "before")
    start = log.current_position()
    only_new = open_polls([(bob, "alice")], start, updates=1)
    full = open_polls([(charlie, "alice")], start)
    services.add_comment(charlie, entry, "after")
    new_result, full_result = updates_batch.read_batch(only_new + full)
    assert [c["body"] for c in new_result["entries"][0]["comments"]] == ["after"]
    assert [c["body"] for c in full_result["entries"][0]["comments"]] == ["before", "after"]


def test_without_a_compiled_probe_the_feed_queryset_gives_the_same_answers(
    network, alice, monkeypatch
):
    bob, dave = network["bob"], network["dave"]
    start = log.current_position()
    monkeypatch.setattr(P.Probe, "compile", classmethod(lambda cls, entries: None))
    polls = open_polls([(bob, "alice"), (dave, "alice")], start)
    assert all(p.probe is None and p.entries is not None for p in polls)
    secret = services.post_entry(alice, body="friends", security=Security.USEMASK, allowmask=1)
    bob_result, dave_result = updates_batch.read_batch(polls)
    assert ids(bob_result) == [ff_id(secret)]
    assert dave_result is None


def test_only_polls_whose_feed_decides_access_in_python_are_resolved_again(
    network, alice, monkeypatch
):
    """An access change (here a subscription) re-resolves activity feeds and searches,
    not every waiting poll (a journal's feed is filtered by SQL alone)."""
    bob, erin = network["bob"], network["erin"]
    polls = open_polls([(erin, "alice"), (erin, "alice/likes")], log.current_position())
    reopened: list[str] = []
    real = updates_batch.reopen

    def spy(poll):
        reopened.append(poll.feed_id)
        return real(poll)

    monkeypatch.setattr(updates_batch, "reopen", spy)
    services.subscribe(erin, bob.journal)
    services.post_entry(alice, body="public")
    assert [ids(r) != [] for r in updates_batch.read_batch(polls)] == [True, False]
    assert reopened == ["alice/likes"]


def test_an_access_change_racing_the_first_compile_is_not_missed(network, alice, bob, monkeypatch):
    """Made private between the probe's compile and the first read of the log: the change
    falls inside the range the poll's cursor then moves past, so it is honoured there."""
    erin = network["erin"]
    public = services.post_entry(bob, body="bob's public entry")
    real = P.Probe.compile
    raced: list[bool] = []

    def compile_then_race(entries):
        probe = real(entries)
        if not raced:
            raced.append(True)
            services.update_journal(alice, alice.journal, is_private=True)
        return probe

    monkeypatch.setattr(P.Probe, "compile", staticmethod(compile_then_race))
    (poll,) = open_polls([(erin, "alice/likes")], log.current_position())
    assert raced
    services.like_entry(alice, public)
    assert updates_batch.read_batch([poll]) == [None]


def test_one_polls_failure_does_not_fail_the_others_in_its_batch(network, alice, monkeypatch):
    bob, charlie = network["bob"], network["charlie"]
    polls = open_polls([(bob, "alice"), (charlie, "alice")], log.current_position())
    entry = services.post_entry(alice, body="public")
    real = updates_batch.entry_dict

    def fails_for_bob(ctx, e, **kwargs):
        if ctx.viewer.pk == bob.pk:
            raise RuntimeError("a bug in one viewer's rendering")
        return real(ctx, e, **kwargs)

    monkeypatch.setattr(updates_batch, "entry_dict", fails_for_bob)
    bobs, charlies = updates_batch.read_batch(polls)
    assert isinstance(bobs, RuntimeError)
    assert ids(charlies) == [ff_id(entry)]


def test_a_probes_driver_errors_arrive_as_djangos(network, alice):
    """The probe runs on the driver's own cursor; its errors are still django.db's, so a
    briefly locked SQLite table is the OperationalError a waiting poll retries."""
    from django.db import DatabaseError, connection

    mark = {
        "sqlite": "SELECT value FROM json_each(%s)",
        "postgresql": "SELECT unnest(%s::bigint[])",
    }
    sql = f"SELECT id, 1 FROM no_such_table WHERE id IN ({mark[connection.vendor]})"
    probe = P.Probe(sql, (None,), 0)
    with pytest.raises(DatabaseError):
        probe.run([1, 2])
