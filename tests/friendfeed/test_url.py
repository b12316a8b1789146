"""/url?url=…|host=… with subscribed=1 and from=."""

from __future__ import annotations

from journal import services
from journal.models.entry import Security


def _link(user, url, **kw):
    return services.post_entry(user, body="see", link=url, markup="text", **kw)


def ids(data):
    return sorted(e["from"]["id"] for e in data["entries"])


def test_url_and_host(network, ff):
    alice, bob, erin = network["alice"], network["bob"], network["erin"]
    _link(alice, "http://blog.example.com/post")
    _link(bob, "https://blog.example.com/other")
    _link(erin, "http://elsewhere.example/")
    assert ids(ff().json("get", "/url", {"url": "http://blog.example.com/post"})) == ["alice"]
    assert ids(ff().json("get", "/url", {"host": "blog.example.com"})) == ["alice", "bob"]
    both = ff().json("get", "/url", {"host": "blog.example.com,elsewhere.example"})
    assert ids(both) == ["alice", "bob", "erin"]
    data = ff().json("get", "/url", {"host": "blog.example.com", "from": "bob"})
    assert ids(data) == ["bob"]


def test_subscribed_needs_auth_and_narrows(network, ff):
    alice, erin = network["alice"], network["erin"]
    _link(network["bob"], "http://x.example/a")
    _link(erin, "http://x.example/b")
    data = ff(alice).json("get", "/url", {"host": "x.example", "subscribed": 1})
    assert ids(data) == ["bob"]
    assert ff().json("get", "/url", {"host": "x.example", "subscribed": 1}, status=401)


def test_url_never_leaks_friends_only_entries(network, ff):
    _link(network["alice"], "http://secret.example/", security=Security.USEMASK, allowmask=1)
    assert ids(ff().json("get", "/url", {"host": "secret.example"})) == []
    assert ids(ff(network["erin"]).json("get", "/url", {"host": "secret.example"})) == []
    assert ids(ff(network["bob"]).json("get", "/url", {"host": "secret.example"})) == ["alice"]


def test_url_errors(db, ff):
    assert ff().json("get", "/url", status=400) == {"errorCode": "url-required"}
    assert ff().json("get", "/url", {"url": "ftp://x"}, status=400) == {
        "errorCode": "bad-url-format"
    }
    assert ff().json("get", "/url", {"host": "a b"}, status=400)
