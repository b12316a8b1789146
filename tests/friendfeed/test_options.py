"""Feed options: maxcomments, maxlikes (numbers and auto), raw, fof, address_html, locale."""

from __future__ import annotations

import pytest

from journal import services
from tests.conftest import make_user
from tests.friendfeed.conftest import lj_post


@pytest.fixture
def busy(alice):
    entry = lj_post(alice, "busy http://example.com/long/path/that/goes/on/and/on")
    people = [make_user(f"fan{i}") for i in range(6)]
    for i, person in enumerate(people):
        services.add_comment(person, entry, f"comment {i}")
        services.like_entry(person, entry)
    return entry


def first(ff, **params):
    return ff().json("get", "/feed/alice", params)["entries"][0]


def test_all_comments_and_likes_by_default(busy, ff):
    entry = first(ff)
    assert len(entry["comments"]) == 6 and len(entry["likes"]) == 6


def test_maxcomments_numbers(busy, ff):
    assert "comments" not in first(ff, maxcomments=0)
    two = first(ff, maxcomments=2)["comments"]
    assert [c.get("body") for c in two] == ["comment 0", "4 more comments", "comment 5"]
    assert two[1] == {"placeholder": True, "num": 4, "body": "4 more comments"}
    assert len(first(ff, maxcomments=10)["comments"]) == 6


def test_maxcomments_auto(busy, ff):
    comments = first(ff, maxcomments="auto")["comments"]
    assert [c["body"] for c in comments] == ["comment 0", "4 more comments", "comment 5"]
    assert "id" not in comments[1] and "from" not in comments[1]


def test_maxlikes(busy, ff):
    assert "likes" not in first(ff, maxlikes=0)
    likes = first(ff, maxlikes="auto")["likes"]
    assert len(likes) == 4 and likes[3] == {"placeholder": True, "num": 3, "body": "3 other people"}
    likes = first(ff, maxlikes=2)["likes"]
    assert likes[2]["num"] == 4
    assert ff().json("get", "/feed/alice", {"maxlikes": "many"}, status=400)


def test_placeholders_are_localised(busy, ff):
    comments = first(ff, maxcomments="auto", locale="de")["comments"]
    assert comments[1]["body"] == "4 weitere Kommentare"
    likes = first(ff, maxlikes="auto", locale="es-gt")["likes"]
    assert likes[-1]["body"] == "3 personas más"


def test_likes_by_friends_come_first(alice, bob, ff, network):
    entry = lj_post(network["erin"], "erin's")
    services.like_entry(bob, entry)  # alice reads bob
    services.like_entry(network["dave"], entry)  # newer, but a stranger to alice
    likes = ff(alice).json("get", f"/entry/e/{entry.uuid.hex}")["likes"]
    assert [lk["from"]["id"] for lk in likes] == ["bob", "dave"]


def test_raw(busy, ff):
    plain = first(ff)
    assert "rawBody" not in plain and "rawBody" not in plain["comments"][0]
    raw = first(ff, raw=1)
    assert raw["rawBody"].startswith("busy http://")
    assert raw["comments"][0]["rawBody"] == "comment 0"
    assert "rawLink" in raw


def test_fof_in_home(network, ff):
    alice, bob, erin = network["alice"], network["bob"], network["erin"]
    entry = lj_post(erin, "stranger's entry")
    services.add_comment(bob, entry, "interesting")
    assert ff(alice).json("get", "/feed/home")["entries"] == []
    entries = ff(alice).json("get", "/feed/home", {"fof": 1})["entries"]
    assert len(entries) == 1
    assert entries[0]["fof"] == {
        "type": "comment",
        "from": {"id": "bob", "name": "Bob Builder", "type": "user"},
    }
    assert "Bob Builder</a> commented on this" in entries[0]["fofHtml"]
    entries = ff(alice).json("get", "/feed/home", {"fof": 1, "locale": "fr"})["entries"]
    assert "a commenté ceci" in entries[0]["fofHtml"]
    # Not in other feeds.
    assert "fof" not in ff(alice).json("get", "/feed/erin", {"fof": 1})["entries"][0]


def test_address_html(network, pond, ff):
    bob = network["bob"]
    ff(bob).json("post", "/entry", {"body": "hello", "to": "me,pond"})
    entry = ff(bob).json("get", "/feed/bob", {"address_html": 1})["entries"][0]
    assert entry["addressHtml"].startswith('<a href="')
    assert (
        "Bob Builder</a> to <a" in entry["addressHtml"] and "The Pond</a>" in entry["addressHtml"]
    )
    entry = ff(bob).json("get", "/feed/bob", {"address_html": 1, "locale": "de"})["entries"][0]
    assert "</a> an <a" in entry["addressHtml"]


def test_commands_absent_for_anonymous_everywhere(busy, ff):
    entry = first(ff)
    assert "commands" not in entry
    assert all("commands" not in c for c in entry["comments"])
