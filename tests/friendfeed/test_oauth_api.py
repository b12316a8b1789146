"""OAuth on the real API methods: /v2/validate and a POST /v2/entry credited via the app."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from api.friendfeed.models import AccessToken
from journal.models import Entry
from tests.friendfeed.oauth_support import make_app, signed_request


@pytest.fixture
def app(db):
    return make_app(name="Poster App", url="http://poster.example/")


@pytest.fixture
def token(alice, app):
    return AccessToken.objects.create(application=app, user=alice)


@pytest.mark.parametrize("prefix", ["/v2", "/api/v2"])
@pytest.mark.parametrize("placement", ["header", "query"])
def test_validate_with_oauth(app, token, prefix, placement):
    response = signed_request(
        Client(),
        "GET",
        f"{prefix}/validate",
        app,
        token=token.key,
        token_secret=token.secret,
        placement=placement,
    )
    assert response.status_code == 200, response.content
    assert json.loads(response.content)["id"] == "alice"


def test_validate_with_a_forged_signature_is_401(app, token):
    response = signed_request(
        Client(), "GET", "/v2/validate", app, token=token.key, token_secret="forged"
    )
    assert response.status_code == 401
    assert json.loads(response.content) == {"errorCode": "unauthorized"}


@pytest.mark.parametrize("placement", ["header", "body", "query"])
def test_post_entry_with_oauth_is_credited_to_the_app(app, token, placement):
    response = (
        signed_request(
            Client(),
            "GET" if placement == "query" else "POST",
            "/v2/entry",
            app,
            token=token.key,
            token_secret=token.secret,
            placement=placement,
            params={"body": "Posted through OAuth ✓"},
        )
        if placement != "query"
        else _post_with_query_params(app, token)
    )
    assert response.status_code == 200, response.content
    entry = Entry.objects.get()
    assert entry.body == "Posted through OAuth ✓"
    assert (entry.via_name, entry.via_url) == ("Poster App", "http://poster.example/")
    assert json.loads(response.content)["via"] == {
        "name": "Poster App",
        "url": "http://poster.example/",
    }


def _post_with_query_params(app, token):
    """Flucso style: a POST whose parameters (and oauth_*) are all in the query string."""
    from oauthlib.oauth1 import SIGNATURE_TYPE_QUERY
    from oauthlib.oauth1 import Client as OAuthClient

    signer = OAuthClient(
        app.consumer_key,
        client_secret=app.consumer_secret,
        resource_owner_key=token.key,
        resource_owner_secret=token.secret,
        signature_type=SIGNATURE_TYPE_QUERY,
    )
    uri, _, _ = signer.sign(
        "http://testserver/v2/entry?body=Posted+through+OAuth+%E2%9C%93", http_method="POST"
    )
    return Client().post(uri.removeprefix("http://testserver"))
