"""The 3-legged flow over real HTTP with requests-oauthlib (what gLifestream uses today)."""

from __future__ import annotations

import pytest
import requests
from requests_oauthlib import OAuth1, OAuth1Session

from tests.friendfeed.oauth_support import make_app

pytestmark = [
    pytest.mark.urls("tests.friendfeed.oauth_support"),
    pytest.mark.django_db(transaction=True),
]


def test_requests_oauthlib_full_flow(live_server, client_for, alice):
    app = make_app(callback_url="http://client.example/callback")
    session = OAuth1Session(
        app.consumer_key,
        client_secret=app.consumer_secret,
        callback_uri="http://client.example/callback",
    )
    request_token = session.fetch_request_token(f"{live_server.url}/account/oauth/request_token")
    approve_url = session.authorization_url(f"{live_server.url}/account/oauth/authorize")
    assert request_token["oauth_token"] in approve_url

    browser = client_for(alice)
    approved = browser.post(
        "/account/oauth/authorize",
        {"oauth_token": request_token["oauth_token"], "approve": "1"},
    )
    session.parse_authorization_response(approved["Location"])
    access = session.fetch_access_token(f"{live_server.url}/account/oauth/access_token")
    assert access["username"] == "alice"

    signed = OAuth1Session(
        app.consumer_key,
        client_secret=app.consumer_secret,
        resource_owner_key=access["oauth_token"],
        resource_owner_secret=access["oauth_token_secret"],
    )
    me = signed.post(f"{live_server.url}/test/whoami", data={"body": "héllo wörld"})
    assert me.status_code == 200
    assert me.json()["user"] == "alice"
    assert me.json()["data"]["body"] == ["héllo wörld"]

    # The same token with the signature in the query string, and a tampered one.
    query = OAuth1(
        app.consumer_key,
        client_secret=app.consumer_secret,
        resource_owner_key=access["oauth_token"],
        resource_owner_secret=access["oauth_token_secret"],
        signature_type="query",
    )
    assert (
        requests.get(f"{live_server.url}/test/whoami", auth=query, timeout=10).json()["user"]
        == "alice"
    )
    forged = OAuth1(
        app.consumer_key,
        client_secret=app.consumer_secret,
        resource_owner_key=access["oauth_token"],
        resource_owner_secret="wrong",
    )
    assert (
        requests.get(f"{live_server.url}/test/whoami", auth=forged, timeout=10).status_code == 401
    )
