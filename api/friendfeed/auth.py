"""HTTP Basic with the remote key, and who wrote a request (`via`).

Basic is `username:remotekey` (the page, "HTTP Basic Auth / Remote Keys"); some clients
base64-encode the pair with a trailing newline (`echo | base64`), so it is tolerated.
`appid=<consumer key>` on a Basic request credits entries to that registered application.
"""

from __future__ import annotations

import base64
import binascii
import hmac

from rest_framework import authentication, exceptions

from journal import readcache
from journal.models import RemoteKey, User
from journal.models.user import canonical_username
from journal.services.entries import Via

REALM = 'Basic realm="FriendFeed API"'


class BasicRemoteKeyAuthentication(authentication.BaseAuthentication):
    """`Authorization: Basic base64(username:remotekey)`; returns (user, None)."""

    def authenticate(self, request):
        header = request.META.get("HTTP_AUTHORIZATION", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "basic":
            return None
        token = "".join(token.split())  # a wrapped or newline-terminated base64 string
        try:
            decoded = base64.b64decode(token + "=" * (-len(token) % 4)).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError, ValueError):
            raise exceptions.AuthenticationFailed("unauthorized") from None
        username, sep, key = decoded.rstrip("\r\n").partition(":")
        key = key.strip()
        # A NUL would reach the query below, and PostgreSQL refuses it in text (a 500).
        if not sep or not username or not key or "\x00" in decoded:
            raise exceptions.AuthenticationFailed("unauthorized")
        username = canonical_username(username)

        def check() -> tuple[User, int] | None:
            # The remembered user goes to the cache: without the password hash (loaded again
            # on the rare access; a save() then writes only the loaded fields).
            candidates = (
                RemoteKey.objects.select_related("user")
                .defer("user__password")
                .filter(user__username=username)
            )
            for remote in candidates:
                if hmac.compare_digest(remote.key.encode(), key.encode()):
                    return remote.user, remote.pk
            return None

        # Every API request carries the pair; a good one is remembered (journal/readcache.py).
        found = readcache.cached_login(
            "ff.basic", username, key, check, request=getattr(request, "_request", request)
        )
        if found is None:
            raise exceptions.AuthenticationFailed("unauthorized")
        user, key_id = found
        if user.is_suspended or not user.is_active:
            raise exceptions.AuthenticationFailed("unauthorized")
        return user, BasicAuth(key_id, request)

    def authenticate_header(self, request) -> str:
        return REALM


class BasicAuth:
    """The `auth` of a Basic request: the key used and the app named by `appid`, if any."""

    def __init__(self, remote_key_id: int, request):
        self.remote_key_id = remote_key_id
        self._request = request
        self._application = False

    @property
    def application(self):
        if self._application is False:
            self._application = None
            appid = self._request.GET.get("appid") or self._request.POST.get("appid")
            if appid:
                try:
                    from api.friendfeed.models import Application
                except ImportError:  # pragma: no cover - FF-B's module not there yet
                    return None
                self._application = Application.objects.filter(
                    consumer_key=appid, is_active=True
                ).first()
        return self._application


def via_for(request) -> Via | None:
    """The registered application a write is credited to, whatever the auth method."""
    app = getattr(getattr(request, "auth", None), "application", None)
    if app is None or not getattr(app, "name", ""):
        return None
    return Via(name=app.name, url=getattr(app, "url", "") or "")


def authentication_classes() -> list:
    """Basic first, then FF-B's OAuth 1.0a and OAuth 2 classes when they exist."""
    classes: list = [BasicRemoteKeyAuthentication]
    try:
        from api.friendfeed.authentication import (
            OAuth1Authentication,
            OAuth2BearerAuthentication,
        )
    except ImportError:
        return classes
    return [*classes, OAuth1Authentication, OAuth2BearerAuthentication]
