"""/like and /like/delete."""

from __future__ import annotations

from journal.models import Like
from tests.friendfeed.conftest import ff_id, lj_post, xml


def test_like_and_unlike(alice, bob, ff):
    entry = lj_post(alice, "post")
    data = ff(bob).json("post", "/like", {"entry": ff_id(entry)})
    assert data["from"]["id"] == "bob" and "date" in data
    assert Like.objects.filter(entry=entry, user=bob).exists()
    assert ff(bob).json("get", f"/entry/{ff_id(entry)}")["commands"] == [
        "comment",
        "unlike",
        "hide",
    ]
    assert ff(bob).json("post", "/like/delete", {"entry": ff_id(entry)}) == {"success": True}
    assert not Like.objects.exists()


def test_cannot_like_own_entry(alice, ff):
    entry = lj_post(alice, "post")
    assert ff(alice).json("post", "/like", {"entry": ff_id(entry)}, status=403) == {
        "errorCode": "forbidden"
    }
    assert not Like.objects.exists()


def test_like_needs_an_entry(alice, ff):
    assert ff(alice).json("post", "/like", status=400) == {"errorCode": "entry-required"}
    missing = "e/" + "1" * 32
    assert ff(alice).json("post", "/like", {"entry": missing}, status=404)


def test_like_in_xml(alice, bob, ff):
    entry = lj_post(alice, "post")
    root = xml(ff(bob).post("/like?format=xml", {"entry": ff_id(entry)}))
    assert root.tag == "like" and root.find("from").findtext("id") == "bob"
