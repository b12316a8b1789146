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


def test_behind_the_local_proxy_each_client_has_its_own_bucket(db, settings):
    """Every request reaches the server from the proxy: the forwarded client is the key."""
    from django.test import RequestFactory

    from api.friendfeed.throttling import client_ip

    settings.TRUSTED_PROXIES = ("127.0.0.1",)
    factory = RequestFactory()
    one = factory.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.1")
    two = factory.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.2")
    forged = factory.get("/", REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert client_ip(one) == "198.51.100.1"
    assert client_ip(two) == "198.51.100.2"
    assert client_ip(forged) == "203.0.113.5"
