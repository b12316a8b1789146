"""Who is asking: the client's address behind the README's local proxy."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest | None) -> str:
    """The client's address, for rate limits, login bans and `bindtoip` sessions.

    Behind the proxy every request comes from 127.0.0.1, so one client's failures would
    throttle everyone. When the peer is a trusted proxy (`TRUSTED_PROXIES`), the nearest
    address in X-Forwarded-For that no trusted proxy added is the client; from anywhere
    else the header is ignored, since any client can write it.
    """
    if request is None:
        return ""
    peer = request.META.get("REMOTE_ADDR", "") or ""
    trusted = settings.TRUSTED_PROXIES
    if peer not in trusted:
        return peer
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for address in reversed([a.strip() for a in forwarded.split(",") if a.strip()]):
        if address not in trusted:
            return address
    return peer
