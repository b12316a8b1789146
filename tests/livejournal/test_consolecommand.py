"""consolecommand (spec §4.17, §8) through both doors; logging in is optional."""

from __future__ import annotations

from api.livejournal.modes.consolecommand import consolecommand
from api.livejournal.registry import Call
from journal.models import Ban, User
from tests.conftest import PASSWORD


def test_handler_runs_each_command(alice, bob):
    call = Call("consolecommand", {"commands": ["ban_set bob", ["print", "a b"]]}, alice, "flat")
    assert consolecommand(call) == {
        "results": [
            {"success": 1, "output": [["success", "User bob banned from alice"]]},
            {"success": 1, "output": [["info", "Welcome to 'print'!"], ["success", "a b"]]},
        ]
    }


def test_flat_keys(lj, alice, bob):
    pairs = lj.flat(
        mode="consolecommand", user="alice", password=PASSWORD, command='print hi "!there you"'
    )
    assert pairs == {
        "success": "OK",
        "cmd_success": "1",
        "cmd_line_count": "3",
        "cmd_line_1": "Welcome to 'print'!",
        "cmd_line_1_type": "info",
        "cmd_line_2": "hi",
        "cmd_line_2_type": "success",
        "cmd_line_3": "!there you",
        "cmd_line_3_type": "error",
    }


def test_flat_ban_set_changes_the_domain(lj, alice, bob):
    pairs = lj.flat(mode="consolecommand", user="alice", password=PASSWORD, command="ban_set bob")
    assert pairs["cmd_line_1"] == "User bob banned from alice"
    assert Ban.objects.filter(journal=alice.journal, user=bob).exists()


def test_xmlrpc_takes_lines_and_pre_split_lists(lj, alice, bob):
    result = lj.xmlrpc(
        "consolecommand",
        {
            "username": "alice",
            "password": PASSWORD,
            "commands": ["ban_set bob", ["ban_list"], "nonesuch"],
        },
    )
    assert result == {
        "results": [
            {"success": 1, "output": [["success", "User bob banned from alice"]]},
            {"success": 1, "output": [["info", "bob"]]},
            {"success": 1, "output": [["error", "There is no such command 'nonesuch'."]]},
        ]
    }


def test_failed_login_runs_without_a_user_and_still_succeeds(lj, door, alice, bob):
    result = lj.call(
        door,
        "consolecommand",
        alice,
        password="wrong",
        **({"command": "ban_set bob"} if door == "flat" else {"commands": ["ban_set bob"]}),
    )
    message = "You must be logged in to run this command."
    if door == "flat":
        assert result["cmd_line_1"] == message
        assert result["cmd_line_1_type"] == "error"
    else:
        assert result["results"][0]["output"] == [["error", message]]
    assert not Ban.objects.exists()


def test_help_and_print_work_without_login(lj, alice):
    pairs = lj.flat(mode="consolecommand", user="alice", password="wrong", command="help print")
    assert pairs["cmd_line_1"] == "print <args...>"


def test_staff_command_refused_to_ordinary_users(lj, door, alice, bob):
    struct = (
        {"command": "suspend bob spam"} if door == "flat" else {"commands": ["suspend bob spam"]}
    )
    result = lj.call(door, "consolecommand", alice, **struct)
    text = "You are not authorized to run this command."
    assert text in str(result)
    assert not User.objects.get(pk=bob.pk).is_suspended


def test_staff_suspends_through_the_protocol_and_the_user_is_locked_out(lj, alice, bob):
    alice.is_superuser = True
    alice.save()
    pairs = lj.flat(
        mode="consolecommand", user="alice", password=PASSWORD, command="suspend bob spam"
    )
    assert pairs["cmd_line_1"] == "User 'bob' suspended."
    login = lj.flat(mode="login", user="bob", password=PASSWORD)
    assert login["errmsg"] == "Client error: Action forbidden; account is suspended."


def test_missing_command_is_200(lj, door, alice):
    assert lj.error(door, "consolecommand", alice) == 200


def test_xmlrpc_wrong_shapes_are_203(lj, alice):
    for commands in ({"a": "b"}, [{"a": "b"}], [["print", ["nested"]]]):
        assert lj.error("xmlrpc", "consolecommand", alice, commands=commands) == 203


def test_too_many_commands_is_209(lj, alice):
    assert lj.error("xmlrpc", "consolecommand", alice, commands=["help"] * 101) == 209


def test_empty_command_line_is_an_error_line(lj, alice):
    pairs = lj.flat(mode="consolecommand", user="alice", password=PASSWORD, command="")
    assert pairs["cmd_line_count"] == "1"
    assert pairs["cmd_line_1"] == "There is no such command ''."


def test_unknown_username_runs_anonymously(lj, db):
    pairs = lj.flat(mode="consolecommand", user="ghost", password="x", command="print hi")
    assert pairs["success"] == "OK"
    assert pairs["cmd_line_2"] == "hi"
    result = lj.xmlrpc(
        "consolecommand", {"username": "ghost", "password": "x", "commands": ["ban_list"]}
    )
    assert result["results"][0]["output"] == [
        ["error", "You must be logged in to run this command."]
    ]


def test_suspended_account_is_told_its_status_not_to_log_in(lj, alice, bob):
    """The right password of a suspended account gets the console's own status line."""
    bob.is_suspended = True
    bob.save()
    pairs = lj.flat(mode="consolecommand", user="bob", password=PASSWORD, command="ban_list")
    assert pairs["success"] == "OK"
    assert pairs["cmd_line_1"] == "Your account status prevents you from using the console."
    pairs = lj.flat(mode="consolecommand", user="bob", password="wrong", command="ban_list")
    assert pairs["cmd_line_1"] == "You must be logged in to run this command."
