"""Log the browser in from LiveJournal's `ljsession` cookie (made by sessiongenerate).

Placed after Django's AuthenticationMiddleware: a site login wins; otherwise a valid, unexpired
ljsession (bound to the client IP when asked) makes `request.user` that session's user for
this request. Nothing is written, so sessionexpire logs the browser out at once.
"""

from __future__ import annotations

from asgiref.sync import iscoroutinefunction, sync_to_async
from django.utils.decorators import sync_and_async_middleware

from api.livejournal.auth import SESSION_COOKIE, client_ip, session_user


def _adopt(request, user) -> None:
    async def auser():
        return user

    request.user = user
    request._cached_user = user
    request.auser = auser


@sync_and_async_middleware
def ljsession_middleware(get_response):
    if iscoroutinefunction(get_response):

        async def middleware(request):
            value = request.COOKIES.get(SESSION_COOKIE)
            if value:
                current = await request.auser()
                if not current.is_authenticated:
                    user = await sync_to_async(session_user)(value, client_ip(request))
                    if user is not None:
                        _adopt(request, user)
            return await get_response(request)

    else:

        def middleware(request):
            value = request.COOKIES.get(SESSION_COOKIE)
            if value and not request.user.is_authenticated:
                user = session_user(value, client_ip(request))
                if user is not None:
                    _adopt(request, user)
            return get_response(request)

    return middleware
