"""Wake-ups: a per-process hub of waiting requests, and how pings reach it.

`HUB` maps feed keys to the requests waiting on them, so a ping wakes only those. Pings
arrive either in-process (embedded default: the eager fan-out task calls `HUB.wake`
directly, from whatever thread ran the post) or from Redis pub/sub (`REDIS_URL` set): each
server process keeps ONE subscription per event loop and wakes its own waiters. After a
Redis reconnect every waiter is woken once, since pings may have been missed meanwhile;
they re-read the log, so nothing is lost.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import weakref
from collections.abc import Iterable

import orjson
from django.conf import settings

log = logging.getLogger(__name__)

CHANNEL = "journalfeed:realtime"
CHUNK = 500  # keys per published message (a big journal's subscribers span several)


class Waiter:
    """One waiting request: its keys, its loop, and the future a ping resolves.

    Kept small on purpose (thousands wait in one process): one Future at a time, resolved
    True by a ping or False by the deadline's timer; `arm` replaces a used one.
    """

    __slots__ = ("future", "keys", "loop")

    def __init__(self, keys: tuple[str, ...], loop: asyncio.AbstractEventLoop):
        self.keys = keys
        self.loop = loop
        self.future: asyncio.Future[bool] = loop.create_future()

    def wake(self) -> None:
        """On the waiter's loop only (Hub.wake hops there)."""
        if not self.future.done():
            self.future.set_result(True)

    def arm(self) -> None:
        """Ready for the next ping (after a wake-up, before re-reading)."""
        if self.future.done():
            self.future = self.loop.create_future()

    @property
    def woken(self) -> bool:
        return self.future.done() and not self.future.cancelled() and self.future.result()

    async def wait(self, deadline: float) -> bool:
        """True when pinged, False at `deadline` (loop time)."""
        future = self.future
        if future.done():
            return future.result()
        if deadline <= self.loop.time():
            return False
        timer = self.loop.call_at(deadline, _expire, future)
        try:
            return await future
        finally:
            timer.cancel()


def _expire(future: asyncio.Future) -> None:
    if not future.done():
        future.set_result(False)


def _set_all(waiters: list[Waiter]) -> None:
    for waiter in waiters:
        waiter.wake()


class Hub:
    """Waiters by key. register/unregister run on the loop; wake may come from any thread."""

    def __init__(self) -> None:
        self._by_key: dict[str, set[Waiter]] = {}
        self._lock = threading.Lock()

    def register(self, keys: Iterable[str]) -> Waiter:
        waiter = Waiter(tuple(dict.fromkeys(keys)), asyncio.get_running_loop())
        with self._lock:
            for key in waiter.keys:
                self._by_key.setdefault(key, set()).add(waiter)
        return waiter

    def unregister(self, waiter: Waiter) -> None:
        with self._lock:
            for key in waiter.keys:
                bucket = self._by_key.get(key)
                if bucket is not None:
                    bucket.discard(waiter)
                    if not bucket:
                        del self._by_key[key]

    def count(self) -> int:
        with self._lock:
            return len({w for bucket in self._by_key.values() for w in bucket})

    def count_key(self, key: str) -> int:
        """Waiters of one key (tests wait for a particular page's poll)."""
        with self._lock:
            return len(self._by_key.get(key, ()))

    def wake(self, keys: Iterable[str]) -> int:
        """Wake the waiters of these keys (thread-safe); returns how many were woken."""
        with self._lock:
            found: set[Waiter] = set()
            for key in keys:
                bucket = self._by_key.get(key)
                if bucket:
                    found |= bucket
        return self._deliver(found)

    def wake_all(self) -> int:
        with self._lock:
            found = {w for bucket in self._by_key.values() for w in bucket}
        return self._deliver(found)

    def _deliver(self, waiters: set[Waiter]) -> int:
        by_loop: dict[asyncio.AbstractEventLoop, list[Waiter]] = {}
        for waiter in waiters:
            by_loop.setdefault(waiter.loop, []).append(waiter)
        try:
            current = asyncio.get_running_loop()
        except RuntimeError:
            current = None
        for loop, group in by_loop.items():
            if loop is current:
                _set_all(group)
                continue
            with contextlib.suppress(RuntimeError):  # a closed loop: its waiters are gone
                loop.call_soon_threadsafe(_set_all, group)
        return len(waiters)


HUB = Hub()


class LocalNotifier:
    """Embedded default: pings go straight to this process's hub."""

    def publish(self, keys: list[str]) -> None:
        HUB.wake(keys)

    async def ensure_listening(self) -> None:
        return None


class RedisNotifier:
    """Pings over Redis pub/sub: one channel, messages are JSON lists of keys."""

    def __init__(self, url: str, channel: str = CHANNEL):
        self.url = url
        self.channel = channel
        self._client = None
        self._client_lock = threading.Lock()
        # One listener task per event loop (uvicorn has one; tests make several).
        self._listeners: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    def _sync_client(self):
        with self._client_lock:
            if self._client is None:
                import redis

                self._client = redis.Redis.from_url(self.url, socket_timeout=5)
            return self._client

    def publish(self, keys: list[str]) -> None:
        client = self._sync_client()
        for i in range(0, len(keys), CHUNK):
            client.publish(self.channel, orjson.dumps(keys[i : i + CHUNK]))

    async def ensure_listening(self) -> None:
        """Start this loop's subscription if needed and wait until it is subscribed."""
        loop = asyncio.get_running_loop()
        state = self._listeners.get(loop)
        if state is None or state[0].done():
            ready = asyncio.Event()
            task = loop.create_task(self._listen(ready))
            state = (task, ready)
            self._listeners[loop] = state
        try:
            await asyncio.wait_for(state[1].wait(), timeout=5)
        except TimeoutError:
            # Redis is unreachable: the poll still answers at its deadline from the log.
            log.warning("real-time: Redis subscription not ready; waiting without pings")

    async def _listen(self, ready: asyncio.Event) -> None:
        import redis.asyncio as aredis

        delay = 0.2
        first = True
        while True:
            client = aredis.Redis.from_url(self.url)
            pubsub = client.pubsub(ignore_subscribe_messages=True)
            try:
                await pubsub.subscribe(self.channel)
                ready.set()
                if not first:
                    HUB.wake_all()  # pings may have been missed while disconnected
                first, delay = False, 0.2
                async for message in pubsub.listen():
                    if message.get("type") != "message":
                        continue
                    try:
                        keys = orjson.loads(message["data"])
                    except orjson.JSONDecodeError:
                        continue
                    if isinstance(keys, list):
                        HUB.wake(k for k in keys if isinstance(k, str))
            except asyncio.CancelledError:
                raise
            except Exception:
                log.warning("real-time: Redis subscription lost; reconnecting", exc_info=True)
                ready.clear()
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)
            finally:
                try:
                    await pubsub.aclose()
                    await client.aclose()
                except Exception:  # noqa: S110 - closing a broken connection
                    pass


_notifiers: dict[str, RedisNotifier] = {}
_local = LocalNotifier()


def notifier() -> LocalNotifier | RedisNotifier:
    """The notifier for the current settings: Redis when REDIS_URL is set."""
    url = getattr(settings, "REDIS_URL", "") or ""
    if not url:
        return _local
    if url not in _notifiers:
        _notifiers[url] = RedisNotifier(url, getattr(settings, "REALTIME_CHANNEL", CHANNEL))
    return _notifiers[url]


def publish(keys: Iterable[str]) -> None:
    """Announce that these feed keys changed (called by the fan-out task)."""
    keys = list(dict.fromkeys(keys))
    if keys:
        notifier().publish(keys)
