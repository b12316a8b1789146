"""Installed-application auth (/account/oauth/ia_access_token) and token revocation."""

from __future__ import annotations

import pytest
from django.test import Client

from api.friendfeed.models import AccessToken
from journal import services
from tests.conftest import PASSWORD
from tests.friendfeed.oauth_support import form, make_app, signed_request

pytestmark = pytest.mark.urls("tests.friendfeed.oauth_support")


@pytest.fixture
def app(db):
    return make_app(name="Desktop Client")


def _ia(app, username, password, placement="query", method="GET"):
    return signed_request(
        Client(),
        method,
        "/account/oauth/ia_access_token",
        app,
        placement=placement,
        params={"ff_username": username, "ff_password": password},
    )


@pytest.mark.parametrize(
    ("placement", "method"), [("query", "GET"), ("header", "POST"), ("body", "POST")]
)
def test_ia_token_with_the_account_password(alice, app, placement, method):
    response = _ia(app, "alice", PASSWORD, placement, method)
    assert response.status_code == 200, response.content
    token = form(response)
    assert token["username"] == "alice"
    stored = AccessToken.objects.get(key=token["oauth_token"])
    assert stored.kind == "ia"
    assert stored.user == alice

    me = signed_request(
        Client(),
        "GET",
        "/test/whoami",
        app,
        token=token["oauth_token"],
        token_secret=token["oauth_token_secret"],
    )
    assert me.json()["user"] == "alice"
    assert me.json()["via"]["name"] == "Desktop Client"


def test_ia_token_with_a_remote_key(alice, app):
    key = alice.remote_keys.get().key
    response = _ia(app, "Alice", key)  # usernames are canonicalised like LiveJournal's
    assert response.status_code == 200
    assert form(response)["username"] == "alice"


def test_wrong_password_is_refused_and_creates_nothing(alice, app):
    response = _ia(app, "alice", "wrong password")
    assert response.status_code == 401
    assert not AccessToken.objects.exists()


def test_unknown_user_is_refused(db, app):
    assert _ia(app, "nobody", "x").status_code == 401


def test_suspended_user_is_refused(alice, app):
    alice.is_suspended = True
    alice.save()
    assert _ia(app, "alice", PASSWORD).status_code == 401
    assert not AccessToken.objects.exists()


def test_app_without_ia_is_refused(alice, app):
    app.allow_ia = False
    app.save()
    assert _ia(app, "alice", PASSWORD).status_code == 401


def test_forged_ia_request_is_refused(alice, app):
    app.consumer_secret = "forged-secret"
    assert _ia(app, "alice", PASSWORD).status_code == 401
    assert not AccessToken.objects.exists()


def test_password_change_revokes_tokens(alice, bob, app, django_capture_on_commit_callbacks):
    alice_token = form(_ia(app, "alice", PASSWORD))
    bob_token = form(_ia(app, "bob", PASSWORD))
    web = AccessToken.objects.create(application=app, user=alice, kind="web")
    with django_capture_on_commit_callbacks(execute=True):
        services.set_password(alice, "a brand new password")
    assert not AccessToken.objects.filter(user=alice).exists()
    assert not AccessToken.objects.filter(pk=web.pk).exists()
    assert AccessToken.objects.filter(key=bob_token["oauth_token"]).exists()
    me = signed_request(
        Client(),
        "GET",
        "/test/whoami",
        app,
        token=alice_token["oauth_token"],
        token_secret=alice_token["oauth_token_secret"],
    )
    assert me.status_code == 401


def test_profile_change_keeps_tokens(alice, app, django_capture_on_commit_callbacks):
    AccessToken.objects.create(application=app, user=alice)
    with django_capture_on_commit_callbacks(execute=True):
        services.update_profile(alice, name="Alice L.")
    assert AccessToken.objects.filter(user=alice).count() == 1


def test_password_guessing_is_rate_limited(alice, app, settings):
    from django.core.cache import cache

    cache.clear()
    settings.OAUTH1_IA_FAILURE_LIMIT = (3, 900)
    for _ in range(3):
        assert _ia(app, "alice", "guess").status_code == 401
    blocked = _ia(app, "alice", PASSWORD)
    assert blocked.status_code == 403
    assert blocked.content == b'{"errorCode":"limit-exceeded"}'
    assert not AccessToken.objects.exists()
    cache.clear()


def test_nul_in_ia_credentials_is_refused_before_any_lookup(alice, app):
    """PostgreSQL refuses NUL in text (a 500 there), memcached in cache keys (the failure
    counter's key holds the username): such credentials reach neither; the answer is 401."""
    import warnings

    from django.core.cache import CacheKeyWarning

    for username, password in (("ali\x00ce", PASSWORD), ("alice", PASSWORD + "\x00")):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            response = _ia(app, username, password)
        assert response.status_code == 401, response.content
        assert not [w for w in caught if issubclass(w.category, CacheKeyWarning)]
    assert not AccessToken.objects.exists()
