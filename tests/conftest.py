"""Shared fixtures: the personas and their known relations.

alice  — trusts bob (friend, in her group "Close friends", bit 1) and charlie (friend, no
         group); bob and charlie both read alice.
bob    — trusts alice.
charlie— trusts nobody.
dave   — reads alice (dave → alice) but alice does not trust him.
erin   — a stranger to everyone.
pond   — a community: alice is its admin, bob a member; charlie is not a member.
"""

from __future__ import annotations

import pytest
from django.test import Client

from journal import readcache, services
from journal.models import FriendGroup, Journal, User

PASSWORD = "correct horse battery staple"


def pytest_sessionfinish(session, exitstatus):
    """A destroyed SQLite test database leaves its WAL side files (connections of the real-
    time tests' threads held them open); they are removed with it, not left to pile up."""
    from pathlib import Path

    from django.conf import settings

    db = settings.DATABASES["default"]
    name = db.get("TEST", {}).get("NAME")
    if not db["ENGINE"].endswith("sqlite3") or not name or Path(name).exists():
        return
    for side in ("-wal", "-shm"):
        Path(name + side).unlink(missing_ok=True)


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """PBKDF2 by design costs ~0.1 s a hash; tests register many people."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Every test writes uploads into its own temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_read_cache():
    """Each test's rolled-back transaction reads versions no reader outside it ever sees;
    answers kept in process memory under them are dropped with the transaction."""
    yield
    memory = readcache.process_memory()
    if memory is not None:
        memory.clear()


@pytest.fixture(autouse=True)
def _eager_celery(request, settings):
    """Tasks run in-process unless a test opts into the real worker (`real_celery` marker)."""
    from config.celery import app

    eager = request.node.get_closest_marker("real_celery") is None
    settings.CELERY_TASK_ALWAYS_EAGER = eager
    app.conf.task_always_eager = eager


def make_user(username: str, name: str = "") -> User:
    return services.register(username, PASSWORD, name=name or username.title())


@pytest.fixture
def root(db) -> User:
    """A superuser: the operator of the Django admin and the console."""
    user = make_user("root", "Root")
    user.is_staff = user.is_superuser = True
    user.save()
    return user


@pytest.fixture
def operator(root, client_for):
    """A browser logged in as root (the Django admin's operator)."""
    return client_for(root)


@pytest.fixture
def alice(db) -> User:
    return make_user("alice", "Alice Liddell")


@pytest.fixture
def bob(db) -> User:
    return make_user("bob", "Bob Builder")


@pytest.fixture
def charlie(db) -> User:
    return make_user("charlie", "Charlie Brown")


@pytest.fixture
def dave(db) -> User:
    return make_user("dave", "Dave Lister")


@pytest.fixture
def erin(db) -> User:
    return make_user("erin", "Erin Stranger")


@pytest.fixture
def close_friends(alice) -> FriendGroup:
    return services.set_friend_group(alice, 1, "Close friends")


@pytest.fixture
def network(alice, bob, charlie, dave, erin, close_friends):
    """The personas' friendships as described in the module docstring."""
    services.set_friend(alice, bob.journal, groupmask=1 | close_friends.mask)
    services.set_friend(alice, charlie.journal)
    services.set_friend(bob, alice.journal)
    services.set_friend(charlie, alice.journal)
    services.set_friend(dave, alice.journal)
    return {"alice": alice, "bob": bob, "charlie": charlie, "dave": dave, "erin": erin}


@pytest.fixture
def pond(alice, bob) -> Journal:
    community = services.create_community(alice, "pond", title="The Pond")
    services.join_community(bob, community)
    return community


@pytest.fixture
def client_for():
    """A logged-in test client for a user."""

    def make(user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make
