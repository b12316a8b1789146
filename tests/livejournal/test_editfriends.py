"""editfriends (spec §4.11): add/update/remove friends; errors change nothing."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from api.livejournal.errors import LJError
from api.livejournal.modes.editfriends import _flat_in, editfriends
from api.livejournal.registry import Call
from journal.models import Event, Subscription, User
from tests.conftest import PASSWORD


def edges(user) -> dict[str, tuple[int, str, str]]:
    return {
        s.journal.name: (s.groupmask, s.fgcolor, s.bgcolor)
        for s in Subscription.objects.filter(user=user).select_related("journal")
    }


def test_flat_in_builds_the_nested_struct():
    args = _flat_in(
        {
            "user": "alice",
            "editfriend_delete_bob": "1",
            "editfriend_add_2_user": "dave",
            "editfriend_add_2_groupmask": "3",
            "editfriend_add_1_user": "charlie",
            "editfriend_add_1_fg": "#ff0000",
            "editfriend_add_1_bg": "#00ff00",
            "editfriend_add_3_user": "",
            "ver": "1",
        }
    )
    assert args == {
        "username": "alice",
        "ver": "1",
        "delete": ["bob"],
        "add": [
            {"username": "charlie", "fgcolor": "#ff0000", "bgcolor": "#00ff00"},
            {"username": "dave", "groupmask": "3"},
        ],
    }


def test_handler_adds_and_answers_added(alice, bob):
    result = editfriends(Call("editfriends", {"add": [{"username": "bob"}]}, alice, "flat"))
    assert result == {"added": [{"username": "bob", "fullname": "Bob Builder"}]}
    assert edges(alice) == {"bob": (1, "#000000", "#ffffff")}


def test_flat_add_with_colours_and_mask(lj, alice, bob, close_friends):
    pairs = lj.flat(
        mode="editfriends",
        user="alice",
        password=PASSWORD,
        editfriend_add_1_user="bob",
        editfriend_add_1_fg="#FF0000",
        editfriend_add_1_bg="#00ff00",
        editfriend_add_1_groupmask="2",
    )
    assert pairs == {
        "success": "OK",
        "friends_added": "1",
        "friend_1_user": "bob",
        "friend_1_name": "Bob Builder",
    }
    # Bit 0 is always set.
    assert edges(alice) == {"bob": (3, "#ff0000", "#00ff00")}
    assert Event.objects.filter(kind=Event.Kind.SUBSCRIPTION_CREATED, actor=alice).count() == 1


def test_xmlrpc_add_accepts_bare_usernames_and_structs(lj, alice, bob, charlie):
    result = lj.xmlrpc(
        "editfriends",
        {
            "username": "alice",
            "password": PASSWORD,
            "add": ["bob", {"username": "charlie", "groupmask": 5}],
        },
    )
    assert result == {
        "added": [
            {"username": "bob", "fullname": "Bob Builder"},
            {"username": "charlie", "fullname": "Charlie Brown"},
        ]
    }
    assert edges(alice) == {"bob": (1, "#000000", "#ffffff"), "charlie": (5, "#000000", "#ffffff")}


def to_flat_add(adds):
    flat = {}
    for i, add in enumerate(adds, start=1):
        for key, name in (("username", "user"), ("fgcolor", "fg"), ("bgcolor", "bg")):
            if key in add:
                flat[f"editfriend_add_{i}_{name}"] = add[key]
        if "groupmask" in add:
            flat[f"editfriend_add_{i}_groupmask"] = add["groupmask"]
    return flat


def edit(lj, door, user, *, add=(), delete=()):
    """Through either door; returns flat pairs or the XML-RPC result/fault code."""
    if door == "flat":
        params = {"mode": "editfriends", "user": user.username, "password": PASSWORD}
        params.update(to_flat_add(add))
        params.update({f"editfriend_delete_{name}": "1" for name in delete})
        return lj.flat(**params)
    return lj.xmlrpc(
        "editfriends",
        {"username": user.username, "password": PASSWORD, "add": list(add), "delete": list(delete)},
    )


def test_readding_keeps_the_mask_when_none_is_sent(lj, door, network):
    alice = network["alice"]
    result = edit(lj, door, alice, add=[{"username": "bob", "fgcolor": "#123456"}])
    if door == "flat":
        assert result["friends_added"] == "1"  # updates count too (LJ-2008)
    assert edges(alice)["bob"] == (3, "#123456", "#ffffff")


def test_delete_then_add(lj, door, network):
    alice = network["alice"]
    edit(lj, door, alice, delete=["bob", "erin", "nobody"], add=[{"username": "dave"}])
    assert set(edges(alice)) == {"charlie", "dave"}


def test_deleting_a_non_friend_is_not_an_error(lj, door, alice, erin):
    result = edit(lj, door, alice, delete=["erin"])
    assert result == ({"success": "OK", "friends_added": "0"} if door == "flat" else {"added": []})


def test_unknown_user_fails_with_104_after_keeping_earlier_additions(lj, door, alice, bob):
    add = [{"username": "bob"}, {"username": "ghost"}]
    if door == "flat":
        pairs = edit(lj, door, alice, add=add)
        assert pairs == {"success": "FAIL", "errmsg": "Error adding one or more friends"}
    else:
        assert lj.error(door, "editfriends", alice, add=add) == 104
    assert set(edges(alice)) == {"bob"}


@pytest.mark.parametrize(
    "add",
    [
        [{"username": "bob"}, {"username": "charlie", "fgcolor": "red"}],
        [{"username": "bob"}, {"username": "charlie", "bgcolor": "#12345"}],
        [{"username": "bob"}, {"username": "charlie", "groupmask": "lots"}],
        [{"username": "bob"}, {"username": "charlie", "groupmask": str(2**31)}],
        [{"username": "bob"}, {"username": "charlie", "groupmask": "-1"}],
    ],
)
def test_bad_colour_or_mask_is_203_and_changes_nothing(lj, door, alice, bob, charlie, add):
    assert (
        lj.error(
            door, "editfriends", alice, **({"add": add} if door == "xmlrpc" else to_flat_add(add))
        )
        == 203
    )
    assert edges(alice) == {}


def test_xmlrpc_wrong_shapes_are_203(lj, alice):
    for struct in ({"add": "bob,charlie"}, {"add": [["bob"]]}, {"delete": {"bob": 1}}):
        assert lj.error("xmlrpc", "editfriends", alice, **struct) == 203
    assert edges(alice) == {}


def test_adding_yourself_or_a_suspended_user_is_104(lj, door, alice, bob):
    User.objects.filter(pk=bob.pk).update(is_suspended=True)
    for name in ("alice", "bob"):
        add = [{"username": name}]
        assert (
            lj.error(
                door,
                "editfriends",
                alice,
                **({"add": add} if door == "xmlrpc" else to_flat_add(add)),
            )
            == 104
        )
    assert edges(alice) == {}


def test_friend_limit_is_104_with_detail(lj, alice, bob, charlie, settings):
    settings.LJ_MAX_FRIENDS = 1
    pairs = lj.flat(
        mode="editfriends",
        user="alice",
        password=PASSWORD,
        editfriend_add_1_user="bob",
        editfriend_add_2_user="charlie",
    )
    assert (
        pairs["errmsg"]
        == "Error adding one or more friends: You have reached your limit of 1 friends."
    )
    assert set(edges(alice)) == {"bob"}


def test_suspended_account_is_refused(alice, bob):
    User.objects.filter(pk=alice.pk).update(is_suspended=True)
    alice.refresh_from_db()
    with pytest.raises(LJError) as info:
        editfriends(Call("editfriends", {"add": [{"username": "bob"}]}, alice, "flat"))
    assert info.value.code == 305
    assert edges(alice) == {}


def test_garbage_body_is_a_protocol_answer(lj, alice):
    response = lj.flat_raw(
        urlencode({"mode": "editfriends", "user": "alice", "password": PASSWORD})
        + "&editfriend_add_x_user=bob&editfriend_delete_=1&%ff=%fe"
    )
    assert response.status_code == 200
    assert b"success\n" in response.content
