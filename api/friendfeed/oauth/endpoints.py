"""Verifying OAuth 1.0a signed requests from a Django request.

One function, `verify`, used by the token endpoints and by the DRF authentication class:
`token="access"` (resource requests) goes through oauthlib's ResourceEndpoint; the token
endpoints use a small BaseEndpoint subclass, because oauthlib's own request/access-token
endpoints insist on `oauth_callback` and `oauth_verifier`, which FriendFeed's OAuth 1.0
clients never sent.
"""

from __future__ import annotations

import ipaddress
from typing import Literal
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.http import HttpRequest
from oauthlib.common import Request
from oauthlib.oauth1 import ResourceEndpoint
from oauthlib.oauth1.rfc5849 import errors
from oauthlib.oauth1.rfc5849.endpoints.base import BaseEndpoint

from api.friendfeed.oauth.validator import FriendFeedValidator, record_nonce

TokenKind = Literal["none", "request", "access"]
_FORM = "application/x-www-form-urlencoded"


class OAuthFailure(Exception):
    """The request carried OAuth parameters that did not verify (answered with 401)."""

    def __init__(self, reason: str = "invalid signature") -> None:
        super().__init__(reason)
        self.reason = reason


def _is_loopback(host: str) -> bool:
    host = host.split(":")[0].strip("[]")
    if host in ("localhost", "testserver"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _validator(request: HttpRequest) -> FriendFeedValidator:
    enforce = bool(getattr(settings, "OAUTH1_ENFORCE_SSL", False))
    # Plain http is fine on loopback (tests, a client on the same machine).
    return FriendFeedValidator(enforce_ssl=enforce and not _is_loopback(request.get_host()))


def oauth_headers(request: HttpRequest) -> dict[str, str]:
    """The headers oauthlib reads; a bare `Authorization: OAuth` (one Android sample) or
    any non-OAuth scheme is dropped so it neither counts nor breaks parsing."""
    headers: dict[str, str] = {}
    auth = request.META.get("HTTP_AUTHORIZATION", "")
    if auth[:6].lower() == "oauth " and auth[6:].strip():
        headers["Authorization"] = auth
    ctype = request.META.get("CONTENT_TYPE", "")
    if ctype:
        headers["Content-Type"] = ctype
    return headers


def _form_body(request: HttpRequest) -> str:
    # Only form-encoded bodies are signed (RFC 5849 §3.4.1.3.1); multipart parts are not,
    # and reading request.body after a multipart parse would raise.
    if _FORM not in request.META.get("CONTENT_TYPE", ""):
        return ""
    try:
        return request.body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise OAuthFailure("body is not UTF-8") from exc


def has_oauth_params(request: HttpRequest) -> bool:
    """Does the request try OAuth 1.0a at all (header, query or form body)?"""
    if "Authorization" in oauth_headers(request):
        return True
    if "oauth_signature" in request.GET or "oauth_consumer_key" in request.GET:
        return True
    if _FORM in request.META.get("CONTENT_TYPE", "") and request.method == "POST":
        return "oauth_signature" in request.POST or "oauth_consumer_key" in request.POST
    return False


def _candidate_uris(request: HttpRequest) -> list[str]:
    """The URL as the client saw it; also the configured public host (a hosts-file alias)."""
    seen = request.build_absolute_uri()
    uris = [seen]
    public = urlsplit(settings.SITE_URL)
    parts = urlsplit(seen)
    alias = urlunsplit((public.scheme, public.netloc, parts.path, parts.query, ""))
    if alias != seen:
        uris.append(alias)
    return uris


class _TokenEndpoint(BaseEndpoint):
    """Client-signed (token="none") or request-token-signed (token="request") verification."""

    def check(self, request: Request, token: TokenKind) -> bool:
        self._check_transport_security(request)
        self._check_mandatory_parameters(request)
        validator: FriendFeedValidator = self.request_validator
        if token == "request":
            if not request.resource_owner_key or not validator.check_request_token(
                request.resource_owner_key
            ):
                return False
            if request.verifier and not validator.check_verifier(request.verifier):
                return False
        elif request.resource_owner_key:
            return False  # a token where none belongs
        if not validator.validate_timestamp_and_nonce(
            request.client_key, request.timestamp, request.nonce, request
        ):
            return False
        valid_client = validator.validate_client_key(request.client_key, request)
        if not valid_client:
            request.client_key = validator.dummy_client
        valid_token = True
        if token == "request":
            valid_token = validator.validate_request_token(
                request.client_key, request.resource_owner_key, request
            )
            if not valid_token:
                request.resource_owner_key = validator.dummy_request_token
        # Signature last and always, so timing does not reveal which part was wrong.
        valid_signature = self._check_signature(request, is_token_request=(token == "request"))
        return valid_client and valid_token and valid_signature


def verify(request: HttpRequest, *, token: TokenKind) -> Request:
    """Verify the signature, timestamp and nonce; record the nonce; return oauthlib's request.

    The result carries `ff_application` and, for tokens, `ff_request_token` /
    `ff_access_token`. Raises OAuthFailure (nothing written) when anything is wrong.
    """
    validator = _validator(request)
    body = _form_body(request)
    headers = oauth_headers(request)
    for uri in _candidate_uris(request):
        try:
            if token == "access":
                ok, oreq = ResourceEndpoint(validator).validate_protected_resource_request(
                    uri, http_method=request.method, body=body, headers=headers
                )
            else:
                endpoint = _TokenEndpoint(validator)
                oreq = endpoint._create_request(uri, request.method, body, headers)
                ok = endpoint.check(oreq, token)
        except errors.InsecureTransportError as exc:
            raise OAuthFailure("https required") from exc
        except (errors.OAuth1Error, ValueError) as exc:
            raise OAuthFailure(getattr(exc, "description", None) or str(exc)) from exc
        if ok and oreq is not None:
            if not record_nonce(oreq):
                raise OAuthFailure("nonce already used")
            return oreq
    raise OAuthFailure("invalid signature, token, timestamp or nonce")
