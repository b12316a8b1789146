"""Garbage into every method: the protocol's own error, never a 500, nothing written."""

from __future__ import annotations

import pytest

from journal.models import Comment, Entry, Event, Like, Subscription
from tests.friendfeed.oauth_support import make_app

GARBAGE = [
    {},
    {"id": "e/../../etc"},
    {"id": "e/" + "g" * 32, "entry": "x", "feed": "../x", "body": ""},
    {"entry": "e/" + "0" * 32, "body": "x", "geo": "1,2,3"},
    {"id": "e/" + "0" * 32 + "/c/zz", "body": "x"},
    {"json": "{}", "feed": "a" * 300},
    {"json": '{"to": [[1]]}', "body": "x"},
    {"json": '{"body": {"a": 1}}'},
    {"list": "list/", "feed": "alice"},
    {"theme": "custom", "bg": "zz\x00"},  # a NUL is dropped; "zz" is still no colour
    {"q": "((((", "url": "ftp:", "host": "*"},
    {"num": "-5", "start": "1e9", "maxcomments": "-1", "maxlikes": "x"},
]
WRITES = [
    "/entry",
    "/entry/delete",
    "/comment",
    "/comment/delete",
    "/like",
    "/like/delete",
    "/subscribe",
    "/unsubscribe",
    "/hide",
    "/short",
    "/feedinfo",
    "/theme",
]
READS = [
    "/feed/home",
    "/feed/alice/summary/0",
    "/feed/list/../x",
    "/feed/e/" + "0" * 31,
    "/search",
    "/url",
    "/entry",
    "/entry/e/x",
    "/comment/e/x/c/y",
    "/feedinfo/a%20b",
    "/picture/%00",
    "/short/%F0%9F%98%80",
    "/theme/e/123",
]


@pytest.mark.parametrize("path", WRITES)
def test_writes_never_fail_with_500(network, pond, ff, path):
    before = Event.objects.count()
    # /subscribe and /unsubscribe need a registered app: send one, so the garbage reaches them.
    extra = {"appid": make_app().consumer_key} if path.endswith("subscribe") else {}
    for data in GARBAGE:
        response = ff(network["erin"]).post(path, {**data, **extra})
        if path == "/feedinfo" and response.status_code == 200:
            continue  # every /feedinfo argument is optional: unknown ones make a no-op
        assert 400 <= response.status_code < 500, (path, data, response.content[:200])
        assert b"errorCode" in response.content
    assert Event.objects.count() == before
    assert not Entry.objects.exists() and not Comment.objects.exists()
    assert not Like.objects.exists()
    assert not Subscription.objects.filter(user=network["erin"]).exists()


@pytest.mark.parametrize("path", READS)
def test_reads_never_fail_with_500(network, ff, path):
    for user in (None, network["alice"]):
        for data in GARBAGE:
            response = ff(user).get(path, data)
            assert response.status_code < 500, (path, data, response.content[:200])


def test_nul_characters_never_reach_the_database(network, ff):
    """PostgreSQL refuses NUL in text (psycopg raises, a 500): the door drops them."""
    alice = network["alice"]
    data = ff(alice).json("post", "/entry", {"body": "a\x00b", "comment": "c\x00d"})
    entry = Entry.objects.get(uuid=data["id"][2:])
    assert entry.body == "ab" and entry.comments.get().body == "cd"
    found = ff(alice).json("get", "/search", {"q": "a\x00b"})
    assert [e["id"] for e in found["entries"]] == [data["id"]]
    assert ff().get("/url", {"url": "http://x.example/\x00"}).status_code == 200
    assert ff().get("/url", {"from": "ali\x00ce", "host": "x.example"}).status_code == 200


def test_nul_in_basic_credentials_is_unauthorized(alice, ff):
    import base64

    token = base64.b64encode(b"ali\x00ce:key").decode()
    response = ff().get("/validate", HTTP_AUTHORIZATION=f"Basic {token}")
    assert response.status_code == 401


@pytest.mark.parametrize(
    "path,params",
    [
        ("/feed/alice", {"maxcomments": "²"}),
        ("/feed/alice", {"maxlikes": "½"}),
        ("/feed/alice/summary/²", {}),
        ("/search", {"q": "comments:²"}),
        ("/search", {"q": "likes:³"}),
    ],
)
def test_unicode_digits_are_refused_not_a_500(alice, ff, path, params):
    """str.isdigit() is true for "²", which int() refuses."""
    response = ff(alice).get(path, params)
    assert response.status_code == 400, response.content


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_unparseable_bodies_get_a_friendfeed_400(alice, fmt):
    """A multipart body without a boundary, or more fields than Django parses, is the
    client's fault: FriendFeed's error shape, never a 500 or Django's HTML page."""
    from django.test import Client

    from tests.friendfeed.conftest import basic_header

    client = Client()
    auth = {"HTTP_AUTHORIZATION": basic_header(alice)}
    path = f"/v2/entry?format={fmt}"
    many = "&".join(f"f{i}=1" for i in range(2000)) + "&body=x"
    for body, ctype in (
        (b"garbage", "multipart/form-data"),
        (many.encode(), "application/x-www-form-urlencoded"),
    ):
        response = client.generic("POST", path, body, content_type=ctype, **auth)
        assert response.status_code == 400, response.content[:200]
        assert response["Content-Type"].startswith(
            "text/javascript" if fmt == "json" else "application/xml"
        )
        assert b"bad-request" in response.content
    assert not Entry.objects.exists()


def test_link_longer_than_its_column_is_refused(alice, ff):
    """URLValidator allows 2048 characters, Entry.link holds 2000: PostgreSQL would refuse
    the row (a 500); the link is refused first, and nothing is written."""
    link = "http://example.com/" + "a" * 2000
    assert ff(alice).json("post", "/entry", {"body": "x", "link": link}, status=400) == {
        "errorCode": "bad-url-format"
    }
    assert not Entry.objects.exists()
    data = ff(alice).json("post", "/entry", {"body": "x", "link": link[:2000]})
    assert data["rawLink"] == link[:2000]
    ff(alice).json("post", "/entry", {"id": data["id"], "link": link}, status=400)
    assert Entry.objects.get().link == link[:2000]
