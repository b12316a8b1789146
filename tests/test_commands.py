"""Operator commands: createuser, remotekey, ensure_admin and seed_demo."""

from __future__ import annotations

from collections import Counter
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.db.models import F

from journal.models import (
    Comment,
    Entry,
    Event,
    FriendGroup,
    Journal,
    Like,
    Membership,
    RemoteKey,
    Subscription,
    User,
)
from journal.models.entry import Security
from tests.conftest import PASSWORD


def run(*args: str, **options) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


# createuser


def test_createuser_makes_an_account_with_journal_and_remote_key(db):
    out, _ = run("createuser", "Zoe", "--password", PASSWORD, "--email", "zoe@x.example")
    user = User.objects.get(username="zoe")
    assert "zoe" in out
    assert user.email == "zoe@x.example"
    assert user.check_password(PASSWORD)
    assert authenticate(username="zoe", password=PASSWORD) == user
    assert Journal.objects.get(name="zoe").user == user
    assert user.remote_keys.count() == 1
    # Through the register verb: the event log has the registration.
    assert Event.objects.filter(kind=Event.Kind.USER_REGISTERED, actor=user).count() == 1


def test_createuser_rejects_a_bad_name_without_writing_anything(db):
    with pytest.raises(CommandError):
        run("createuser", "no spaces!", "--password", PASSWORD)
    with pytest.raises(CommandError):
        run("createuser", "x" * 40, "--password", PASSWORD)
    assert User.objects.count() == 0 and Journal.objects.count() == 0


def test_createuser_rejects_a_taken_name(alice):
    with pytest.raises(CommandError, match="taken"):
        run("createuser", "alice", "--password", "another password")
    assert User.objects.filter(username="alice").count() == 1
    assert User.objects.get(username="alice").check_password(PASSWORD)


def test_createuser_rejects_a_community_name(pond):
    with pytest.raises(CommandError):
        run("createuser", "pond", "--password", PASSWORD)


def test_createuser_requires_a_password(db):
    with pytest.raises(CommandError):
        run("createuser", "zoe")
    with pytest.raises(CommandError):
        run("createuser", "zoe", "--password", "")
    assert not User.objects.filter(username="zoe").exists()


# remotekey


def test_remotekey_prints_the_users_key(alice):
    out, _ = run("remotekey", "alice")
    assert out.strip() == alice.remote_keys.get().key


def test_remotekey_accepts_any_case(alice):
    out, _ = run("remotekey", "ALICE")
    assert out.strip() == alice.remote_keys.get().key


def test_remotekey_reset_replaces_the_key(alice):
    old = alice.remote_keys.get().key
    out, _ = run("remotekey", "alice", "--reset")
    new = out.strip()
    assert new != old and len(new) >= 32
    assert list(alice.remote_keys.values_list("key", flat=True)) == [new]
    assert not RemoteKey.objects.filter(key=old).exists()
    again, _ = run("remotekey", "alice")
    assert again.strip() == new


def test_remotekey_for_an_unknown_user_fails(db):
    with pytest.raises(CommandError, match="no such user"):
        run("remotekey", "nobody")


def test_remotekey_makes_a_key_when_the_user_has_none(alice):
    alice.remote_keys.all().delete()
    out, _ = run("remotekey", "alice")
    assert out.strip() == alice.remote_keys.get().key


# ensure_admin


@pytest.fixture
def var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"
    return settings.VAR_DIR


def test_ensure_admin_creates_a_superuser_with_the_chosen_password(db, var_dir, monkeypatch):
    monkeypatch.setenv("ADMIN_USERNAME", "boss")
    monkeypatch.setenv("ADMIN_PASSWORD", "the chosen one 123")
    out, err = run("ensure_admin")
    boss = User.objects.get(username="boss")
    assert boss.is_superuser and boss.is_staff
    assert boss.check_password("the chosen one 123")
    assert "boss" in out
    assert "the chosen one 123" not in out + err
    assert not (var_dir / "admin-password.txt").exists()
    assert Journal.objects.filter(name="boss", user=boss).exists()


def test_ensure_admin_is_idempotent(db, var_dir, monkeypatch):
    monkeypatch.setenv("ADMIN_PASSWORD", "first password 123")
    run("ensure_admin")
    monkeypatch.setenv("ADMIN_PASSWORD", "second password 456")
    monkeypatch.setenv("ADMIN_USERNAME", "other")
    out, _ = run("ensure_admin")
    assert out == ""
    assert User.objects.filter(is_superuser=True).count() == 1
    admin = User.objects.get(is_superuser=True)
    assert admin.username == "admin" and admin.check_password("first password 123")


def test_ensure_admin_without_a_password_generates_and_shows_one(db, var_dir, monkeypatch):
    monkeypatch.delenv("ADMIN_USERNAME", raising=False)
    monkeypatch.delenv("ADMIN_PASSWORD", raising=False)
    out, _ = run("ensure_admin")
    admin = User.objects.get(username="admin")
    note = (var_dir / "admin-password.txt").read_text().split()
    assert note[0] == "admin" and admin.check_password(note[1])
    assert note[1] in out  # a generated password must be shown once
    assert (var_dir / "admin-password.txt").stat().st_mode & 0o077 == 0


def test_ensure_admin_promotes_an_existing_account_of_that_name(alice, var_dir, monkeypatch):
    monkeypatch.setenv("ADMIN_USERNAME", "alice")
    monkeypatch.setenv("ADMIN_PASSWORD", "new admin password")
    run("ensure_admin")
    alice.refresh_from_db()
    assert alice.is_superuser and alice.check_password("new admin password")
    assert User.objects.count() == 1


def test_ensure_admin_with_a_bad_name_fails_cleanly(db, var_dir, monkeypatch):
    monkeypatch.setenv("ADMIN_USERNAME", "bad name!")
    monkeypatch.setenv("ADMIN_PASSWORD", "whatever 123")
    with pytest.raises(CommandError):
        run("ensure_admin")
    assert not User.objects.exists()


# seed_demo


@pytest.fixture
def seeded(db):
    out, err = run("seed_demo", "--users", "6", "--entries", "50")
    return out, err


def test_seed_demo_builds_people_with_journals(seeded):
    out, err = seeded
    people = User.objects.filter(username__startswith="demo")
    assert people.count() == 6
    assert Journal.objects.filter(user__in=people, kind=Journal.Kind.PERSONAL).count() == 6
    assert all(p.remote_keys.exists() for p in people)
    assert authenticate(username="demo0", password="demo-password") is not None
    assert "seeded 6 people" in out
    assert "entries" in err  # the progress bar


def test_seed_demo_builds_a_network_with_groups(seeded):
    people = list(User.objects.filter(username__startswith="demo"))
    for person in people:
        assert Subscription.objects.filter(user=person).exclude(journal__user=person).exists()
        assert set(FriendGroup.objects.filter(owner=person).values_list("bit", flat=True)) == {1, 2}
    assert Subscription.objects.filter(groupmask__gt=1).exists()  # someone is in a group


def test_seed_demo_builds_a_community_with_members(seeded):
    community = Journal.objects.get(kind=Journal.Kind.COMMUNITY)
    members = Membership.objects.filter(journal=community, status=Membership.Status.ACTIVE)
    assert members.count() >= 2


def test_seed_demo_entries_have_per_journal_item_numbers(seeded):
    assert Entry.objects.count() == 50
    for journal in Journal.objects.filter(entries__isnull=False).distinct():
        numbers = sorted(journal.entries.values_list("item_number", flat=True))
        assert numbers == list(range(1, len(numbers) + 1)), journal.name
    assert Entry.objects.exclude(security=Security.PUBLIC).exists()  # private entries too
    assert not Entry.objects.filter(body_html="").exists()


def test_seed_demo_posts_only_where_the_poster_may_post(seeded):
    for entry in Entry.objects.select_related("journal"):
        if entry.journal.kind == Journal.Kind.COMMUNITY:
            assert Membership.objects.filter(
                journal=entry.journal, user_id=entry.poster_id, status=Membership.Status.ACTIVE
            ).exists()
            assert entry.security == Security.PUBLIC
        else:
            assert entry.journal.user_id == entry.poster_id


def test_seed_demo_adds_comments_and_likes(seeded):
    assert Comment.objects.count() > 0
    assert Like.objects.count() > 0
    assert not Like.objects.filter(entry__poster_id=F("user_id")).exists()  # not self-likes
    # Reactions only on entries everyone may see.
    assert not Comment.objects.exclude(entry__security=Security.PUBLIC).exists()
    assert not Like.objects.exclude(entry__security=Security.PUBLIC).exists()


def test_seed_demo_records_one_entry_created_event_per_entry(seeded):
    events = Event.objects.filter(kind=Event.Kind.ENTRY_CREATED)
    per_entry = Counter(events.values_list("entry_id", flat=True))
    assert set(per_entry) == set(Entry.objects.values_list("pk", flat=True))
    assert set(per_entry.values()) == {1}
    for event in events.select_related("entry"):
        assert event.actor_id == event.entry.poster_id
        assert event.journal_id == event.entry.journal_id


def test_seed_demo_can_run_again_to_add_more(seeded):
    run("seed_demo", "--users", "6", "--entries", "20")
    assert User.objects.filter(username__startswith="demo").count() == 6
    assert Entry.objects.count() == 70
    assert Event.objects.filter(kind=Event.Kind.ENTRY_CREATED).count() == 70
    for journal in Journal.objects.filter(entries__isnull=False).distinct():
        numbers = sorted(journal.entries.values_list("item_number", flat=True))
        assert numbers == list(range(1, len(numbers) + 1))
