"""Real-time fixtures: FriendFeed clients, long polls run concurrently with posts.

A waiting poll and the post that wakes it must run at the same time on the test's own
database connection. `run_async` runs a scenario on an event loop from the test's thread
(async_to_sync), so the view's database work comes back to this thread and sees the
test's transaction; posts made with `commit()` fire their on-commit hooks (the fan-out).
"""

from __future__ import annotations

import asyncio
import base64

import orjson
import pytest
from asgiref.sync import async_to_sync
from django.core.cache import cache
from django.db import connection
from django.test import AsyncClient, Client

from journal.models import Entry, User


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def auth_headers(user: User | None) -> dict:
    if user is None:
        return {}
    key = user.remote_keys.first().key
    raw = base64.b64encode(f"{user.username}:{key}".encode()).decode()
    return {"HTTP_AUTHORIZATION": f"Basic {raw}"}


def ff_id(entry: Entry) -> str:
    return f"e/{entry.uuid.hex}"


class Poller:
    """Long polls of one feed as one user; remembers the cursor like a client does."""

    def __init__(self, user: User | None, feed: str, prefix: str = "/v2/updates/feed/"):
        self.user = user
        self.url = prefix + feed
        self.cursor = ""
        self.headers = auth_headers(user)  # read now: aget() runs where the ORM may not

    def _params(self, extra: dict) -> dict:
        return {"cursor": self.cursor, **extra}

    def get(self, status: int = 200, **params):
        response = Client().get(self.url, self._params(params), **self.headers)
        assert response.status_code == status, (response.status_code, response.content[:300])
        return self._take(response)

    async def aget(self, status: int = 200, **params):
        response = await AsyncClient().get(
            self.url,
            self._params(params),
            headers={k[5:].replace("_", "-").title(): v for k, v in self.headers.items()},
        )
        assert response.status_code == status, (response.status_code, response.content[:300])
        return self._take(response)

    def _take(self, response):
        if response["Content-Type"].startswith("text/javascript") and response.content[:1] == b"{":
            data = orjson.loads(response.content)
            if "realtime" in data:
                self.cursor = data["realtime"]["cursor"]
            return data
        return response


async def elsewhere(fn, *args, **kwargs):
    """A write in another thread with its own connection, like a concurrent request."""

    def run():
        try:
            return fn(*args, **kwargs)
        finally:
            connection.close()

    return await asyncio.to_thread(run)


async def asgi_call(
    app, method: str, path: str, headers: list, body: bytes = b"", *, scheme="http"
):
    """One request to an ASGI app, answered whole: (status, headers as sent, body)."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": scheme,
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": headers,
        "client": ("127.0.0.1", 40000),
        "server": ("127.0.0.1", 443 if scheme == "https" else 80),
    }
    out = {"body": b""}
    messages = [{"type": "http.request", "body": body, "more_body": False}]

    async def receive():
        if messages:
            return messages.pop()
        await asyncio.Event().wait()

    async def send(message):
        if message["type"] == "http.response.start":
            out["status"], out["headers"] = message["status"], message["headers"]
        else:
            out["body"] += message.get("body", b"")

    await app(scope, receive, send)
    return out["status"], out["headers"], out["body"]


@pytest.fixture
def poller():
    return Poller


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run a write as if its transaction committed: the fan-out hook fires."""

    def run(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)

    return run


@pytest.fixture
def run_async():
    def run(coro_fn, *args):
        return async_to_sync(coro_fn)(*args)

    return run


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "real_celery: uses the real Celery worker and Redis (not eager tasks)"
    )


@pytest.fixture(autouse=True)
def hub(monkeypatch):
    """A fresh wake-up hub per test, and no memoised log reads from an earlier test.

    Browser tests elsewhere leave long polls waiting in live-server threads; ids restart
    after a transactional test's flush, so a memo keyed by log position could be stale.
    """
    from api.friendfeed import updates
    from feeds.realtime import changes, notify

    fresh = notify.Hub()
    monkeypatch.setattr(notify, "HUB", fresh)
    monkeypatch.setattr(updates, "HUB", fresh)
    changes._memo.clear()
    yield fresh
    changes._memo.clear()
