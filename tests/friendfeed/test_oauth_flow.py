"""The 3-legged OAuth 1.0a flow at /account/oauth/* with an independent signer."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from api.friendfeed.models import AccessToken, Nonce, RequestToken
from tests.friendfeed.oauth_support import (
    form,
    make_app,
    redirect_params,
    signed_request,
)

pytestmark = pytest.mark.urls("tests.friendfeed.oauth_support")


@pytest.fixture
def app(db):
    return make_app()


def _method_for(placement: str) -> str:
    return "GET" if placement == "query" else "POST"


def _full_flow(app, user, client_for, placement: str, *, callback: str | None = None):
    client = Client()
    method = _method_for(placement)
    response = signed_request(
        client, method, "/account/oauth/request_token", app, placement=placement, callback=callback
    )
    assert response.status_code == 200, response.content
    request_token = form(response)
    assert request_token["oauth_callback_confirmed"] == "true"

    browser = client_for(user)
    page = browser.get(f"/account/oauth/authorize?oauth_token={request_token['oauth_token']}")
    assert page.status_code == 200
    assert app.name in page.content.decode()
    approved = browser.post(
        "/account/oauth/authorize",
        {"oauth_token": request_token["oauth_token"], "approve": "1"},
    )
    assert approved.status_code == 302
    back = redirect_params(approved)
    assert back["oauth_token"] == request_token["oauth_token"]
    assert back["oauth_verifier"]

    response = signed_request(
        client,
        method,
        "/account/oauth/access_token",
        app,
        token=request_token["oauth_token"],
        token_secret=request_token["oauth_token_secret"],
        verifier=back["oauth_verifier"],
        placement=placement,
    )
    assert response.status_code == 200, response.content
    return form(response), approved


@pytest.mark.parametrize("placement", ["header", "query", "body"])
def test_three_legged_flow_then_resource_request(alice, client_for, app, placement):
    access, _ = _full_flow(app, alice, client_for, placement, callback=None)
    assert access["username"] == "alice"
    assert set(access) >= {"oauth_token", "oauth_token_secret", "username"}
    assert AccessToken.objects.filter(user=alice, application=app, kind="web").count() == 1
    assert not RequestToken.objects.exists()  # single use, gone after the exchange

    response = signed_request(
        Client(),
        _method_for(placement),
        "/test/whoami",
        app,
        token=access["oauth_token"],
        token_secret=access["oauth_token_secret"],
        placement=placement,
        params={"body": "Grüße aus Köln", "to": "me"} if placement != "query" else {"q": "x y"},
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["user"] == "alice"
    assert data["via"] == {"name": "Test Client", "url": "http://client.example/"}
    if placement != "query":
        assert data["data"]["body"] == ["Grüße aus Köln"]


def test_registered_callback_gets_token_and_verifier(alice, client_for, app):
    _, approved = _full_flow(app, alice, client_for, "query")
    assert approved["Location"].startswith("http://client.example/callback?")


def test_oauth_callback_on_another_host_is_ignored(alice, client_for, app):
    _, approved = _full_flow(app, alice, client_for, "header", callback="http://evil.example/x")
    assert approved["Location"].startswith("http://client.example/callback?")


def test_oauth_callback_on_the_registered_host_is_honoured(alice, client_for, app):
    _, approved = _full_flow(
        app, alice, client_for, "header", callback="http://client.example/done?state=7"
    )
    assert approved["Location"].startswith("http://client.example/done?state=7&oauth_token=")


def test_oob_callback_shows_the_verifier(alice, client_for, app):
    client = Client()
    rt = form(signed_request(client, "POST", "/account/oauth/request_token", app, callback="oob"))
    page = client_for(alice).post(
        "/account/oauth/authorize", {"oauth_token": rt["oauth_token"], "approve": "1"}
    )
    assert page.status_code == 200
    verifier = RequestToken.objects.get(key=rt["oauth_token"]).verifier
    assert verifier in page.content.decode()


def test_oauth_1_0_client_without_callback_or_verifier(alice, client_for, app):
    """FriendFeed's own library: GETs, no oauth_callback, never sends oauth_verifier."""
    client = Client()
    rt = form(signed_request(client, "GET", "/account/oauth/request_token", app, placement="query"))
    client_for(alice).post(
        "/account/oauth/authorize", {"oauth_token": rt["oauth_token"], "approve": "1"}
    )
    response = signed_request(
        client,
        "GET",
        "/account/oauth/access_token",
        app,
        token=rt["oauth_token"],
        token_secret=rt["oauth_token_secret"],
        placement="query",
    )
    assert response.status_code == 200
    assert form(response)["username"] == "alice"


def test_oauth_1_0a_client_must_send_the_verifier(alice, client_for, app):
    client = Client()
    rt = form(
        signed_request(
            client, "POST", "/account/oauth/request_token", app, callback="http://client.example/c"
        )
    )
    client_for(alice).post(
        "/account/oauth/authorize", {"oauth_token": rt["oauth_token"], "approve": "1"}
    )
    for verifier in (None, "wrong-verifier-123"):
        response = signed_request(
            client,
            "POST",
            "/account/oauth/access_token",
            app,
            token=rt["oauth_token"],
            token_secret=rt["oauth_token_secret"],
            verifier=verifier,
        )
        assert response.status_code == 401
        assert json.loads(response.content) == {"errorCode": "unauthorized"}
    assert not AccessToken.objects.exists()


def test_unapproved_request_token_cannot_be_exchanged(alice, app):
    client = Client()
    rt = form(signed_request(client, "POST", "/account/oauth/request_token", app))
    response = signed_request(
        client,
        "POST",
        "/account/oauth/access_token",
        app,
        token=rt["oauth_token"],
        token_secret=rt["oauth_token_secret"],
        verifier="a" * 24,
    )
    assert response.status_code == 401
    assert not AccessToken.objects.exists()


def test_request_token_is_single_use(alice, client_for, app):
    client = Client()
    rt = form(signed_request(client, "POST", "/account/oauth/request_token", app))
    back = redirect_params(
        client_for(alice).post(
            "/account/oauth/authorize", {"oauth_token": rt["oauth_token"], "approve": "1"}
        )
    )
    kwargs = dict(
        token=rt["oauth_token"],
        token_secret=rt["oauth_token_secret"],
        verifier=back["oauth_verifier"],
    )
    first = signed_request(client, "POST", "/account/oauth/access_token", app, **kwargs)
    second = signed_request(client, "POST", "/account/oauth/access_token", app, **kwargs)
    assert first.status_code == 200
    assert second.status_code == 401
    assert AccessToken.objects.count() == 1


def test_denying_deletes_the_request_token(alice, client_for, app):
    rt = form(signed_request(Client(), "POST", "/account/oauth/request_token", app))
    page = client_for(alice).post(
        "/account/oauth/authorize", {"oauth_token": rt["oauth_token"], "deny": "1"}
    )
    assert page.status_code == 200
    assert not RequestToken.objects.exists()


def test_authorize_requires_login(app):
    rt = form(signed_request(Client(), "POST", "/account/oauth/request_token", app))
    response = Client().get(f"/account/oauth/authorize?oauth_token={rt['oauth_token']}")
    assert response.status_code == 302
    assert response["Location"].startswith("/login")
    assert RequestToken.objects.get().user_id is None


def test_authorize_with_unknown_token_is_a_400_page(alice, client_for, app):
    response = client_for(alice).get("/account/oauth/authorize?oauth_token=nope")
    assert response.status_code == 400


def test_authenticate_skips_the_prompt_for_an_authorised_app(alice, client_for, app):
    _full_flow(app, alice, client_for, "header")
    rt = form(signed_request(Client(), "POST", "/account/oauth/request_token", app))
    response = client_for(alice).get(f"/account/oauth/authenticate?oauth_token={rt['oauth_token']}")
    assert response.status_code == 302
    assert redirect_params(response)["oauth_token"] == rt["oauth_token"]


def test_authenticate_prompts_for_a_new_app(alice, client_for, app):
    rt = form(signed_request(Client(), "POST", "/account/oauth/request_token", app))
    response = client_for(alice).get(f"/account/oauth/authenticate?oauth_token={rt['oauth_token']}")
    assert response.status_code == 200
    assert b"Allow" in response.content


def test_token_endpoints_accept_get_and_post_only(app):
    assert Client().put("/account/oauth/request_token").status_code == 405


def test_request_token_is_recorded_with_its_nonce(app):
    response = signed_request(
        Client(), "GET", "/account/oauth/request_token", app, placement="query"
    )
    assert response.status_code == 200
    assert Nonce.objects.filter(consumer_key=app.consumer_key).count() == 1


def test_oauth_1_0_callback_given_to_the_authorize_page(alice, client_for, db):
    """OAuth 1.0 clients passed oauth_callback to /authorize; honoured when no callback is
    registered, and the token exchange still needs no verifier."""
    app = make_app(callback_url="")
    client = Client()
    rt = form(signed_request(client, "GET", "/account/oauth/request_token", app, placement="query"))
    browser = client_for(alice)
    page = browser.get(
        "/account/oauth/authorize",
        {"oauth_token": rt["oauth_token"], "oauth_callback": "http://old.example/back"},
    )
    assert b'name="oauth_callback" value="http://old.example/back"' in page.content
    approved = browser.post(
        "/account/oauth/authorize",
        {
            "oauth_token": rt["oauth_token"],
            "oauth_callback": "http://old.example/back",
            "approve": "1",
        },
    )
    assert approved["Location"].startswith("http://old.example/back?oauth_token=")
    response = signed_request(
        client,
        "GET",
        "/account/oauth/access_token",
        app,
        token=rt["oauth_token"],
        token_secret=rt["oauth_token_secret"],
        placement="query",
    )
    assert form(response)["username"] == "alice"
