"""OAuth 2 bearer tokens (django-oauth-toolkit) on the FriendFeed API."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import secrets
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.utils import timezone
from oauth2_provider.models import (
    get_access_token_model,
    get_application_model,
    set_token_value,
)

from api.friendfeed.models import Application
from journal import services

pytestmark = pytest.mark.urls("tests.friendfeed.oauth_support")


@pytest.fixture
def client_app(alice):
    model = get_application_model()
    oauth2 = model.objects.create(
        name="Modern App",
        user=alice,
        client_type=model.CLIENT_CONFIDENTIAL,
        authorization_grant_type=model.GRANT_AUTHORIZATION_CODE,
        redirect_uris="http://modern.example/cb",
    )
    Application.objects.create(
        name="Modern App", url="http://modern.example/", oauth2_application=oauth2
    )
    return oauth2


def _token(user, app, *, seconds=3600, value="bearer-token-0123456789"):
    token = get_access_token_model()(
        user=user,
        application=app,
        expires=timezone.now() + dt.timedelta(seconds=seconds),
        scope="read write",
    )
    set_token_value(token, value)  # how django-oauth-toolkit stores issued tokens
    token.save()
    return token


def test_bearer_token_authenticates_with_via(bob, client_app):
    _token(bob, client_app)
    response = Client().get("/test/whoami", HTTP_AUTHORIZATION="Bearer bearer-token-0123456789")
    assert response.status_code == 200
    assert response.json() == {
        "user": "bob",
        "via": {"name": "Modern App", "url": "http://modern.example/"},
        "data": {},
    }


def test_unknown_bearer_token_is_refused(db):
    response = Client().get("/test/whoami", HTTP_AUTHORIZATION="Bearer nope")
    assert response.status_code == 401


def test_expired_bearer_token_is_refused(bob, client_app):
    _token(bob, client_app, seconds=-10)
    response = Client().get("/test/whoami", HTTP_AUTHORIZATION="Bearer bearer-token-0123456789")
    assert response.status_code == 401


def test_password_change_revokes_bearer_tokens(bob, client_app, django_capture_on_commit_callbacks):
    _token(bob, client_app)
    with django_capture_on_commit_callbacks(execute=True):
        services.set_password(bob, "another password entirely")
    assert not get_access_token_model().objects.filter(user=bob).exists()
    response = Client().get("/test/whoami", HTTP_AUTHORIZATION="Bearer bearer-token-0123456789")
    assert response.status_code == 401


def _pkce() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode()).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def _authorize(browser, client_app, **extra) -> dict[str, list[str]]:
    """Approve the app as the browser's user; the redirect's query parameters."""
    query = {
        "response_type": "code",
        "client_id": client_app.client_id,
        "redirect_uri": "http://modern.example/cb",
        "scope": "read write",
        **extra,
    }
    page = browser.get("/account/o2/authorize/", query)
    if page.status_code == 302:  # refused before the consent page
        return parse_qs(urlsplit(page["Location"]).query)
    assert page.status_code == 200
    approved = browser.post("/account/o2/authorize/", {**query, "allow": "Authorize"})
    assert approved.status_code == 302
    return parse_qs(urlsplit(approved["Location"]).query)


@pytest.fixture
def secret(client_app):
    value = "s3cret-for-the-test-0123456789"
    client_app.client_secret = value
    client_app.save()
    return value


def _exchange(client_app, secret, code, verifier):
    return Client().post(
        "/account/o2/token/",
        {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": "http://modern.example/cb",
            "client_id": client_app.client_id,
            "client_secret": secret,
            "code_verifier": verifier,
        },
    )


def test_authorization_code_flow_with_pkce_issues_a_working_token(
    alice, bob, client_app, secret, client_for
):
    """The whole OAuth 2 dance at /account/o2/, then a bearer request."""
    verifier, challenge = _pkce()
    answer = _authorize(
        client_for(bob), client_app, code_challenge=challenge, code_challenge_method="S256"
    )
    # RFC 9207: the authorization response names its issuer.
    assert answer["iss"] and answer["code"]
    token = _exchange(client_app, secret, answer["code"][0], verifier)
    assert token.status_code == 200, token.content
    bearer = token.json()["access_token"]
    me = Client().get("/test/whoami", HTTP_AUTHORIZATION=f"Bearer {bearer}")
    assert me.json()["user"] == "bob"
    assert get_application_model().objects.count() == 1
    # Only a checksum of the token is at rest (RFC 9700 §4).
    stored = get_access_token_model().objects.get(user=bob)
    assert stored.token == ""
    assert bearer not in str(stored.__dict__)


def test_authorization_without_pkce_or_with_plain_pkce_is_refused(bob, client_app, client_for):
    browser = client_for(bob)
    assert _authorize(browser, client_app)["error"] == ["invalid_request"]
    verifier, _ = _pkce()
    plain = _authorize(browser, client_app, code_challenge=verifier, code_challenge_method="plain")
    assert plain["error"] == ["invalid_request"]
    assert not get_access_token_model().objects.exists()


def test_a_wrong_code_verifier_gets_no_token(bob, client_app, secret, client_for):
    _, challenge = _pkce()
    answer = _authorize(
        client_for(bob), client_app, code_challenge=challenge, code_challenge_method="S256"
    )
    other_verifier, _ = _pkce()
    token = _exchange(client_app, secret, answer["code"][0], other_verifier)
    assert token.status_code == 400
    assert token.json()["error"] == "invalid_grant"
    assert not get_access_token_model().objects.exists()


def test_password_grant_is_refused(bob, client_app, secret):
    response = Client().post(
        "/account/o2/token/",
        {
            "grant_type": "password",
            "username": "bob",
            "password": "whatever",
            "client_id": client_app.client_id,
            "client_secret": secret,
        },
    )
    assert response.status_code in (400, 401)
    assert not get_access_token_model().objects.exists()


def test_bearer_token_in_the_query_string_does_not_authenticate(bob, client_app):
    _token(bob, client_app)
    response = Client().get("/test/whoami", {"access_token": "bearer-token-0123456789"})
    assert response.json()["user"] is None  # RFC 9700 §4.3.2: never from the URI
    # ... and with the header as well, the query copy makes the request invalid.
    both = Client().get(
        "/test/whoami",
        {"access_token": "bearer-token-0123456789"},
        HTTP_AUTHORIZATION="Bearer bearer-token-0123456789",
    )
    assert both.status_code == 401
