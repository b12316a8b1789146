"""Per-user and per-IP rate limits on writes and uploads → HTTP 403 `limit-exceeded`.

FriendFeed never published its numbers (friendfeed-v2.md §7); clients pacing one request a
second stayed under them. Fixed windows in the Django cache (Redis in production); the
limits are settings so tests and operators can change them:
FRIENDFEED_WRITE_LIMIT / FRIENDFEED_UPLOAD_LIMIT = (requests, seconds) per user and per IP.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from api.friendfeed.errors import ApiError
from journal import net

DEFAULT_WRITE_LIMIT = (600, 3600)  # 600 writes an hour per user, and per address
DEFAULT_UPLOAD_LIMIT = (100, 3600)  # 100 uploaded or fetched files an hour


def client_ip(request: HttpRequest) -> str:
    """The client behind the README's proxy (journal.net), so one client's burst does not
    throttle everyone."""
    return net.client_ip(request) or "unknown"


def _hit(key: str, limit: int, window: int, cost: int) -> bool:
    """Count `cost` in the current window; True while still within `limit`."""
    bucket = f"ff-rl:{key}:{int(time.time() // window)}"
    if cache.add(bucket, cost, timeout=window + 5):
        return cost <= limit
    try:
        return cache.incr(bucket, cost) <= limit
    except ValueError:  # the bucket expired between add and incr
        cache.set(bucket, cost, timeout=window + 5)
        return cost <= limit


def check(request: HttpRequest, user, *, uploads: int = 0) -> None:
    """Raise limit-exceeded when the user or the address is over a limit."""
    limits = [("w", getattr(settings, "FRIENDFEED_WRITE_LIMIT", DEFAULT_WRITE_LIMIT), 1)]
    if uploads:
        limits.append(
            ("u", getattr(settings, "FRIENDFEED_UPLOAD_LIMIT", DEFAULT_UPLOAD_LIMIT), uploads)
        )
    ip = client_ip(request)
    for kind, (limit, window), cost in limits:
        ok_user = _hit(f"{kind}:u{user.pk}", limit, window, cost)
        ok_ip = _hit(f"{kind}:ip{ip}", limit, window, cost)
        if not (ok_user and ok_ip):
            raise ApiError("limit-exceeded", 403)
