"""/picture/<id>?size=small|medium|large."""

from __future__ import annotations


def test_picture_answers_with_an_image_or_a_redirect(alice, ff):
    for size in ("small", "medium", "large"):
        response = ff().get("/picture/alice", {"size": size})
        assert response.status_code in (200, 302)
        if response.status_code == 200:
            assert response["Content-Type"].startswith("image/")


def test_picture_errors(alice, ff):
    assert ff().json("get", "/picture/ghost", status=404) == {"errorCode": "feed-not-found"}
    assert ff().json("get", "/picture/alice", {"size": "huge"}, status=400) == {
        "errorCode": "bad-size"
    }
