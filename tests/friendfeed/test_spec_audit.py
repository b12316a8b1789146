"""Deviations from the FriendFeed v2 page found by a conformance audit, each pinned here.

The page: every response to a bad request is an HTTP status plus `{"errorCode": ...}`, never
a 500 or the website's HTML; file `icon`s are "URL of file type icon. Always 16x16."
"""

from __future__ import annotations

import io

import orjson
import pytest
from django.contrib.staticfiles import finders
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from journal import services
from tests.friendfeed.conftest import basic_header, ff_id


@pytest.mark.parametrize("path", ["/v2/feedinfo", "/v2/theme", "/api/v2/feedinfo"])
def test_a_bare_get_of_a_write_only_path_is_405_not_500(alice, ff, path):
    """/feedinfo and /theme without a feed id are the POST methods; a GET is refused in
    FriendFeed's shape, like GET /entry/delete (it was a 500 internal-server-error)."""
    for client in (ff(alice, prefix=""), ff(prefix="")):
        response = client.get(path)
        assert response.status_code == 405, response.content
        assert orjson.loads(response.content) == {"errorCode": "method-not-allowed"}


def test_posts_to_unknown_paths_are_json_errors_without_csrf(alice):
    """friendfeed-v2.md §2: "Exempt everything from CSRF". A client posting to a method this
    server lacks got Django's HTML CSRF page (403) instead of FriendFeed's 404."""
    client = Client(enforce_csrf_checks=True)
    auth = {"HTTP_AUTHORIZATION": basic_header(alice)}
    response = client.post("/v2/nosuchmethod", {"a": "b"}, **auth)
    assert response.status_code == 404
    assert orjson.loads(response.content) == {"errorCode": "not-found"}
    response = client.post("/v2/openapi.json", {"a": "b"}, **auth)
    assert response.status_code == 405
    assert orjson.loads(response.content) == {"errorCode": "method-not-allowed"}


@pytest.mark.parametrize(
    "query", ["likes:2147483648", "likes:99999999999999999999999", "comments:1" + "0" * 30]
)
def test_search_with_an_enormous_count_is_bad_query(alice, ff, query):
    """A count no database integer holds was a 500 on SQLite (it refuses to bind it) and an
    empty feed on PostgreSQL: both backends now refuse it the same way."""
    services.post_entry(alice, body="hello", markup="text")
    response = ff().get("/search", {"q": query})
    assert response.status_code == 400, response.content
    assert orjson.loads(response.content) == {"errorCode": "bad-query"}


def test_search_with_the_largest_count_is_an_empty_feed(alice, ff):
    services.post_entry(alice, body="hello", markup="text")
    response = ff().get("/search", {"q": "likes:2147483647"})
    assert response.status_code == 200, response.content
    assert orjson.loads(response.content)["entries"] == []


def _icon_file(url: str) -> str:
    from django.conf import settings

    prefix = f"{settings.SITE_URL}{settings.STATIC_URL}"
    assert url.startswith(prefix), url
    found = finders.find(url[len(prefix) :])
    assert found, f"no static file behind {url}"
    return found


@pytest.mark.parametrize(
    "name,content,kind",
    [
        ("notes.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "application/pdf"),
        ("notes.txt", b"plain text", "text/plain"),
        ("script.py", b"print('hi')\n", "text/x-python"),
        ("song.mp3", b"ID3\x03\x00\x00\x00\x00\x00\x00" + b"\x00" * 64, "audio/mpeg"),
        ("sheet.csv", b"a,b\n1,2\n", "text/csv"),
    ],
)
def test_file_icons_are_real_16x16_images(alice, ff, name, content, kind):
    """Every attached file's `icon` is a URL this server answers with a 16×16 image."""
    response = ff(alice).post(
        "/entry", {"body": "file", "file": SimpleUploadedFile(name, content, content_type=kind)}
    )
    assert response.status_code == 200, response.content
    files = orjson.loads(response.content).get("files")
    assert files, orjson.loads(response.content)
    with open(_icon_file(files[0]["icon"]), "rb") as fh:
        assert Image.open(io.BytesIO(fh.read())).size == (16, 16)


def test_own_entries_offer_comment_edit_delete_without_hide(network, ff):
    """friendfeed-v2.md §4 (real responses): the author's own entries carry `comment, edit,
    delete`; `hide`/`unhide` are offered on other people's entries."""
    alice, bob = network["alice"], network["bob"]
    entry = services.post_entry(alice, body="mine", markup="text")
    own = ff(alice).json("get", f"/entry/{ff_id(entry)}")
    assert own["commands"] == ["comment", "edit", "delete"]
    other = ff(bob).json("get", f"/entry/{ff_id(entry)}")
    assert other["commands"] == ["comment", "like", "hide"]
    # An own entry hidden anyway (from the website) can still be unhidden.
    services.hide_entry(alice, entry)
    hidden = ff(alice).json("get", f"/entry/{ff_id(entry)}")
    assert hidden["commands"] == ["comment", "edit", "delete", "unhide"]


@pytest.mark.parametrize(
    "path,params",
    [
        ("/search", {"q": "walrus"}),
        ("/url", {"url": "http://example.org/walrus"}),
        ("/updates/search", {"q": "walrus", "timeout": "0"}),  # its long poll, the same rule
    ],
)
def test_search_and_url_leave_out_hidden_entries_unless_hidden_1(network, ff, path, params):
    """The page: "All feeds support ... hidden=1 ... By default, hidden entries are excluded
    from the response"; /search and /url answer feeds, so they follow the same rule."""
    alice, bob = network["alice"], network["bob"]
    entry = services.post_entry(
        alice, body="walrus", link="http://example.org/walrus", markup="text"
    )
    services.hide_entry(bob, entry)
    assert ff(bob).json("get", path, params)["entries"] == []
    shown = ff(bob).json("get", path, {**params, "hidden": "1"})["entries"]
    assert [(e["id"], e.get("hidden")) for e in shown] == [(ff_id(entry), True)]
    # Someone else's hide changes nothing for alice.
    assert [e["id"] for e in ff(alice).json("get", path, params)["entries"]] == [ff_id(entry)]


def _path(url: str) -> str:
    from django.conf import settings

    assert url.startswith(settings.SITE_URL), url
    return url[len(settings.SITE_URL) :]


def test_short_urls_lead_to_the_entry_page(network, ff, client_for):
    """/short and short=1 answer a `shortUrl` ("e.g. http://ff.im/shortId"); following it
    must reach the entry (it was a 404). A private entry's link works only for its readers."""
    alice, bob, erin = network["alice"], network["bob"], network["erin"]
    entry = services.post_entry(alice, body="short me", markup="text")
    data = ff(alice).json("post", "/short", {"entry": ff_id(entry)})
    response = Client().get(_path(data["shortUrl"]))
    assert response.status_code == 302
    assert response["Location"] == entry.url
    private = services.post_entry(alice, body="friends", security="usemask", allowmask=1)
    link = ff(alice).json("post", "/short", {"entry": ff_id(private)})["shortUrl"]
    assert Client().get(_path(link)).status_code == 404
    assert client_for(erin).get(_path(link)).status_code == 404
    assert client_for(bob).get(_path(link))["Location"] == private.url
    assert Client().get("/e/0000000").status_code == 404  # no such code (codes have 6)


@pytest.mark.parametrize(
    "path,data",
    [
        ("/entry", {"body": "x", "link": "javascript:alert(1)"}),
        ("/entry", {"body": "x", "audio_url": "javascript:alert(1)"}),
        ("/url", {"url": "javascript:alert(1)"}),
    ],
)
def test_every_bad_url_is_bad_url_format(alice, ff, path, data):
    """One code for one mistake: v1's documented `bad-url-format` (friendfeed-v2.md §4, the
    default where the v2 page is silent); `link` alone answered `bad-url`."""
    client = ff(alice)
    response = client.post(path, data) if path == "/entry" else client.get(path, data)
    assert response.status_code == 400
    assert orjson.loads(response.content) == {"errorCode": "bad-url-format"}


def test_me_names_the_authenticated_users_feed_for_picture_feedinfo_and_theme(alice, ff):
    """The page's feed ids include `me` ("The authenticated user's feed"); /feed, /feedinfo
    and /theme/<id> took it, /picture/me and the `feed=me` of the updates did not."""
    client = ff(alice)
    mine = client.get("/picture/alice", {"size": "small"})
    me = client.get("/picture/me", {"size": "small"})
    assert me.status_code == 200 and me.content == mine.content
    assert client.json("post", "/feedinfo", {"feed": "me", "name": "Alice Me"})["id"] == "alice"
    assert client.json("post", "/theme", {"feed": "me", "theme": "fresh"})["theme"] == "fresh"
    assert ff().json("get", "/picture/me", status=401) == {"errorCode": "unauthorized"}


def test_private_feeds_need_authentication_and_access(network, pond, ff):
    """The page (/feed): "Authentication is required for private or personalized feeds";
    `unauthorized` is "The request requires authentication" and `forbidden` "User does not
    have access to ... group or other entity". A private feed answered anonymous callers and
    strangers an empty 200 feed, which clients showed as "no entries"."""
    from journal.models import Journal

    alice, bob, erin = network["alice"], network["bob"], network["erin"]
    Journal.objects.filter(pk__in=[alice.journal.pk, pond.pk]).update(is_private=True)
    services.post_entry(alice, body="for approved readers", markup="text")
    for feed in ("alice", "alice/friends", "alice/likes", "alice/summary/7", "pond"):
        assert ff().json("get", f"/feed/{feed}", status=401) == {"errorCode": "unauthorized"}
        assert ff(erin).json("get", f"/feed/{feed}", status=403) == {"errorCode": "forbidden"}
        # Its long poll asks the same question before it waits.
        path, wait = f"/updates/feed/{feed}", {"timeout": "0"}
        assert ff().json("get", path, wait, status=401) == {"errorCode": "unauthorized"}
        assert ff(erin).json("get", path, wait, status=403) == {"errorCode": "forbidden"}
    # Her approved readers, the group's members and she herself read them as before.
    assert ff(bob).json("get", "/feed/alice")["private"] is True
    assert [e["body"] for e in ff(bob).json("get", "/feed/alice")["entries"]] == [
        "for approved readers"
    ]
    assert ff(bob).json("get", "/feed/pond")["private"] is True
    polled = ff(bob).json("get", "/updates/feed/alice", {"timeout": "0"})
    assert [e["body"] for e in polled["entries"]] == ["for approved readers"]
    assert ff(alice).json("get", "/feed/alice/friends")["id"] == "alice/friends"
    # Public feeds stay open to everyone.
    assert ff().json("get", "/feed/bob")["id"] == "bob"


def test_a_private_person_posting_to_a_group_is_from_a_private_feed(network, pond, ff):
    """The page: `from`'s `private` is "true if the feed is private"; it was sent only for
    entries in the poster's own journal, so a private person's group posts looked public."""
    from journal.models import Journal

    alice = network["alice"]
    Journal.objects.filter(pk=alice.journal.pk).update(is_private=True)
    services.post_entry(alice, body="to the pond", journal=pond, markup="text")
    (entry,) = ff(alice).json("get", "/feed/pond")["entries"]
    assert entry["from"] == {
        "id": "alice",
        "name": "Alice Liddell",
        "type": "user",
        "private": True,
    }
    assert "private" not in entry["to"][0]  # the group itself is public
