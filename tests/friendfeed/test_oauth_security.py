"""Bad OAuth 1.0a requests: each gets 401 and changes nothing."""

from __future__ import annotations

import json
import time

import pytest
from django.test import Client
from oauthlib.oauth1 import SIGNATURE_TYPE_QUERY
from oauthlib.oauth1 import Client as OAuthClient

from api.friendfeed.models import AccessToken, Nonce, RequestToken
from tests.friendfeed.oauth_support import make_app, send_signed, signed_request

pytestmark = pytest.mark.urls("tests.friendfeed.oauth_support")


@pytest.fixture
def app(db):
    return make_app()


@pytest.fixture
def token(alice, app):
    return AccessToken.objects.create(application=app, user=alice)


def _whoami(app, token, **kwargs):
    return signed_request(
        Client(),
        kwargs.pop("method", "GET"),
        "/test/whoami",
        app,
        token=token.key,
        token_secret=kwargs.pop("token_secret", token.secret),
        **kwargs,
    )


def test_valid_request_authenticates(app, token):
    response = _whoami(app, token)
    assert response.status_code == 200
    assert response.json()["user"] == "alice"


@pytest.mark.parametrize("placement", ["header", "query", "body"])
def test_forged_signature_is_refused_and_records_nothing(app, token, placement):
    response = _whoami(
        app,
        token,
        token_secret="not-the-secret",
        placement=placement,
        method="POST" if placement == "body" else "GET",
    )
    assert response.status_code == 401
    assert not Nonce.objects.exists()


def test_tampered_parameter_is_refused(app, token):
    signer = OAuthClient(
        app.consumer_key,
        client_secret=app.consumer_secret,
        resource_owner_key=token.key,
        resource_owner_secret=token.secret,
        signature_type=SIGNATURE_TYPE_QUERY,
    )
    uri, _, _ = signer.sign("http://testserver/test/whoami?q=cats")
    response = Client().get(uri.replace("q=cats", "q=dogs"))
    assert response.status_code == 401


def test_wrong_consumer_secret_is_refused(app, token):
    app.consumer_secret = "x" * 32
    response = _whoami(app, token)
    assert response.status_code == 401


def test_unknown_consumer_is_refused(app, token):
    app.consumer_key = "f" * 32
    assert _whoami(app, token).status_code == 401


def test_token_of_another_application_is_refused(app, token):
    other = make_app(name="Other")
    response = signed_request(
        Client(), "GET", "/test/whoami", other, token=token.key, token_secret=token.secret
    )
    assert response.status_code == 401


def test_replayed_nonce_is_refused(app, token):
    signer = OAuthClient(
        app.consumer_key,
        client_secret=app.consumer_secret,
        resource_owner_key=token.key,
        resource_owner_secret=token.secret,
        nonce="replayed-nonce-0001",
        timestamp=str(int(time.time())),
    )
    first = send_signed(Client(), signer, "GET", "/test/whoami")
    second = send_signed(Client(), signer, "GET", "/test/whoami")
    assert first.status_code == 200
    assert second.status_code == 401
    assert Nonce.objects.count() == 1


def test_replayed_request_token_call_creates_no_second_token(app):
    signer = OAuthClient(
        app.consumer_key,
        client_secret=app.consumer_secret,
        nonce="0123456789abcdef0123456789abcdef",
        timestamp=str(int(time.time())),
    )
    assert send_signed(Client(), signer, "GET", "/account/oauth/request_token").status_code == 200
    assert send_signed(Client(), signer, "GET", "/account/oauth/request_token").status_code == 401
    assert RequestToken.objects.count() == 1


@pytest.mark.parametrize("offset", [-3600, +3600])
def test_stale_or_future_timestamp_is_refused(app, token, offset):
    response = _whoami(app, token, timestamp=str(int(time.time()) + offset))
    assert response.status_code == 401
    assert not Nonce.objects.exists()


def test_forged_request_token_request_creates_nothing(app):
    app.consumer_secret = "forged"
    response = signed_request(Client(), "POST", "/account/oauth/request_token", app)
    assert response.status_code == 401
    assert json.loads(response.content) == {"errorCode": "unauthorized"}
    assert not RequestToken.objects.exists()
    assert not Nonce.objects.exists()


def test_short_nonces_and_uuid_nonces_of_real_clients_are_accepted(app, token):
    for nonce in ("a1B2c3D4", "6f1c1f0e-2b36-4c1a-9d4e-3f1b2a5c7d8e"):
        assert _whoami(app, token, nonce=nonce).status_code == 200


def test_unsupported_signature_method_is_refused(app, token):
    response = _whoami(app, token, signature_method="PLAINTEXT")
    assert response.status_code == 401


def test_bare_oauth_header_is_ignored():
    response = Client().get("/test/whoami", HTTP_AUTHORIZATION="OAuth")
    assert response.status_code == 200
    assert response.json()["user"] is None


def test_suspended_user_token_is_refused(alice, app, token):
    alice.is_suspended = True
    alice.save()
    assert _whoami(app, token).status_code == 401


def test_revoked_application_tokens_stop_working(app, token):
    app.is_active = False
    app.save()
    assert _whoami(app, token).status_code == 401


def test_header_values_are_percent_decoded(app, token):
    """oauthlib's client percent-encodes every header value (e.g. '=' and '/' of the
    signature, '-' in a nonce stays); a verifier that forgets to decode fails here."""
    response = _whoami(app, token, nonce="nonce-with.dots_and-dashes", placement="header")
    assert response.status_code == 200


@pytest.mark.parametrize(("enforced", "status"), [(True, 401), (False, 200)])
def test_https_is_required_off_loopback_when_enforced(app, token, settings, enforced, status):
    settings.OAUTH1_ENFORCE_SSL = enforced
    settings.ALLOWED_HOSTS = ["api.example.com", "testserver"]
    signer_kwargs = dict(token=token.key, token_secret=token.secret)
    from tests.friendfeed import oauth_support

    original = oauth_support.HOST
    oauth_support.HOST = "http://api.example.com"
    try:
        response = signed_request(
            Client(HTTP_HOST="api.example.com"), "GET", "/test/whoami", app, **signer_kwargs
        )
    finally:
        oauth_support.HOST = original
    assert response.status_code == status
    # Loopback (and the test server) stay usable over plain http.
    assert _whoami(app, token).status_code == 200
