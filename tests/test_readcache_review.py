"""Review of the read cache (journal/readcache.py): the ways a cached answer or a remembered
login could outlive a change, or a cache value could keep a credential.

Each test names the failure it pins: writes that must move the content version although the
counter rows or the triggers were missing for a while (an operator's cleanup, a SQLite table
rebuild in a migration, a schema migrated back below the counter table), PostgreSQL's
TRUNCATE, settings that shape answers, and password hashes in remembered logins.
"""

from __future__ import annotations

import pickle
from urllib.parse import urlencode

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.utils.crypto import salted_hmac

from journal import readcache, services
from journal.models import ContentVersion, Entry
from tests.conftest import make_user
from tests.test_readcache import FORM, basic, ff_bodies, postgres_only, triggered_tables
from tests.test_readcache import hpassword as hpassword_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_pages():
    caches["pages"].clear()
    yield
    caches["pages"].clear()


def drop_entry_triggers() -> None:
    """What a SQLite table rebuild does to journal_entry's triggers until post_migrate."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"DROP TRIGGER {readcache.TRIGGER} ON journal_entry")
            return
        for op in ("insert", "update", "delete"):
            cursor.execute(f'DROP TRIGGER "{readcache.TRIGGER}_{op}_journal_entry"')


# --- remembered logins keep no password hash ----------------------------------------------


def test_a_remembered_friendfeed_login_keeps_no_password_hash(network):
    bob = network["bob"]
    key = bob.remote_keys.first().key
    Client().get("/v2/feed/home", HTTP_AUTHORIZATION=basic(bob))
    digest = salted_hmac("journal.readcache.login", key).hexdigest()
    stored = caches["pages"].get(readcache.key_for("login.ff.basic", ("bob", digest)))
    assert stored is not None
    assert bob.password and bob.password.encode() not in stored[1]
    user, key_id = pickle.loads(stored[1])
    assert user.pk == bob.pk and key_id == bob.remote_keys.first().pk
    assert user.check_password("correct horse battery staple")  # loaded again when needed


def test_a_remembered_livejournal_login_keeps_no_password_hash(network):
    alice = network["alice"]
    hpassword = hpassword_of(alice)
    body = {"mode": "getevents", "user": "alice", "hpassword": hpassword, "ver": "1",
            "selecttype": "lastn"}  # fmt: skip
    client = Client()
    for _ in range(2):  # the second login is the remembered one
        response = client.post("/interface/flat", urlencode(body), content_type=FORM)
        assert b"success\nOK" in response.content
    digest = salted_hmac("journal.readcache.login", hpassword).hexdigest()
    stored = caches["pages"].get(readcache.key_for("login.lj.hpassword", ("alice", digest)))
    assert stored is not None
    assert alice.password and alice.password.encode() not in stored[1]
    assert pickle.loads(stored[1]).pk == alice.pk


def test_a_remembered_login_still_posts_and_saves_only_what_changed(network):
    """A user unpickled without its password hash may be saved: the hash is not wiped."""
    alice = network["alice"]
    hpassword = hpassword_of(alice)
    client = Client()
    for n in range(2):
        body = {"mode": "postevent", "user": "alice", "hpassword": hpassword, "ver": "1",
                "event": f"post {n}", "year": "2024", "mon": "1", "day": "2", "hour": "3",
                "min": "4"}  # fmt: skip
        response = client.post("/interface/flat", urlencode(body), content_type=FORM)
        assert b"success\nOK" in response.content, response.content
    alice.refresh_from_db()
    assert alice.check_password("correct horse battery staple")
    assert Entry.objects.filter(journal=alice.journal).count() == 2


# --- writes while the counter rows or triggers were missing --------------------------------


def test_writes_move_the_version_even_after_the_counter_rows_were_deleted(network):
    """Rows deleted (an operator's cleanup, a flush without post_migrate): the next write
    must still move the version, or every cached answer would be served for good."""
    alice, bob = network["alice"], network["bob"]
    services.post_entry(alice, body="first")
    ContentVersion.objects.all().delete()
    client = Client()
    assert ff_bodies(client, "/v2/feed/alice", bob) == ["first"]
    before = readcache.version()
    services.post_entry(alice, body="second")
    assert readcache.version() != before
    assert ff_bodies(client, "/v2/feed/alice", bob) == ["second", "first"]


def test_install_moves_the_version_for_writes_made_while_triggers_were_missing(network):
    """A SQLite table rebuild drops the table's triggers until post_migrate re-creates them;
    what the migration wrote in between (its copy, a RunPython step) must not be hidden
    behind answers cached before it."""
    alice, bob = network["alice"], network["bob"]
    entry = services.post_entry(alice, body="before")
    client = Client()
    assert ff_bodies(client, "/v2/feed/alice", bob) == ["before"]
    drop_entry_triggers()
    changed = "changed by the migration"
    Entry.objects.filter(pk=entry.pk).update(body=changed, body_html=changed)
    readcache.install()  # post_migrate
    assert ff_bodies(client, "/v2/feed/alice", bob) == ["changed by the migration"]


def test_install_below_the_counter_table_leaves_no_trigger_behind(alice):
    """`migrate journal 0005` drops the counter table: post_migrate must not fail on it,
    and no trigger may be left to fail every later write."""
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE journal_contentversion")
    readcache.install()
    assert triggered_tables() == set()
    services.post_entry(alice, body="a write after migrating back")
    assert Entry.objects.filter(body="a write after migrating back").exists()


@postgres_only
def test_truncate_moves_the_version(network):
    """An operator's TRUNCATE fires no row or statement DELETE trigger."""
    alice, bob = network["alice"], network["bob"]
    entry = services.post_entry(alice, body="hidden later")
    services.hide_entry(bob, entry)
    client = Client()
    assert ff_bodies(client, "/v2/feed/home", bob) == []
    before = readcache.version()
    with connection.cursor() as cursor:
        # (the test's transaction holds deferred foreign-key checks, which TRUNCATE refuses)
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("TRUNCATE journal_hide")
    assert readcache.version() != before
    assert ff_bodies(client, "/v2/feed/home", bob) == ["hidden later"]


# --- settings that shape answers ------------------------------------------------------------


def test_a_changed_site_url_is_not_served_from_answers_built_before(network, settings):
    alice, bob = network["alice"], network["bob"]
    services.post_entry(alice, body="hello")
    client = Client()
    settings.SITE_URL = "https://one.example"
    first = client.get("/v2/feed/alice", HTTP_AUTHORIZATION=basic(bob))
    assert b"https://one.example/" in first.content
    settings.SITE_URL = "https://two.example"
    second = client.get("/v2/feed/alice", HTTP_AUTHORIZATION=basic(bob))
    assert b"https://two.example/" in second.content
    assert b"https://one.example/" not in second.content


@pytest.mark.django_db(transaction=True)
def test_a_flush_without_post_migrate_leaves_a_version_that_still_moves():
    """TransactionTestCase's flush with `available_apps` inhibits post_migrate: the counter
    rows are gone (PostgreSQL truncates them with every table) and install() does not run."""
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
    before = readcache.version()
    services.post_entry(make_user("zed"), body="after the flush")
    assert readcache.version() != before
    readcache.install()  # what the teardown's own flush runs after
    assert readcache.version() != before


# --- pins: answers that differ by protocol version or method stay apart ---------------------


def test_getevents_ver0_placeholder_and_ver1_text_are_kept_apart(network):
    alice = network["alice"]
    services.post_entry(alice, subject="caf\u00e9", body="na\u00efve")
    entry = Entry.objects.get(journal=alice.journal)
    day = entry.event_time
    hpassword = hpassword_of(alice)
    client = Client()

    def subject(ver: str) -> str:
        body = {"mode": "getevents", "user": "alice", "hpassword": hpassword, "ver": ver,
                "selecttype": "day", "year": str(day.year), "month": str(day.month),
                "day": str(day.day)}  # fmt: skip
        lines = client.post("/interface/flat", urlencode(body), content_type=FORM)
        pairs = lines.content.decode().split("\n")
        found = dict(zip(pairs[0::2], pairs[1::2], strict=False))
        assert found["success"] == "OK", found
        return found["events_1_subject"]

    assert subject("0") == "(cannot be shown)"
    assert subject("1") == "caf\u00e9"
    assert subject("0") == "(cannot be shown)"


def test_a_head_request_does_not_cache_an_empty_body(network):
    alice, bob = network["alice"], network["bob"]
    services.post_entry(alice, body="hello")
    client = Client()
    assert client.head("/v2/feed/alice", HTTP_AUTHORIZATION=basic(bob)).status_code == 200
    assert ff_bodies(client, "/v2/feed/alice", bob) == ["hello"]


def test_every_model_of_the_project_is_tracked_or_listed_as_bookkeeping():
    """readcache.APPS names the apps by hand: a model added to another project app (feeds,
    say) would change answers without moving the version."""
    from pathlib import Path

    from django.apps import apps
    from django.conf import settings

    root = Path(settings.BASE_DIR).resolve()
    ours = []
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if path.is_relative_to(root) and "site-packages" not in path.parts:
            ours.append(config)
    assert {config.label for config in ours} >= set(readcache.APPS)
    tables = {
        model._meta.db_table
        for config in ours
        for model in config.get_models(include_auto_created=True)
    }
    assert tables == set(readcache.tracked_tables()) | set(readcache.untracked_tables())


# --- the shared store failing ---------------------------------------------------------------


class _Unreachable(Exception):
    pass


class UnreachableCache:
    """A pages cache whose server is down (Redis restarting, say)."""

    def __init__(self, *args, **kwargs) -> None:
        pass

    def get(self, *args, **kwargs):
        raise _Unreachable("connection refused")

    set = get

    def clear(self) -> None:  # the tests' own housekeeping, not the read cache's
        pass

    def close(self, **kwargs) -> None:
        pass


@pytest.fixture
def unreachable_pages(settings, monkeypatch):
    settings.CACHES = {
        **settings.CACHES,
        "pages": {"BACKEND": f"{__name__}.UnreachableCache"},
    }
    monkeypatch.setattr(readcache, "_memory", None)
    yield
    monkeypatch.setattr(readcache, "_memory", None)


def test_an_unreachable_pages_store_costs_the_cache_not_the_answer(network, unreachable_pages):
    """The read cache is an optimisation: its store being down must not turn every feed
    read and remembered login into a 500."""
    alice, bob = network["alice"], network["bob"]
    services.post_entry(alice, body="still served")
    client = Client()
    assert ff_bodies(client, "/v2/feed/alice", bob) == ["still served"]
    assert ff_bodies(client, "/v2/feed/alice", bob) == ["still served"]
