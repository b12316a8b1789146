"""A waiting poll must not outlive a change of who may see what (review of the probe).

A poll compiles its feed's visibility-filtered query once (updates_poll.Probe) and re-runs
it at each wake-up, for up to ~60 s. Whatever the feed resolver decided in Python when the
poll started (e.g. "this person's likes are public") must not serve entries after the
owner changed it: each scenario changes access while a poll waits, then makes a change the
viewer may no longer see, and checks the poll was woken, re-read, and kept waiting.
"""

from __future__ import annotations

import asyncio

import pytest

from api.friendfeed import updates
from feeds.realtime import notify
from journal import services
from journal.models.entry import Security
from tests.realtime.test_asgi import AsgiPoll, _served_mode, basic, elsewhere, first_cursor, until

pytestmark = pytest.mark.django_db(transaction=True)
_served = _served_mode


def _count_rereads(monkeypatch) -> list[int]:
    batches: list[int] = []
    real = updates.read_batch

    def spy(polls, deliver=None):
        result = real(polls, deliver)
        batches.append(len(polls))
        return result

    monkeypatch.setattr(updates, "read_batch", spy)
    return batches


def _scenario(viewer, feed: str, cursor: str, change_access, change_content, batches):
    authorization = basic(viewer)

    async def run():
        poll = AsgiPoll(f"/v2/updates/feed/{feed}", authorization, cursor=cursor, timeout=30)
        task = poll.start()
        await until(lambda: notify.HUB.count() == 1)
        await elsewhere(change_access)
        before = len(batches)
        await elsewhere(change_content)
        await until(lambda: len(batches) > before or task.done())
        await asyncio.sleep(0.3)
        done = task.done()
        poll.disconnect()
        await task
        return done, poll

    return asyncio.run(run())


def test_activity_feed_made_private_while_waiting(network, alice, bob, poller, monkeypatch):
    erin = network["erin"]
    public = services.post_entry(bob, body="bob's public entry")
    cursor = first_cursor(poller, erin, "alice/likes")  # alice is public: erin may look
    batches = _count_rereads(monkeypatch)
    done, poll = _scenario(
        erin,
        "alice/likes",
        cursor,
        lambda: services.update_journal(alice, alice.journal, is_private=True),
        lambda: services.like_entry(alice, public),
        batches,
    )
    assert not done, poll.body[:300]  # erin is not told what the now-private alice liked


def test_search_activity_made_private_while_waiting(network, alice, bob, poller, monkeypatch):
    erin = network["erin"]
    public = services.post_entry(bob, body="bob's public entry")
    p = poller(erin, "", prefix="/v2/updates/search?q=like:alice")
    p.url = "/v2/updates/search"
    p.get(timeout=0, q="like:alice")
    batches = _count_rereads(monkeypatch)
    authorization = basic(erin)

    async def run():
        poll = AsgiPoll(
            "/v2/updates/search", authorization, cursor=p.cursor, timeout=30, q="like:alice"
        )
        task = poll.start()
        await until(lambda: notify.HUB.count() == 1)
        await elsewhere(lambda: services.update_journal(alice, alice.journal, is_private=True))
        before = len(batches)
        await elsewhere(lambda: services.like_entry(alice, public))
        await until(lambda: len(batches) > before or task.done())
        await asyncio.sleep(0.3)
        done = task.done()
        poll.disconnect()
        await task
        return done, poll

    done, poll = asyncio.run(run())
    assert not done, poll.body[:300]


def test_journal_made_private_while_waiting(network, alice, poller, monkeypatch):
    erin = network["erin"]
    cursor = first_cursor(poller, erin, "alice")
    batches = _count_rereads(monkeypatch)
    done, poll = _scenario(
        erin,
        "alice",
        cursor,
        lambda: services.update_journal(alice, alice.journal, is_private=True),
        lambda: services.post_entry(alice, body="now for approved readers only"),
        batches,
    )
    assert not done, poll.body[:300]


def test_friend_removed_while_waiting(network, alice, poller, monkeypatch):
    bob = network["bob"]
    cursor = first_cursor(poller, bob, "alice")
    batches = _count_rereads(monkeypatch)
    done, poll = _scenario(
        bob,
        "alice",
        cursor,
        lambda: services.unsubscribe(alice, bob.journal),
        lambda: services.post_entry(
            alice, body="friends only", security=Security.USEMASK, allowmask=1
        ),
        batches,
    )
    assert not done, poll.body[:300]


def test_friend_group_mask_changed_while_waiting(
    network, alice, close_friends, poller, monkeypatch
):
    bob = network["bob"]
    cursor = first_cursor(poller, bob, "alice")
    batches = _count_rereads(monkeypatch)
    done, poll = _scenario(
        bob,
        "alice",
        cursor,
        lambda: services.set_friend_groupmask(alice, bob.journal, 1),
        lambda: services.post_entry(
            alice, body="close friends", security=Security.USEMASK, allowmask=close_friends.mask
        ),
        batches,
    )
    assert not done, poll.body[:300]


def test_viewer_still_served_after_an_unrelated_change(network, alice, poller, monkeypatch):
    """The control: the same flow with a harmless access event still answers."""
    bob = network["bob"]
    cursor = first_cursor(poller, bob, "alice")
    batches = _count_rereads(monkeypatch)
    done, poll = _scenario(
        bob,
        "alice",
        cursor,
        lambda: services.update_journal(alice, alice.journal, title="Alice's new title"),
        lambda: services.post_entry(
            alice, body="friends only", security=Security.USEMASK, allowmask=1
        ),
        batches,
    )
    assert done
    assert [e["body"] for e in poll.data()["entries"]] == ["friends only"]


def test_a_feed_empty_by_construction_waits_instead_of_failing(network, alice, poller):
    """A private person's likes feed compiles to no SQL at all (EmptyResultSet)."""
    from journal.services import update_journal

    erin = network["erin"]
    update_journal(alice, alice.journal, is_private=True)
    p = poller(erin, "alice/likes")
    p.get(timeout=0)
    assert p.get(timeout=0)["entries"] == []  # with a cursor: the probe path
    p2 = poller(erin, "")
    p2.url = "/v2/updates/search"
    p2.get(timeout=0, q="like:alice")
    assert p2.get(timeout=0, q="like:alice")["entries"] == []


def test_viewer_suspended_while_waiting_is_refused(network, alice, poller, django_user_model):
    bob = network["bob"]
    staff = django_user_model.objects.create_superuser("root", "r@example.com", "x")
    cursor = first_cursor(poller, bob, "alice")
    authorization = basic(bob)

    async def run():
        poll = AsgiPoll("/v2/updates/feed/alice", authorization, cursor=cursor, timeout=30)
        task = poll.start()
        await until(lambda: notify.HUB.count() == 1)
        await elsewhere(services.suspend, staff, bob)
        await elsewhere(services.post_entry, alice, body="public, but bob is suspended")
        await asyncio.wait_for(task, 20)
        return poll

    poll = asyncio.run(run())
    assert poll.status == 401, poll.body[:300]
    assert b"unauthorized" in poll.body
