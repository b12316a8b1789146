"""Formats: compact JSON as text/javascript, pretty=1, XML with repeated singular elements,
JSONP (authentication ignored), include=, dates, gzip, both URL prefixes."""

from __future__ import annotations

import gzip
import re

import orjson

from journal import services
from journal.models.entry import Security
from tests.friendfeed.conftest import lj_post, xml


def test_json_is_compact_text_javascript(alice, ff):
    lj_post(alice, "hello")
    response = ff().get("/feed/alice")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert b": " not in response.content and b", " not in response.content
    data = orjson.loads(response.content)
    assert data["id"] == "alice" and data["type"] == "user"
    assert "null" not in response.content.decode()


def test_dates_are_utc_without_fractions(alice, ff):
    lj_post(alice, "hello")
    entry = ff().json("get", "/feed/alice")["entries"][0]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", entry["date"])


def test_pretty_is_sorted_and_indented(alice, ff):
    lj_post(alice, "hello")
    text = ff().get("/feed/alice", {"pretty": "1"}).content.decode()
    assert text.startswith('{\n  "entries": [')
    assert '"id": "alice"' in text
    keys = re.findall(r'^  "(\w+)":', text, flags=re.M)
    assert keys == sorted(keys)


def test_xml_has_feed_root_and_repeated_singular_elements(alice, bob, ff):
    entry = lj_post(alice, "hello")
    lj_post(alice, "second")
    services.add_comment(bob, entry, "one")
    services.add_comment(bob, entry, "two")
    response = ff(bob).get("/feed/alice", {"format": "xml"})
    assert response.content.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    root = xml(response)
    assert root.tag == "feed"
    assert root.findtext("id") == "alice"
    entries = root.findall("entry")
    assert len(entries) == 2
    commented = next(e for e in entries if e.findall("comment"))
    assert [c.findtext("body") for c in commented.findall("comment")] == ["one", "two"]
    assert commented.find("from").findtext("id") == "alice"
    assert [c.text for c in entries[0].findall("command")]  # commands as <command>


def test_xml_errors(db, ff):
    response = ff().get("/feed/nosuchuser", {"format": "xml"})
    assert response.status_code == 404
    root = xml(response)
    assert root.tag == "error" and root.findtext("errorCode") == "feed-not-found"


def test_jsonp_wraps_and_ignores_authentication(alice, bob, network, ff):
    lj_post(alice, "for friends", security=Security.USEMASK, allowmask=1)
    lj_post(alice, "for all")
    # bob is trusted: authenticated he sees both ...
    assert len(ff(bob).json("get", "/feed/alice")["entries"]) == 2
    # ... but with callback= the request counts as anonymous.
    response = ff(bob).get("/feed/alice", {"callback": "foo"})
    assert response.status_code == 200
    body = response.content.decode()
    assert body.startswith("foo(") and body.endswith(")")
    data = orjson.loads(body[4:-1])
    assert [e["body"] for e in data["entries"]] == ["for all"]
    assert "commands" not in data


def test_jsonp_refuses_a_script_as_callback(ff, alice):
    response = ff().get("/feed/alice", {"callback": "alert(1)//"})
    assert response.status_code == 400
    assert b"alert" not in response.content


def test_include_keeps_only_named_members(alice, ff):
    data = ff().json("get", "/feedinfo/alice", {"include": "name,subscribers"})
    assert set(data) <= {"id", "name", "subscribers"}
    assert data["name"] == "Alice Liddell"


def test_gzip_when_asked(alice, ff):
    for i in range(20):
        lj_post(alice, f"entry number {i} with enough text to be worth compressing")
    response = ff().get("/feed/alice", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    data = orjson.loads(gzip.decompress(response.content))
    assert len(data["entries"]) == 20


def test_api_v2_prefix_and_no_trailing_slash(alice, ff):
    assert ff(prefix="/api/v2").get("/feed/alice").status_code == 200
    assert ff().get("/feed/alice/").status_code in (200, 404)  # never a redirect
    assert ff().post("/entry/").status_code != 301


def test_accept_header_never_gives_406(alice, ff):
    response = ff().get("/feed/alice", HTTP_ACCEPT="application/xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")


def test_empty_optional_members_are_omitted(alice, ff):
    lj_post(alice, "plain")
    entry = ff().json("get", "/feed/alice")["entries"][0]
    for key in ("comments", "likes", "thumbnails", "files", "to", "via", "geo", "commands"):
        assert key not in entry


def test_unknown_method_is_a_friendfeed_404(db, ff):
    response = ff().get("/nosuchmethod")
    assert response.status_code == 404
    assert orjson.loads(response.content) == {"errorCode": "not-found"}
    assert ff().get("/like").status_code == 405  # a write method read with GET


def test_xml_drops_characters_xml_cannot_carry(alice, bob, ff):
    """An LJ body may hold control characters; XML 1.0 cannot: they go, not a 500."""
    entry = lj_post(alice, "bell \x07 and \x0b tab")
    services.add_comment(bob, entry, "nul-ish \x01 comment")
    for path in ("/feed/alice", f"/entry/e/{entry.uuid.hex}"):
        response = ff(bob).get(path, {"format": "xml", "raw": 1})
        assert response.status_code == 200, response.content
        root = xml(response)
        text = etree_text(root)
        assert "bell  and  tab" in text and "nul-ish  comment" in text


def etree_text(root) -> str:
    return "".join(root.itertext())


def test_jsonp_escapes_line_separators(alice, ff):
    """U+2028/2029 are legal in JSON but ended a string in pre-2019 JavaScript."""
    lj_post(alice, "line\u2028break\u2029here")
    body = ff().get("/feed/alice", {"callback": "cb"}).content
    assert "\u2028".encode() not in body and "\u2029".encode() not in body
    assert b"line\\u2028break\\u2029here" in body
    data = orjson.loads(body[3:-1])
    assert data["entries"][0]["body"] == "line\u2028break\u2029here"


def test_options_is_not_drfs_self_description(alice, ff):
    """FriendFeed had no OPTIONS; DRF's default answer described renderers we do not use."""
    response = ff().client.options("/v2/feed/alice")
    assert response.status_code == 405
    assert orjson.loads(response.content) == {"errorCode": "method-not-allowed"}
