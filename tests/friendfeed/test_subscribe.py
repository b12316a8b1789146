"""/subscribe and /unsubscribe (with lists; "requested" for private feeds)."""

from __future__ import annotations

from journal.models import Subscription
from tests.friendfeed.conftest import xml


def test_subscribe_and_unsubscribe(alice, erin, ff):
    assert ff(erin).json("post", "/subscribe", {"feed": "alice"}) == {"status": "subscribed"}
    assert Subscription.objects.filter(user=erin, journal=alice.journal).exists()
    assert ff(erin).json("post", "/unsubscribe", {"feed": "alice"}) == {"status": "unsubscribed"}
    assert not Subscription.objects.filter(user=erin).exists()


def test_private_feed_gives_requested(alice, erin, ff):
    alice.journal.is_private = True
    alice.journal.save()
    assert ff(erin).json("post", "/subscribe", {"feed": "alice"}) == {"status": "requested"}


def test_subscribe_into_a_list(network, ff):
    alice, erin = network["alice"], network["erin"]
    data = ff(alice).json("post", "/subscribe", {"feed": "erin", "list": "list/close-friends"})
    assert data == {"status": "subscribed"}
    sub = Subscription.objects.get(user=alice, journal=erin.journal)
    assert sub.groupmask & (1 << 1)
    ff(alice).json("post", "/unsubscribe", {"feed": "erin", "list": "list/close-friends"})
    sub.refresh_from_db()
    assert not sub.groupmask & (1 << 1)
    assert Subscription.objects.filter(user=alice, journal=erin.journal).exists()


def test_subscribe_errors(alice, ff):
    assert ff(alice).json("post", "/subscribe", status=400) == {"errorCode": "feed-required"}
    assert ff(alice).json("post", "/subscribe", {"feed": "ghost"}, status=404) == {
        "errorCode": "feed-not-found"
    }
    assert ff(alice).json("post", "/subscribe", {"feed": "alice"}, status=400)
    assert ff().json("post", "/subscribe", {"feed": "alice"}, status=401)
    assert not Subscription.objects.exists()


def test_subscribe_in_xml(alice, erin, ff):
    root = xml(ff(erin).post("/subscribe?format=xml", {"feed": "alice"}))
    assert root.findtext("status") == "subscribed"
