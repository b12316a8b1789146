"""DRF authentication for the FriendFeed door: OAuth 1.0a (HMAC-SHA1) and OAuth 2 bearer.

Both return `(user, ApiCredentials)`; `credentials.application` (or None) has `.name` and
`.url`, which the views use for an entry's `via`. A request that tries a scheme and fails
raises AuthenticationFailed (the door answers 401 {"errorCode": "unauthorized"}); a request
that does not try it gets None, so the next class may look.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from rest_framework.authentication import BaseAuthentication
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.request import Request

from api.friendfeed.models import AccessToken, Application
from api.friendfeed.oauth.endpoints import OAuthFailure, has_oauth_params, verify


@dataclass(frozen=True)
class ViaApplication:
    """The name and link an entry written by an application is credited to."""

    name: str
    url: str = ""


@dataclass(frozen=True)
class ApiCredentials:
    """What authenticated the request: the scheme, the token and the application."""

    scheme: str  # "oauth1" | "oauth2"
    token: Any
    application: Application | ViaApplication | None


def find_application(consumer_key: str) -> Application | None:
    """The active registered application with this consumer key (Basic auth's `appid`)."""
    key = (consumer_key or "").strip()
    if not key:
        return None
    return Application.objects.filter(consumer_key=key, is_active=True).first()


def _usable(user: Any) -> bool:
    return bool(user) and user.is_active and not getattr(user, "is_suspended", False)


class OAuth1Authentication(BaseAuthentication):
    """OAuth 1.0a resource requests, parameters in the query, form body or header."""

    def authenticate(self, request: Request) -> tuple[Any, ApiCredentials] | None:
        django_request = request._request
        if not has_oauth_params(django_request):
            return None
        try:
            signed = verify(django_request, token="access")
        except OAuthFailure as exc:
            raise AuthenticationFailed(f"OAuth: {exc.reason}") from exc
        token: AccessToken = signed.ff_access_token
        if not _usable(token.user):
            raise AuthenticationFailed("OAuth: the account is suspended")
        now = timezone.now()
        if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 300:
            AccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, ApiCredentials("oauth1", token, token.application)

    def authenticate_header(self, request: Request) -> str:
        return 'OAuth realm="FriendFeed"'


class OAuth2BearerAuthentication(BaseAuthentication):
    """django-oauth-toolkit bearer tokens (`Authorization: Bearer <token>`)."""

    def authenticate(self, request: Request) -> tuple[Any, ApiCredentials] | None:
        auth = request._request.META.get("HTTP_AUTHORIZATION", "")
        if auth[:7].lower() != "bearer ":
            return None
        from oauth2_provider.oauth2_backends import get_oauthlib_core

        try:
            valid, oreq = get_oauthlib_core().verify_request(request._request, scopes=[])
        except ValueError as exc:
            raise AuthenticationFailed("OAuth 2: malformed request") from exc
        if not valid:
            raise AuthenticationFailed("OAuth 2: invalid or expired token")
        token = oreq.access_token
        if not _usable(token.user):
            raise AuthenticationFailed("OAuth 2: the account is suspended")
        return token.user, ApiCredentials("oauth2", token, _via_for_oauth2(token.application))

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="api"'


def _via_for_oauth2(app: Any) -> Application | ViaApplication | None:
    if app is None:
        return None
    linked = Application.objects.filter(oauth2_application=app, is_active=True).first()
    if linked is not None:
        return linked
    return ViaApplication(name=app.name or "API", url="")
