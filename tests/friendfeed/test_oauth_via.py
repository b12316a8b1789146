"""Entries written with OAuth 1.0a (FF-B's auth class) are credited to the application."""

from __future__ import annotations

from urllib.parse import urlencode

import orjson
from django.test import Client
from oauthlib import oauth1

from api.friendfeed.models import AccessToken, Application
from journal.models import Entry


def test_oauth1_signed_post_sets_via(alice):
    app = Application.objects.create(name="Tornado app", url="http://tornado.example/")
    token = AccessToken.objects.create(application=app, user=alice)
    signer = oauth1.Client(
        app.consumer_key,
        client_secret=app.consumer_secret,
        resource_owner_key=token.key,
        resource_owner_secret=token.secret,
    )
    body = urlencode({"body": "signed"})
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    _, signed, _ = signer.sign("http://testserver/v2/entry", "POST", body, headers)
    response = Client().post(
        "/v2/entry",
        body,
        content_type="application/x-www-form-urlencoded",
        HTTP_AUTHORIZATION=signed["Authorization"],
    )
    assert response.status_code == 200, response.content
    data = orjson.loads(response.content)
    assert data["via"] == {"name": "Tornado app", "url": "http://tornado.example/"}
    assert Entry.objects.get().poster == alice


def test_forged_oauth1_signature_is_401_and_writes_nothing(alice):
    app = Application.objects.create(name="App")
    token = AccessToken.objects.create(application=app, user=alice)
    signer = oauth1.Client(
        app.consumer_key,
        client_secret="wrong-secret",
        resource_owner_key=token.key,
        resource_owner_secret=token.secret,
    )
    body = urlencode({"body": "forged"})
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    _, signed, _ = signer.sign("http://testserver/v2/entry", "POST", body, headers)
    response = Client().post(
        "/v2/entry",
        body,
        content_type="application/x-www-form-urlencoded",
        HTTP_AUTHORIZATION=signed["Authorization"],
    )
    assert response.status_code == 401
    assert orjson.loads(response.content) == {"errorCode": "unauthorized"}
    assert not Entry.objects.exists()
