"""The production layout's servers (README): gunicorn for the sync doors, uvicorn for long polls.

The settings half runs everywhere; the cross-server half needs PostgreSQL + Redis + a real
Celery worker (CI's second run), since two processes share nothing else.
"""

from __future__ import annotations

import base64
import datetime as dt
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

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SECRET = "serving-test-secret-key-0123456789abcdef-0123456789abcdef"


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_TEST_NAME"}}
    env.update({"SECRET_KEY": SECRET, "DEBUG": "0", "ALLOWED_HOSTS": "127.0.0.1"}, **extra)
    return env


def _setting(expression: str, **env: str) -> str:
    code = f"from django.conf import settings as s; print({expression})"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=_env(**env),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(cmd: list[str], env: dict[str, str], port: int) -> subprocess.Popen:
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env)
    for _ in range(200):
        try:
            if requests.get(f"http://127.0.0.1:{port}/health", timeout=1).ok:
                return proc
        except requests.RequestException:
            time.sleep(0.1)
    proc.kill()
    pytest.fail(f"{cmd[0]} did not start on port {port}")


def _stop(*procs: subprocess.Popen) -> None:
    for proc in procs:
        proc.terminate()
    for proc in procs:
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


def _gunicorn(port: int) -> list[str]:
    return [
        str(BIN / "gunicorn"),
        "-c",
        "config/gunicorn.conf.py",
        "config.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "1",
    ]


def _uvicorn(port: int) -> list[str]:
    return [
        str(BIN / "uvicorn"),
        "config.asgi:application",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "warning",
    ]


# -- settings ---------------------------------------------------------------------------


def test_sqlite_files_run_in_wal_mode(tmp_path):
    url = f"sqlite:///{tmp_path}/wal.sqlite3"
    mode = _setting(
        "__import__('django.db').db.connection.cursor().execute('PRAGMA journal_mode')"
        ".fetchone()[0]",
        DATABASE_URL=url,
    )
    assert mode == "wal"


def test_connection_age_comes_from_the_environment(tmp_path):
    sqlite = f"sqlite:///{tmp_path}/age.sqlite3"
    expression = "s.DATABASES['default']['CONN_MAX_AGE']"
    assert _setting(expression, DATABASE_URL=sqlite) == "0"
    assert _setting(expression, DATABASE_URL=sqlite, DATABASE_CONN_MAX_AGE="600") == "600"
    # PostgreSQL: psycopg's pool by default (uvicorn's long polls); persistent connections
    # instead where the server keeps its threads (gunicorn), since Django refuses both.
    # (No connection is made by these checks.)
    pg = "postgres://u:p@127.0.0.1:1/none"
    pool = "'pool' in s.DATABASES['default']['OPTIONS']"
    assert _setting(f"({expression}, {pool})", DATABASE_URL=pg) == "(0, True)"
    kept = _setting(f"({expression}, {pool})", DATABASE_URL=pg, DATABASE_CONN_MAX_AGE="600")
    assert kept == "(600, False)"
    checks = "s.DATABASES['default']['CONN_HEALTH_CHECKS']"
    assert _setting(checks, DATABASE_URL=pg, DATABASE_CONN_MAX_AGE="600") == "False"
    assert _setting(checks, DATABASE_URL=sqlite) == "True"


def test_gunicorn_config_serves_the_doors_with_persistent_sqlite_connections(tmp_path):
    """The production config boots, answers the site and the LiveJournal door over one
    keep-alive connection, and its workers keep their database connections."""
    url = f"sqlite:///{tmp_path}/gunicorn.sqlite3"
    env = _env(DATABASE_URL=url)
    migrate = subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v0", "--noinput"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert migrate.returncode == 0, migrate.stderr
    port = _free_port()
    proc = _start(_gunicorn(port), env, port)
    try:
        with requests.Session() as http:
            for _ in range(3):
                answer = http.post(
                    f"http://127.0.0.1:{port}/interface/flat",
                    data={"mode": "getchallenge"},
                    timeout=10,
                )
                assert answer.status_code == 200
                assert "success\nOK" in answer.text
            assert http.get(f"http://127.0.0.1:{port}/login", timeout=10).status_code == 200
            # A mode that reads the database (the account does not exist).
            login = http.post(
                f"http://127.0.0.1:{port}/interface/flat",
                data={"mode": "login", "user": "nobody", "password": "x"},
                timeout=10,
            )
            assert "errmsg\nInvalid username" in login.text, login.text
        # The worker still has the database file open between requests (CONN_MAX_AGE from
        # the config); under `make run`'s uvicorn each request closes its connection.
        workers = Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()
        assert len(workers) == 1
        open_files = {os.path.realpath(fd) for fd in Path(f"/proc/{workers[0]}/fd").iterdir()}
        assert str((tmp_path / "gunicorn.sqlite3").resolve()) in open_files
    finally:
        _stop(proc)


# -- the two servers together (PostgreSQL + Redis + a Celery worker) ----------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.real_celery
@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (CI run 2)")
def test_a_long_poll_on_uvicorn_is_woken_by_a_livejournal_post_on_gunicorn(network, alice, bob):
    if connection.vendor != "postgresql":
        pytest.skip("two servers need a shared database server")
    db = connection.settings_dict
    env = _env(
        DATABASE_URL=(
            f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}"
        ),
        REDIS_URL=settings.REDIS_URL,
        TESTING="1",
    )
    web_port, poll_port = _free_port(), _free_port()
    web = _start(_gunicorn(web_port), env, web_port)
    polls = _start(_uvicorn(poll_port), env, poll_port)
    try:
        key = bob.remote_keys.first().key
        auth = {"Authorization": "Basic " + base64.b64encode(f"bob:{key}".encode()).decode()}
        poll_url = f"http://127.0.0.1:{poll_port}/v2/updates/feed/home"
        first = requests.get(poll_url, {"timeout": 0}, headers=auth, timeout=10)
        assert first.status_code == 200, first.content
        cursor = first.json()["realtime"]["cursor"]
        result: dict = {}

        def wait() -> None:
            result["response"] = requests.get(
                poll_url, {"cursor": cursor, "timeout": 30}, headers=auth, timeout=40
            )
            result["at"] = time.monotonic()

        waiter = threading.Thread(target=wait)
        waiter.start()
        time.sleep(1.0)
        assert "response" not in result, "the poll answered before anything happened"
        tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
        posted_at = time.monotonic()
        post = requests.post(
            f"http://127.0.0.1:{web_port}/interface/flat",
            data={
                "mode": "postevent",
                "user": "alice",
                "password": alice.remote_keys.first().key,
                "event": "from the sync server",
                "subject": "layout",
                # Tomorrow: later than any entry of the fixtures, whatever alice's time zone.
                **dict(zip(("year", "mon", "day"), tomorrow.split("-"), strict=True)),
                "hour": "12",
                "min": "0",
            },
            timeout=10,
        )
        assert "success\nOK" in post.text, post.text
        waiter.join(35)
        data = result["response"].json()
        # The FriendFeed body of an LJ post is "subject - event".
        assert [e["body"] for e in data["entries"]] == ["layout - from the sync server"]
        assert data["entries"][0]["created"] is True
        assert result["at"] - posted_at < 10  # woken through Redis, not by the deadline
    finally:
        _stop(web, polls)
