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


def _answered(poller, monkeypatch, viewer, feed: str, change_access, change_content, **params):
    """Start a poll of `feed` (or /v2/updates/search with q=), change access while it waits,
    then make a change; once the poll has re-read, say whether it answered (and the poll)."""
    if feed == "search":
        path = "/v2/updates/search"
        first = poller(viewer, "", prefix=path)
        first.url = path
        first.get(timeout=0, **params)
    else:
        path = f"/v2/updates/feed/{feed}"
        first = poller(viewer, feed)
        first.get(timeout=0)
    batches = _count_rereads(monkeypatch)
    authorization = basic(viewer)

    async def run():
        poll = AsgiPoll(path, authorization, cursor=first.cursor, timeout=30, **params)
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


def _made_private(user):
    return lambda: services.update_journal(user, user.journal, is_private=True)


def test_activity_feed_made_private_while_waiting(network, alice, bob, poller, monkeypatch):
    public = services.post_entry(bob, body="bob's public entry")
    done, poll = _answered(  # alice is public: erin may look at her likes, until...
        poller,
        monkeypatch,
        network["erin"],
        "alice/likes",
        _made_private(alice),
        lambda: services.like_entry(alice, public),
    )
    assert not done, poll.body[:300]  # erin is not told what the now-private alice liked


def test_search_activity_made_private_while_waiting(network, alice, bob, poller, monkeypatch):
    public = services.post_entry(bob, body="bob's public entry")
    done, poll = _answered(
        poller,
        monkeypatch,
        network["erin"],
        "search",
        _made_private(alice),
        lambda: services.like_entry(alice, public),
        q="like:alice",
    )
    assert not done, poll.body[:300]


def test_journal_made_private_while_waiting(network, alice, poller, monkeypatch):
    done, poll = _answered(
        poller,
        monkeypatch,
        network["erin"],
        "alice",
        _made_private(alice),
        lambda: services.post_entry(alice, body="now for approved readers only"),
    )
    assert not done, poll.body[:300]


def _friends_only(alice, mask: int = 1):
    return lambda: services.post_entry(
        alice, body="friends only", security=Security.USEMASK, allowmask=mask
    )


def test_friend_removed_while_waiting(network, alice, poller, monkeypatch):
    bob = network["bob"]
    done, poll = _answered(
        poller,
        monkeypatch,
        bob,
        "alice",
        lambda: services.unsubscribe(alice, bob.journal),
        _friends_only(alice),
    )
    assert not done, poll.body[:300]


def test_friend_group_mask_changed_while_waiting(
    network, alice, close_friends, poller, monkeypatch
):
    bob = network["bob"]
    done, poll = _answered(
        poller,
        monkeypatch,
        bob,
        "alice",
        lambda: services.set_friend_groupmask(alice, bob.journal, 1),
        _friends_only(alice, close_friends.mask),
    )
    assert not done, poll.body[:300]


def test_viewer_still_served_after_an_unrelated_change(network, alice, poller, monkeypatch):
    """The control: the same flow with a harmless access event still answers."""
    done, poll = _answered(
        poller,
        monkeypatch,
        network["bob"],
        "alice",
        lambda: services.update_journal(alice, alice.journal, title="Alice's new title"),
        _friends_only(alice),
    )
    assert done
    assert [e["body"] for e in poll.data()["entries"]] == ["friends only"]


def test_a_feed_empty_by_construction_waits_instead_of_failing(network, alice, poller):
    """A search for a private person's likes compiles to no SQL at all (EmptyResultSet);
    their likes feed itself is refused before any wait, as /feed refuses it."""
    from journal.services import update_journal

    erin = network["erin"]
    update_journal(alice, alice.journal, is_private=True)
    assert poller(erin, "alice/likes").get(status=403, timeout=0) == {"errorCode": "forbidden"}
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
