"""Staff console commands, gated by Django permissions (spec §4.17, privileged commands)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.test import Client

from api.friendfeed.models import AccessToken
from api.livejournal.auth import md5_hex
from api.livejournal.console import ERROR, INFO, SUCCESS, run
from journal import permissions, services
from journal.errors import Forbidden
from journal.models import Event, Journal, Membership, ProtocolSession, User
from tests.conftest import PASSWORD, make_user
from tests.friendfeed.conftest import basic_header
from tests.friendfeed.oauth_support import make_app
from tests.livejournal.conftest import flat_error_code

NOT_AUTHORIZED = [(ERROR, "You are not authorized to run this command.")]


@pytest.fixture
def staff(db) -> User:
    """A staff member holding exactly the permissions the staff commands check."""
    user = make_user("staffer", "Staff Member")
    user.is_staff = True
    user.save()
    perms = Permission.objects.filter(
        content_type__app_label="journal",
        codename__in=["change_user", "view_user", "change_journal"],
    )
    user.user_permissions.add(*perms)
    return User.objects.get(pk=user.pk)  # fresh: permission caches


@pytest.mark.parametrize(
    "line",
    [
        "suspend bob spam",
        "unsuspend bob oops",
        "finduser bob",
        "change_journal_type bob community alice",
        "reset_password bob compromised",
    ],
)
def test_everyone_else_is_not_authorized(alice, bob, line):
    assert run(line, alice).lines == NOT_AUTHORIZED
    bob.refresh_from_db()
    assert not bob.is_suspended
    assert bob.check_password(PASSWORD)
    assert bob.journal.kind == Journal.Kind.PERSONAL


def test_staff_without_the_permission_is_not_authorized(alice, bob):
    alice.is_staff = True
    alice.save()
    assert run("suspend bob spam", alice).lines == NOT_AUTHORIZED


def test_suspend_stops_the_account_and_unsuspend_restores_it(staff, bob):
    assert run('suspend bob "posting spam"', staff).lines == [(SUCCESS, "User 'bob' suspended.")]
    bob.refresh_from_db()
    assert bob.is_suspended
    # The domain flag is what every door checks before letting someone in or act.
    with pytest.raises(Forbidden) as info:
        permissions.ensure_active(bob)
    assert info.value.code == "suspended"
    event = Event.objects.filter(kind=Event.Kind.USER_UPDATED, target_user=bob).last()
    assert event.data == {"change": "suspended", "reason": "posting spam"}
    assert run("suspend bob again", staff).lines == [(ERROR, "User 'bob' is already suspended.")]
    assert run("unsuspend bob appeal accepted", staff).lines == [
        (SUCCESS, "User 'bob' unsuspended.")
    ]
    bob.refresh_from_db()
    assert not bob.is_suspended
    assert run("unsuspend bob twice", staff).lines == [(ERROR, "User 'bob' is not suspended.")]


def test_suspended_user_cannot_log_in_through_the_lj_door(lj, staff, bob):
    assert lj.flat(mode="login", user="bob", password=PASSWORD)["success"] == "OK"
    run("suspend bob spam", staff)
    pairs = lj.flat(mode="login", user="bob", password=PASSWORD)
    assert pairs == {
        "success": "FAIL",
        "errmsg": "Client error: Action forbidden; account is suspended.",
    }


@pytest.mark.parametrize("line", ["suspend bob", "suspend", "unsuspend bob", "reset_password bob"])
def test_a_reason_is_required(staff, bob, line):
    result = run(line, staff)
    assert result.lines == [
        (ERROR, "This command takes a user name and a reason. Consult the reference.")
    ]


def test_finduser_by_name_email_and_id(staff, alice, bob):
    User.objects.filter(pk=bob.pk).update(email="bob@example.org")
    (line,) = run("finduser bob", staff).lines
    assert line == (
        INFO,
        f"User: bob ({bob.pk}), journaltype: personal, status: active, email: bob@example.org",
    )
    assert run("finduser BOB@example.org", staff).lines == [line]
    assert run(f"finduser userid {bob.pk}", staff).lines == [line]
    assert texts_of(run("finduser name liddell", staff))[0].startswith("User: alice")
    assert run("finduser nobody", staff).lines == [(INFO, "No matches.")]
    assert run("finduser userid abc", staff).lines == [(ERROR, "A user id is a number.")]
    assert run("finduser shoe size", staff).lines[0][0] == ERROR


def texts_of(result):
    return [t for _, t in result.lines]


def test_change_journal_type_to_community_and_back(staff, alice, bob):
    result = run("change_journal_type bob community alice", staff)
    assert result.lines == [(SUCCESS, "User: bob converted to a community account.")]
    journal = Journal.objects.get(name="bob")
    assert journal.kind == Journal.Kind.COMMUNITY
    assert Membership.objects.get(journal=journal, user=alice).role == Membership.Role.ADMIN
    # A community account cannot act on its own any more.
    with pytest.raises(Forbidden):
        permissions.ensure_active(User.objects.get(pk=bob.pk))
    User.objects.filter(pk=alice.pk).update(email="alice@example.org")
    result = run("change_journal_type bob person alice", staff)
    assert texts_of(result) == ["User: bob converted to a person account."]
    bob.refresh_from_db()
    assert bob.journal.kind == Journal.Kind.PERSONAL
    assert bob.email == "alice@example.org"
    assert bob.check_password(PASSWORD)  # the owner's password (same in the personas)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("change_journal_type bob community", "An owner is required for this conversion."),
        ("change_journal_type bob person alice", "bob is already of type person."),
        ("change_journal_type bob shared alice", "Type must be one of 'person' or 'community'."),
        ("change_journal_type bob community bob", "The owner must be another account."),
        ("change_journal_type pond person alice", "pond has no account of its own to convert."),
        ("change_journal_type nowhere community alice", "Unknown account: nowhere"),
        (
            "change_journal_type bob",
            "This command takes two or three arguments. Consult the reference.",
        ),
    ],
)
def test_change_journal_type_errors_change_nothing(staff, alice, bob, pond, line, message):
    assert run(line, staff).lines == [(ERROR, message)]
    assert Journal.objects.get(name="bob").kind == Journal.Kind.PERSONAL
    assert Journal.objects.get(name="pond").kind == Journal.Kind.COMMUNITY


def test_reset_password_mails_the_new_password_and_ends_sessions(staff, bob, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    User.objects.filter(pk=bob.pk).update(email="bob@example.org")
    old_key = bob.remote_keys.get().key
    session = ProtocolSession.objects.create(
        user=bob, secret="s", expires_at="2999-01-01T00:00:00Z"
    )
    result = run("reset_password bob account compromised", staff)
    assert result.lines == [(SUCCESS, "Password reset for 'bob'; the new password was mailed.")]
    bob.refresh_from_db()
    assert not bob.check_password(PASSWORD)
    (message,) = mail.outbox
    assert message.to == ["bob@example.org"]
    new_password = message.body.split("Your new password: ")[1].split("\n")[0]
    assert bob.check_password(new_password)
    session.refresh_from_db()
    assert session.expired
    assert bob.remote_keys.get().key != old_key
    event = Event.objects.filter(kind=Event.Kind.USER_UPDATED, target_user=bob).last()
    assert event.data == {"change": "password", "reason": "account compromised"}


def test_reset_password_without_email_shows_it_to_the_operator(staff, bob):
    result = run("reset_password bob forgotten", staff)
    assert result.lines[0] == (SUCCESS, "Password reset for 'bob'.")
    kind, text = result.lines[1]
    assert kind == INFO
    bob.refresh_from_db()
    assert bob.check_password(text.rsplit(": ", 1)[1])


def test_superuser_may_run_every_staff_command(alice, bob):
    alice.is_superuser = True
    alice.save()
    assert run("suspend bob spam", alice).lines == [(SUCCESS, "User 'bob' suspended.")]
    services.unsuspend(alice, bob)


def test_an_account_converted_to_a_community_logs_in_through_no_door(
    staff, alice, bob, lj, client, django_capture_on_commit_callbacks
):
    """Spec §2 (errors of the auth step): non-person accounts cannot log in (DW refuses their
    passwords: 101). The converted account kept its password, keys and tokens, so it could."""
    key = bob.remote_keys.first().key
    AccessToken.objects.create(application=make_app(name="Reader"), user=bob)
    browser = Client()
    assert browser.login(username="bob", password=PASSWORD)
    header = basic_header(bob)
    with django_capture_on_commit_callbacks(execute=True):
        run("change_journal_type bob community alice", staff)
    for creds in ({"password": PASSWORD}, {"password": key}, {"hpassword": md5_hex(key)}):
        pairs = lj.flat(mode="login", user="bob", **creds)
        assert pairs["success"] == "FAIL" and flat_error_code(pairs["errmsg"]) == 101
    response = client.get("/v2/validate", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert not AccessToken.objects.filter(user=bob).exists()
    assert browser.get("/settings").status_code == 302  # its browser session ended
    assert not Client().login(username="bob", password=PASSWORD)
    # The owner acts for the community as before.
    pairs = lj.flat(
        mode="postevent",
        user="alice",
        password=PASSWORD,
        usejournal="bob",
        event="from the admin",
        year=2026,
        mon=1,
        day=2,
        hour=3,
        min=4,
    )
    assert pairs["success"] == "OK", pairs
