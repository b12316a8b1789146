"""OAuth 2 bearer tokens (django-oauth-toolkit) on the FriendFeed API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone
from oauth2_provider.models import get_access_token_model, get_application_model

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
    return get_access_token_model().objects.create(
        user=user,
        application=app,
        token=value,
        expires=timezone.now() + dt.timedelta(seconds=seconds),
        scope="read write",
    )


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


def test_authorization_code_flow_issues_a_working_token(alice, bob, client_app, client_for):
    """The whole OAuth 2 dance at /account/o2/, then a bearer request."""
    model = get_application_model()
    secret = "s3cret-for-the-test-0123456789"
    client_app.client_secret = secret
    client_app.save()
    browser = client_for(bob)
    query = {
        "response_type": "code",
        "client_id": client_app.client_id,
        "redirect_uri": "http://modern.example/cb",
        "scope": "read write",
    }
    page = browser.get("/account/o2/authorize/", query)
    assert page.status_code == 200
    approved = browser.post("/account/o2/authorize/", {**query, "allow": "Authorize"})
    assert approved.status_code == 302
    code = approved["Location"].split("code=")[1].split("&")[0]
    token = Client().post(
        "/account/o2/token/",
        {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": "http://modern.example/cb",
            "client_id": client_app.client_id,
            "client_secret": secret,
        },
    )
    assert token.status_code == 200, token.content
    bearer = token.json()["access_token"]
    me = Client().get("/test/whoami", HTTP_AUTHORIZATION=f"Bearer {bearer}")
    assert me.json()["user"] == "bob"
    assert model.objects.count() == 1
