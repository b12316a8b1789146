"""Benchmark the FriendFeed door: /feed/home?num=30 and POST /entry against /health.

    .venv/bin/python bench/friendfeed.py [--entries 100000] [--duration 10] [--concurrency 4]

Seeds a separate database (a SQLite file, or --db postgres://...) with `seed_demo` (people
following 200 feeds each) unless it already holds enough entries, starts the production
layout's server on it (gunicorn; --server uvicorn for make run's; DEBUG off, rate limits
lifted), drives each URL from keep-alive client threads and prints req/s, p50 and p99 per
URL, and each URL's throughput as a share of the trivial view's (/health), measured just
before that URL in the same run. The home feed is a read the read cache answers while nothing
changes; its "uncached" row adds a parameter the method ignores, so every page is built (what
the first read after a change costs). With --redis the Celery worker's queue is drained
between URLs. Client and server share the machine, so absolute numbers are lower than a
separate load generator would show.
"""

from __future__ import annotations

import argparse
import base64
import itertools
import os
import sys
import time
from urllib.parse import urlencode

from harness import (
    ROOT,
    add_layout_arguments,
    describe_layout,
    free_port,
    layout_env,
    manage,
    measure,
    report,
    start_server,
    start_worker,
    stop,
    wait_up,
)


def seed(env: dict[str, str], users: int, friends: int, entries: int) -> tuple[str, str, int]:
    """Migrate and seed when needed; return (username, remote key, entry count)."""
    manage(env, "migrate", "-v0", "--noinput")
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.db import connection

    from journal.models import Entry, RemoteKey, Subscription

    have = Entry.objects.count()
    if have < entries:
        t0 = time.monotonic()
        manage(
            env, "seed_demo", "--users", str(users), "--friends", str(friends),
            "--entries", str(entries - have), "--prefix", "bench",
        )  # fmt: skip
        print(f"seeded {entries - have} entries in {time.monotonic() - t0:.0f} s")
    user_id = (
        Subscription.objects.filter(user__username__startswith="bench")
        .values("user_id")
        .order_by("user_id")
        .first()["user_id"]
    )
    key = RemoteKey.objects.select_related("user").filter(user_id=user_id).first()
    follows = Subscription.objects.filter(user_id=user_id).count()
    total = Entry.objects.count()
    print(f"{key.user.username} follows {follows} feeds; {total} entries in the database")
    connection.close()
    return key.user.username, key.key, total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--users", type=int, default=250)
    parser.add_argument("--friends", type=int, default=200)
    add_layout_arguments(parser, ROOT / "var" / "bench-ff.sqlite3")
    args = parser.parse_args()

    env = layout_env(args)
    username, key, total = seed(env, args.users, args.friends, args.entries)
    auth = "Basic " + base64.b64encode(f"{username}:{key}".encode()).decode()
    counter = itertools.count()
    port = free_port()
    server = start_server(env, port, server=args.server, workers=args.workers)
    worker = start_worker(env)
    try:
        wait_up(port)
        form = {"Authorization": auth, "Content-Type": "application/x-www-form-urlencoded"}
        cases = [
            ("GET /health (ceiling)", "GET", "/health", None, {}),
            ("GET /v2/feed/home?num=30", "GET", "/v2/feed/home?num=30", None, {"Authorization": auth}),  # noqa: E501
            # The same page with a parameter the method ignores but the read cache's key
            # holds: every answer is built (what the first read after a change costs).
            ("  the same, uncached", "GET", lambda: f"/v2/feed/home?num=30&bench={next(counter)}", None, {"Authorization": auth}),  # noqa: E501
            ("POST /v2/entry", "POST", "/v2/entry", urlencode({"body": "bench post"}), form),
        ]  # fmt: skip
        print(
            f"\n{total} entries, {describe_layout(env)}, {args.workers} {args.server} workers, "
            f"{args.concurrency} clients, "
            f"{args.duration:.0f} s per URL (client on the same 2-core machine)\n"
        )

        def run(case: tuple, seconds: float) -> tuple[list[float], int, float]:
            _name, method, path, body, headers = case
            return measure(
                port, method, path, body=lambda: body, headers=headers, duration=seconds,
                concurrency=args.concurrency,
            )  # fmt: skip

        report(env, cases, run, duration=args.duration, label="url")
    finally:
        stop(server, worker)


if __name__ == "__main__":
    main()
