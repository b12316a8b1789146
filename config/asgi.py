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
"""

import itertools
import os
from concurrent.futures import ThreadPoolExecutor

import django
from asgiref.sync import ThreadSensitiveContext
from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler
from django.core.handlers import base
from django.core.handlers.asgi import ASGIHandler

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

LONG_POLL_PREFIXES = ("/v2/updates/", "/api/v2/updates/")


class LongPollLanes:
    """Run long-poll requests in a ThreadSensitiveContext bound to one of a few lanes."""

    def __init__(self, app, lanes: int = 4, prefixes: tuple[str, ...] = LONG_POLL_PREFIXES):
        self.app = app
        self.prefixes = prefixes
        self.executors = [
            ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"longpoll-lane-{i}")
            for i in range(max(1, lanes))
        ]
        self._next = itertools.cycle(self.executors)

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope.get("path", "").startswith(self.prefixes):
            async with ThreadSensitiveContext(executor=next(self._next)):
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
