"""/feed/<feed id>: every feed id of the page, paging and the errors."""

from __future__ import annotations

import datetime as dt

import orjson
import pytest
from django.utils import timezone

from journal import services
from journal.models import Entry
from tests.friendfeed.conftest import ff_id, lj_post


def bodies(data) -> list[str]:
    return [e["body"] for e in data["entries"]]


def test_user_feed_newest_first(alice, ff):
    lj_post(alice, "first")
    lj_post(alice, "second")
    data = ff().json("get", "/feed/alice")
    assert data["id"] == "alice" and data["name"] == "Alice Liddell" and data["type"] == "user"
    assert bodies(data) == ["second", "first"]
    assert data["entries"][0]["from"] == {"id": "alice", "name": "Alice Liddell", "type": "user"}


def test_unknown_and_malformed_feed_ids(db, ff):
    assert ff().json("get", "/feed/nobody", status=404) == {"errorCode": "feed-not-found"}
    assert ff().json("get", "/feed/bad!name", status=404) == {"errorCode": "feed-not-found"}
    assert ff().json("get", "/feed/e/zzzz", status=400) == {"errorCode": "bad-id-format"}


def test_personal_feeds_need_authentication(db, ff):
    for feed in (
        "home",
        "me",
        "filter/direct",
        "filter/discussions",
        "groups",
        "summary/7",
        "list/x",
        "notifications/desktop",
    ):
        assert ff().json("get", f"/feed/{feed}", status=401) == {"errorCode": "unauthorized"}


def test_home_has_own_and_subscribed_entries(network, pond, ff):
    alice, bob, erin = network["alice"], network["bob"], network["erin"]
    lj_post(alice, "alice writes")
    lj_post(bob, "bob writes")
    lj_post(erin, "erin writes")
    services.post_entry(bob, journal=pond, body="in the pond")
    data = ff(bob).json("get", "/feed/home")
    assert data["id"] == "home" and data["type"] == "special"
    assert bodies(data) == ["in the pond", "bob writes", "alice writes"]


def test_me_is_the_authenticated_users_feed(alice, bob, ff):
    lj_post(alice, "mine")
    lj_post(bob, "not mine")
    assert bodies(ff(alice).json("get", "/feed/me")) == ["mine"]


def test_friends_feed_of_a_user(network, ff):
    bob, charlie = network["bob"], network["charlie"]
    lj_post(bob, "bob")
    lj_post(charlie, "charlie")
    lj_post(network["erin"], "erin")
    # alice reads bob and charlie; anyone may look at alice/friends (public entries).
    data = ff().json("get", "/feed/alice/friends")
    assert data["id"] == "alice/friends"
    assert bodies(data) == ["charlie", "bob"]


def test_comments_likes_and_friendlikes_feeds(network, ff):
    alice, bob, charlie, erin = (network[k] for k in ("alice", "bob", "charlie", "erin"))
    commented = lj_post(erin, "erin one")
    liked = lj_post(erin, "erin two")
    lj_post(erin, "erin three")
    services.add_comment(bob, commented, "nice")
    services.like_entry(bob, liked)
    assert bodies(ff().json("get", "/feed/bob/comments")) == ["erin one"]
    assert bodies(ff().json("get", "/feed/bob/likes")) == ["erin two"]
    # alice reads bob, so what bob likes is in alice/friendlikes; charlie reads only alice.
    assert bodies(ff().json("get", "/feed/alice/friendlikes")) == ["erin two"]
    assert bodies(ff().json("get", "/feed/charlie/friendlikes")) == []
    assert charlie and alice


def test_summary_orders_by_activity(network, ff):
    alice, bob, charlie = network["alice"], network["bob"], network["charlie"]
    quiet = lj_post(alice, "quiet")
    popular = lj_post(alice, "popular")
    old = lj_post(alice, "old but loved")
    Entry.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=10))
    services.like_entry(bob, popular)
    services.like_entry(charlie, popular)
    services.add_comment(bob, quiet, "hm")
    services.like_entry(bob, old)
    services.like_entry(charlie, old)
    services.add_comment(bob, old, "x")
    data = ff().json("get", "/feed/alice/summary/7")
    assert bodies(data) == ["popular", "quiet"]
    assert bodies(ff(bob).json("get", "/feed/summary/30"))[0] == "old but loved"
    assert ff().json("get", "/feed/alice/summary/x", status=400)["errorCode"] == "bad-id-format"


def test_list_feed_and_its_summary(network, ff):
    alice, bob, charlie = network["alice"], network["bob"], network["charlie"]
    lj_post(bob, "bob is close")
    lj_post(charlie, "charlie is not")
    data = ff(alice).json("get", "/feed/list/close-friends")
    assert data["id"] == "list/close-friends" and data["name"] == "Close friends"
    assert bodies(data) == ["bob is close"]
    assert bodies(ff(alice).json("get", "/feed/list/1")) == ["bob is close"]
    data = ff(alice).json("get", "/feed/list/close-friends/summary/3")
    assert data["id"] == "list/close-friends/summary/3"
    assert bodies(data) == ["bob is close"]
    assert ff(alice).json("get", "/feed/list/nope", status=404)["errorCode"] == "feed-not-found"


def test_direct_messages_feed(network, ff):
    alice, bob, charlie = network["alice"], network["bob"], network["charlie"]
    ff(alice).json("post", "/entry", {"body": "psst bob", "to": "bob"})
    lj_post(alice, "public")
    assert bodies(ff(bob).json("get", "/feed/filter/direct")) == ["psst bob"]
    assert bodies(ff(alice).json("get", "/feed/filter/direct")) == ["psst bob"]
    assert bodies(ff(charlie).json("get", "/feed/filter/direct")) == []


def test_discussions_feed(network, ff):
    alice, bob, erin = network["alice"], network["bob"], network["erin"]
    a = lj_post(erin, "commented by alice")
    b = lj_post(erin, "liked by alice")
    lj_post(erin, "ignored")
    services.add_comment(alice, a, "hi")
    services.like_entry(alice, b)
    assert bodies(ff(alice).json("get", "/feed/filter/discussions")) == [
        "liked by alice",
        "commented by alice",
    ]
    assert bob


def test_groups_feed(network, pond, ff):
    bob = network["bob"]
    services.post_entry(bob, journal=pond, body="pond news")
    lj_post(bob, "personal")
    assert bodies(ff(bob).json("get", "/feed/groups")) == ["pond news"]
    data = ff().json("get", "/feed/pond")
    assert data["type"] == "group" and bodies(data) == ["pond news"]


def test_single_entry_feed(alice, ff):
    entry = lj_post(alice, "only me")
    lj_post(alice, "not me")
    data = ff().json("get", f"/feed/{ff_id(entry)}")
    assert bodies(data) == ["only me"]
    missing = "e/" + "0" * 32
    assert ff().json("get", f"/feed/{missing}", status=404)["errorCode"] == "entry-not-found"


def test_public_feed_has_only_public_entries(network, ff):
    alice = network["alice"]
    lj_post(alice, "everyone", security="public")
    lj_post(alice, "friends", security="usemask", allowmask=1)
    assert bodies(ff(network["bob"]).json("get", "/feed/public")) == ["everyone"]


def test_notifications_desktop(network, ff):
    alice, bob = network["alice"], network["bob"]
    mine = lj_post(alice, "my entry")
    lj_post(alice, "nobody cares")
    services.add_comment(bob, mine, "reply")
    ff(bob).json("post", "/entry", {"body": "dm to alice", "to": "alice"})
    assert bodies(ff(alice).json("get", "/feed/notifications/desktop")) == [
        "dm to alice",
        "my entry",
    ]


def test_start_and_num_with_cap(alice, ff):
    for i in range(5):
        lj_post(alice, f"e{i}")
    assert bodies(ff().json("get", "/feed/alice", {"start": 1, "num": 2})) == ["e3", "e2"]
    assert len(ff().json("get", "/feed/alice", {"num": 1000})["entries"]) == 5
    assert ff().json("get", "/feed/alice", {"num": "x"}, status=400)["errorCode"] == "bad-num"
    # An empty value means absent (Flucso sends `cursor=`; some clients send `start=`).
    assert len(ff().json("get", "/feed/alice", {"start": ""})["entries"]) == 5


def test_num_is_capped_at_100(alice, ff):
    Entry.objects.bulk_create(
        Entry(
            journal=alice.journal,
            poster=alice,
            body=f"b{i}",
            body_html=f"b{i}",
            item_number=i + 1,
            anum=0,
            event_time=timezone.now(),
        )
        for i in range(105)
    )
    assert len(ff().json("get", "/feed/alice", {"num": 150})["entries"]) == 100


def test_feed_commands_for_the_viewer(network, pond, ff):
    alice, erin = network["alice"], network["erin"]
    assert ff(erin).json("get", "/feed/alice")["commands"] == ["subscribe", "dm"]
    assert ff(network["bob"]).json("get", "/feed/alice")["commands"] == ["unsubscribe", "dm"]
    assert ff(alice).json("get", "/feed/alice")["commands"] == ["post", "admin"]
    assert ff(alice).json("get", "/feed/pond")["commands"] == ["unsubscribe", "post", "admin"]
    assert "commands" not in ff().json("get", "/feed/alice")


# Built: the test client's key (1), the content version (1), auth (1), viewer's subscriptions
# and memberships (2), [the journal (1)], entries (1), recipients and attachments (2),
# comments (1), likes (1), hides (1), session-free: no more. Unchanged since the last read:
# the test client's key and the content version (journal/readcache.py).
@pytest.mark.parametrize(("feed", "queries"), [("home", 11), ("alice", 12)])
def test_feed_costs_a_fixed_number_of_queries(
    network, pond, ff, feed, queries, django_assert_num_queries
):
    alice, bob, charlie = network["alice"], network["bob"], network["charlie"]
    client = ff(bob)
    first = lj_post(alice, "first")
    services.add_comment(charlie, first, "c")
    services.like_entry(bob, first)
    client.get(f"/feed/{feed}")  # warm caches (content types, etc.)
    with django_assert_num_queries(2):
        assert client.get(f"/feed/{feed}").status_code == 200
    services.like_entry(charlie, first)  # any change: the next read is built again
    with django_assert_num_queries(queries):
        assert client.get(f"/feed/{feed}").status_code == 200
    for i in range(30):
        entry = lj_post(alice, f"entry {i}")
        ff(bob).json("post", "/entry", {"body": f"dm {i}", "to": "alice"})
        services.add_comment(charlie, entry, f"comment {i}")
        services.add_comment(bob, entry, f"comment {i}")
        services.like_entry(bob, entry)
        services.like_entry(charlie, entry)
    services.post_entry(alice, journal=pond, body="to the group", to_journals=[])
    with django_assert_num_queries(queries):
        response = client.get(f"/feed/{feed}", {"num": 30})
    assert len(orjson.loads(response.content)["entries"]) == 30
