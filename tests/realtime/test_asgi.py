"""Through the served ASGI application (config.asgi): what a waiting poll costs the process.

Polls are driven as uvicorn drives them (scope, receive, send), so Django's handler, the
middleware chain and the long-poll lanes are all in play: waiting polls must not hold a
thread each, a client that goes away frees its waiter, and polls woken by one post are
answered in one batch, each through its own viewer's visibility.
"""

from __future__ import annotations

import asyncio
import os
import threading
import time
from urllib.parse import urlencode

import orjson
import pytest
from django.db import connection

from api.friendfeed import updates
from config.asgi import application
from feeds.realtime import notify
from journal import services
from journal.models.entry import Security
from tests.realtime.conftest import asgi_call, auth_headers, elsewhere, ff_id

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _served_mode(settings):
    """As served: database steps in the loop's shared executor (the data is committed)."""
    settings.REALTIME_THREAD_SENSITIVE = False


class AsgiPoll:
    """One HTTP request to the ASGI app; `disconnect()` is the client going away."""

    def __init__(self, path: str, authorization: str | None = None, **params):
        self.path = path
        self.query = urlencode(params)
        self.headers = [(b"host", b"127.0.0.1")]
        if authorization:
            self.headers.append((b"authorization", authorization.encode()))
        self.gone = asyncio.Event()
        self.status: int | None = None
        self.body = b""

    def start(self) -> asyncio.Task:
        return asyncio.create_task(self.run())

    async def run(self) -> None:
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "GET",
            "scheme": "http",
            "path": self.path,
            "raw_path": self.path.encode(),
            "query_string": self.query.encode(),
            "root_path": "",
            "headers": self.headers,
            "client": ("127.0.0.1", 40000),
            "server": ("127.0.0.1", 80),
        }
        sent = False

        async def receive():
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": b"", "more_body": False}
            await self.gone.wait()
            return {"type": "http.disconnect"}

        async def send(message):
            if message["type"] == "http.response.start":
                self.status = message["status"]
            elif message["type"] == "http.response.body":
                self.body += message.get("body", b"")

        await application(scope, receive, send)

    def disconnect(self) -> None:
        self.gone.set()

    def data(self) -> dict:
        assert self.status == 200, (self.status, self.body[:300])
        return orjson.loads(self.body)


async def until(predicate, limit: float = 20.0) -> None:
    deadline = time.monotonic() + limit
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.02)


def basic(user) -> str:
    return auth_headers(user)["HTTP_AUTHORIZATION"]


def first_cursor(poller, user, feed: str) -> str:
    p = poller(user, feed)
    p.get(timeout=0)
    return p.cursor


def _database_sessions() -> int:
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
            )
            return cursor.fetchone()[0]
    finally:
        connection.close()


def test_waiting_polls_do_not_hold_a_thread_each(network, alice, poller):
    bob = network["bob"]
    cursor = first_cursor(poller, bob, "alice")
    # Threads the process may add whatever the number of polls: the lanes and the
    # loop's default executor (asyncio: min(32, cpus + 4)).
    bound = len(application.executors) + min(32, (os.cpu_count() or 1) + 4)
    count = bound + 40
    authorization = basic(bob)

    async def scenario():
        before = threading.active_count()
        polls = [
            AsgiPoll("/v2/updates/feed/alice", authorization, cursor=cursor, timeout=30)
            for _ in range(count)
        ]
        tasks = [p.start() for p in polls]
        await until(lambda: notify.HUB.count() == count)
        await asyncio.sleep(0.2)
        during = threading.active_count()
        assert not any(t.done() for t in tasks)
        if connection.vendor == "postgresql":
            # FACTS.md's trap: no waiter holds a database connection while it waits.
            held = await asyncio.to_thread(_database_sessions)
            assert held < count // 2, held
        # Half the clients go away: their waiters are freed, the others keep waiting.
        for p in polls[::2]:
            p.disconnect()
        await until(lambda: notify.HUB.count() == count - len(polls[::2]))
        await asyncio.gather(*tasks[::2])
        assert all(p.status is None for p in polls[::2])  # nothing was sent to them
        for p in polls[1::2]:
            p.disconnect()
        await asyncio.gather(*tasks)
        return before, during

    before, during = asyncio.run(scenario())
    assert during - before <= bound, (before, during, count)
    assert notify.HUB.count() == 0


def test_polls_woken_together_are_answered_in_one_batch_each_by_its_own_rules(
    network, alice, poller, monkeypatch
):
    readers = [network[n] for n in ("bob", "charlie", "dave")] + [network["erin"]]
    cursors = {u.username: first_cursor(poller, u, "alice") for u in readers}
    authorizations = {u.username: basic(u) for u in readers}
    batches: list[int] = []
    real = updates.read_batch

    def spy(polls, deliver=None):
        batches.append(len(polls))
        return real(polls, deliver)

    monkeypatch.setattr(updates, "read_batch", spy)

    async def scenario():
        polls = {
            name: AsgiPoll(
                "/v2/updates/feed/alice", authorizations[name], cursor=cursors[name], timeout=30
            )
            for name in cursors
        }
        tasks = {name: p.start() for name, p in polls.items()}
        await until(lambda: notify.HUB.count() == len(polls))
        entry = await elsewhere(
            services.post_entry, alice, body="friends only", security=Security.USEMASK, allowmask=1
        )
        await asyncio.wait_for(asyncio.gather(tasks["bob"], tasks["charlie"]), 20)
        await asyncio.sleep(0.3)
        # dave reads alice but is not trusted; erin follows no one: both keep waiting.
        assert not tasks["dave"].done() and not tasks["erin"].done()
        assert notify.HUB.count() == 2
        polls["dave"].disconnect()
        polls["erin"].disconnect()
        await asyncio.gather(*tasks.values())
        return entry, polls

    entry, polls = asyncio.run(scenario())
    for name in ("bob", "charlie"):
        data = polls[name].data()
        assert [e["id"] for e in data["entries"]] == [ff_id(entry)]
        assert data["entries"][0]["created"] is True
    assert polls["dave"].status is None and polls["erin"].status is None
    # One re-read for all four woken polls. With Redis a later ping (the listener's catch-up
    # after subscribing, or a second message) may re-read the two still waiting, never more.
    assert batches[0] == 4
    assert all(n <= 2 for n in batches[1:])
    assert notify.HUB.count() == 0


def test_a_poll_crosses_the_middleware_chain_without_thread_hops(network, poller, monkeypatch):
    """Django's middleware runs inline (config/middleware.py): a poll's only thread-sensitive
    calls are Django's request_started / request_finished receivers."""
    bob = network["bob"]
    cursor = first_cursor(poller, bob, "alice")
    hops: list = []
    for executor in application.executors:

        def submit(fn, *args, _real=executor.submit, **kwargs):
            hops.append(fn)
            return _real(fn, *args, **kwargs)

        monkeypatch.setattr(executor, "submit", submit)
    poll = AsgiPoll("/v2/updates/feed/alice", basic(bob), cursor=cursor, timeout=0)
    asyncio.run(poll.run())
    assert poll.data()["entries"] == []
    assert 1 <= len(hops) <= 2, hops


async def asgi_request(method: str, path: str, headers: list, body: bytes = b""):
    """One plain request to the served app: (status, headers, body)."""
    return await asgi_call(application, method, path, [(b"host", b"127.0.0.1"), *headers], body)


def _cookies(headers) -> dict[str, str]:
    found = {}
    for name, value in headers:
        if name.lower() == b"set-cookie":
            key, _, rest = value.decode().partition("=")
            found[key] = rest.split(";", 1)[0]
    return found


def test_the_website_still_logs_in_through_the_inline_middleware(network, alice):
    """Steps that do I/O still leave the loop: the CSRF form check, saving the session."""
    import re

    from tests.conftest import PASSWORD

    async def scenario():
        status, headers, body = await asgi_request("GET", "/login", [])
        assert status == 200
        csrf = _cookies(headers)["csrftoken"]
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
        form = urlencode(
            {"username": "alice", "password": PASSWORD, "csrfmiddlewaretoken": token.decode()}
        ).encode()
        form_headers = [
            (b"cookie", f"csrftoken={csrf}".encode()),
            (b"content-type", b"application/x-www-form-urlencoded"),
            (b"content-length", str(len(form)).encode()),
        ]
        refused, _, _ = await asgi_request("POST", "/login", form_headers[1:], form)
        status, headers, _ = await asgi_request("POST", "/login", form_headers, form)
        session = _cookies(headers)["sessionid"]
        home = await asgi_request("GET", "/", [(b"cookie", f"sessionid={session}".encode())])
        return refused, status, home

    refused, status, (home_status, home_headers, home_body) = asyncio.run(scenario())
    assert refused == 403  # no CSRF cookie: the check ran
    assert status == 302  # logged in; the session was saved
    assert home_status == 200 and b"Log out" in home_body
    assert (b"x-frame-options", b"DENY") in [(k.lower(), v) for k, v in home_headers]


def test_a_stalled_lane_does_not_hold_up_new_polls(network, poller):
    """A thread-sensitive call that blocks one lane (a slow session lookup, a locked
    database) must not hold up polls started meanwhile: they go to the other lanes."""
    bob = network["bob"]
    cursor = first_cursor(poller, bob, "alice")
    authorization = basic(bob)
    release = threading.Event()
    stalled = application.executors[0]
    stalled.submit(release.wait, 30)

    async def scenario():
        polls = [
            AsgiPoll("/v2/updates/feed/alice", authorization, cursor=cursor, timeout=0)
            for _ in range(2 * len(application.executors))
        ]
        try:
            await asyncio.wait_for(asyncio.gather(*(p.run() for p in polls)), 10)
        finally:
            release.set()
        return polls

    try:
        polls = asyncio.run(scenario())
    finally:
        release.set()
    assert all(p.data()["entries"] == [] for p in polls)
