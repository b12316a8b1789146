"""The fan-out task and the hub: a change pings exactly the feeds it touched."""

from __future__ import annotations

import asyncio
import threading

import pytest

from feeds import tasks
from feeds.realtime import keys as K
from feeds.realtime import notify
from feeds.realtime.notify import Hub
from journal import services
from journal.models import Event
from journal.models.entry import Security


def _keys(entry, kind=Event.Kind.ENTRY_CREATED):
    event = Event.objects.filter(entry=entry, kind=kind).latest("id")
    return tasks.keys_for(event)


def test_public_entry_pings_journal_entry_readers_public_and_search(network, alice):
    entry = services.post_entry(alice, body="hello")
    keys = _keys(entry)
    assert {
        K.journal_key(alice.journal.pk),
        K.entry_key(entry.uuid.hex),
        K.PUBLIC,
        K.SEARCH,
    } <= keys
    for reader in ("bob", "charlie", "dave"):
        assert K.user_key(network[reader].pk) in keys
    assert K.user_key(network["erin"].pk) not in keys


def test_friends_only_entry_does_not_ping_public(network, alice):
    entry = services.post_entry(alice, body="secret", security=Security.USEMASK, allowmask=1)
    assert K.PUBLIC not in _keys(entry)


def test_direct_message_pings_recipient_not_public(network, alice, bob):
    entry = services.post_entry(alice, body="psst", direct_to=[bob])
    keys = _keys(entry)
    assert K.user_key(bob.pk) in keys and K.PUBLIC not in keys


def test_comment_pings_discussion_and_commenters_readers(network, alice, bob, erin):
    entry = services.post_entry(alice, body="talk")
    services.add_comment(erin, entry, "first")
    comment_event = Event.objects.filter(kind=Event.Kind.COMMENT_CREATED).latest("id")
    keys = tasks.keys_for(comment_event)
    assert K.user_key(erin.pk) in keys  # filter/discussions of the commenter
    services.add_comment(bob, entry, "second")
    keys = tasks.keys_for(Event.objects.filter(kind=Event.Kind.COMMENT_CREATED).latest("id"))
    assert K.user_key(erin.pk) in keys  # erin is in the discussion now
    assert K.user_key(alice.pk) in keys  # bob's readers (friendlikes / fof) include alice


def test_community_post_pings_members(pond, alice, bob):
    entry = services.post_entry(bob, journal=pond, body="in the pond")
    keys = _keys(entry)
    assert K.journal_key(pond.pk) in keys and K.user_key(alice.pk) in keys


def test_fan_out_task_wakes_only_the_waiters_of_changed_keys(network, alice, monkeypatch):
    published: list[list[str]] = []
    monkeypatch.setattr(tasks, "publish", published.append)
    entry = services.post_entry(alice, body="hi")
    event = Event.objects.filter(entry=entry).latest("id")
    assert tasks.fan_out(event.pk) == len(published[0])
    assert tasks.fan_out(10**9) == 0  # a vanished event is a no-op, not an error


def test_signal_schedules_fan_out_after_commit(network, alice, commit, monkeypatch):
    ran: list[int] = []
    monkeypatch.setattr(tasks.fan_out, "delay", ran.append)
    entry = services.post_entry(alice, body="not yet")  # no commit hook in this transaction
    assert ran == []
    commit(services.add_comment, network["bob"], entry, "now")
    assert ran == [Event.objects.latest("id").pk]


def test_broker_outage_does_not_fail_the_write(network, alice, commit, monkeypatch):
    def broken(_):
        raise ConnectionError("broker down")

    monkeypatch.setattr(tasks.fan_out, "delay", broken)
    entry = commit(services.post_entry, alice, body="still saved")
    assert entry.pk is not None


def test_hub_wakes_only_matching_waiters_across_threads():
    hub = Hub()

    async def scenario():
        a = hub.register(["u:1", "j:1"])
        b = hub.register(["u:2"])
        thread = threading.Thread(target=hub.wake, args=(["j:1"],))
        thread.start()
        thread.join()
        assert await asyncio.wait_for(a.wait(asyncio.get_running_loop().time() + 1), 2)
        assert not b.future.done()
        assert hub.count() == 2
        hub.unregister(a)
        hub.unregister(b)
        assert hub.count() == 0 and not hub._by_key

    asyncio.run(scenario())


def test_global_hub_starts_empty():
    assert notify.HUB.count() == 0


@pytest.fixture(autouse=True)
def _db(db):
    return db
