"""journal.net.client_ip: the client behind the local proxy, never a forged header."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from journal.net import client_ip


def _request(peer: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(
    ("peer", "forwarded", "expected"),
    [
        ("203.0.113.9", None, "203.0.113.9"),  # no proxy
        ("203.0.113.9", "10.0.0.1", "203.0.113.9"),  # anyone can write the header
        ("127.0.0.1", "198.51.100.7", "198.51.100.7"),  # the local proxy names the client
        ("127.0.0.1", "6.6.6.6, 198.51.100.7", "198.51.100.7"),  # the client's own claim skipped
        ("::1", "198.51.100.7, 127.0.0.1", "198.51.100.7"),  # chained local proxies
        ("127.0.0.1", None, "127.0.0.1"),  # a local client without a proxy
        ("127.0.0.1", " , ", "127.0.0.1"),
    ],
)
def test_client_ip(peer, forwarded, expected):
    assert client_ip(_request(peer, forwarded)) == expected


def test_trusted_proxies_come_from_settings(settings):
    settings.TRUSTED_PROXIES = ("10.0.0.2",)
    assert client_ip(_request("10.0.0.2", "198.51.100.7")) == "198.51.100.7"
    assert client_ip(_request("127.0.0.1", "198.51.100.7")) == "127.0.0.1"
