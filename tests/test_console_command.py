"""`manage.py console`: the LiveJournal console from the shell."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from journal.models import Ban, User
from tests.conftest import make_user


def console(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("console", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def operator(db) -> User:
    user = make_user("operator", "The Operator")
    user.is_staff = user.is_superuser = True
    user.save()
    return user


def test_runs_as_the_operator_by_default(operator, alice):
    out, err = console("suspend alice 'spam'")
    assert out == "User 'alice' suspended.\n"
    assert err == ""
    alice.refresh_from_db()
    assert alice.is_suspended


def test_several_words_are_a_pre_split_command(operator):
    out, _ = console("print", "two words", '"quoted"')
    assert out.splitlines() == ["Welcome to 'print'!", "two words", '"quoted"']


def test_runs_as_another_user(operator, alice, bob):
    out, _ = console("ban_set bob", "--as", "alice")
    assert out == "User bob banned from alice\n"
    assert Ban.objects.filter(journal=alice.journal, user=bob).exists()


def test_error_lines_go_to_stderr_and_fail_the_command(operator, alice, bob):
    with pytest.raises(CommandError) as info:
        console("suspend bob spam", "--as", "alice")
    assert info.value.returncode == 1
    bob.refresh_from_db()
    assert not bob.is_suspended


def test_error_line_text_is_written(operator):
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("console", "nonesuch", stdout=StringIO(), stderr=err)
    assert "There is no such command 'nonesuch'." in err.getvalue()


def test_unknown_as_user(operator):
    with pytest.raises(CommandError, match="No such user: ghost"):
        console("help", "--as", "ghost")


def test_without_a_superuser_it_asks_for_one(alice):
    with pytest.raises(CommandError, match="No superuser exists"):
        console("help")
