"""The read cache (journal/readcache.py): answers kept only while nothing a reader sees changed.

The triggers are tested on the database itself (every tracked table, every kind of write,
rollback); the cached reads through the doors in their wire formats: a change made through
any door, verb or plain SQL shows on the next read, privacy changes included, and one person's
answer is never another's.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import pickle
from urllib.parse import urlencode

import orjson
import pytest
from django.core.cache import caches
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.crypto import salted_hmac

from journal import readcache, services
from journal.models import Entry, Event, ProtocolSession, Tag, User
from journal.models.entry import Security
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

FORM = "application/x-www-form-urlencoded"


@pytest.fixture(autouse=True)
def _fresh_pages():
    caches["pages"].clear()
    yield
    caches["pages"].clear()


def triggered_tables() -> set[str]:
    """Tables carrying the content-version trigger, as the database reports them."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT DISTINCT event_object_table FROM information_schema.triggers "
                "WHERE trigger_name = %s",
                [readcache.TRIGGER],
            )
            return {row[0] for row in cursor.fetchall()}
        cursor.execute(
            "SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s",
            [readcache.TRIGGER + "%"],
        )
        found: dict[str, int] = {}
        for table, _name in cursor.fetchall():
            found[table] = found.get(table, 0) + 1
        assert all(count == 3 for count in found.values()), found  # insert, update, delete
        return set(found)


# --- the version ---------------------------------------------------------------------------


def test_every_table_of_our_apps_is_tracked_but_the_bookkeeping_ones():
    tracked = set(readcache.tracked_tables())
    assert {
        "journal_entry",
        "journal_user",
        "journal_subscription",
        "journal_entry_tags",
    } <= tracked
    assert "journal_remotekey" in tracked  # revoking a key must end remembered logins
    assert triggered_tables() == tracked
    assert not tracked & set(readcache.untracked_tables())
    assert "journal_contentversion" not in tracked


def test_install_is_idempotent_and_follows_the_untracked_list():
    readcache.install()
    readcache.install()
    assert triggered_tables() == set(readcache.tracked_tables())


def test_every_kind_of_write_moves_the_version(alice, bob):
    seen = [readcache.version()]

    def moved() -> bool:
        seen.append(readcache.version())
        return seen[-1] != seen[-2]

    entry = services.post_entry(alice, body="hello")  # a verb
    assert moved()
    Entry.objects.filter(pk=entry.pk).update(subject="set by update()")  # no signals at all
    assert moved()
    entry.tags.add(Tag.objects.create(journal=alice.journal, name="t"))  # m2m
    assert moved()
    Event.objects.bulk_create([Event(kind=Event.Kind.USER_UPDATED, actor=bob)])
    assert moved()
    with connection.cursor() as cursor:  # raw SQL, as an operator's script might
        cursor.execute("UPDATE journal_user SET name = %s WHERE id = %s", ["Bob B.", bob.pk])
    assert moved()
    Entry.objects.filter(pk=entry.pk).delete()
    assert moved()
    assert len(set(seen)) == len(seen)  # never back to an earlier value


def test_reads_and_bookkeeping_writes_leave_the_version_alone(alice):
    before = readcache.version()
    list(Entry.objects.all())
    User.objects.filter(pk=alice.pk).exists()
    ProtocolSession.objects.create(  # a login session
        user=alice, secret="s" * 20, expires_at=timezone.now() + dt.timedelta(days=1)
    )
    assert readcache.version() == before


def test_a_rolled_back_write_leaves_no_trace_and_its_version_is_never_reused(alice):
    before = readcache.version()
    with pytest.raises(RuntimeError), transaction.atomic():
        services.post_entry(alice, body="never")
        inside = readcache.version()
        raise RuntimeError
    assert inside != before
    assert readcache.version() == before
    services.post_entry(alice, body="kept")
    assert readcache.version() not in (before, inside)


# --- LiveJournal: getevents and hpassword logins -------------------------------------------


def hpassword(user: User) -> str:
    return hashlib.md5(user.remote_keys.first().key.encode()).hexdigest()


def getevents(client: Client, user: User, *, secret: str = "", **params: str) -> dict[str, str]:
    body = {
        "mode": "getevents",
        "user": user.username,
        "hpassword": secret or hpassword(user),
        "ver": "1",
        "selecttype": "lastn",
        "howmany": "20",
        **params,
    }
    response = client.post("/interface/flat", urlencode(body), content_type=FORM)
    lines = response.content.decode().split("\n")
    return dict(zip(lines[0::2], lines[1::2], strict=False))


def subjects(pairs: dict[str, str]) -> list[str]:
    assert pairs["success"] == "OK", pairs
    return [pairs[f"events_{n}_subject"] for n in range(1, int(pairs["events_count"]) + 1)]


def test_getevents_repeated_costs_one_query(network, django_assert_num_queries):
    alice = network["alice"]
    services.post_entry(alice, subject="one", body="b")
    client, secret = Client(), hpassword(alice)
    assert subjects(getevents(client, alice, secret=secret)) == ["one"]
    with django_assert_num_queries(1):  # the content version; login and answer are remembered
        assert subjects(getevents(client, alice, secret=secret)) == ["one"]


def test_getevents_sees_a_privacy_change_at_once(network):
    alice, bob = network["alice"], network["bob"]
    services.post_entry(
        alice, subject="friends only", body="b", security=Security.USEMASK, allowmask=1
    )
    client = Client()
    assert subjects(getevents(client, bob, usejournal="alice")) == ["friends only"]
    # alice stops trusting bob (editfriends: delete), through the same door.
    remove = {"mode": "editfriends", "user": "alice", "hpassword": hpassword(alice), "ver": "1",
              "editfriend_delete_bob": "1"}  # fmt: skip
    response = client.post("/interface/flat", urlencode(remove), content_type=FORM)
    assert b"success\nOK" in response.content
    assert subjects(getevents(client, bob, usejournal="alice")) == []


def test_getevents_answers_differ_per_viewer(network):
    alice, bob, erin = network["alice"], network["bob"], network["erin"]
    services.post_entry(
        alice, subject="friends only", body="b", security=Security.USEMASK, allowmask=1
    )
    services.post_entry(alice, subject="public", body="b")
    client = Client()
    assert subjects(getevents(client, bob, usejournal="alice")) == ["public", "friends only"]
    assert subjects(getevents(client, erin, usejournal="alice")) == ["public"]


def test_a_revoked_key_stops_a_remembered_hpassword_login(network):
    alice = network["alice"]
    client = Client()
    old = alice.remote_keys.first()
    digest = hashlib.md5(old.key.encode()).hexdigest()
    body = {"mode": "getevents", "user": "alice", "hpassword": digest, "ver": "1",
            "selecttype": "lastn"}  # fmt: skip
    ok = client.post("/interface/flat", urlencode(body), content_type=FORM)
    assert b"success\nOK" in ok.content
    services.revoke_remote_key(alice, old.pk)
    refused = client.post("/interface/flat", urlencode(body), content_type=FORM)
    assert b"success\nFAIL" in refused.content
    assert b"Invalid password" in refused.content


def test_suspension_through_plain_sql_ends_remembered_logins(network):
    alice = network["alice"]
    client = Client()
    assert getevents(client, alice)["success"] == "OK"
    User.objects.filter(pk=alice.pk).update(is_suspended=True)  # as the console's verb does
    pairs = getevents(client, alice)
    assert pairs["success"] == "FAIL"
    assert pairs["errmsg"] == "Client error: Action forbidden; account is suspended."  # 305


# --- FriendFeed ----------------------------------------------------------------------------


def basic(user: User) -> str:
    key = user.remote_keys.first().key
    return "Basic " + base64.b64encode(f"{user.username}:{key}".encode()).decode()


def ff_bodies(client: Client, path: str, user: User | None = None, **params: str) -> list[str]:
    headers = {"HTTP_AUTHORIZATION": basic(user)} if user else {}
    response = client.get(path, params, **headers)
    assert response.status_code == 200, response.content[:300]
    return [entry["body"] for entry in orjson.loads(response.content)["entries"]]


def test_feed_home_repeated_is_served_from_the_cache(network, django_assert_num_queries):
    alice, bob = network["alice"], network["bob"]
    services.post_entry(alice, body="hello")
    client = Client()
    header = basic(bob)
    first = client.get("/v2/feed/home", HTTP_AUTHORIZATION=header)
    with django_assert_num_queries(1):  # the content version
        again = client.get("/v2/feed/home", HTTP_AUTHORIZATION=header)
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"]


def test_feed_shows_an_edit_made_through_livejournal(network):
    alice, bob = network["alice"], network["bob"]
    entry = services.post_entry(alice, body="before", subject="s")
    client = Client()
    assert "before" in ff_bodies(client, "/v2/feed/alice", bob)[0]
    edit = {"mode": "editevent", "user": "alice", "ver": "1", "itemid": str(entry.item_number),
            "hpassword": hpassword(alice), "event": "after", "subject": "s"}  # fmt: skip
    assert (
        b"success\nOK" in client.post("/interface/flat", urlencode(edit), content_type=FORM).content
    )
    assert "after" in ff_bodies(client, "/v2/feed/alice", bob)[0]


def test_feed_answers_are_per_viewer_and_jsonp_is_anonymous(network):
    alice, bob, erin = network["alice"], network["bob"], network["erin"]
    services.post_entry(alice, body="secret", security=Security.USEMASK, allowmask=1)
    services.post_entry(alice, body="open")
    client = Client()
    assert len(ff_bodies(client, "/v2/feed/alice", bob)) == 2
    assert len(ff_bodies(client, "/v2/feed/alice", erin)) == 1
    assert len(ff_bodies(client, "/v2/feed/alice")) == 1
    # JSONP ignores authentication: bob's Basic header must not fetch his cached answer.
    jsonp = client.get("/v2/feed/alice", {"callback": "f"}, HTTP_AUTHORIZATION=basic(bob))
    assert b"secret" not in jsonp.content and b"open" in jsonp.content


def test_a_hidden_entry_and_a_new_like_show_at_once(network):
    alice, bob = network["alice"], network["bob"]
    entry = services.post_entry(alice, body="hide me")
    client = Client()
    assert len(ff_bodies(client, "/v2/feed/home", bob)) == 1
    services.hide_entry(bob, entry)
    assert ff_bodies(client, "/v2/feed/home", bob) == []


def test_remembered_logins_keep_no_secret(network):
    bob = network["bob"]
    key = bob.remote_keys.first().key
    Client().get("/v2/feed/home", HTTP_AUTHORIZATION=basic(bob))
    digest = salted_hmac("journal.readcache.login", key).hexdigest()
    cache_key = readcache.key_for("login.ff.basic", ("bob", digest))
    stored = caches["pages"].get(cache_key)
    assert stored is not None and pickle.loads(stored[1])[0].pk == bob.pk
    assert key not in cache_key
    assert key.encode() not in pickle.dumps(stored)


def test_the_cache_can_be_turned_off(network, settings):
    settings.READ_CACHE_SECONDS = 0
    services.post_entry(network["alice"], body="hello")
    client, header = Client(), basic(network["bob"])
    client.get("/v2/feed/home", HTTP_AUTHORIZATION=header)
    with CaptureQueriesContext(connection) as first:
        client.get("/v2/feed/home", HTTP_AUTHORIZATION=header)
    with CaptureQueriesContext(connection) as second:
        client.get("/v2/feed/home", HTTP_AUTHORIZATION=header)
    assert len(first) == len(second) > 5  # built each time, login included
    assert not any("journal_contentversion" in query["sql"] for query in first.captured_queries)


def test_a_new_user_gets_their_own_answer(db):
    first = make_user("first")
    client = Client()
    assert ff_bodies(client, "/v2/feed/home", first) == []
    second = make_user("second")
    services.post_entry(second, body="mine")
    services.subscribe(first, second.journal)
    assert ff_bodies(client, "/v2/feed/home", first) == ["mine"]


def test_summary_feeds_move_with_the_clock_and_are_built_each_time(network, settings):
    bob = network["bob"]
    services.post_entry(network["alice"], body="today")
    client, header = Client(), basic(bob)
    client.get("/v2/feed/summary/1", HTTP_AUTHORIZATION=header)
    with CaptureQueriesContext(connection) as again:
        response = client.get("/v2/feed/summary/1", HTTP_AUTHORIZATION=header)
    assert response.status_code == 200
    assert len(again) > 3  # the entries were read again, not taken from the cache


# --- PostgreSQL: writers never wait on each other for the counter ----------------------------

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's counter rows (the CI's second run)"
)


def raw_connection():
    import psycopg

    s = connection.settings_dict
    return psycopg.connect(
        dbname=s["NAME"], user=s["USER"], password=s["PASSWORD"], host=s["HOST"], port=s["PORT"]
    )


def touch(conn) -> None:
    """A write statement on a tracked table (a statement trigger fires even for no rows)."""
    conn.execute("SET lock_timeout = '2s'")  # a wait on a counter row would fail here
    conn.execute("UPDATE journal_user SET name = name WHERE false")


def committed_version(conn) -> int:
    return conn.execute("SELECT SUM(value) FROM journal_contentversion").fetchone()[0]


@postgres_only
def test_concurrent_writers_take_different_counter_rows():
    first, second, reader = raw_connection(), raw_connection(), raw_connection()
    reader.autocommit = True
    try:
        before = committed_version(reader)
        touch(first)  # holds a counter row until it ends
        touch(second)
        second.commit()  # did not wait for `first`
        after_second = committed_version(reader)
        assert after_second > before
        first.commit()
        assert committed_version(reader) > after_second
    finally:
        for conn in (first, second, reader):
            conn.close()


@postgres_only
def test_a_writer_finding_every_counter_row_held_adds_its_own():
    holder, writer, reader = raw_connection(), raw_connection(), raw_connection()
    reader.autocommit = True
    try:
        held = holder.execute(
            "SELECT id FROM journal_contentversion WHERE id < %s FOR UPDATE",
            [readcache.POSTGRES_ROWS],
        ).fetchall()
        assert len(held) == readcache.POSTGRES_ROWS
        before = committed_version(reader)
        touch(writer)
        writer.commit()
        pid = writer.info.backend_pid
        own = reader.execute(
            "SELECT value FROM journal_contentversion WHERE id = %s",
            [readcache.POSTGRES_ROWS + pid],
        ).fetchone()
        assert own is not None
        assert committed_version(reader) > before
    finally:
        holder.rollback()  # (the added row stays: removing it would move the version back)
        for conn in (holder, writer, reader):
            conn.close()


# --- the in-process copy in front of a shared store ------------------------------------------


def test_process_memory_keeps_the_most_recently_used_within_its_bytes():
    memory = readcache._ProcessMemory(20)
    memory.set("a", ("1", b"A" * 8))
    memory.set("b", ("1", b"B" * 8))
    assert memory.get("a") == ("1", b"A" * 8)  # a is now the most recent
    memory.set("c", ("1", b"C" * 8))  # 24 bytes: the least recent goes
    assert memory.get("b") is None
    assert memory.get("a") is not None and memory.get("c") is not None
    memory.set("a", ("2", b"a" * 4))  # replacing frees the old copy's bytes
    memory.set("d", ("1", b"D" * 8))
    assert memory.get("c") is not None and memory.get("d") is not None
    memory.set("huge", ("1", b"H" * 21))  # larger than the whole budget: not kept
    assert memory.get("huge") is None and memory.get("d") is not None


@pytest.fixture
def shared_store_that_forgets(settings, monkeypatch):
    """A pages cache that is not process memory (so the in-process copy is used) and keeps
    nothing itself, so every hit below comes from the in-process copy."""
    settings.CACHES = {
        **settings.CACHES,
        "pages": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    }
    monkeypatch.setattr(readcache, "_memory", None)
    yield
    monkeypatch.setattr(readcache, "_memory", None)


def test_the_in_process_copy_answers_and_is_checked_against_the_version(
    network, shared_store_that_forgets, django_assert_num_queries
):
    alice, bob = network["alice"], network["bob"]
    services.post_entry(alice, body="first")
    client, header = Client(), basic(bob)
    assert ff_bodies(client, "/v2/feed/home", bob) == ["first"]
    assert readcache.process_memory() is not None
    with django_assert_num_queries(1):  # the version; the page and login from this process
        again = client.get("/v2/feed/home", HTTP_AUTHORIZATION=header)
    assert orjson.loads(again.content)["entries"][0]["body"] == "first"
    services.post_entry(alice, body="second")
    assert ff_bodies(client, "/v2/feed/home", bob) == ["second", "first"]


def test_signature_parameters_and_cache_busters_do_not_split_the_key(
    network, django_assert_num_queries
):
    services.post_entry(network["alice"], body="hello")
    client, header = Client(), basic(network["bob"])
    first = client.get("/v2/feed/home", HTTP_AUTHORIZATION=header)
    with django_assert_num_queries(1):  # the version only: the same answer
        again = client.get(
            "/v2/feed/home", {"_": "1700000000", "oauth_nonce": "n1"}, HTTP_AUTHORIZATION=header
        )
    assert again.content == first.content
    # A parameter that does choose the answer still does.
    assert client.get("/v2/feed/home", {"num": 0}, HTTP_AUTHORIZATION=header).content != (
        first.content
    )
