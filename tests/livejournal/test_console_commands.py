"""Console commands for everyone: help, print, bans, community, set, tags, mood themes."""

from __future__ import annotations

import pytest

from api.livejournal.console import COMMANDS, ERROR, INFO, SUCCESS, run
from journal import services
from journal.models import Ban, Event, Journal, Membership, Tag


def texts(result, kind=None):
    return [t for k, t in result.lines if kind is None or k == kind]


def test_unknown_command_is_an_error_line(alice):
    result = run("frobnicate now", alice)
    assert result.lines == [(ERROR, "There is no such command 'frobnicate'.")]
    assert result.success


def test_command_names_are_case_insensitive(alice):
    assert texts(run("PRINT hi", alice), SUCCESS) == ["hi"]


def test_print_echoes_arguments_and_bang_lines_are_errors(db):
    result = run('print one "two words" !three', None)
    assert result.lines == [
        (INFO, "Welcome to 'print'!"),
        (SUCCESS, "one"),
        (SUCCESS, "two words"),
        (ERROR, "!three"),
    ]


def test_list_form_is_not_reparsed(db):
    result = run(["print", 'a "b" c'], None)
    assert texts(result, SUCCESS) == ['a "b" c']


def test_help_lists_only_commands_the_caller_may_run(alice):
    lines = texts(run("help", alice), INFO)
    joined = "\n".join(lines)
    assert "ban_set: Ban another user" in joined
    assert "suspend:" not in joined
    assert all(len(line) <= 72 for line in lines)


def test_help_works_without_login_and_shows_staff_commands_to_superusers(db, alice):
    alice.is_superuser = True
    alice.save()
    assert "suspend:" in "\n".join(texts(run("help", alice), INFO))
    assert "help:" in "\n".join(texts(run("help", None), INFO))


def test_help_for_one_command_shows_usage_and_arguments(db):
    lines = texts(run("help ban_set", None), INFO)
    assert lines[0] == 'ban_set <user> [ "from" <community> ]'
    assert any(line.startswith("  user: The user you want to ban.") for line in lines)
    assert run("help nonesuch", None).lines == [(ERROR, "There is no such command 'nonesuch'.")]


@pytest.mark.parametrize("name", sorted(set(COMMANDS) - {"help", "print", "moodtheme_list"}))
def test_commands_need_a_login(db, name):
    assert run(name, None).lines == [(ERROR, "You must be logged in to run this command.")]


def test_suspended_account_cannot_use_the_console(alice):
    alice.is_suspended = True
    alice.save()
    assert run("ban_list", alice).lines == [
        (ERROR, "Your account status prevents you from using the console.")
    ]


# --- bans -------------------------------------------------------------------------------


def test_ban_set_list_and_unset_in_own_journal(alice, bob, charlie):
    assert run("ban_list", alice).lines == [(INFO, "alice has not banned any other users.")]
    assert run("ban_set bob", alice).lines == [(SUCCESS, "User bob banned from alice")]
    run("ban_set charlie", alice)
    assert run("ban_list", alice).lines == [(INFO, "bob"), (INFO, "charlie")]
    assert Event.objects.filter(kind=Event.Kind.BAN_CREATED, target_user=bob).exists()
    assert run("ban_unset bob", alice).lines == [(SUCCESS, "User bob unbanned from alice")]
    assert list(Ban.objects.values_list("user__username", flat=True)) == ["charlie"]


def test_ban_from_a_community_needs_a_maintainer(alice, bob, charlie, pond):
    assert texts(run("ban_set charlie from pond", alice)) == ["User charlie banned from pond"]
    assert texts(run("ban_list from pond", alice), INFO) == ["charlie"]
    result = run("ban_unset charlie from pond", bob)
    assert result.lines[0][0] == ERROR
    assert Ban.objects.filter(journal=pond, user=charlie).exists()
    assert run("ban_list from pond", bob).lines[0][0] == ERROR


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("ban_set", "Incorrect number of arguments. Consult the reference."),
        ("ban_set bob to pond", "First argument must be 'from'"),
        ("ban_set bob from", "Incorrect number of arguments. Consult the reference."),
        ("ban_set nobody", "Unknown account: nobody"),
        ("ban_set bob from nowhere", "Unknown account: nowhere"),
        ("ban_set alice", "You cannot ban yourself."),
    ],
)
def test_ban_set_errors_change_nothing(alice, bob, pond, line, message):
    assert run(line, alice).lines == [(ERROR, message)]
    assert not Ban.objects.exists()


# --- community --------------------------------------------------------------------------


def test_maintainer_removes_a_member(alice, bob, pond):
    assert run("community pond remove bob", alice).lines == [
        (SUCCESS, "User bob removed from pond")
    ]
    assert not Membership.objects.filter(journal=pond, user=bob).exists()


def test_member_removes_themselves_but_not_others(alice, bob, charlie, pond):
    services.join_community(charlie, pond)
    result = run("community pond remove charlie", bob)
    assert result.lines[0][0] == ERROR
    assert Membership.objects.filter(journal=pond, user=charlie).exists()
    assert texts(run("community pond remove bob", bob)) == ["User bob removed from pond"]
    assert not Membership.objects.filter(journal=pond, user=bob).exists()


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("community pond add charlie", "Adding users to communities with the console is disabled."),
        ("community pond kick bob", "Invalid action 'kick'; only 'remove' is supported."),
        (
            "community pond remove",
            "This command takes exactly three arguments. Consult the reference.",
        ),
        ("community alice remove bob", "alice is not a community."),
        ("community pond remove charlie", "charlie is not a member of pond."),
        ("community nowhere remove bob", "Unknown account: nowhere"),
    ],
)
def test_community_errors(alice, bob, charlie, pond, line, message):
    before = Membership.objects.count()
    assert run(line, alice).lines == [(ERROR, message)]
    assert Membership.objects.count() == before


# --- set --------------------------------------------------------------------------------


def test_set_a_whitelisted_setting(alice):
    result = run("set opt_showbday d", alice)
    assert result.lines == [(SUCCESS, "User property 'opt_showbday' set to 'D' for alice")]
    assert Journal.objects.get(name="alice").settings == {"opt_showbday": "D"}
    assert Event.objects.filter(kind=Event.Kind.JOURNAL_UPDATED, journal=alice.journal).exists()


def test_set_for_a_community_needs_a_maintainer(alice, bob, pond):
    assert texts(run("set for pond newpost_minsecurity friends", alice), SUCCESS)
    assert Journal.objects.get(pk=pond.pk).settings["newpost_minsecurity"] == "friends"
    assert run("set for pond newpost_minsecurity public", bob).lines[0][0] == ERROR
    assert Journal.objects.get(pk=pond.pk).settings["newpost_minsecurity"] == "friends"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            "set opt_showbday",
            "This command takes either two or four arguments. Consult the reference.",
        ),
        ("set by pond a b", "Invalid arguments. First argument must be 'for'"),
        ("set for nowhere opt_showbday F", "Invalid account: nowhere"),
        ("set is_superuser 1", "Unknown property 'is_superuser'"),
        ("set opt_showbday maybe", "Invalid value for 'opt_showbday': use one of N, D, Y, F"),
    ],
)
def test_set_errors_change_nothing(alice, pond, line, message):
    assert run(line, alice).lines == [(ERROR, message)]
    assert Journal.objects.get(name="alice").settings == {}


# --- tags -------------------------------------------------------------------------------


def test_tag_display_hides_and_shows_a_tag(alice):
    services.post_entry(alice, body="x", tags=["two words"])
    assert run('tag_display "two words" off', alice).lines == [
        (SUCCESS, "Tag display value updated.")
    ]
    assert Tag.objects.get(name="two words").display is False
    run('tag_display "Two Words" yes', alice)
    assert Tag.objects.get(name="two words").display is True


def test_tag_display_errors(alice, bob, pond):
    services.post_entry(alice, body="x", tags=["cats"])
    services.post_entry(alice, journal=pond, body="y", tags=["pondtag"])
    assert run("tag_display dogs off", alice).lines == [(ERROR, "Error: Invalid tag.")]
    assert run("tag_display cats sideways", alice).lines == [(ERROR, "Value must be on or off.")]
    assert run("tag_display for pond pondtag off", bob).lines == [
        (ERROR, "You don't have permission to modify tags on this account.")
    ]
    assert run("tag_display for alice cats off", bob).lines[0][0] == ERROR
    assert Tag.objects.filter(display=False).count() == 0


def test_tag_control_level_lets_members_control_tags(alice, bob, pond):
    services.post_entry(alice, journal=pond, body="y", tags=["pondtag"])
    assert texts(run("tag_permissions for pond members members", alice)) == [
        "Tag permissions updated for pond"
    ]
    assert texts(run("tag_display for pond pondtag off", bob)) == ["Tag display value updated."]
    assert Tag.objects.get(name="pondtag").display is False


def test_tag_permissions_levels(alice, close_friends, pond):
    run("tag_permissions friends private", alice)
    alice.journal.refresh_from_db()
    assert (alice.journal.tag_add_level, alice.journal.tag_control_level) == ("friends", "private")
    run('tag_permissions "close friends" access', alice)
    alice.journal.refresh_from_db()
    assert (alice.journal.tag_add_level, alice.journal.tag_control_level) == ("group:1", "friends")
    run("tag_permissions for pond author_admin friends", alice)
    pond.refresh_from_db()
    assert (pond.tag_add_level, pond.tag_control_level) == ("author_admin", "members")


@pytest.mark.parametrize(
    "line",
    [
        "tag_permissions author_admin private",
        "tag_permissions public bogus",
        "tag_permissions private author_admin",
        "tag_permissions public",
    ],
)
def test_tag_permissions_bad_levels_change_nothing(alice, line):
    assert run(line, alice).lines[0][0] == ERROR
    alice.journal.refresh_from_db()
    assert (alice.journal.tag_add_level, alice.journal.tag_control_level) == ("private", "private")


# --- mood themes --------------------------------------------------------------------------


def test_moodtheme_list(db):
    lines = texts(run("moodtheme_list", None), INFO)
    assert lines[0] == "Public mood themes:"
    assert "Default" in lines[-1]
    moods = texts(run("moodtheme_list 1", None), INFO)
    assert len(moods) == 132
    assert moods[0].startswith("accomplished")
    assert run("moodtheme_list 7", None).lines == [(ERROR, "There is no mood theme with id '7'.")]


def test_a_crashing_command_is_reported_without_internals(db, monkeypatch):
    from api.livejournal.console import registry

    def explode(session, args):
        raise RuntimeError("secret internals")

    monkeypatch.setitem(
        registry.COMMANDS,
        "explode",
        registry.Command("explode", explode, "Fails.", requires_login=False),
    )
    result = run("explode", None)
    assert not result.success
    assert result.lines == [(ERROR, "Died executing 'explode': internal error")]


def test_friend_group_control_level_admits_only_that_group(network):
    alice, bob, charlie = network["alice"], network["bob"], network["charlie"]
    services.post_entry(alice, body="x", tags=["cats"])
    run('tag_permissions private "Close friends"', alice)
    # charlie is alice's friend but not in "Close friends"; erin is a stranger.
    assert run("tag_display for alice cats off", charlie).lines[0][0] == ERROR
    assert run("tag_display for alice cats off", network["erin"]).lines[0][0] == ERROR
    assert texts(run("tag_display for alice cats off", bob)) == ["Tag display value updated."]
    run("tag_permissions private friends", alice)
    assert texts(run("tag_display for alice cats on", charlie)) == ["Tag display value updated."]
    # Friendship is alice's trust edge: dave reading alice is not enough.
    assert run("tag_display for alice cats off", network["dave"]).lines[0][0] == ERROR
    assert Tag.objects.get(name="cats").display is True
