"""Shared pieces of the benchmark scripts: environment, manage.py, server start, percentiles."""

from __future__ import annotations

import argparse
import http.client
import os
import secrets
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


SERVERS = ("gunicorn", "uvicorn")


def add_layout_arguments(parser: argparse.ArgumentParser, default_db: Path) -> None:
    """The options every request benchmark shares: load, server, database, task queue."""
    parser.add_argument("--duration", type=float, default=10)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument(
        "--workers", type=int, default=2 * (os.cpu_count() or 1), help="as gunicorn.conf.py"
    )
    parser.add_argument(
        "--db",
        default=str(default_db),
        help="a SQLite file, or a postgres:// URL (the production layout's database)",
    )
    parser.add_argument(
        "--redis",
        default="",
        help="a redis:// URL: Celery on Redis with a worker (the production layout); "
        "default: eager Celery (the embedded default)",
    )
    parser.add_argument(
        "--server",
        choices=SERVERS,
        default="gunicorn",
        help="gunicorn: the production layout's server for these requests (README); "
        "uvicorn: the make-run server",
    )


def layout_env(args: argparse.Namespace) -> dict[str, str]:
    """bench_env for the options add_layout_arguments parsed."""
    return bench_env(args.db if "://" in args.db else Path(args.db), args.redis)


def bench_env(db: Path | str, redis: str = "") -> dict[str, str]:
    """The server's environment: a SQLite file path, or a database URL (PostgreSQL), and
    with `redis` the production layout's Celery broker and pub/sub (start_worker runs the
    worker); without it, the embedded default's eager Celery."""
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    if redis:
        env["REDIS_URL"] = redis
    env.update(
        DATABASE_URL=db if isinstance(db, str) and "://" in db else f"sqlite:///{db}",
        DEBUG="0",
        SECRET_KEY=env.get("SECRET_KEY") or secrets.token_hex(32),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        FRIENDFEED_WRITES_PER_HOUR=str(10**9),
        LOG_LEVEL="WARNING",
    )
    return env


def describe_db(env: dict[str, str]) -> str:
    return "PostgreSQL" if env["DATABASE_URL"].startswith("postgres") else "SQLite"


def start_server(env: dict[str, str], port: int, *, server: str, workers: int) -> subprocess.Popen:
    """The server of the README's production layout for the sync doors (gunicorn, with
    config/gunicorn.conf.py) or uvicorn as `make run` starts it (the long-poll server)."""
    bin_dir = ROOT / ".venv" / "bin"
    if server == "gunicorn":
        cmd = [
            str(bin_dir / "gunicorn"), "-c", "config/gunicorn.conf.py", "config.wsgi:application",
            "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--log-level", "warning",
        ]  # fmt: skip
    elif server == "uvicorn":
        cmd = [
            str(bin_dir / "uvicorn"), "config.asgi:application", "--host", "127.0.0.1",
            "--port", str(port), "--workers", str(workers), "--no-access-log",
            "--log-level", "warning",
        ]  # fmt: skip
    else:
        raise ValueError(f"unknown server {server!r}")
    return subprocess.Popen(cmd, cwd=ROOT, env=env)


def describe_layout(env: dict[str, str]) -> str:
    tasks = "Redis + a Celery worker" if env.get("REDIS_URL") else "eager Celery"
    return f"{describe_db(env)}, {tasks}"


def start_worker(env: dict[str, str]) -> subprocess.Popen | None:
    """A Celery worker for the production layout (None on the embedded default)."""
    if not env.get("REDIS_URL"):
        return None
    return subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "celery"),
            "-A",
            "config",
            "worker",
            "--loglevel=WARNING",
            "--concurrency=1",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,  # the startup banner
    )


def wait_idle(env: dict[str, str], timeout: float = 120.0) -> None:
    """Let the Celery worker finish what the previous request left queued (production layout
    only), so each figure measures its own request rather than the last one's fan-out."""
    url = env.get("REDIS_URL")
    if not url:
        return
    import redis

    client = redis.Redis.from_url(url)
    deadline = time.monotonic() + timeout
    while client.llen("celery") and time.monotonic() < deadline:  # Celery's default queue
        time.sleep(0.2)
    client.close()
    time.sleep(1.0)  # the task in hand


def stop(*procs: subprocess.Popen | None) -> None:
    for proc in procs:
        if proc is not None:
            proc.terminate()
    for proc in procs:
        if proc is not None:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_up(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/health")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("server did not start")


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] * 1000


def drive(
    port: int,
    method: str,
    path: str | Callable[[], str],
    *,
    body: Callable[[], str | None],
    headers: dict[str, str],
    duration: float,
    concurrency: int,
    failed: Callable[[int, bytes], bool] = lambda status, content: status >= 400,
) -> tuple[list[float], int, float]:
    """Keep-alive clients hammering one URL; returns (latencies in s, errors, elapsed).

    `body` is called per request (None for none), and so is `path` when it is callable;
    `failed` judges each answer.
    """
    target = path if callable(path) else lambda: path
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.monotonic() + duration

    def worker() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine: list[float] = []
        bad = 0
        while time.monotonic() < stop:
            payload = body()
            t0 = time.perf_counter()
            try:
                conn.request(method, target(), body=payload, headers=headers)
                response = conn.getresponse()
                if failed(response.status, response.read()):
                    bad += 1
            except (OSError, http.client.HTTPException):
                bad += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                continue
            mine.append(time.perf_counter() - t0)
        with lock:
            latencies.extend(mine)
            errors[0] += bad

    start = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, errors[0], time.monotonic() - start


def measure(
    port: int, method: str, path: str | Callable[[], str], *, duration: float, **options: Any
) -> tuple[list[float], int, float]:
    """A 1.5 s warm-up, then `drive` for `duration`; returns (latencies, errors, req/s)."""
    for seconds in (1.5, duration):
        lat, errors, elapsed = drive(port, method, path, duration=seconds, **options)
    return lat, errors, len(lat) / elapsed


def report(
    env: dict[str, str],
    cases: list[tuple],
    run: Callable[[tuple, float], tuple[list[float], int, float]],
    *,
    duration: float,
    label: str = "request",
) -> None:
    """Measure and print each case; `cases[0]` is the trivial view (/health).

    This machine's speed drifts within a run (a shared VM), so each case's share is taken
    against the trivial view measured just before it; with a Celery worker its queue is
    drained first, so a figure is its own request's, not the previous one's fan-out.
    """
    print(
        f"{label:<30} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} "
        f"{'errors':>7} {'of /health':>10} {'(/health)':>9}"
    )
    for case in cases:
        wait_idle(env)
        ceiling = run(cases[0], duration / 2)[2] if case is not cases[0] else None
        lat, errors, rate = run(case, duration)
        share = rate / ceiling if ceiling else 1.0
        print(
            f"{case[0]:<30} {len(lat):>9} {rate:>8.0f} {pct(lat, 50):>8.1f} "
            f"{pct(lat, 99):>8.1f} {errors:>7} {share:>10.0%} {ceiling or rate:>9.0f}"
        )
