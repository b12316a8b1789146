"""/entry: create (body, link, comment, to[], geo, short, json=), edit, read, delete."""

from __future__ import annotations

import orjson

from journal.models import Comment, Entry, Event
from tests.friendfeed.conftest import ff_id, lj_post, xml


def test_create_plain_entry(alice, ff):
    data = ff(alice).json("post", "/entry", {"body": "Hello <World> http://example.com/x"})
    entry = Entry.objects.get()
    assert data["id"] == ff_id(entry)
    assert data["from"]["id"] == "alice"
    # FriendFeed bodies are plain text: escaped, URLs linked.
    assert "&lt;World&gt;" in data["body"]
    assert 'href="http://example.com/x"' in data["body"]
    assert data["rawBody"] == "Hello <World> http://example.com/x"
    assert data["commands"] == ["comment", "edit", "delete"]  # no hide: spec §4
    assert entry.markup == "text" and entry.journal == alice.journal
    assert Event.objects.filter(kind=Event.Kind.ENTRY_CREATED, entry=entry).exists()


def test_create_with_link_comment_geo_and_short(alice, ff):
    data = ff(alice).json(
        "post",
        "/entry",
        {
            "body": "Reading",
            "link": "http://example.org/posts/long-polling",
            "comment": "first!",
            "geo": "37.392114,-122.07267",
            "short": "1",
        },
    )
    assert data["rawLink"] == "http://example.org/posts/long-polling"
    assert 'title="http://example.org/posts/long-polling"' in data["body"]
    assert data["geo"] == {"lat": 37.392114, "long": -122.07267}
    assert [c["body"] for c in data["comments"]] == ["first!"]
    assert data["shortId"] and data["shortUrl"].endswith(data["shortId"])


def test_create_with_json_argument(alice, pond, ff):
    payload = orjson.dumps({"body": "from json", "to": ["me", "pond"]}).decode()
    data = ff(alice).json("post", "/entry", {"json": payload})
    assert data["rawBody"] == "from json"
    assert [t["id"] for t in data["to"]] == ["alice", "pond"]
    assert data["to"][0]["name"] == "Alice Liddell's feed"


def test_to_group_only_posts_into_the_group(bob, pond, ff):
    data = ff(bob).json("post", "/entry", {"body": "group post", "to": "pond"})
    entry = Entry.objects.get()
    assert entry.journal == pond
    assert data["to"] == [{"id": "pond", "name": "The Pond", "type": "group"}]


def test_to_people_is_a_direct_message(alice, bob, charlie, ff):
    data = ff(alice).json("post", "/entry", {"body": "hi both", "to[]": ["bob", "charlie"]})
    entry = Entry.objects.get()
    assert entry.is_direct
    assert [t["id"] for t in data["to"]] == ["bob", "charlie"]


def test_bad_input_writes_nothing(alice, charlie, pond, ff):
    client = ff(alice)
    cases = [
        ({}, 400, "body-required"),
        ({"body": "   "}, 400, "body-required"),
        ({"json": "{not json"}, 400, "bad-json-format"),
        ({"json": "[1,2]"}, 400, "bad-json-format"),
        ({"body": "x", "geo": "north"}, 400, "bad-geo"),
        ({"body": "x", "geo": "95,10"}, 400, "bad-geo"),
        ({"body": "x", "to": "nobody_here"}, 404, "feed-not-found"),
        ({"body": "x", "to": "charlie,pond"}, 400, "bad-to"),
        ({"body": "x", "link": "javascript:alert(1)"}, 400, "bad-url-format"),
        ({"body": "x", "comment": "  ", "id": "e/123"}, 400, "bad-id-format"),
        ({"body": "x", "id": "e/" + "a" * 32}, 404, "entry-not-found"),
    ]
    for data, status, code in cases:
        assert client.json("post", "/entry", data, status=status) == {"errorCode": code}, data
    assert not Entry.objects.exists()
    assert not Event.objects.filter(kind=Event.Kind.ENTRY_CREATED).exists()


def test_posting_to_a_group_one_is_not_in_is_forbidden(erin, pond, ff):
    assert ff(erin).json("post", "/entry", {"body": "x", "to": "pond"}, status=403) == {
        "errorCode": "forbidden"
    }
    assert not Entry.objects.exists()


def test_edit_changes_only_what_is_sent(alice, ff):
    created = ff(alice).json("post", "/entry", {"body": "before", "link": "http://a.example/"})
    data = ff(alice).json("post", "/entry", {"id": created["id"], "body": "after"})
    assert data["id"] == created["id"]
    assert data["rawBody"] == "after" and data["rawLink"] == "http://a.example/"
    data = ff(alice).json("post", "/entry", {"id": created["id"], "link": ""})
    assert "rawLink" in data and data["rawLink"] != "http://a.example/"


def test_only_the_author_may_edit(alice, bob, ff):
    entry = lj_post(alice, "mine")
    response = ff(bob).json("post", "/entry", {"id": ff_id(entry), "body": "hijack"}, status=403)
    assert response == {"errorCode": "forbidden"}
    entry.refresh_from_db()
    assert entry.body == "mine"


def test_read_one_entry_always_has_raw_body(alice, ff):
    entry = lj_post(alice, "<b>bold</b> text")
    data = ff().json("get", f"/entry/{ff_id(entry)}")
    assert data["id"] == ff_id(entry)
    assert data["rawBody"] == "bold text"
    root = xml(ff().get(f"/entry/{ff_id(entry)}", {"format": "xml"}))
    assert root.tag == "entry" and root.findtext("id") == ff_id(entry)


def test_read_several_entries(alice, ff):
    a, b = lj_post(alice, "a"), lj_post(alice, "b")
    data = ff().json("get", "/entry", {"id": f"{ff_id(a)},{ff_id(b)}"})
    assert [e["rawBody"] for e in data["entries"]] == ["a", "b"]
    assert ff().json("get", "/entry", status=400) == {"errorCode": "id-required"}
    assert ff().json("get", "/entry", {"id": "junk"}, status=400) == {"errorCode": "bad-id-format"}


def test_unknown_entry_is_404(db, ff):
    missing = "e/" + "0" * 32
    assert ff().json("get", f"/entry/{missing}", status=404) == {"errorCode": "entry-not-found"}


def test_delete_and_undelete(alice, bob, ff):
    entry = lj_post(alice, "regret")
    assert ff(bob).json("post", "/entry/delete", {"id": ff_id(entry)}, status=403) == {
        "errorCode": "forbidden"
    }
    data = ff(alice).json("post", "/entry/delete", {"id": ff_id(entry)})
    assert data["id"] == ff_id(entry)
    entry.refresh_from_db()
    assert entry.is_deleted
    assert ff().json("get", f"/entry/{ff_id(entry)}", status=404)
    # bob can neither see nor undelete it.
    response = ff(bob).json("post", "/entry/delete", {"id": ff_id(entry), "undelete": "1"}, 404)
    assert response == {"errorCode": "entry-not-found"}
    ff(alice).json("post", "/entry/delete", {"id": ff_id(entry), "undelete": "1"})
    entry.refresh_from_db()
    assert not entry.is_deleted


def test_entry_write_in_xml(alice, ff):
    response = ff(alice).post("/entry?format=xml", {"body": "xml please"})
    root = xml(response)
    assert root.tag == "entry" and root.findtext("rawBody") == "xml please"


def test_params_in_query_string_of_a_post(alice, ff):
    # Flucso sends POST parameters only in the query string.
    data = ff(alice).json("post", "/entry?body=query+only&to=me")
    assert data["rawBody"] == "query only"


def test_comment_with_the_new_entry_is_plain_text(alice, ff):
    ff(alice).json("post", "/entry", {"body": "x", "comment": "<i>hi</i>"})
    assert Comment.objects.get().body_html.startswith("&lt;i&gt;")
