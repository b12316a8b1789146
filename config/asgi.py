"""ASGI entry point (uvicorn): long polls need an async server.

Static files are answered before Django's middleware chain; the chain itself runs Django's
middleware inline on the loop where a step does no I/O (config/middleware.py).

Long polls (/v2/updates/..., /api/v2/updates/...) run their thread-sensitive calls on a
few shared "lanes" instead of a thread each. Django's handler gives every request its own
ThreadSensitiveContext, whose worker thread (started by the first thread-sensitive call,
e.g. the request_started signal) lives until the request ends: each *waiting* poll held an
idle thread (~20 KiB, plus a thread started and another joining it per answer). An outer
context with an executor takes precedence (Django's inner one then does nothing), so a
poll's thread-sensitive calls still all run on one thread, one at a time, as asgiref's
process-wide default thread would run them; the lane is merely shared with a few other
polls rather than with the whole process. What polls run there is short (signal
receivers, a session lookup) and holds no transaction across calls; their database reads
run in the loop's shared executor (api/friendfeed/updates.py).

Sharing a lane is safe because a lane runs one call at a time and no call leaves state on
the thread's connection for a later one (CONN_MAX_AGE=0 closing it between two polls'
calls costs a reconnect, nothing else). But a call that blocks (a session lookup on a
locked database) holds up every call queued behind it: a new poll therefore takes the
lane with the fewest calls in flight, so a stalled lane gets no new polls.
"""

import itertools
import os
import threading
from concurrent.futures import ThreadPoolExecutor

import django
from asgiref.sync import ThreadSensitiveContext
from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler
from django.core.handlers import base
from django.core.handlers.asgi import ASGIHandler

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

LONG_POLL_PREFIXES = ("/v2/updates/", "/api/v2/updates/")


class Lane(ThreadPoolExecutor):
    """One thread; counts the calls submitted to it and not yet finished."""

    def __init__(self, name: str):
        super().__init__(max_workers=1, thread_name_prefix=name)
        self.pending = 0
        self._count = threading.Lock()

    def submit(self, fn, /, *args, **kwargs):
        with self._count:
            self.pending += 1
        try:
            future = super().submit(fn, *args, **kwargs)
        except BaseException:
            self._done(None)
            raise
        future.add_done_callback(self._done)
        return future

    def _done(self, _future) -> None:
        with self._count:
            self.pending -= 1


class LongPollLanes:
    """Run long-poll requests in a ThreadSensitiveContext bound to one of a few lanes."""

    def __init__(self, app, lanes: int = 4, prefixes: tuple[str, ...] = LONG_POLL_PREFIXES):
        self.app = app
        self.prefixes = prefixes
        self.executors = [Lane(f"longpoll-lane-{i}") for i in range(max(1, lanes))]
        self._turn = itertools.cycle(range(len(self.executors)))

    def lane(self) -> Lane:
        """The least busy lane (round robin among equals, so idle lanes share the polls)."""
        n, start = len(self.executors), next(self._turn)
        order = [self.executors[(start + k) % n] for k in range(n)]
        return min(order, key=lambda lane: lane.pending)

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope.get("path", "").startswith(self.prefixes):
            async with ThreadSensitiveContext(executor=self.lane()):
                return await self.app(scope, receive, send)
        return await self.app(scope, receive, send)


def _lanes() -> int:
    from django.conf import settings

    return int(getattr(settings, "REALTIME_LANES", 4))


class InlineMiddlewareASGIHandler(ASGIHandler):
    """Django's ASGI handler, loading config.middleware's inline-async forms of Django's
    middleware classes (settings.MIDDLEWARE keeps Django's paths, which its checks expect).

    Django's load_middleware resolves each path with `import_string`; for the duration of
    the call (once, at start-up) that name resolves the mapped paths to our classes.
    """

    def load_middleware(self, is_async=False):
        from config.middleware import INLINE_ASYNC

        original = base.import_string
        base.import_string = lambda path: INLINE_ASYNC.get(path) or original(path)
        try:
            super().load_middleware(is_async)
        finally:
            base.import_string = original


def _application():
    django.setup(set_prefix=False)  # what get_asgi_application() does
    return InlineMiddlewareASGIHandler()


django_application = _application()
application = LongPollLanes(ASGIStaticFilesHandler(django_application), lanes=_lanes())
