"""/short (POST creates a code) and /short/<code> (GET the entry)."""

from __future__ import annotations

from journal.models.entry import Security
from tests.friendfeed.conftest import ff_id, lj_post


def test_shorten_and_follow(alice, bob, ff):
    entry = lj_post(alice, "share me")
    data = ff(bob).json("post", "/short", {"entry": ff_id(entry)})
    code = data["shortId"]
    assert data["shortUrl"].endswith("/" + code)
    # Idempotent: the same code again.
    assert ff(alice).json("post", "/short", {"entry": ff_id(entry)})["shortId"] == code
    assert ff().json("get", f"/short/{code}")["id"] == ff_id(entry)


def test_short_code_of_a_private_entry_does_not_leak(network, ff):
    entry = lj_post(network["alice"], "friends", security=Security.USEMASK, allowmask=1)
    code = ff(network["bob"]).json("post", "/short", {"entry": ff_id(entry)})["shortId"]
    assert ff().json("get", f"/short/{code}", status=404) == {"errorCode": "entry-not-found"}
    assert ff(network["erin"]).json("get", f"/short/{code}", status=404)


def test_bad_codes(db, ff):
    assert ff().json("get", "/short/zzzzzz", status=404) == {"errorCode": "entry-not-found"}
    assert ff().json("get", "/short/a-b", status=400) == {"errorCode": "bad-id-format"}
