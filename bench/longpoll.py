"""Benchmark /v2/updates long polls on loopback (bounded in count and time).

    .venv/bin/python bench/longpoll.py [--idle 1000,5000] [--herd 1000] [--rounds 30]

Starts one uvicorn process on a fresh database (SQLite by default; a PostgreSQL
DATABASE_URL is used when set; REDIS_URL is ignored so wake-ups are in-process) and prints:
- memory per idle long poll at each --idle count (server RSS growth / polls),
- latency from sending a post to the waiting client's answer: one waiter (--rounds times),
  and --herd waiters on different feeds (their own home feeds) woken by one post,
- requests/s of timeout=0 polls.
The client is a minimal asyncio HTTP/1.1 client in this process; the server is alone in its.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import os
import resource
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

import orjson

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def cpu_ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def threads(pid: int) -> int:
    return len(os.listdir(f"/proc/{pid}/task"))


async def settle(pid: int, quiet: float = 1.0, limit: float = 120.0) -> None:
    """Wait until the server has used no CPU for `quiet` seconds."""
    deadline = time.monotonic() + limit
    last = cpu_ticks(pid)
    while time.monotonic() < deadline:
        await asyncio.sleep(quiet)
        now = cpu_ticks(pid)
        if now - last <= 1:
            return
        last = now


class Conn:
    """One keep-alive HTTP/1.1 connection."""

    def __init__(self, port: int):
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(
        self, method: str, path: str, headers: dict | None = None, body: bytes = b""
    ) -> tuple[int, bytes]:
        for attempt in (1, 2):
            if self.writer is None:
                self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
            try:
                return await self._exchange(method, path, headers, body)
            except (ConnectionError, IndexError, asyncio.IncompleteReadError):
                # uvicorn closes idle keep-alive connections after 5 s: reconnect once.
                self.close()
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    async def _exchange(
        self, method: str, path: str, headers: dict | None, body: bytes
    ) -> tuple[int, bytes]:
        lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1"]
        for k, v in (headers or {}).items():
            lines.append(f"{k}: {v}")
        if body:
            lines.append("Content-Type: application/x-www-form-urlencoded")
        lines.append(f"Content-Length: {len(body)}")
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        await self.writer.drain()
        status_line = await self.reader.readline()
        status = int(status_line.split()[1])
        length = 0
        while True:
            line = await self.reader.readline()
            if line in (b"\r\n", b""):
                break
            name, _, value = line.decode().partition(":")
            if name.lower() == "content-length":
                length = int(value)
        data = await self.reader.readexactly(length) if length else b""
        return status, data

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.writer = None


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def setup(db_url: str, users: int) -> dict:
    """Migrate a fresh database and create the people: a poster and `users` readers."""
    env = dict(os.environ)
    env.pop("REDIS_URL", None)
    env.update(
        DATABASE_URL=db_url,
        DJANGO_SETTINGS_MODULE="bench.longpoll_settings",
        DEBUG="0",
        SECRET_KEY=env.get("SECRET_KEY") or secrets.token_hex(32),
        ALLOWED_HOSTS="127.0.0.1,localhost",
    )
    subprocess.run(
        [PYTHON, "manage.py", "migrate", "-v0", "--noinput"], cwd=ROOT, env=env, check=True
    )
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from journal import services
    from journal.models import Subscription, User

    star = services.register("star", "x" * 12, name="Star")
    readers = []
    for i in range(users):
        user = User.objects.filter(username=f"reader{i}").first() or services.register(
            f"reader{i}", "x" * 12
        )
        readers.append(user)
    Subscription.objects.bulk_create(
        [Subscription(user=u, journal=star.journal) for u in readers], ignore_conflicts=True
    )

    def basic(user) -> str:
        key = user.remote_keys.first().key
        return "Basic " + base64.b64encode(f"{user.username}:{key}".encode()).decode()

    return {"env": env, "star": basic(star), "readers": [basic(u) for u in readers]}


async def first_cursor(port: int, path: str, auth: str | None = None) -> str:
    conn = Conn(port)
    status, body = await conn.request(
        "GET", f"{path}?timeout=0", {"Authorization": auth} if auth else None
    )
    conn.close()
    assert status == 200, body[:200]
    return orjson.loads(body)["realtime"]["cursor"]


async def bench_idle(pid: int, port: int, count: int) -> None:
    cursor = await first_cursor(port, "/v2/updates/feed/star")
    await settle(pid)
    before, threads_before = rss_kib(pid), threads(pid)
    conns = [Conn(port) for _ in range(count)]
    query = urlencode({"cursor": cursor, "timeout": 280})
    started = time.monotonic()
    tasks = []
    for i, conn in enumerate(conns):
        tasks.append(asyncio.create_task(conn.request("GET", f"/v2/updates/feed/star?{query}")))
        if i % 200 == 199:
            await asyncio.sleep(0.05)  # do not overflow the listen backlog
    await settle(pid)
    opened = time.monotonic() - started
    answered = sum(t.done() for t in tasks)
    after = rss_kib(pid)
    per = (after - before) / count
    print(
        f"idle polls {count:>5}: server RSS {before / 1024:.0f} → {after / 1024:.0f} MiB, "
        f"{per:.1f} KiB per poll, threads {threads_before} → {threads(pid)}, "
        f"{answered} answered early, set up in {opened:.1f} s"
    )
    for t in tasks:
        t.cancel()
    for conn in conns:
        conn.close()
    await asyncio.gather(*tasks, return_exceptions=True)
    await asyncio.sleep(2)  # uvicorn notices the disconnects and cancels the views
    await settle(pid)


async def post(port: int, auth: str, text: str) -> None:
    conn = Conn(port)
    body = urlencode({"body": text}).encode()
    status, data = await conn.request("POST", "/v2/entry", {"Authorization": auth}, body)
    conn.close()
    assert status == 200, data[:200]


async def bench_one(port: int, auth_reader: str, auth_star: str, rounds: int) -> None:
    cursor = await first_cursor(port, "/v2/updates/feed/star", auth_reader)
    conn = Conn(port)
    latencies, posts = [], []
    for i in range(rounds):
        query = urlencode({"cursor": cursor, "timeout": 30})
        answered: list[float] = []

        async def wait(query: str = query, answered: list[float] = answered):
            result = await conn.request(
                "GET", f"/v2/updates/feed/star?{query}", {"Authorization": auth_reader}
            )
            answered.append(time.monotonic())
            return result

        waiting = asyncio.create_task(wait())
        await asyncio.sleep(0.1)
        sent = time.monotonic()
        await post(port, auth_star, f"one waiter {i}")
        posts.append(time.monotonic() - sent)
        status, body = await waiting
        latencies.append(answered[0] - sent)
        data = orjson.loads(body)
        assert status == 200 and data["entries"], body[:200]
        cursor = data["realtime"]["cursor"]
    conn.close()
    ms = [x * 1000 for x in latencies]
    post_ms = [x * 1000 for x in posts]
    # The waiter cannot be answered before the post commits: the post's own time is shown
    # so the wake-up's share can be told apart from a slow write.
    print(
        f"1 waiter, {rounds} posts: p50 {pct(ms, 50):.0f} ms, p99 {pct(ms, 99):.0f} ms "
        f"(the POST itself: p50 {pct(post_ms, 50):.0f} ms, p99 {pct(post_ms, 99):.0f} ms)"
    )


async def bench_herd(pid: int, port: int, readers: list[str], star: str, rounds: int) -> None:
    cursors = await asyncio.gather(
        *[first_cursor(port, "/v2/updates/feed/home", auth) for auth in readers]
    )
    conns = [Conn(port) for _ in readers]
    all_ms: list[float] = []
    for r in range(rounds):
        sent = 0.0
        done: list[float] = []

        async def wait(i: int, done: list[float] = done) -> None:
            query = urlencode({"cursor": cursors[i], "timeout": 50})
            status, body = await conns[i].request(
                "GET", f"/v2/updates/feed/home?{query}", {"Authorization": readers[i]}
            )
            done.append(time.monotonic())
            data = orjson.loads(body)
            assert status == 200 and data["entries"], body[:200]
            cursors[i] = data["realtime"]["cursor"]

        tasks = [asyncio.create_task(wait(i)) for i in range(len(readers))]
        await settle(pid, quiet=0.5)
        sent = time.monotonic()
        await post(port, star, f"herd {r}")
        await asyncio.wait_for(asyncio.gather(*tasks), 60)
        ms = [(t - sent) * 1000 for t in done]
        all_ms += ms
        print(
            f"{len(readers)} waiters on their own home feeds, one post (round {r + 1}): "
            f"p50 {pct(ms, 50):.0f} ms, p99 {pct(ms, 99):.0f} ms, last {max(ms):.0f} ms"
        )
    for conn in conns:
        conn.close()
    print(
        f"{len(readers)} waiters, all rounds: p50 {pct(all_ms, 50):.0f} ms, "
        f"p99 {pct(all_ms, 99):.0f} ms"
    )


async def bench_rps(port: int, auth: str, seconds: float, concurrency: int) -> None:
    cursor = await first_cursor(port, "/v2/updates/feed/star", auth)
    path = "/v2/updates/feed/star?" + urlencode({"cursor": cursor, "timeout": 0})
    count = 0
    end = time.monotonic() + seconds

    async def loop() -> None:
        nonlocal count
        conn = Conn(port)
        while time.monotonic() < end:
            status, _ = await conn.request("GET", path, {"Authorization": auth})
            assert status == 200
            count += 1
        conn.close()

    started = time.monotonic()
    await asyncio.gather(*[loop() for _ in range(concurrency)])
    print(
        f"timeout=0 polls: {count / (time.monotonic() - started):.0f} req/s "
        f"({concurrency} connections, {seconds:.0f} s)"
    )


async def main_async(args, info: dict, pid: int, port: int) -> None:
    for count in args.idle:
        await bench_idle(pid, port, count)
    await bench_one(port, info["readers"][0], info["star"], args.rounds)
    await bench_herd(pid, port, info["readers"][: args.herd], info["star"], args.herd_rounds)
    await bench_rps(port, info["readers"][0], args.seconds, args.concurrency)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--idle", default="1000,5000")
    parser.add_argument("--herd", type=int, default=1000)
    parser.add_argument("--herd-rounds", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    args.idle = [int(x) for x in args.idle.split(",") if x]
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    need = max([*args.idle, args.herd]) * 2 + 1000
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(max(soft, need), hard), hard))

    tmp = tempfile.mkdtemp(prefix="longpoll-")
    db_url = os.environ.get("DATABASE_URL", "")
    if not db_url.startswith("postgres"):
        db_url = f"sqlite:///{tmp}/bench.sqlite3"
    info = setup(db_url, args.herd)
    port = free_port()
    server = subprocess.Popen(
        [
            str(Path(PYTHON).parent / "uvicorn"),
            "config.asgi:application",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
            "--no-access-log",
            "--backlog",
            "4096",
        ],
        cwd=ROOT,
        env=info["env"],
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        print(f"server: uvicorn, 1 process, database {db_url.split(':')[0]}, in-process wake-ups")
        asyncio.run(main_async(args, info, server.pid, port))
    finally:
        server.terminate()
        server.wait(timeout=20)


if __name__ == "__main__":
    main()
