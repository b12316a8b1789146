"""/feedlist: main feeds, lists, groups and sections, localised."""

from __future__ import annotations

from tests.friendfeed.conftest import xml


def test_feedlist(network, pond, ff):
    data = ff(network["alice"]).json("get", "/feedlist")
    assert [f["id"] for f in data["main"]] == [
        "home",
        "filter/discussions",
        "filter/direct",
        "alice",
    ]
    assert data["lists"] == [
        {"id": "list/close-friends", "name": "Close friends", "type": "special"}
    ]
    assert [g["id"] for g in data["groups"]] == ["pond"]
    assert [s["id"] for s in data["sections"]] == ["friends", "groups"]


def test_feedlist_localised(network, ff):
    data = ff(network["alice"]).json("get", "/feedlist", {"locale": "de-AT"})
    assert data["main"][0]["name"] == "Startseite"
    data = ff(network["alice"]).json("get", "/feedlist", {"locale": "zh-TW"})
    assert data["main"][0]["name"] == "首页"


def test_feedlist_needs_auth_and_speaks_xml(network, ff):
    assert ff().json("get", "/feedlist", status=401) == {"errorCode": "unauthorized"}
    root = xml(ff(network["alice"]).get("/feedlist", {"format": "xml"}))
    assert root.tag == "feedlist" and len(root.findall("main")) == 4
