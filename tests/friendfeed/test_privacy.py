"""LiveJournal security seen through the FriendFeed door: nothing leaks through any feed."""

from __future__ import annotations

import pytest

from journal import services
from journal.models import Journal
from journal.models.entry import Security
from tests.friendfeed.conftest import ff_id, lj_post
from tests.friendfeed.oauth_support import make_app

FEEDS = [
    "alice",
    "home",
    "public",
    "alice/friends",
    "bob/friends",
    "bob/likes",
    "bob/comments",
    "charlie/friendlikes",
    "alice/summary/7",
    "summary/7",
    "filter/discussions",
    "groups",
    "me",
]


def visible_bodies(ff, user, feed) -> set[str]:
    response = ff(user).get(f"/feed/{feed}", {"raw": 1, "num": 100})
    if response.status_code != 200:
        return set()
    import orjson

    return {e["rawBody"] for e in orjson.loads(response.content)["entries"]}


@pytest.fixture
def secrets_of_alice(network, pond):
    alice, bob = network["alice"], network["bob"]
    friends = lj_post(alice, "friends only", security=Security.USEMASK, allowmask=1)
    close = lj_post(alice, "close friends", security=Security.USEMASK, allowmask=1 << 1)
    private = lj_post(alice, "private", security=Security.PRIVATE)
    members = services.post_entry(
        alice, journal=pond, body="members only", security=Security.USEMASK, allowmask=1
    )
    public = lj_post(alice, "public")
    for entry in (friends, close, public):
        services.like_entry(bob, entry)
        services.add_comment(bob, entry, "seen")
    return {
        "friends": friends,
        "close": close,
        "private": private,
        "members": members,
        "public": public,
    }


@pytest.mark.parametrize("feed", FEEDS)
def test_strangers_see_only_public(secrets_of_alice, network, ff, feed):
    for who in (None, network["erin"], network["dave"]):
        seen = visible_bodies(ff, who, feed)
        assert seen <= {"public"}, (who, feed, seen)


def test_trusted_friend_sees_what_alice_allowed(secrets_of_alice, network, ff):
    bob, charlie = network["bob"], network["charlie"]
    assert visible_bodies(ff, bob, "alice") == {
        "friends only", "close friends", "public"
    }  # fmt: skip
    assert visible_bodies(ff, charlie, "alice") == {"friends only", "public"}
    assert visible_bodies(ff, bob, "pond") == {"members only"}
    assert visible_bodies(ff, charlie, "pond") == set()
    assert "private" not in visible_bodies(ff, bob, "home")
    assert "private" in visible_bodies(ff, network["alice"], "alice")


def test_entry_comment_and_short_lookups_do_not_leak(secrets_of_alice, network, ff):
    entry = secrets_of_alice["friends"]
    for who in (None, network["erin"], network["dave"]):
        client = ff(who)
        assert client.get(f"/entry/{ff_id(entry)}").status_code == 404
        assert client.get(f"/feed/{ff_id(entry)}").status_code == 404
        assert client.get("/entry", {"id": ff_id(entry)}).content.count(b"friends only") == 0
        comment = entry.comments.first()
        assert client.get(f"/comment/{ff_id(entry)}/c/{comment.uuid.hex}").status_code == 404
        assert client.post("/like", {"entry": ff_id(entry)}).status_code in (401, 404)
    assert ff(network["bob"]).get(f"/entry/{ff_id(entry)}").status_code == 200


def test_private_journal_needs_approval(network, ff):
    alice, erin = network["alice"], network["erin"]
    Journal.objects.filter(pk=alice.journal.pk).update(is_private=True)
    lj_post(alice, "for approved readers")
    ff(erin).json("post", "/subscribe", {"feed": "alice", "appid": make_app().consumer_key})
    assert visible_bodies(ff, erin, "alice") == set()
    assert visible_bodies(ff, erin, "home") == set()
    services.approve_subscription(alice, alice.journal, erin)
    assert visible_bodies(ff, erin, "alice") == {"for approved readers"}


def test_direct_messages_reach_only_recipients(network, ff):
    alice, bob = network["alice"], network["bob"]
    ff(alice).json("post", "/entry", {"body": "just for bob", "to": "bob"})
    assert "just for bob" in visible_bodies(ff, bob, "filter/direct")
    assert "just for bob" in visible_bodies(ff, bob, "home")
    for who in (None, network["charlie"], network["erin"]):
        for feed in ("alice", "public", "home", "filter/direct"):
            assert "just for bob" not in visible_bodies(ff, who, feed)
    assert ff(network["charlie"]).json("get", "/search", {"q": "bob"})["entries"] == []


def test_lj_post_shows_here_with_the_same_visibility(network, ff):
    """An entry written through journal.services.post_entry with LJ security, read via FF."""
    alice = network["alice"]
    entry = services.post_entry(
        alice,
        subject="LJ subject",
        body="<b>html</b> body",
        security=Security.USEMASK,
        allowmask=1 << 1,
        props={"current_mood": "happy"},
    )
    data = ff(network["bob"]).json("get", f"/entry/{ff_id(entry)}")
    assert data["body"].startswith("LJ subject - <b>html</b>")
    assert data["rawBody"] == "LJ subject - html body"
    assert data["url"].endswith(f"/alice/{entry.ditemid}.html")
    assert ff(network["charlie"]).get(f"/entry/{ff_id(entry)}").status_code == 404


def test_private_persons_activity_and_subscriptions_stay_with_approved_readers(network, ff):
    """/feedinfo hides a private feed's subscriptions from strangers; its friends,
    friendlikes, comments and likes feeds (and the same search operators) would otherwise
    list them entry by entry."""
    alice, bob, dave, erin = (network[k] for k in ("alice", "bob", "dave", "erin"))
    Journal.objects.filter(pk=dave.journal.pk).update(is_private=True)
    public = lj_post(bob, "bob in public")
    services.set_friend(dave, bob.journal)
    services.add_comment(dave, public, "dave was here")
    services.like_entry(dave, public)
    services.like_entry(bob, lj_post(alice, "alice in public"))
    feeds = ["dave/friends", "dave/comments", "dave/likes", "dave/friendlikes"]
    searches = ["friends:dave", "comment:dave", "like:dave"]
    for who in (None, erin, alice):  # alice: dave reads her, she has not approved... him
        for feed in feeds:
            assert visible_bodies(ff, who, feed) == set(), (who, feed)
        for q in searches:
            assert ff(who).json("get", "/search", {"q": q})["entries"] == [], (who, q)
    journal = Journal.objects.get(pk=dave.journal.pk)
    assert services.subscribe(erin, journal).status == "requested"
    assert ff(erin).json("get", "/search", {"q": "friends:dave"})["entries"] == []
    services.approve_subscription(dave, journal, erin)
    assert "bob in public" in visible_bodies(ff, erin, "dave/friends")
    assert visible_bodies(ff, erin, "dave/comments") == {"bob in public"}
    assert visible_bodies(ff, dave, "dave/likes") == {"bob in public"}
    assert ff(erin).json("get", "/search", {"q": "comment:dave"})["entries"]
