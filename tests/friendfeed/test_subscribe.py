"""/subscribe and /unsubscribe (with lists; "requested" for private feeds).

The page requires a registered application for exactly these two methods: "the request
must use OAuth or Basic Auth with the appid parameter containing your application's
consumer key". Other write methods need only a user (pinned at the end).
"""

from __future__ import annotations

import json

import pytest
from django.test import Client

from api.friendfeed.models import AccessToken
from journal.models import Subscription
from tests.friendfeed.conftest import xml
from tests.friendfeed.oauth_support import make_app, signed_request


@pytest.fixture
def app(db):
    return make_app(name="Subscriber App")


@pytest.fixture
def appid(app) -> dict[str, str]:
    return {"appid": app.consumer_key}


def test_subscribe_and_unsubscribe(alice, erin, ff, appid):
    data = {"feed": "alice", **appid}
    assert ff(erin).json("post", "/subscribe", data) == {"status": "subscribed"}
    assert Subscription.objects.filter(user=erin, journal=alice.journal).exists()
    assert ff(erin).json("post", "/unsubscribe", data) == {"status": "unsubscribed"}
    assert not Subscription.objects.filter(user=erin).exists()


def test_appid_in_the_query_string_of_a_post(alice, erin, ff, app):
    response = ff(erin).post(f"/subscribe?appid={app.consumer_key}", {"feed": "alice"})
    assert response.status_code == 200, response.content


def test_private_feed_gives_requested(alice, erin, ff, appid):
    alice.journal.is_private = True
    alice.journal.save()
    assert ff(erin).json("post", "/subscribe", {"feed": "alice", **appid}) == {
        "status": "requested"
    }


def test_subscribe_into_a_list(network, ff, appid):
    alice, erin = network["alice"], network["erin"]
    data = ff(alice).json(
        "post", "/subscribe", {"feed": "erin", "list": "list/close-friends", **appid}
    )
    assert data == {"status": "subscribed"}
    sub = Subscription.objects.get(user=alice, journal=erin.journal)
    assert sub.groupmask & (1 << 1)
    ff(alice).json("post", "/unsubscribe", {"feed": "erin", "list": "list/close-friends", **appid})
    sub.refresh_from_db()
    assert not sub.groupmask & (1 << 1)
    assert Subscription.objects.filter(user=alice, journal=erin.journal).exists()


def test_subscribe_errors(alice, ff, appid):
    client = ff(alice)
    assert client.json("post", "/subscribe", appid, status=400) == {"errorCode": "feed-required"}
    assert client.json("post", "/subscribe", {"feed": "ghost", **appid}, status=404) == {
        "errorCode": "feed-not-found"
    }
    assert client.json("post", "/subscribe", {"feed": "alice", **appid}, status=400)
    assert ff().json("post", "/subscribe", {"feed": "alice", **appid}, status=401)
    assert not Subscription.objects.exists()


def test_subscribe_in_xml(alice, erin, ff, app):
    root = xml(ff(erin).post(f"/subscribe?format=xml&appid={app.consumer_key}", {"feed": "alice"}))
    assert root.findtext("status") == "subscribed"


# -- a registered application is required ------------------------------------------------


@pytest.mark.parametrize("path", ["/subscribe", "/unsubscribe"])
def test_basic_auth_without_appid_is_refused(alice, erin, ff, path):
    services_sub = Subscription.objects.filter(user=erin)
    assert ff(erin).json("post", path, {"feed": "alice"}, status=400) == {
        "errorCode": "appid-required"
    }
    root = xml(ff(erin).post(f"{path}?format=xml", {"feed": "alice"}))
    assert root.findtext("errorCode") == "appid-required"
    assert not services_sub.exists()


@pytest.mark.parametrize("path", ["/subscribe", "/unsubscribe"])
def test_unknown_or_disabled_appid_is_forbidden(alice, erin, ff, app, path):
    assert ff(erin).json("post", path, {"feed": "alice", "appid": "nope"}, status=403) == {
        "errorCode": "forbidden"
    }
    app.is_active = False
    app.save()
    assert ff(erin).json(
        "post", path, {"feed": "alice", "appid": app.consumer_key}, status=403
    ) == {"errorCode": "forbidden"}
    assert not Subscription.objects.filter(user=erin).exists()


def test_oauth_requests_need_no_appid(alice, erin, app):
    token = AccessToken.objects.create(application=app, user=erin)
    response = signed_request(
        Client(),
        "POST",
        "/v2/subscribe",
        app,
        token=token.key,
        token_secret=token.secret,
        params={"feed": "alice"},
    )
    assert response.status_code == 200, response.content
    assert json.loads(response.content) == {"status": "subscribed"}
    assert Subscription.objects.filter(user=erin, journal=alice.journal).exists()


def test_other_write_methods_need_no_appid(alice, ff):
    """The page asks for a registered application on /subscribe and /unsubscribe only."""
    created = ff(alice).json("post", "/entry", {"body": "no appid needed"})
    assert ff(alice).json("post", "/comment", {"entry": created["id"], "body": "ok"})["id"]
    assert ff(alice).json("post", "/feedinfo", {"name": "Alice L."})["name"] == "Alice L."
