"""Waiting polls: woken by a post (any door), only for their own feed, and freed on disconnect."""

from __future__ import annotations

import asyncio
import importlib.util
import time
from urllib.parse import urlencode

import pytest
from django.test import Client

from feeds.realtime import notify
from journal import services
from journal.models import Entry
from journal.models.entry import Security
from tests.conftest import PASSWORD
from tests.realtime.conftest import elsewhere, ff_id

# The post runs in another thread, as it would in another request: its transaction really
# commits (so the fan-out hook fires) and the waiting poll's reads must see it.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _concurrent_test_client(settings):
    """Let several polls wait at once in one test process.

    The polls' database steps use the shared executor, as served (the data is committed),
    rather than the test's own thread, which the scenario's event loop is blocking.
    """
    settings.REALTIME_THREAD_SENSITIVE = False


async def _until_waiting(n: int = 1, limit: float = 5.0) -> None:
    deadline = time.monotonic() + limit
    while notify.HUB.count() < n:
        assert time.monotonic() < deadline, "the poll never started waiting"
        await asyncio.sleep(0.01)


def test_a_waiting_poll_is_woken_by_a_post(network, alice, poller, run_async):
    p = poller(network["bob"], "home")
    p.get(timeout=0)

    async def scenario():
        waiting = asyncio.create_task(p.aget(timeout=40))
        await _until_waiting()
        entry = await elsewhere(services.post_entry, alice, body="wake up")
        # Answered long before its own deadline: the post woke it (no speed is asserted).
        data = await asyncio.wait_for(waiting, 20)
        return entry, data

    entry, data = run_async(scenario)
    assert [e["id"] for e in data["entries"]] == [ff_id(entry)]
    assert data["entries"][0]["created"] is True
    assert notify.HUB.count() == 0


def test_a_post_elsewhere_does_not_answer_the_poll(network, alice, poller, run_async, settings):
    """A friends-only post wakes nobody it should not reach; the poll ends at its deadline."""
    erin = poller(network["erin"], "alice")
    erin.get(timeout=0)

    async def scenario():
        started = time.monotonic()
        waiting = asyncio.create_task(erin.aget(timeout=1.5))
        await _until_waiting()
        await elsewhere(
            services.post_entry, alice, body="friends only", security=Security.USEMASK, allowmask=1
        )
        await elsewhere(services.post_entry, network["bob"], body="bob's own")
        data = await asyncio.wait_for(waiting, 10)
        return data, time.monotonic() - started

    data, waited = run_async(scenario)
    assert data["entries"] == []
    assert waited >= 1.4  # it went on waiting after the invisible change, to its deadline
    assert notify.HUB.count() == 0


def test_many_waiters_only_the_changed_feed_answers(network, alice, poller, run_async):
    bob_alice = poller(network["bob"], "alice")
    charlie_own = poller(network["charlie"], "charlie")
    bob_alice.get(timeout=0)
    charlie_own.get(timeout=0)

    async def scenario():
        woken = asyncio.create_task(bob_alice.aget(timeout=10))
        idle = asyncio.create_task(charlie_own.aget(timeout=10))
        await _until_waiting(2)
        await elsewhere(services.post_entry, alice, body="for alice readers")
        data = await asyncio.wait_for(woken, 5)
        assert not idle.done()
        idle.cancel()
        await asyncio.gather(idle, return_exceptions=True)
        return data

    data = run_async(scenario)
    assert data["entries"][0]["body"] == "for alice readers"
    assert notify.HUB.count() == 0


def test_a_client_that_disconnects_frees_its_waiter(network, poller, run_async):
    p = poller(network["bob"], "home")
    p.get(timeout=0)

    async def scenario():
        waiting = asyncio.create_task(p.aget(timeout=30))
        await _until_waiting()
        waiting.cancel()  # what Django's ASGI handler does when uvicorn reports a disconnect
        await asyncio.gather(waiting, return_exceptions=True)

    run_async(scenario)
    assert notify.HUB.count() == 0


def _post_through_livejournal(user) -> None:
    """A post through the LiveJournal flat door (or the verb while that mode is missing)."""
    if importlib.util.find_spec("api.livejournal.modes.postevent") is None:
        services.post_entry(user, subject="From LJ", body="posted with an LJ client")
        return
    now = time.gmtime()
    response = Client().post(
        "/interface/flat",
        content_type="application/x-www-form-urlencoded",
        data=urlencode(
            {
                "mode": "postevent",
                "user": user.username,
                "password": PASSWORD,
                "ver": "1",
                "subject": "From LJ",
                "event": "posted with an LJ client",
                "security": "public",
                "year": now.tm_year,
                "mon": now.tm_mon,
                "day": now.tm_mday,
                "hour": now.tm_hour,
                "min": now.tm_min,
                "lineendings": "unix",
            }
        ),
    )
    assert b"success\nOK" in response.content, response.content


def test_a_post_through_the_livejournal_door_wakes_a_friendfeed_poll(
    network, alice, poller, run_async
):
    p = poller(network["bob"], "alice")
    p.get(timeout=0)

    async def scenario():
        waiting = asyncio.create_task(p.aget(timeout=20))
        await _until_waiting()
        await elsewhere(_post_through_livejournal, alice)
        return await asyncio.wait_for(waiting, 10)

    data = run_async(scenario)
    entry = Entry.objects.get(journal=alice.journal, subject="From LJ")
    assert [e["id"] for e in data["entries"]] == [ff_id(entry)]
    assert "posted with an LJ client" in data["entries"][0]["body"]


def test_a_briefly_locked_database_is_retried_not_a_failed_poll():
    """A passing OperationalError (here SQLite's lock message): the poll's reads after it
    started waiting retry a few times, then give up loudly."""
    from django.db import OperationalError

    from api.friendfeed import updates

    calls = []

    async def flaky(poll, failures):
        calls.append(poll)
        if len(calls) <= failures:
            raise OperationalError("database table is locked: journal_event")
        return "news"

    assert asyncio.run(updates._retried(lambda p: flaky(p, 3), "poll")) == "news"
    assert len(calls) == 4
    calls.clear()
    with pytest.raises(OperationalError):
        asyncio.run(updates._retried(lambda p: flaky(p, 5), "poll"))
    assert len(calls) == 5
