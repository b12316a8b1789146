"""Across processes: Redis pub/sub + a real Celery worker (CI's second run).

Two uvicorn processes serve the same database: a poll waiting in one is woken by a post
handled by the other, through the fan-out task on the worker and one Redis subscription
per server process. Skipped on the embedded defaults (no REDIS_URL).
"""

from __future__ import annotations

import base64
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.db import connection

from feeds.realtime.notify import CHANNEL

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.real_celery,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (CI run 2)"),
]
ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _database_url() -> str:
    db = connection.settings_dict
    return (
        f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )


@pytest.fixture
def servers():
    """Two server processes on free ports, against the test database."""
    if connection.vendor != "postgresql":
        pytest.skip("two processes need a shared database server")
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "SECRET_KEY": "realtime-test-secret-key-0123456789abcdef-0123456789",
        "TESTING": "1",
        "DEBUG": "0",
    }
    env.pop("DATABASE_TEST_NAME", None)
    procs, urls = [], []
    uvicorn = str(Path(sys.executable).parent / "uvicorn")
    for _ in range(2):
        port = _free_port()
        procs.append(
            subprocess.Popen(
                [
                    uvicorn,
                    "config.asgi:application",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(port),
                    "--log-level",
                    "warning",
                ],
                cwd=ROOT,
                env=env,
            )
        )
        urls.append(f"http://127.0.0.1:{port}")
    try:
        for url in urls:
            for _ in range(100):
                try:
                    if requests.get(f"{url}/health", timeout=1).ok:
                        break
                except requests.RequestException:
                    time.sleep(0.1)
            else:
                pytest.fail(f"server {url} did not start")
        yield urls
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()


def _basic(user) -> dict:
    key = user.remote_keys.first().key
    return {
        "Authorization": "Basic " + base64.b64encode(f"{user.username}:{key}".encode()).decode()
    }


def _subscribers() -> int:
    import redis

    client = redis.Redis.from_url(settings.REDIS_URL)
    try:
        return dict(client.pubsub_numsub(CHANNEL)).get(CHANNEL.encode(), 0)
    finally:
        client.close()


def test_a_waiter_in_one_process_is_woken_by_a_post_in_another(network, alice, bob, servers):
    a, b = servers
    bob_auth, alice_auth = _basic(bob), _basic(alice)
    first = requests.get(f"{a}/v2/updates/feed/alice", {"timeout": 0}, headers=bob_auth, timeout=10)
    assert first.status_code == 200, first.content
    cursor = first.json()["realtime"]["cursor"]
    before = _subscribers()

    result: dict = {}

    def wait() -> None:
        response = requests.get(
            f"{a}/v2/updates/feed/alice",
            {"cursor": cursor, "timeout": 30},
            headers=bob_auth,
            timeout=40,
        )
        result["response"], result["at"] = response, time.monotonic()

    waiter = threading.Thread(target=wait)
    waiter.start()
    deadline = time.monotonic() + 10
    while _subscribers() <= before and time.monotonic() < deadline:
        time.sleep(0.05)  # server A subscribes to Redis when its first poll waits
    time.sleep(0.3)
    assert "response" not in result, "the poll answered before anything happened"

    posted_at = time.monotonic()
    post = requests.post(
        f"{b}/v2/entry", {"body": "across processes"}, headers=alice_auth, timeout=10
    )
    assert post.status_code == 200, post.content
    waiter.join(35)
    response = result["response"]
    assert response.status_code == 200
    data = response.json()
    assert [e["id"] for e in data["entries"]] == [post.json()["id"]]
    assert data["entries"][0]["created"] is True
    # Woken by the ping (worker → Redis → server A), not by the 30 s deadline.
    assert result["at"] - posted_at < 10
