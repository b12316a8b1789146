"""POST /entry with id=: every creation parameter is editable, only what is sent changes.

The page: "Only fields that are present in the parameters or JSON will be edited ... To
delete a property (e.g., remove an attached file), you should set the value to an empty
string or empty list." A changed to[] re-addresses the entry exactly as a new post.
"""

from __future__ import annotations

import os
import time
from urllib.parse import urlencode

import orjson
import pytest
from django.test import Client

from journal import services
from journal.models import Attachment, Comment, Entry, EntryRecipient, Event, Journal
from journal.models.entry import Security
from journal.visibility import can_see_entry
from tests.conftest import PASSWORD
from tests.friendfeed.conftest import ff_id, lj_post, xml
from tests.media_support import image_bytes, local_server, upload


def _edit(client, entry_id: str, data: dict, status: int = 200) -> dict:
    return client.json("post", "/entry", {"id": entry_id, **data}, status=status)


def test_body_edit_leaves_link_geo_to_and_files(alice, pond, ff):
    client = ff(alice)
    created = orjson.loads(
        client.post(
            "/entry",
            {
                "body": "before",
                "link": "http://a.example/",
                "geo": "10,20",
                "to": "me,pond",
                "file": upload("notes.txt", b"plain"),
                "audio_url": "http://music.example/a.mp3",
            },
        ).content
    )
    data = _edit(client, created["id"], {"body": "after"})
    assert data["rawBody"] == "after"
    assert data["rawLink"] == "http://a.example/"
    assert data["geo"] == {"lat": 10.0, "long": 20.0}
    assert [t["id"] for t in data["to"]] == ["alice", "pond"]
    assert sorted(f["name"] for f in data["files"]) == ["a.mp3", "notes.txt"]
    assert Event.objects.filter(kind=Event.Kind.ENTRY_UPDATED).count() == 1


def test_geo_is_set_and_cleared(alice, ff):
    client = ff(alice)
    created = client.json("post", "/entry", {"body": "here"})
    assert "geo" not in created
    assert _edit(client, created["id"], {"geo": "37.39,-122.07"})["geo"] == {
        "lat": 37.39,
        "long": -122.07,
    }
    data = _edit(client, created["id"], {"geo": ""})
    assert "geo" not in data
    entry = Entry.objects.get()
    assert entry.geo_lat is None and entry.geo_long is None


def test_bad_geo_changes_nothing(alice, ff):
    client = ff(alice)
    created = client.json("post", "/entry", {"body": "here", "geo": "1,2"})
    for bad in ("north", "91,0", "1,2,3"):
        assert _edit(client, created["id"], {"body": "x", "geo": bad}, status=400) == {
            "errorCode": "bad-geo"
        }
    entry = Entry.objects.get()
    assert (entry.body, entry.geo_lat, entry.geo_long, entry.revision) == ("here", 1.0, 2.0, 0)


def test_link_is_cleared(alice, ff):
    client = ff(alice)
    created = client.json("post", "/entry", {"body": "read", "link": "http://a.example/"})
    data = _edit(client, created["id"], {"link": ""})
    assert data["rawLink"] != "http://a.example/"
    assert Entry.objects.get().link == ""


def test_clearing_the_link_of_a_link_only_entry_is_refused(alice, ff):
    entry = services.post_entry(alice, body="", link="http://only.example/")
    assert _edit(ff(alice), ff_id(entry), {"link": ""}, status=400) == {
        "errorCode": "body-required"
    }
    entry.refresh_from_db()
    assert entry.link == "http://only.example/"


def test_comment_is_not_an_edit_field(alice, ff):
    """ "comment=body - Text to be posted as a comment under the new entry": new only."""
    client = ff(alice)
    created = client.json("post", "/entry", {"body": "x"})
    data = _edit(client, created["id"], {"body": "y", "comment": "late comment"})
    assert "comments" not in data
    assert not Comment.objects.exists()


def test_edit_with_json_argument_and_empty_lists(alice, pond, ff):
    client = ff(alice)
    created = client.json(
        "post",
        "/entry",
        {"body": "x", "to": "me,pond", "audio_url": "http://music.example/a.mp3"},
    )
    payload = orjson.dumps({"id": created["id"], "to": [], "audio_url": [], "geo": "5,6"})
    data = client.json("post", "/entry", {"json": payload.decode()})
    assert [t["id"] for t in data.get("to", [])] in ([], ["alice"])
    assert "files" not in data
    assert data["geo"] == {"lat": 5.0, "long": 6.0}
    entry = Entry.objects.get()
    assert entry.journal == alice.journal
    assert not EntryRecipient.objects.filter(entry=entry).exists()
    assert not Attachment.objects.exists()


def test_edit_in_xml(alice, bob, ff):
    client = ff(alice)
    created = client.json("post", "/entry", {"body": "x"})
    root = xml(
        client.client.post(
            "/v2/entry?format=xml",
            {"id": created["id"], "to": "bob", "geo": "1.5,2.5"},
            HTTP_AUTHORIZATION=client._headers()["HTTP_AUTHORIZATION"],
        )
    )
    assert root.tag == "entry"
    assert [t.findtext("id") for t in root.findall("to")] == ["bob"]
    assert root.findtext("geo/lat") == "1.5"
    error = xml(
        client.client.post(
            "/v2/entry?format=xml",
            {"id": created["id"], "geo": "x"},
            HTTP_AUTHORIZATION=client._headers()["HTTP_AUTHORIZATION"],
        )
    )
    assert error.findtext("errorCode") == "bad-geo"


# -- to[]: privacy exactly as if posted that way --------------------------------------------

ADDRESSES = ["me", "pond", "me,pond", "bob", "bob,charlie", ""]


@pytest.mark.parametrize("to", ADDRESSES)
def test_readdressed_entry_is_placed_and_seen_as_if_posted_so(network, pond, ff, to):
    alice = network["alice"]
    pond.is_private = True  # a private group: its entries are for members only
    pond.save()
    client = ff(alice)
    posted = client.json("post", "/entry", {"body": "posted", "to": to})
    # Start from the opposite address so that every case changes something.
    start = "bob" if to in ("me", "pond", "me,pond", "") else "me,pond"
    first = client.json("post", "/entry", {"body": "edited", "to": start})
    _edit(client, first["id"], {"to": to})
    a = Entry.objects.get(uuid=posted["id"][2:])
    b = Entry.objects.get(uuid=first["id"][2:])
    assert (a.journal_id, a.is_direct, a.security) == (b.journal_id, b.is_direct, b.security)
    assert set(a.recipients.values_list("pk", flat=True)) == set(
        b.recipients.values_list("pk", flat=True)
    )
    for viewer in (None, *network.values()):
        assert can_see_entry(viewer, a) == can_see_entry(viewer, b), (to, viewer)
    names = [t["id"] for t in client.json("get", f"/entry/{posted['id']}").get("to", [])]
    assert [t["id"] for t in client.json("get", f"/entry/{first['id']}").get("to", [])] == names


def test_public_entry_made_a_direct_message_leaves_public_feeds(network, ff):
    alice, bob, erin = network["alice"], network["bob"], network["erin"]
    created = ff(alice).json("post", "/entry", {"body": "soon private"})
    assert ff(erin).json("get", f"/entry/{created['id']}")["id"] == created["id"]
    _edit(ff(alice), created["id"], {"to": "bob"})
    assert ff(erin).json("get", f"/entry/{created['id']}", status=404) == {
        "errorCode": "entry-not-found"
    }
    assert ff().json("get", "/feed/alice").get("entries", []) == []
    direct = ff(bob).json("get", "/feed/filter/direct")
    assert [e["id"] for e in direct["entries"]] == [created["id"]]


def test_direct_message_made_public(network, ff):
    alice, erin = network["alice"], network["erin"]
    created = ff(alice).json("post", "/entry", {"body": "now public", "to": "bob"})
    ff(erin).json("get", f"/entry/{created['id']}", status=404)
    data = _edit(ff(alice), created["id"], {"to": "me"})
    assert [t["id"] for t in data.get("to", [])] in ([], ["alice"])
    assert ff(erin).json("get", f"/entry/{created['id']}")["rawBody"] == "now public"
    entry = Entry.objects.get()
    assert not entry.is_direct and not entry.recipients.exists()


def test_moving_into_a_group_renumbers_and_records_the_event(alice, pond, ff):
    lj_post(alice, "an older LJ entry in alice's journal")
    created = ff(alice).json("post", "/entry", {"body": "x"})
    entry = Entry.objects.get(uuid=created["id"][2:])
    old_journal = entry.journal_id
    _edit(ff(alice), created["id"], {"to": "pond"})
    entry.refresh_from_db()
    assert entry.journal == pond and entry.item_number == 1
    event = Event.objects.filter(kind=Event.Kind.ENTRY_UPDATED, entry=entry).get()
    assert event.journal == pond and event.data == {"moved_from": old_journal}


def test_friends_only_entry_is_never_widened(network, ff):
    alice, erin = network["alice"], network["erin"]
    entry = lj_post(alice, "friends only", security=Security.USEMASK, allowmask=1)
    _edit(ff(alice), ff_id(entry), {"to": "me"})
    entry.refresh_from_db()
    assert entry.security == Security.USEMASK and entry.allowmask == 1
    assert not can_see_entry(erin, entry) and can_see_entry(network["bob"], entry)


def test_group_minimum_security_applies_when_moving_in(alice, pond, ff):
    pond.settings = {"newpost_minsecurity": "friends"}
    pond.save()
    created = ff(alice).json("post", "/entry", {"body": "x"})
    _edit(ff(alice), created["id"], {"to": "pond"})
    entry = Entry.objects.get()
    assert entry.journal == pond
    assert (entry.security, entry.allowmask) == (Security.USEMASK, 1)


def test_bad_recipients_change_nothing(network, pond, ff):
    alice = network["alice"]
    erin_group = services.create_community(network["erin"], "erinsgroup", title="Erin's")
    created = ff(alice).json("post", "/entry", {"body": "stay", "to": "me"})
    cases = [
        ({"to": "charlie,pond"}, 400, "bad-to"),
        ({"to": "nobody_here"}, 404, "feed-not-found"),
        ({"to": "erinsgroup"}, 403, "forbidden"),
        ({"to": "pond", "geo": "x"}, 400, "bad-geo"),
        ({"to": "pond", "link": "javascript:x"}, 400, "bad-url-format"),
    ]
    for data, status, code in cases:
        assert _edit(ff(alice), created["id"], data, status=status) == {"errorCode": code}, data
    entry = Entry.objects.get()
    assert entry.journal == alice.journal and entry.revision == 0 and not entry.is_direct
    assert not EntryRecipient.objects.exists()
    assert not Entry.objects.filter(journal__in=[pond, erin_group]).exists()
    assert not Event.objects.filter(kind=Event.Kind.ENTRY_UPDATED).exists()


def test_others_cannot_readdress(alice, bob, pond, ff):
    entry = lj_post(alice, "mine")
    assert _edit(ff(bob), ff_id(entry), {"to": "pond"}, status=403) == {"errorCode": "forbidden"}
    entry.refresh_from_db()
    assert entry.journal == alice.journal


def test_lj_door_sees_the_readdressed_entry(alice, pond, ff):
    created = ff(alice).json("post", "/entry", {"body": "x", "to": "pond"})
    _edit(ff(alice), created["id"], {"to": "me"})
    entry = Entry.objects.get()
    assert entry.journal == alice.journal
    assert Journal.objects.get(pk=pond.pk).entries.count() == 0


# -- attachments: file[], image_url[], audio_url[] replace their own group -------------------


def test_files_are_replaced_and_removed(alice, ff, settings, django_capture_on_commit_callbacks):
    client = ff(alice)
    created = orjson.loads(
        client.post(
            "/entry",
            {
                "body": "files",
                "file": upload("a.txt", b"first"),
                "audio_url": "http://music.example/a.mp3",
            },
        ).content
    )
    old = Attachment.objects.get(name="a.txt")
    old_path = old.file.path
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/entry", {"id": created["id"], "file": upload("b.png", image_bytes("PNG"))}
        )
    assert response.status_code == 200, response.content
    data = orjson.loads(response.content)
    assert [f["name"] for f in data["files"]] == ["a.mp3"]
    assert len(data["thumbnails"]) == 1
    assert not Attachment.objects.filter(pk=old.pk).exists()
    assert not _exists(old_path)
    with django_capture_on_commit_callbacks(execute=True):
        data = _edit(client, created["id"], {"file": ""})
    assert "thumbnails" not in data and [f["name"] for f in data["files"]] == ["a.mp3"]
    assert list(Attachment.objects.values_list("kind", flat=True)) == ["audio"]
    assert _stored_files(settings) == []


def test_audio_urls_are_replaced(alice, ff):
    client = ff(alice)
    created = client.json("post", "/entry", {"body": "x", "audio_url": "http://m.example/a.mp3"})
    data = _edit(
        client, created["id"], {"audio_url": "http://m.example/b.mp3,http://m.example/c.mp3"}
    )
    assert [f["url"] for f in data["files"]] == ["http://m.example/b.mp3", "http://m.example/c.mp3"]
    data = _edit(client, created["id"], {"audio_url": ""})
    assert "files" not in data


def test_image_urls_are_replaced(alice, ff, settings):
    settings.MEDIA_FETCH_ALLOW_PRIVATE = True
    png = image_bytes("PNG", size=(60, 40))
    routes = {p: (200, png, {"Content-Type": "image/png"}) for p in ("/a.png", "/b.png")}
    client = ff(alice)
    with local_server(routes) as base:
        created = client.json(
            "post", "/entry", {"body": "x", "image_url": f"{base}/a.png", "file": ""}
        )
        data = _edit(client, created["id"], {"image_url": f"{base}/b.png"})
    assert [t["link"] for t in data["thumbnails"]] == [f"{base}/b.png"]
    data = _edit(client, created["id"], {"image_url": ""})
    assert "thumbnails" not in data
    assert not Attachment.objects.exists()


def _exists(path: str) -> bool:
    return os.path.exists(path)


def _stored_files(settings) -> list[str]:
    root = str(settings.MEDIA_ROOT)
    return sorted(
        os.path.relpath(os.path.join(d, f), root) for d, _, fs in os.walk(root) for f in fs
    )


def _flat(client, **params) -> dict[str, str]:
    response = client.post(
        "/interface/flat", urlencode(params), content_type="application/x-www-form-urlencoded"
    )
    lines = response.content.decode().split("\n")
    return dict(zip(lines[0::2], lines[1::2], strict=False))


def test_livejournal_syncitems_sees_the_edits(alice, pond, ff):
    created = ff(alice).json("post", "/entry", {"body": "x"})
    auth = {"user": "alice", "password": PASSWORD}
    first = _flat(Client(), mode="syncitems", **auth)
    assert (first["sync_total"], first["sync_1_action"]) == ("1", "create")
    lastsync = first["sync_1_time"]
    time.sleep(1.1)  # syncitems works at second resolution
    _edit(ff(alice), created["id"], {"geo": "1,2"})
    after = _flat(Client(), mode="syncitems", lastsync=lastsync, **auth)
    assert (after["sync_total"], after["sync_1_item"], after["sync_1_action"]) == (
        "1",
        "L-1",
        "update",
    )
    # Moved into the group: pond's log has it, alice's journal no longer lists it.
    _edit(ff(alice), created["id"], {"to": "pond"})
    in_pond = _flat(Client(), mode="syncitems", usejournal="pond", **auth)
    assert in_pond["sync_total"] == "1" and in_pond["sync_1_item"] == "L-1"
    events = _flat(
        Client(), mode="getevents", selecttype="one", itemid="1", usejournal="pond", **auth
    )
    assert events["events_count"] == "1" and events["events_1_event"] == "x"
    assert _flat(Client(), mode="syncitems", **auth)["sync_total"] == "0"


def test_real_time_updates_report_the_edit(network, ff):
    alice, bob = network["alice"], network["bob"]
    created = ff(alice).json("post", "/entry", {"body": "x"})
    first = ff(bob).json("get", "/updates/feed/alice", {"timeout": 0})
    cursor = first["realtime"]["cursor"]
    _edit(ff(alice), created["id"], {"geo": "3,4", "audio_url": "http://m.example/a.mp3"})
    data = ff(bob).json("get", "/updates/feed/alice", {"timeout": 0, "cursor": cursor})
    [entry] = data["entries"]
    assert entry["id"] == created["id"] and entry.get("updated") is True
    assert entry["geo"] == {"lat": 3.0, "long": 4.0} and entry["files"][0]["name"] == "a.mp3"


def test_moving_into_a_moderated_group_is_refused(alice, bob, pond, ff):
    pond.moderated_posting = True
    pond.save()
    created = ff(bob).json("post", "/entry", {"body": "mine"})
    assert _edit(ff(bob), created["id"], {"to": "pond"}, status=403) == {"errorCode": "forbidden"}
    entry = Entry.objects.get()
    assert entry.journal == bob.journal and entry.revision == 0
    # Its moderators post there directly, so they may move entries in.
    created = ff(alice).json("post", "/entry", {"body": "admin's"})
    _edit(ff(alice), created["id"], {"to": "pond"})
    assert Entry.objects.get(uuid=created["id"][2:]).journal == pond


GARBAGE_EDITS = [
    {"json": '{"to": [[1]]}'},
    {"json": '{"to": {"a": 1}}'},
    {"json": '{"geo": [1, 2]}'},
    {"json": '{"image_url": 5}'},
    {"json": '{"audio_url": ["ftp://x"]}'},
    {"json": '{"link": "nope"}'},
    {"to": "../etc"},
    {"to": "e/" + "0" * 32},
    {"geo": "nan,nan"},
    {"geo": "1e999,0"},
    {"image_url": "http://127.0.0.1:9/a.png"},
    {"body": "x" * 2_000_000},
]


def test_garbage_edits_get_errors_and_change_nothing(network, pond, ff):
    alice = network["alice"]
    created = ff(alice).json("post", "/entry", {"body": "stable", "to": "me,pond"})
    events = Event.objects.count()
    for data in GARBAGE_EDITS:
        response = ff(alice).post("/entry", {"id": created["id"], **data})
        assert 400 <= response.status_code < 500, (data, response.content[:200])
        assert b"errorCode" in response.content
    entry = Entry.objects.get()
    assert (entry.body, entry.revision, entry.journal_id) == ("stable", 0, alice.journal.pk)
    assert list(entry.recipients.values_list("name", flat=True)) == ["pond"]
    assert Event.objects.count() == events
