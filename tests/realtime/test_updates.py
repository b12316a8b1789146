"""/v2/updates/feed/<id>: first call, flags, privacy, options and formats (timeout=0)."""

from __future__ import annotations

import orjson
import pytest
from django.test import Client
from lxml import etree

from journal import services
from journal.models.entry import Security
from tests.realtime.conftest import auth_headers, ff_id

pytestmark = pytest.mark.django_db


def ids(data) -> list[str]:
    return [e["id"] for e in data["entries"]]


def test_first_call_returns_the_feed_and_a_cursor(network, alice, poller):
    entry = services.post_entry(alice, body="older")
    data = poller(network["bob"], "alice").get(timeout=0)
    assert data["id"] == "alice" and data["type"] == "user"
    assert ids(data) == [ff_id(entry)]
    assert "created" not in data["entries"][0]
    assert data["realtime"]["cursor"]


def test_no_changes_with_timeout_zero_answers_at_once_with_no_entries(network, alice, poller):
    services.post_entry(alice, body="older")
    p = poller(network["bob"], "alice")
    p.get(timeout=0)
    first_cursor = p.cursor
    data = p.get(timeout=0)
    assert data["entries"] == [] and data["id"] == "alice"
    assert data["realtime"]["cursor"]
    assert p.cursor and first_cursor


def test_created_and_updated_flags_on_entries_comments_and_likes(network, alice, bob, poller):
    old = services.post_entry(alice, body="old one")
    p = poller(bob, "alice")
    p.get(timeout=0)
    new = services.post_entry(alice, body="brand new")
    services.edit_entry(alice, old, body="old one, edited")
    data = p.get(timeout=0)
    by_id = {e["id"]: e for e in data["entries"]}
    assert by_id[ff_id(new)].get("created") is True
    assert by_id[ff_id(old)].get("updated") is True and "created" not in by_id[ff_id(old)]

    services.add_comment(network["charlie"], old, "a comment")
    services.like_entry(network["charlie"], old)
    data = p.get(timeout=0)
    assert ids(data) == [ff_id(old)]
    entry = data["entries"][0]
    assert "created" not in entry and "updated" not in entry
    assert entry["comments"][-1]["created"] is True
    assert entry["likes"][0]["created"] is True and entry["likes"][0]["from"]["id"] == "charlie"
    assert p.get(timeout=0)["entries"] == []


def test_updates_1_includes_only_new_comments_and_likes(network, alice, bob, poller):
    entry = services.post_entry(alice, body="chatty")
    services.add_comment(bob, entry, "before")
    p = poller(bob, "alice")
    p.get(timeout=0)
    services.add_comment(network["charlie"], entry, "after")
    full = poller(bob, "alice")
    full.cursor = p.cursor
    assert [c["body"] for c in full.get(timeout=0)["entries"][0]["comments"]] == [
        "before",
        "after",
    ]
    only_new = p.get(timeout=0, updates=1)["entries"][0]["comments"]
    assert [c["body"] for c in only_new] == ["after"] and only_new[0]["created"] is True


def test_deleted_entries_are_not_served(network, alice, bob, poller):
    p = poller(bob, "alice")
    p.get(timeout=0)
    gone = services.post_entry(alice, body="regret")
    services.delete_entry(alice, gone)
    assert p.get(timeout=0)["entries"] == []
    kept = services.post_entry(alice, body="keep")
    services.add_comment(bob, kept, "nice")
    services.delete_entry(alice, kept)
    assert p.get(timeout=0)["entries"] == []


def test_friends_only_entry_never_reaches_a_non_friend(network, alice, poller):
    erin_public = poller(network["erin"], "public")
    erin_alice = poller(network["erin"], "alice")
    dave_alice = poller(network["dave"], "alice")  # reads alice, but alice does not trust him
    bob_home = poller(network["bob"], "home")
    for p in (erin_public, erin_alice, dave_alice, bob_home):
        p.get(timeout=0)
    secret = services.post_entry(alice, body="friends only", security=Security.USEMASK, allowmask=1)
    for p in (erin_public, erin_alice, dave_alice):
        assert p.get(timeout=0)["entries"] == []
    assert ids(bob_home.get(timeout=0)) == [ff_id(secret)]


def test_private_entry_and_direct_message_stay_private(network, alice, bob, poller):
    charlie_home = poller(network["charlie"], "home")
    bob_direct = poller(bob, "filter/direct")
    charlie_home.get(timeout=0)
    bob_direct.get(timeout=0)
    services.post_entry(alice, body="mine", security=Security.PRIVATE)
    dm = services.post_entry(alice, body="psst", direct_to=[bob])
    assert charlie_home.get(timeout=0)["entries"] == []
    assert ids(bob_direct.get(timeout=0)) == [ff_id(dm)]


def test_single_entry_feed_and_search_updates(network, alice, bob, poller):
    entry = services.post_entry(alice, body="watch this")
    p = poller(bob, ff_id(entry))
    assert ids(p.get(timeout=0)) == [ff_id(entry)]
    services.add_comment(bob, entry, "watching")
    assert p.get(timeout=0)["entries"][0]["comments"][0]["created"] is True

    s = poller(bob, "", prefix="/v2/updates/search")
    s.get(timeout=0, q="kumquat")
    services.post_entry(alice, body="a kumquat tree")
    services.post_entry(alice, body="unrelated")
    data = s.get(timeout=0, q="kumquat")
    assert [e["body"] for e in data["entries"]] == ["a kumquat tree"]
    assert data["query"] == "kumquat"


def test_every_feed_option_and_format(network, alice, bob, poller):
    entry = services.post_entry(alice, body="formats")
    for i in range(5):
        services.add_comment(bob, entry, f"c{i}")
    p = poller(bob, "alice", prefix="/api/v2/updates/feed/")
    p.get(timeout=0)
    services.add_comment(bob, entry, "c5")
    cursor = p.cursor
    data = p.get(timeout=0, maxcomments="auto", raw=1)
    comments = data["entries"][0]["comments"]
    assert comments[1]["placeholder"] is True and comments[-1]["created"] is True
    assert data["entries"][0]["rawBody"] == "formats"

    response = Client().get(
        "/v2/updates/feed/alice",
        {"cursor": cursor, "timeout": 0, "format": "xml"},
        **auth_headers(bob),
    )
    root = etree.fromstring(response.content)
    assert root.tag == "feed" and root.findtext("realtime/cursor")
    assert root.find("entry/comment[created='true']") is not None

    response = Client().get(
        "/v2/updates/feed/alice", {"cursor": cursor, "timeout": 0, "callback": "cb"}
    )
    assert response.content.startswith(b"cb(") and b'"realtime"' in response.content

    response = Client().get(
        "/v2/updates/feed/alice", {"timeout": 0, "locale": "fr", "pretty": 1}, **auth_headers(bob)
    )
    assert response.status_code == 200 and b'\n  "entries"' in response.content


@pytest.mark.parametrize(
    ("params", "code", "status"),
    [
        ({"cursor": "not-a-cursor"}, "bad-cursor", 400),
        ({"cursor": "e30:1abc:forgedsignature"}, "bad-cursor", 400),
        ({"timeout": "-1"}, "bad-timeout", 400),
        ({"timeout": "soon"}, "bad-timeout", 400),
        ({"timeout": "nan"}, "bad-timeout", 400),
    ],
)
def test_bad_input_gets_an_error_code(network, bob, params, code, status):
    response = Client().get("/v2/updates/feed/alice", params, **auth_headers(bob))
    assert response.status_code == status
    assert orjson.loads(response.content) == {"errorCode": code}


def test_unknown_and_unauthorised_feeds(network, bob):
    response = Client().get("/v2/updates/feed/nobody_here", {"timeout": 0}, **auth_headers(bob))
    assert response.status_code == 404
    assert orjson.loads(response.content)["errorCode"] == "feed-not-found"
    response = Client().get("/v2/updates/feed/home", {"timeout": 0})
    assert response.status_code == 401
    assert orjson.loads(response.content)["errorCode"] == "unauthorized"
    response = Client().get(
        "/v2/updates/feed/alice", {"timeout": 0}, HTTP_AUTHORIZATION="Basic eDp5"
    )
    assert response.status_code == 401
    response = Client().get("/v2/updates/search", {"timeout": 0})
    assert orjson.loads(response.content)["errorCode"] == "q-required"


def test_huge_timeout_is_capped(network, alice, bob, poller, settings):
    settings.REALTIME_MAX_TIMEOUT = 0.4
    p = poller(bob, "alice")
    p.get(timeout=0)
    data = p.get(timeout="1e308")
    assert data["entries"] == []
    data = p.get(timeout="inf")
    assert data["entries"] == []


def test_expired_cursor_tells_the_client_to_start_over(network, bob, poller, settings):
    p = poller(bob, "alice")
    p.get(timeout=0)
    settings.REALTIME_CURSOR_MAX_AGE = -1
    assert p.get(status=410, timeout=0) == {"errorCode": "cursor-expired"}


def test_long_polls_have_their_own_rate_limit_bucket(network, bob, poller, settings):
    settings.FRIENDFEED_LONGPOLL_LIMIT = (3, 60)
    p = poller(bob, "alice")
    for _ in range(3):
        p.get(timeout=0)
    assert p.get(status=403, timeout=0) == {"errorCode": "limit-exceeded"}
    # Other API calls are not counted against it, nor it against them.
    assert Client().get("/v2/feed/alice", **auth_headers(bob)).status_code == 200


def test_website_session_can_poll_home(network, alice, client_for):
    client = client_for(alice)
    response = client.get("/v2/updates/feed/home", {"timeout": 0})
    assert response.status_code == 200
    # JSONP ignores authentication, so a session never leaks to another site's <script>.
    response = client.get("/v2/updates/feed/home", {"timeout": 0, "callback": "x"})
    assert response.status_code == 401


@pytest.mark.parametrize(
    "content_type",
    ["multipart/form-data", "multipart/form-data; boundary=", "multipart/form-data; boundary=\x00"],
)
def test_a_body_django_cannot_parse_is_bad_request_not_a_500(network, alice, content_type):
    response = Client().post(
        "/v2/updates/feed/home",
        b"--x\r\nContent-Disposition: form-data\r\n\r\nno name\r\n--y--",
        content_type=content_type,
        **auth_headers(alice),
    )
    assert response.status_code == 400, response.content
    assert orjson.loads(response.content) == {"errorCode": "bad-request"}
