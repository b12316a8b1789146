"""The oauthlib RequestValidator over our Application / token / nonce tables.

oauthlib calls these while verifying a signature. Nonces are only *checked* here; they are
recorded by `record_nonce` after the whole request has verified, so a forged request writes
nothing.
"""

from __future__ import annotations

import secrets
import string
import time

from django.db import IntegrityError, transaction
from oauthlib.common import Request
from oauthlib.oauth1 import RequestValidator
from oauthlib.oauth1.rfc5849 import SIGNATURE_HMAC_SHA1

from api.friendfeed.models import AccessToken, Application, Nonce, RequestToken

# Seconds a timestamp may differ from our clock (oauthlib's default is 600).
TIMESTAMP_LIFETIME = 600
# Nonce formats seen in FriendFeed clients: 32 hex, UUIDs with dashes, 8 alphanumerics.
_NONCE_CHARS = frozenset(string.ascii_letters + string.digits + "-_.")
_KEY_CHARS = frozenset(string.ascii_letters + string.digits + "-_")

_DUMMY_SECRET = "dummy-secret-never-matches-anything"


def _ok(value: str | None, chars: frozenset[str], lo: int, hi: int) -> bool:
    return bool(value) and lo <= len(value) <= hi and set(value) <= chars


class FriendFeedValidator(RequestValidator):
    """HMAC-SHA1 only (the one method any FriendFeed client used)."""

    timestamp_lifetime = TIMESTAMP_LIFETIME

    def __init__(self, *, enforce_ssl: bool = False) -> None:
        super().__init__()
        self._enforce_ssl = enforce_ssl

    # -- formats: oauthlib's defaults (20-30 chars) refuse real clients' nonces ----------
    @property
    def enforce_ssl(self) -> bool:
        return self._enforce_ssl

    @property
    def allowed_signature_methods(self) -> tuple[str, ...]:
        return (SIGNATURE_HMAC_SHA1,)

    def check_client_key(self, client_key: str) -> bool:
        return _ok(client_key, _KEY_CHARS, 8, 64)

    def check_request_token(self, request_token: str) -> bool:
        return _ok(request_token, _KEY_CHARS, 8, 64)

    def check_access_token(self, request_token: str) -> bool:
        return _ok(request_token, _KEY_CHARS, 8, 64)

    def check_nonce(self, nonce: str) -> bool:
        return _ok(nonce, _NONCE_CHARS, 6, 64)

    def check_verifier(self, verifier: str) -> bool:
        return _ok(verifier, _KEY_CHARS, 6, 64)

    @property
    def dummy_client(self) -> str:
        return "dummy-client-key"

    @property
    def dummy_request_token(self) -> str:
        return "dummy-request-token"

    @property
    def dummy_access_token(self) -> str:
        return "dummy-access-token"

    # -- clients --------------------------------------------------------------------------
    def _application(self, client_key: str, request: Request) -> Application | None:
        cache = getattr(request, "_ff_apps", None)
        if cache is None:
            cache = request._ff_apps = {}
        if client_key not in cache:
            cache[client_key] = Application.objects.filter(
                consumer_key=client_key, is_active=True
            ).first()
        return cache[client_key]

    def validate_client_key(self, client_key: str, request: Request) -> bool:
        app = self._application(client_key, request)
        if app is None:
            return False
        request.ff_application = app
        return True

    def get_client_secret(self, client_key: str, request: Request) -> str:
        app = self._application(client_key, request)
        return app.consumer_secret if app else _DUMMY_SECRET

    # -- nonces -----------------------------------------------------------------------------
    def validate_timestamp_and_nonce(
        self,
        client_key: str,
        timestamp: str,
        nonce: str,
        request: Request,
        request_token: str | None = None,
        access_token: str | None = None,
    ) -> bool:
        # Stricter than RFC 5849 (which keys on the timestamp too): a nonce is single-use
        # per consumer within the timestamp window, whatever timestamp accompanies it.
        return not Nonce.objects.filter(consumer_key=client_key, nonce=nonce).exists()

    # -- request tokens ---------------------------------------------------------------------
    def _request_token(self, key: str, request: Request) -> RequestToken | None:
        cached = getattr(request, "ff_request_token", None)
        if cached is not None and cached.key == key:
            return cached
        token = RequestToken.objects.select_related("application").filter(key=key).first()
        if token is not None:
            request.ff_request_token = token
        return token

    def validate_request_token(self, client_key: str, token: str, request: Request) -> bool:
        found = self._request_token(token, request)
        return (
            found is not None
            and not found.is_expired
            and found.application.consumer_key == client_key
        )

    def get_request_token_secret(self, client_key: str, token: str, request: Request) -> str:
        found = self._request_token(token, request)
        if found is None or found.application.consumer_key != client_key:
            return _DUMMY_SECRET
        return found.secret

    # -- access tokens ----------------------------------------------------------------------
    def _access_token(self, key: str, request: Request) -> AccessToken | None:
        cached = getattr(request, "ff_access_token", None)
        if cached is not None and cached.key == key:
            return cached
        token = AccessToken.objects.select_related("application", "user").filter(key=key).first()
        if token is not None:
            request.ff_access_token = token
        return token

    def validate_access_token(self, client_key: str, token: str, request: Request) -> bool:
        found = self._access_token(token, request)
        return (
            found is not None
            and found.application.is_active
            and found.application.consumer_key == client_key
        )

    def get_access_token_secret(self, client_key: str, token: str, request: Request) -> str:
        found = self._access_token(token, request)
        if found is None or found.application.consumer_key != client_key:
            return _DUMMY_SECRET
        return found.secret

    def validate_realms(self, client_key, token, request, uri=None, realms=None) -> bool:
        return True  # FriendFeed had no realms or scopes: a token grants the whole API.


def record_nonce(request: Request) -> bool:
    """Remember a verified request's nonce; False when a concurrent twin got there first."""
    token = request.resource_owner_key or ""
    now = int(time.time())
    try:
        with transaction.atomic():
            Nonce.objects.create(
                consumer_key=request.client_key,
                token=token,
                timestamp=int(request.timestamp),
                nonce=request.nonce,
            )
    except IntegrityError:
        return False
    # Nonces older than the timestamp window can never be replayed (the timestamp check
    # refuses them first), so they are pruned now and then.
    if secrets.randbelow(100) == 0:
        Nonce.objects.filter(timestamp__lt=now - 2 * TIMESTAMP_LIFETIME).delete()
    return True
