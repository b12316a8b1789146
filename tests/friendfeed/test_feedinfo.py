"""/feedinfo/<id> (subscriptions, subscribers, admins, feeds; include=) and POST /feedinfo."""

from __future__ import annotations

from journal.models import Journal
from tests.friendfeed.conftest import xml


def test_user_feedinfo(network, ff):
    data = ff().json("get", "/feedinfo/alice")
    assert data["id"] == "alice" and data["type"] == "user" and len(data["sup_id"]) == 8
    assert [s["id"] for s in data["subscribers"]] == ["bob", "charlie", "dave"]
    assert [s["id"] for s in data["subscriptions"]] == ["bob", "charlie"]
    assert "entries" not in data


def test_group_feedinfo_lists_admins(pond, ff):
    data = ff().json("get", "/feedinfo/pond")
    assert data["type"] == "group"
    assert [a["id"] for a in data["admins"]] == ["alice"]


def test_list_feedinfo_lists_its_feeds(network, ff):
    data = ff(network["alice"]).json("get", "/feedinfo/list/close-friends")
    assert data["type"] == "special" and [f["id"] for f in data["feeds"]] == ["bob"]


def test_private_feed_hides_its_people_from_strangers(network, ff):
    alice = network["alice"]
    Journal.objects.filter(pk=alice.journal.pk).update(is_private=True)
    data = ff(network["erin"]).json("get", "/feedinfo/alice")
    assert data["private"] is True and "subscribers" not in data
    assert "subscribers" in ff(network["bob"]).json("get", "/feedinfo/alice")


def test_feedinfo_xml_and_include(network, ff):
    root = xml(ff().get("/feedinfo/alice", {"format": "xml"}))
    assert root.tag == "feed"
    assert [s.findtext("id") for s in root.findall("subscriber")] == ["bob", "charlie", "dave"]
    data = ff().json("get", "/feedinfo/alice", {"include": "subscriptions"})
    assert set(data) == {"id", "subscriptions"}


def test_update_name_and_description(alice, ff):
    data = ff(alice).json("post", "/feedinfo", {"name": "Alice L.", "description": "Hi there"})
    assert data["name"] == "Alice L." and data["description"] == "Hi there"
    alice.refresh_from_db()
    assert alice.name == "Alice L."


def test_update_a_group_needs_admin(pond, ff, alice, bob):
    assert ff(bob).json("post", "/feedinfo", {"feed": "pond", "name": "Mine"}, status=403)
    data = ff(alice).json("post", "/feedinfo", {"feed": "pond", "name": "Big Pond"})
    assert data["name"] == "Big Pond"


def test_feedinfo_errors(db, ff):
    assert ff().json("get", "/feedinfo/ghost", status=404) == {"errorCode": "feed-not-found"}
    assert ff().json("post", "/feedinfo", {"name": "x"}, status=401)


def test_services_only_where_there_is_real_data(network, ff):
    """A syndicated journal is an imported blog; people have no linked services."""
    Journal.objects.create(
        name="newsblog",
        kind=Journal.Kind.SYNDICATED,
        title="News Blog",
        syndication_url="https://blog.example/feed.xml",
    )
    data = ff().json("get", "/feedinfo/newsblog")
    assert data["services"] == [
        {
            "id": "blog",
            "name": "Blog",
            "url": "https://blog.example/",
            "icon": "https://blog.example/favicon.ico",
            "profile": "https://blog.example/feed.xml",
        }
    ]
    root = xml(ff().get("/feedinfo/newsblog", {"format": "xml"}))
    services = root.findall("service")
    assert len(services) == 1 and services[0].findtext("profile") == "https://blog.example/feed.xml"
    assert "services" not in ff().json("get", "/feedinfo/alice")
    assert not xml(ff().get("/feedinfo/alice", {"format": "xml"})).findall("service")


def test_description_is_safe_html(alice, ff):
    """The page calls the description "an HTML string": clients insert it as HTML, so it
    goes out sanitised as the website shows it, never as the script someone stored."""
    raw = '<b>Hi</b> <script>alert(1)</script><a href="javascript:x()" onclick="y()">me</a>'
    data = ff(alice).json("post", "/feedinfo", {"description": raw})
    for out in (data, ff().json("get", "/feedinfo/alice"), ff().json("get", "/feed/alice")):
        html = out["description"]
        assert "<b>Hi</b>" in html
        assert "<script" not in html and "javascript:" not in html and "onclick" not in html


def test_suspended_people_are_not_listed(network, pond, ff):
    """A suspended account is feed-not-found everywhere else; feedinfo does not name it."""
    from journal.models import User

    User.objects.filter(username__in=["bob", "alice"]).update(is_suspended=True)
    data = ff().json("get", "/feedinfo/charlie")
    assert "subscriptions" not in data  # charlie reads only alice
    assert "admins" not in ff().json("get", "/feedinfo/pond")
    assert [s["id"] for s in ff().json("get", "/feedinfo/dave").get("subscriptions", [])] == []
