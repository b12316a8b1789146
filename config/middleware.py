"""Django's middleware, run on the event loop under ASGI when a step does no I/O.

Django's own middleware classes are "async-capable" through MiddlewareMixin, which runs
every process_request / process_view / process_response in a thread-sensitive
sync_to_async call: under ASGI each step is a hop to the request's thread. Measured with
2,000 long polls in one process woken at once (README, "Real time"): ~3 ms per answer with
the hops, ~0.4-0.6 ms without.

These subclasses change only the async path (`__acall__`): a step that touches no database
or file runs inline on the loop; a step that may (a modified session to save, messages to
store, a form body to parse for the CSRF check, CSRF_USE_SESSIONS) still goes through
sync_to_async as before. Were a condition below wrong, Django's async-safety check raises
SynchronousOnlyOperation rather than block the loop silently.

settings.MIDDLEWARE keeps Django's own dotted paths (Django's deploy checks look for them by
name); the served ASGI handler (config/asgi.py) loads these classes in their place through
`INLINE_ASYNC`. WSGI and the test clients use Django's classes unchanged.
"""

from __future__ import annotations

from asgiref.sync import sync_to_async
from django.conf import settings
from django.contrib.auth import middleware as auth
from django.contrib.messages import middleware as messages
from django.contrib.sessions import middleware as sessions
from django.middleware import clickjacking, common, csrf, gzip, security

SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")


class InlineAsync:
    """`__acall__` that runs the sync hooks inline unless `inline_*` says they may block."""

    def inline_request(self, request) -> bool:
        return True

    def inline_response(self, request, response) -> bool:
        return True

    async def __acall__(self, request):
        response = None
        if hasattr(self, "process_request"):
            if self.inline_request(request):
                response = self.process_request(request)
            else:
                response = await sync_to_async(self.process_request, thread_sensitive=True)(request)
        response = response or await self.get_response(request)
        if hasattr(self, "process_response"):
            if self.inline_response(request, response):
                response = self.process_response(request, response)
            else:
                response = await sync_to_async(self.process_response, thread_sensitive=True)(
                    request, response
                )
        return response


class SecurityMiddleware(InlineAsync, security.SecurityMiddleware):
    """Headers and the HTTPS redirect only: never I/O."""


class GZipMiddleware(InlineAsync, gzip.GZipMiddleware):
    """Compression is CPU work on a response already in memory (or a wrapped stream)."""


class SessionMiddleware(InlineAsync, sessions.SessionMiddleware):
    """Creating the (lazy) session store is free; saving a modified session is not."""

    def inline_response(self, request, response) -> bool:
        session = getattr(request, "session", None)
        if session is None:
            return True
        return not (session.modified or settings.SESSION_SAVE_EVERY_REQUEST)


class CommonMiddleware(InlineAsync, common.CommonMiddleware):
    """User-agent check, the slash/www redirects (URL resolving) and Content-Length."""


class CsrfViewMiddleware(InlineAsync, csrf.CsrfViewMiddleware):
    """The cookie is read and set inline; checking a form body (or a session) is not."""

    def __init__(self, get_response):
        super().__init__(get_response)
        if self.async_mode:
            # Django adapts a sync process_view with sync_to_async; an async one is used
            # as is. Only the async chain gets the async form (WSGI keeps the sync one).
            self.process_view = self._aprocess_view

    def inline_request(self, request) -> bool:
        return not settings.CSRF_USE_SESSIONS

    def inline_response(self, request, response) -> bool:
        return not settings.CSRF_USE_SESSIONS

    async def _aprocess_view(self, request, callback, callback_args, callback_kwargs):
        view = csrf.CsrfViewMiddleware.process_view
        inline = (
            getattr(request, "csrf_processing_done", False)
            or getattr(callback, "csrf_exempt", False)
            or (request.method in SAFE_METHODS and not settings.CSRF_USE_SESSIONS)
        )
        if inline:
            return view(self, request, callback, callback_args, callback_kwargs)
        # An unsafe method: the check may parse a form (and its uploads) from the body.
        return await sync_to_async(view, thread_sensitive=True)(
            self, request, callback, callback_args, callback_kwargs
        )


class AuthenticationMiddleware(InlineAsync, auth.AuthenticationMiddleware):
    """Installs the lazy `request.user` / `request.auser`: nothing is read here."""


class MessageMiddleware(InlineAsync, messages.MessageMiddleware):
    """The storage is lazy; storing messages (cookie, or the session) happens only if used."""

    def inline_response(self, request, response) -> bool:
        storage = getattr(request, "_messages", None)
        return storage is None or not (storage.used or storage.added_new)


class XFrameOptionsMiddleware(InlineAsync, clickjacking.XFrameOptionsMiddleware):
    """One header."""


# Django's dotted path → the class the ASGI handler loads instead (same behaviour, inline).
INLINE_ASYNC = {
    "django.middleware.security.SecurityMiddleware": SecurityMiddleware,
    "django.middleware.gzip.GZipMiddleware": GZipMiddleware,
    "django.contrib.sessions.middleware.SessionMiddleware": SessionMiddleware,
    "django.middleware.common.CommonMiddleware": CommonMiddleware,
    "django.middleware.csrf.CsrfViewMiddleware": CsrfViewMiddleware,
    "django.contrib.auth.middleware.AuthenticationMiddleware": AuthenticationMiddleware,
    "django.contrib.messages.middleware.MessageMiddleware": MessageMiddleware,
    "django.middleware.clickjacking.XFrameOptionsMiddleware": XFrameOptionsMiddleware,
}
