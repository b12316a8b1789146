"""Benchmark the LiveJournal door: getchallenge, login, postevent, getevents lastn=20.

    .venv/bin/python bench/livejournal.py [--entries 20000] [--duration 10] [--concurrency 4]

Seeds a separate database (a SQLite file, or --db postgres://...) with `seed_demo` unless
it already holds enough entries, starts the production layout's server on it (gunicorn with
config/gunicorn.conf.py; --server uvicorn for make run's; DEBUG off), drives each flat
request from keep-alive client threads and prints req/s, p50 and p99 per mode, plus each
mode's throughput as a share of the trivial view (/health), measured just before that mode
in the same run. getevents is a read the read cache answers while nothing changes; its
"uncached" row adds a key the mode ignores, so every answer is built (what the first read
after a change costs). With --redis the Celery worker's queue is drained between requests.
Client and server share the machine, so absolute numbers are lower than a separate load
generator would show. Prints figures; it is not a test.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import os
import sys
import time
from collections.abc import Callable
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

FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def seed(env: dict[str, str], users: int, entries: int) -> tuple[str, str, int, int]:
    """Migrate and seed when needed; return (username, remote key, their entries, total)."""
    manage(env, "migrate", "-v0", "--noinput")
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.db import connection
    from django.db.models import Count

    from journal.models import Entry, RemoteKey

    have = Entry.objects.count()
    if have < entries:
        t0 = time.monotonic()
        manage(
            env, "seed_demo", "--users", str(users), "--entries", str(entries - have),
            "--prefix", "ljbench",
        )  # fmt: skip
        print(f"seeded {entries - have} entries in {time.monotonic() - t0:.0f} s")
    busiest = (
        Entry.objects.filter(journal__user__isnull=False)
        .values("journal__user_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    key = RemoteKey.objects.select_related("user").filter(user_id=busiest["journal__user_id"])
    key = key.first()
    total = Entry.objects.count()
    connection.close()
    return key.user.username, key.key, busiest["n"], total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=20_000)
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument(
        "--only",
        default="",
        help="comma-separated request names to run (default: all), e.g. getevents",
    )
    add_layout_arguments(parser, ROOT / "var" / "bench-lj.sqlite3")
    args = parser.parse_args()

    env = layout_env(args)
    username, key, own, total = seed(env, args.users, args.entries)
    hpassword = hashlib.md5(key.encode()).hexdigest()
    auth = {"user": username, "hpassword": hpassword, "ver": "1"}
    counter = itertools.count()

    def form(**params: str) -> Callable[[], str]:
        encoded = urlencode(params)
        return lambda: encoded

    def new_post() -> str:
        # A different body each time: identical posts are answered by duplicate suppression.
        # Dated now (UTC, like seed_demo's entries): an own-journal post dated before the
        # newest entry is refused with error 153, as LiveJournal does.
        now = time.gmtime()
        return urlencode({
            "mode": "postevent", **auth, "event": f"bench post {next(counter)} {time.time()}",
            "subject": "bench", "year": str(now.tm_year), "mon": str(now.tm_mon),
            "day": str(now.tm_mday), "hour": str(now.tm_hour), "min": str(now.tm_min),
        })  # fmt: skip

    cases = [
        ("GET /health (ceiling)", "GET", "/health", lambda: None),
        ("getchallenge", "POST", "/interface/flat", form(mode="getchallenge")),
        ("login (hpassword)", "POST", "/interface/flat", form(mode="login", **auth)),
        ("postevent", "POST", "/interface/flat", new_post),
        ("getevents lastn=20", "POST", "/interface/flat",
         form(mode="getevents", selecttype="lastn", howmany="20", **auth)),
        # The same read with a key the mode ignores but the read cache's key holds: every
        # answer is built (what the first read after a change costs).
        ("getevents lastn=20, uncached", "POST", "/interface/flat",
         lambda: urlencode({"mode": "getevents", "selecttype": "lastn", "howmany": "20",
                            **auth, "bench": str(next(counter))})),
    ]  # fmt: skip

    only = [word.strip() for word in args.only.split(",") if word.strip()]
    if only:  # the ceiling always runs: every figure is also a share of it
        cases = cases[:1] + [case for case in cases[1:] if any(w in case[0] for w in only)]

    port = free_port()
    server = start_server(env, port, server=args.server, workers=args.workers)
    worker = start_worker(env)
    try:
        wait_up(port)
        print(
            f"\n{total} entries ({username}: {own}), {describe_layout(env)}, "
            f"{args.workers} {args.server} workers, "
            f"{args.concurrency} clients, {args.duration:.0f} s per request "
            f"(client on the same machine)\n"
        )

        def flat_failed(status: int, content: bytes) -> bool:
            # A flat answer with `success FAIL` is an error too (the protocol answers 200).
            return status >= 400 or b"success\nFAIL" in content

        def run(case: tuple, seconds: float) -> tuple[list[float], int, float]:
            _name, method, path, body = case
            return measure(
                port, method, path, body=body, headers=FORM, duration=seconds,
                concurrency=args.concurrency, failed=flat_failed,
            )  # fmt: skip

        report(env, cases, run, duration=args.duration, label="request")
    finally:
        stop(server, worker)


if __name__ == "__main__":
    main()
