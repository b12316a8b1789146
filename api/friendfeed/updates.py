"""/v2/updates/feed/<id> and /v2/updates/search: long polling (the page, "Real-time updates").

Async views under ASGI: a waiting request is a coroutine and one Future in the wake-up hub,
with no thread and no database connection held while it waits (FACTS.md; config/asgi.py
and config/middleware.py keep Django's plumbing from pinning a thread per request). The
database work is in updates_poll.py / updates_batch.py and runs in a worker thread; the
connection is closed after each step. A ping for one of the poll's feed keys wakes it; the
polls woken together are re-read together (Rereads) through the visibility rules, and each
answers if something visible changed, or goes back to waiting. At the deadline it answers
with no entries and a cursor, which loses nothing: the log is the truth.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import math
import random
import weakref

from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.views.decorators.csrf import csrf_exempt

from api.friendfeed import renderers
from api.friendfeed import updates_poll as P
from api.friendfeed.errors import ApiError, from_domain
from api.friendfeed.params import Params
from api.friendfeed.updates_batch import read_batch
from feeds.realtime import cursor as C
from feeds.realtime.notify import HUB, notifier
from journal.errors import DomainError

log = logging.getLogger(__name__)

# Absent timeout → the server's default; any timeout is capped below common proxy cut-offs
# (60 s), minus a random jitter so idle connections do not all end in the same second.
DEFAULT_TIMEOUT = 50.0
MAX_TIMEOUT = 55.0
JITTER = 5.0


def timeout_of(params: Params) -> float:
    """`timeout` in seconds: 0 answers at once; bad or negative values are refused."""
    raw = params.get("timeout")
    default = float(getattr(settings, "REALTIME_DEFAULT_TIMEOUT", DEFAULT_TIMEOUT))
    cap = float(getattr(settings, "REALTIME_MAX_TIMEOUT", MAX_TIMEOUT))
    if raw is None:
        value = default
    else:
        try:
            value = float(raw)
        except ValueError:
            raise ApiError("bad-timeout", 400) from None
        if math.isnan(value) or value < 0:
            raise ApiError("bad-timeout", 400)
    if value >= cap:
        value = cap - random.uniform(0, min(JITTER, cap / 4))
    return value


def _db(fn):
    """Run a database step in a thread.

    Served, the steps run in the loop's shared executor and close their connection after
    each step: measured, a thread-sensitive step (the request's own thread) cost ~180 KiB
    more per idle poll. Under tests (TESTING) they are thread-sensitive, so they run on the
    test's thread inside its transaction; REALTIME_THREAD_SENSITIVE overrides either way.
    """
    sensitive = getattr(settings, "REALTIME_THREAD_SENSITIVE", settings.TESTING)
    return sync_to_async(fn, thread_sensitive=sensitive)


def _error(request: HttpRequest, exc: Exception) -> HttpResponse:
    if isinstance(exc, DomainError):
        exc = from_domain(exc)
    if isinstance(exc, ApiError | C.CursorError):
        response = renderers.render_error(request, exc.code, exc.status)
        if exc.status == 401:
            response["WWW-Authenticate"] = 'Basic realm="FriendFeed API"'
        return response
    log.exception("real-time poll failed")
    return renderers.render_error(request, "internal-server-error", 500)


async def _serve(request: HttpRequest, feed_id: str | None) -> HttpResponse:
    if request.method not in ("GET", "POST", "HEAD"):
        return renderers.render_error(request, "method-not-allowed", 405)
    try:
        params = Params(request)
        timeout = timeout_of(params)
        cursor = C.decode(params.get("cursor"))
        poll = await _db(P.open_poll)(request, params, cursor, feed_id)
        data = poll.answer
        poll.answer = None
        if data is None and timeout > 0:
            data = await _wait(poll, timeout)
        if data is None:
            data = P.respond_data(poll, [])
        return renderers.render(request, data, root="feed")
    except (ApiError, C.CursorError, DomainError) as exc:
        return _error(request, exc)
    except (MultiPartParserError, SuspiciousOperation, UnreadablePostError):
        # A body Django cannot parse (no boundary, too many fields): the client's fault.
        return renderers.render_error(request, "bad-request", 400)
    except asyncio.CancelledError:
        raise  # the client went away: the finally blocks below freed the waiter
    except Exception as exc:
        return _error(request, exc)


class Rereads:
    """Re-reads of polls woken together are done together (updates_batch.read_batch).

    A ping wakes every poll of its keys in the same turn of the event loop; each asks for
    its re-read here, and the batch starts once they all have (call_soon runs after the
    woken polls' steps). The batch runs as one worker-thread call, handing answers back as
    they are built; at most one batch per loop runs at a time, so a crowd of wake-ups
    queues here instead of filling the executor while the loop keeps answering.
    """

    def __init__(self) -> None:
        # By loop (uvicorn has one; tests make many): a closed loop's entries go with it.
        self._pending: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
        self._running: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    async def read(self, poll: P.Poll) -> dict | None:
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        pending = self._pending.get(loop)
        if pending is None:
            pending = self._pending[loop] = []
            if loop not in self._running:
                loop.call_soon(self._start, loop)
        pending.append((poll, future))
        result = await future
        if isinstance(result, Exception):
            raise result
        return result

    def _start(self, loop: asyncio.AbstractEventLoop) -> None:
        batch = [(p, f) for p, f in self._pending.pop(loop, []) if not f.done()]
        if not batch:
            return
        # A clean context: the batch serves many requests and outlives the first of them.
        task = loop.create_task(self._run(loop, batch), context=contextvars.Context())
        self._running[loop] = task

    async def _run(self, loop: asyncio.AbstractEventLoop, batch: list) -> None:
        futures = [f for _, f in batch]

        def deliver(ready: list) -> None:
            loop.call_soon_threadsafe(_settle, futures, ready)

        try:
            results = await _db(read_batch)([p for p, _ in batch], deliver)
            _settle(futures, list(enumerate(results)))
        except Exception as exc:
            _settle(futures, [(i, exc) for i in range(len(futures))])
        finally:
            self._running.pop(loop, None)
            if self._pending.get(loop):
                self._start(loop)


def _settle(futures: list[asyncio.Future], ready: list) -> None:
    for i, result in ready:
        if not futures[i].done():
            futures[i].set_result(result)


REREADS = Rereads()


async def _retried(step, poll: P.Poll):
    """A read of a waiting poll; a passing OperationalError (a pool checkout timing out, a
    SQLite file still locked after its busy timeout) is retried a few times rather than
    failing a poll that has already waited."""
    for attempt in range(5):
        try:
            return await step(poll)
        except OperationalError:
            if attempt == 4:
                raise
            await asyncio.sleep(0.05 * (attempt + 1))
    return None


async def _reread(poll: P.Poll) -> dict | None:
    return await _retried(REREADS.read, poll)


async def _wait(poll: P.Poll, timeout: float) -> dict | None:
    """Wait for a ping on the poll's keys, re-read, repeat until something or the deadline."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    await notifier().ensure_listening()
    waiter = HUB.register(poll.keys)
    try:
        # A change committed between the first read and registering sent its ping to
        # nobody: look once more (one indexed query) before sleeping.
        if await _retried(_db(P.has_news), poll):
            waiter.arm()
            data = await _reread(poll)
            if data is not None:
                return data
        while True:
            if not await waiter.wait(deadline):
                return None
            waiter.arm()  # a ping arriving during the re-read is not lost: it re-arms
            data = await _reread(poll)
            if data is not None:
                return data
    finally:
        HUB.unregister(waiter)


@csrf_exempt
async def feed_updates(request: HttpRequest, feed_id: str) -> HttpResponse:
    """/v2/updates/feed/<feed id>: every feed id /feed accepts."""
    return await _serve(request, feed_id)


@csrf_exempt
async def search_updates(request: HttpRequest) -> HttpResponse:
    """/v2/updates/search?q=...: the same search syntax as /search."""
    return await _serve(request, None)
