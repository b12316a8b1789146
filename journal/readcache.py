"""The read cache: a hot read's answer, kept until anything a reader could see changes.

A cached answer is stored with the content version it was built at and served only while the
version is the same. The version is the sum of the `ContentVersion` rows, which database
triggers move inside every transaction that writes a tracked table (every model of our apps
except the bookkeeping ones in UNTRACKED). So:

- nothing here knows the visibility rules: a page is rebuilt through them after any change,
  whichever door, verb, admin action, console command, `QuerySet.update()` or raw SQL made it;
- the version moves when the change commits, in the same transaction, so a reader never keeps
  a page built before a change once the change is visible (it reads the version first, then
  builds; a page newer than its version is harmless);
- the key holds the viewer, so one person's page is never another's.

Answers are kept in the `pages` cache (Redis in production, with a copy in each process's
memory; process memory alone in the embedded default) for at most READ_CACHE_SECONDS; 0 turns
the cache off. The key also holds the
database's name and a fingerprint of the code and settings that shape answers, so a deploy
never serves pages rendered by the previous code.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import connections
from django.utils.crypto import salted_hmac

T = TypeVar("T")
log = logging.getLogger(__name__)

APPS = ("journal", "livejournal", "friendfeed")
# Written on reads or by authentication, never shown in a cached answer (authentication runs
# before the cache is consulted): tracking them would throw every page away on every login.
UNTRACKED = frozenset({
    "journal.contentversion",  # the counter itself
    "journal.protocolsession",  # LiveJournal sessions: authentication
    "livejournal.usedchallenge",  # one per challenge-response login
    "livejournal.postsignature",  # duplicate-post suppression, written with the post
    "friendfeed.nonce",  # one per OAuth 1.0a request
    "friendfeed.accesstoken",  # last_used_at moves on every OAuth request
    "friendfeed.requesttoken",  # the OAuth dance
})  # fmt: skip
POSTGRES_ROWS = 64
TRIGGER = "journalfeed_content_changed"
# Microseconds since the epoch, in each database's dialect.
_NOW_US = {
    "postgresql": "(EXTRACT(EPOCH FROM clock_timestamp()) * 1000000)::bigint",
    "sqlite": "CAST((julianday('now') - 2440587.5) * 86400000000.0 AS INTEGER)",
}


def tracked_tables() -> list[str]:
    """The tables whose writes move the content version (m2m tables included)."""
    tables = set()
    for label in APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            if model._meta.label_lower not in UNTRACKED:
                tables.add(model._meta.db_table)
    return sorted(tables)


def untracked_tables() -> list[str]:
    return sorted(apps.get_model(label)._meta.db_table for label in UNTRACKED)


def install(using: str = "default") -> None:
    """Create the counter rows and the triggers, and move the version once (idempotent; run
    after every migrate and flush).

    SQLite drops a table's triggers when a migration rebuilds the table, and a table a
    migration creates has none until now: what was written meanwhile (the rebuild's copy, a
    RunPython step) moved no version, so the version moves here. Below the migration that
    creates the counter table (`migrate journal 0005`), every trigger is removed instead:
    one left behind would fail each write to its table.
    """
    connection = connections[using]
    vendor = connection.vendor
    if vendor not in _NOW_US:
        raise NotImplementedError(f"the read cache has no triggers for {vendor}")
    table = connection.ops.quote_name("journal_contentversion")
    existing = set(connection.introspection.table_names())
    now = _NOW_US[vendor]
    with connection.cursor() as cursor:
        if "journal_contentversion" not in existing:
            _drop_triggers(connection, cursor)
            return
        if vendor == "postgresql":
            cursor.execute(
                f"INSERT INTO {table} (id, value) SELECT n, {now} "  # noqa: S608 (no input)
                f"FROM generate_series(0, {POSTGRES_ROWS - 1}) AS n ON CONFLICT (id) DO NOTHING"
            )
            # Any counter row no other transaction holds (SKIP LOCKED never waits, so a
            # writer never queues behind another, and lock orders cannot deadlock); with all
            # of them held, a row of this backend's own (a pid is unique among live ones).
            cursor.execute(
                f"CREATE OR REPLACE FUNCTION {TRIGGER}() RETURNS trigger LANGUAGE plpgsql AS $$ "  # noqa: S608
                f"BEGIN "
                f"UPDATE {table} SET value = GREATEST(value + 1, {now}) WHERE id = ("
                f"  SELECT id FROM {table} WHERE id < {POSTGRES_ROWS} ORDER BY id"
                f"  LIMIT 1 FOR UPDATE SKIP LOCKED); "
                f"IF NOT FOUND THEN "
                f"  INSERT INTO {table} (id, value)"
                f"  VALUES ({POSTGRES_ROWS} + pg_backend_pid(), {now})"
                f"  ON CONFLICT (id) DO UPDATE SET value = GREATEST({table}.value + 1, {now}); "
                f"END IF; "
                f"RETURN NULL; END $$"
            )
            for name in tracked_tables():
                if name in existing:
                    # TRUNCATE fires no DELETE trigger (an operator's cleanup, say).
                    cursor.execute(
                        f"CREATE OR REPLACE TRIGGER {TRIGGER} "
                        f"AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
                        f"ON {connection.ops.quote_name(name)} "
                        f"FOR EACH STATEMENT EXECUTE FUNCTION {TRIGGER}()"
                    )
            for name in untracked_tables():
                if name in existing:
                    quoted = connection.ops.quote_name(name)
                    cursor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER} ON {quoted}")
            cursor.execute(
                f"UPDATE {table} SET value = GREATEST(value + 1, {now}) WHERE id = 0"  # noqa: S608
            )
        else:
            # An upsert, not an UPDATE: with the row deleted (an operator's cleanup, a flush
            # without post_migrate) an UPDATE would leave the version where it is for good.
            bump = (
                f"INSERT INTO {table} (id, value) VALUES (0, {now}) "  # noqa: S608
                f"ON CONFLICT (id) DO UPDATE SET value = max(value + 1, {now});"
            )
            for name in tracked_tables():
                if name not in existing:
                    continue
                for op in ("INSERT", "UPDATE", "DELETE"):
                    trigger = connection.ops.quote_name(f"{TRIGGER}_{op.lower()}_{name}")
                    # Replaced, not kept: a trigger from before this body must not remain.
                    cursor.execute(f"DROP TRIGGER IF EXISTS {trigger}")
                    cursor.execute(
                        f"CREATE TRIGGER {trigger} AFTER {op} "
                        f"ON {connection.ops.quote_name(name)} BEGIN {bump} END"
                    )
            for name in untracked_tables():
                for op in ("insert", "update", "delete"):
                    trigger = connection.ops.quote_name(f"{TRIGGER}_{op}_{name}")
                    cursor.execute(f"DROP TRIGGER IF EXISTS {trigger}")
            cursor.execute(bump)


def _drop_triggers(connection: Any, cursor: Any) -> None:
    """Every trigger of ours, whatever table it is on (and PostgreSQL's function)."""
    if connection.vendor == "postgresql":
        cursor.execute(
            "SELECT DISTINCT event_object_schema, event_object_table "
            "FROM information_schema.triggers WHERE trigger_name = %s",
            [TRIGGER],
        )
        for schema, name in cursor.fetchall():
            quoted = f"{connection.ops.quote_name(schema)}.{connection.ops.quote_name(name)}"
            cursor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER} ON {quoted}")
        cursor.execute(f"DROP FUNCTION IF EXISTS {TRIGGER}()")
        return
    cursor.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name GLOB %s",
        [TRIGGER + "_*"],
    )
    for (name,) in cursor.fetchall():
        cursor.execute(f"DROP TRIGGER IF EXISTS {connection.ops.quote_name(name)}")


def on_post_migrate(sender, using: str = "default", **kwargs: Any) -> None:
    install(using)


def version(using: str = "default") -> str:
    """The content version now: one indexed read of at most 64 rows."""
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT COALESCE(SUM(value), 0) FROM journal_contentversion")
        return str(cursor.fetchone()[0])


_code_digest: bytes | None = None
_fingerprints: dict[tuple[str, ...], str] = {}


def _shaping_settings() -> tuple[str, ...]:
    """Settings that appear in answers (absolute URLs). Read on every call, not once per
    process: a test or `override_settings` changing one must not meet older answers."""
    return (
        str(settings.SITE_URL),
        str(settings.MEDIA_URL),
        str(settings.STATIC_URL),
        str(getattr(settings, "FRIENDFEED_SHORT_URL", "")),
    )


def fingerprint() -> str:
    """The code and settings that shape answers, so a deploy never serves old renderings."""
    global _code_digest
    if _code_digest is None:
        digest = hashlib.sha256()
        root = Path(settings.BASE_DIR)
        # The files' contents (read once per process, a few ms): machines running the same
        # release share their answers through Redis; any change to the code does not.
        for package in ("api", "config", "feeds", "journal"):
            for path in sorted((root / package).rglob("*")):
                if path.suffix in (".py", ".html", ".txt", ".xml") and path.is_file():
                    digest.update(str(path.relative_to(root)).encode() + b"\0")
                    digest.update(path.read_bytes())
        _code_digest = digest.digest()
    shaping = _shaping_settings()
    found = _fingerprints.get(shaping)
    if found is None:
        digest = hashlib.sha256(_code_digest)
        digest.update("|".join(shaping).encode())
        found = _fingerprints[shaping] = digest.hexdigest()[:16]
    return found


def key_for(namespace: str, parts: tuple[Any, ...], using: str = "default") -> str:
    """A cache key for one answer: the namespace, the database, the code, and a digest of
    everything the answer depends on besides the content (viewer, parameters, ...)."""
    name = str(connections[using].settings_dict["NAME"])
    digest = hashlib.sha256(repr((name, parts)).encode()).hexdigest()
    return f"read:{fingerprint()}:{namespace}:{digest}"


def request_version(request: Any = None) -> str:
    """The content version, read once per request: a request that overlaps a change may
    answer from before it, so its several cached steps can share one reading."""
    if request is None:
        return version()
    current = getattr(request, "_content_version", None)
    if current is None:
        current = request._content_version = version()
    return current


class _ProcessMemory:
    """A small LRU of pickled answers in this process, in front of a shared (Redis) store.

    Every answer is checked against the content version before use, so a copy here is
    exactly as good as the shared one, and a hit costs no round trip. Answers are kept
    pickled so no two requests share a mutable object, and the copy is bounded by the bytes
    it holds (a page of 100 entries is far larger than a login).
    """

    def __init__(self, budget: int) -> None:
        self._budget = budget
        self._size = 0
        self._items: OrderedDict[str, tuple[str, bytes]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> tuple[str, bytes] | None:
        with self._lock:
            item = self._items.get(key)
            if item is not None:
                self._items.move_to_end(key)
            return item

    def set(self, key: str, item: tuple[str, bytes]) -> None:
        if len(item[1]) > self._budget:
            return
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._size -= len(old[1])
            self._items[key] = item
            self._size += len(item[1])
            while self._size > self._budget:
                _, dropped = self._items.popitem(last=False)
                self._size -= len(dropped[1])

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._size = 0


_memory: _ProcessMemory | None = None


def process_memory() -> _ProcessMemory | None:
    """The in-process copy, when the pages cache is shared (not already process memory)."""
    global _memory
    if isinstance(caches["pages"], LocMemCache):
        return None
    if _memory is None:
        _memory = _ProcessMemory(settings.READ_CACHE_PROCESS_BYTES)
    return _memory


def cached(
    namespace: str, parts: tuple[Any, ...], build: Callable[[], T], *, request: Any = None
) -> T:
    """`build()`'s answer for `parts`, from the cache while the content version has not moved.

    `build` runs through the usual read path; raising (an error answer) caches nothing, and
    neither does returning None. `request` (an HttpRequest) shares one version reading
    among the cached steps of one request.
    """
    seconds = settings.READ_CACHE_SECONDS
    if seconds <= 0:
        return build()
    key = key_for(namespace, parts)
    # Read before building: a page may be newer than its version, never older.
    current = request_version(request)
    memory = process_memory()
    item = memory.get(key) if memory is not None else None
    if item is None or item[0] != current:
        item = _shared("get", key)
        if item is not None and item[0] == current and memory is not None:
            memory.set(key, item)
    if item is not None and item[0] == current:
        return pickle.loads(item[1])  # noqa: S301 - our own cache, written just below
    answer = build()
    if answer is not None:
        item = (current, pickle.dumps(answer, pickle.HIGHEST_PROTOCOL))
        _shared("set", key, item, seconds)
        if memory is not None:
            memory.set(key, item)
    return answer


def _shared(operation: str, *args: Any) -> Any:
    """The shared store's get or set; its server being down (Redis restarting) costs the
    cache, not the answer: a miss, and nothing stored."""
    try:
        return getattr(caches["pages"], operation)(*args)
    except Exception:
        log.warning("read cache: the pages store failed (%s)", operation, exc_info=True)
        return None


def cached_login(
    door: str, username: str, secret: str, check: Callable[[], T | None], *, request: Any = None
) -> T | None:
    """`check()`'s successful answer for these credentials, remembered like a page.

    Revoking a key, changing a password or suspending an account moves the content version,
    so a remembered success lasts exactly as long as the credentials stay good. The key holds
    an HMAC of the secret, never the secret, and the answer must hold none either (a user, an
    id). Failures are never remembered: `check` returns None and the door's own slower path
    answers them, counting them against its rate limit.
    """
    digest = salted_hmac("journal.readcache.login", secret).hexdigest()
    return cached(f"login.{door}", (username, digest), check, request=request)
