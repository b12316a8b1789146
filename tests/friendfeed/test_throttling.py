"""Per-user and per-IP limits on writes and uploads → 403 limit-exceeded."""

from __future__ import annotations

from journal.models import Entry


def test_write_limit_per_user(alice, ff, settings):
    settings.FRIENDFEED_WRITE_LIMIT = (3, 3600)
    for i in range(3):
        ff(alice).json("post", "/entry", {"body": f"n{i}"})
    assert ff(alice).json("post", "/entry", {"body": "one too many"}, status=403) == {
        "errorCode": "limit-exceeded"
    }
    assert Entry.objects.count() == 3
    # Reads are not limited.
    assert ff(alice).get("/feed/alice").status_code == 200


def test_write_limit_per_address(alice, bob, ff, settings):
    settings.FRIENDFEED_WRITE_LIMIT = (2, 3600)
    ff(alice).json("post", "/entry", {"body": "a"})
    ff(bob).json("post", "/entry", {"body": "b"})
    # Same address (the test client's 127.0.0.1): the third write is refused for anyone.
    assert ff(bob).json("post", "/entry", {"body": "c"}, status=403)


def test_upload_limit_counts_image_urls(alice, ff, settings):
    settings.FRIENDFEED_UPLOAD_LIMIT = (1, 3600)
    data = {"body": "pics", "image_url": "http://a.example/1.jpg,http://a.example/2.jpg"}
    assert ff(alice).json("post", "/entry", data, status=403) == {"errorCode": "limit-exceeded"}
    assert not Entry.objects.exists()
