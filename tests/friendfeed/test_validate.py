"""/validate: the authenticated user's feed, or 401."""

from __future__ import annotations

from tests.friendfeed.conftest import xml


def test_validate(alice, ff):
    data = ff(alice).json("get", "/validate")
    assert data["id"] == "alice" and data["name"] == "Alice Liddell" and data["type"] == "user"
    assert xml(ff(alice).get("/validate", {"format": "xml"})).findtext("id") == "alice"
    assert ff().json("get", "/validate", status=401) == {"errorCode": "unauthorized"}
