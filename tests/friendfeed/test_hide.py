"""/hide (+unhide) and the hidden=1 option."""

from __future__ import annotations

from journal.models import Hide
from tests.friendfeed.conftest import ff_id, lj_post


def test_hide_removes_from_feeds_unless_hidden_1(network, ff):
    alice, bob = network["alice"], network["bob"]
    hidden = lj_post(alice, "boring")
    lj_post(alice, "fun")
    data = ff(bob).json("post", "/hide", {"entry": ff_id(hidden)})
    assert data["hidden"] is True and "unhide" in data["commands"]
    assert Hide.objects.filter(user=bob, entry=hidden).exists()
    for feed in ("home", "alice"):
        assert [
            e["rawBody"] for e in ff(bob).json("get", f"/feed/{feed}", {"raw": 1})["entries"]
        ] == ["fun"]
    entries = ff(bob).json("get", "/feed/home", {"hidden": 1})["entries"]
    assert [e.get("hidden", False) for e in entries] == [False, True]
    # Hiding is personal: alice still sees it.
    assert len(ff(alice).json("get", "/feed/alice")["entries"]) == 2
    data = ff(bob).json("post", "/hide", {"entry": ff_id(hidden), "unhide": "1"})
    assert "hidden" not in data
    assert not Hide.objects.exists()


def test_hide_needs_an_entry(alice, ff):
    assert ff(alice).json("post", "/hide", status=400) == {"errorCode": "entry-required"}
