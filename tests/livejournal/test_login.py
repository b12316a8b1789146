"""login (spec §4.2) through both doors: names, moods, menus, pickws, access, groups."""

from __future__ import annotations

from django.core.files.base import ContentFile

from journal import services
from journal.models import Userpic, UserpicKeyword
from journal.moods import MOODS
from tests.conftest import PASSWORD


def test_minimal_login_flat(lj, alice):
    pairs = lj.flat(mode="login", user="alice", password=PASSWORD)
    assert pairs == {"success": "OK", "name": "Alice Liddell", "frgrp_maxnum": "0"}


def test_minimal_login_xmlrpc(lj, alice):
    result = lj.xmlrpc("login", {"username": "alice", "password": PASSWORD})
    assert result["fullname"] == "Alice Liddell"
    assert result["userid"] == alice.pk
    assert result["usejournals"] == []
    assert result["friendgroups"] == []


def test_friend_groups_use_bit_numbers_with_holes(lj, alice):
    services.set_friend_group(alice, 1, "Close friends")
    services.set_friend_group(alice, 3, "Work", sort_order=60, is_public=True)
    pairs = lj.flat(mode="login", user="alice", password=PASSWORD)
    assert pairs["frgrp_1_name"] == "Close friends"
    assert pairs["frgrp_1_sortorder"] == "50"
    assert "frgrp_1_public" not in pairs
    assert pairs["frgrp_3_name"] == "Work"
    assert pairs["frgrp_3_public"] == "1"
    assert pairs["frgrp_3_sortorder"] == "60"
    assert pairs["frgrp_maxnum"] == "3"
    result = lj.xmlrpc("login", {"username": "alice", "password": PASSWORD})
    assert result["friendgroups"] == [
        {"id": 1, "name": "Close friends", "sortorder": 50, "public": 0},
        {"id": 3, "name": "Work", "sortorder": 60, "public": 1},
    ]


def test_access_lists_communities_one_may_post_to(lj, door, alice, bob, pond):
    other = services.create_community(alice, "lake")
    services.join_community(bob, other)
    other.members_can_post = False
    other.save()
    result = lj.call(door, "login", bob)
    if door == "flat":
        assert result["access_count"] == "1"
        assert result["access_1"] == "pond"
    else:
        assert result["usejournals"] == ["pond"]


def test_getmoods_returns_newer_moods(lj, alice):
    pairs = lj.flat(mode="login", user="alice", password=PASSWORD, getmoods=132, ver=1)
    assert pairs["mood_count"] == "2"
    assert (pairs["mood_1_id"], pairs["mood_1_name"], pairs["mood_1_parent"]) == (
        "133",
        "jealous",
        "25",
    )
    assert (pairs["mood_2_id"], pairs["mood_2_name"], pairs["mood_2_parent"]) == (
        "134",
        "nervous",
        "46",
    )


def test_empty_getmoods_means_all_and_none_newer_omits_count(lj, alice):
    pairs = lj.flat(mode="login", user="alice", password=PASSWORD, getmoods="")
    assert pairs["mood_count"] == str(len(MOODS))
    pairs = lj.flat(mode="login", user="alice", password=PASSWORD, getmoods=134)
    assert "mood_count" not in pairs
    result = lj.xmlrpc("login", {"username": "alice", "password": PASSWORD, "getmoods": 0})
    assert result["moods"][0] == {"id": 1, "name": "aggravated", "parent": 2}


def test_getmenus_flat_needs_exactly_1(lj, alice):
    pairs = lj.flat(mode="login", user="alice", password=PASSWORD, getmenus="yes")
    assert "menu_0_count" not in pairs
    pairs = lj.flat(mode="login", user="alice", password=PASSWORD, getmenus=1)
    count = int(pairs["menu_0_count"])
    assert pairs["menu_0_1_text"] == "Recent Entries"
    assert pairs["menu_0_1_url"].endswith("/alice")
    assert pairs["menu_0_4_text"] == "-" and "menu_0_4_url" not in pairs
    subs = [k for k in pairs if k.startswith("menu_0_") and k.endswith("_sub")]
    assert subs and pairs[subs[0]] == "1"
    assert int(pairs["menu_1_count"]) == 2
    assert count >= 8
    result = lj.xmlrpc("login", {"username": "alice", "password": PASSWORD, "getmenus": 1})
    assert any(item.get("sub") for item in result["menus"])


def _picture(user, keyword: str | None) -> Userpic:
    pic = Userpic.objects.create(user=user, content_type="image/png")
    pic.image.save("p.png", ContentFile(b"\x89PNG\r\n\x1a\nfake"), save=True)
    if keyword:
        UserpicKeyword.objects.create(user=user, userpic=pic, keyword=keyword)
    return pic


def test_pickws_and_urls(lj, alice):
    happy = _picture(alice, "happy")
    _picture(alice, "Angry")
    bare = _picture(alice, None)
    alice.default_userpic = happy
    alice.save()
    pairs = lj.flat(mode="login", user="alice", password=PASSWORD, getpickws=1, getpickwurls=1)
    assert pairs["pickw_count"] == "3"
    assert [pairs["pickw_1"], pairs["pickw_2"], pairs["pickw_3"]] == [
        "Angry",
        "happy",
        f"pic#{bare.pk}",
    ]
    assert pairs["pickwurl_count"] == "3"
    assert pairs["pickwurl_2"].endswith(f"/userpic/{happy.pk}/{alice.pk}")
    assert pairs["defaultpicurl"] == pairs["pickwurl_2"]


def test_getpickws_zero_still_sends_the_count(lj, alice):
    _picture(alice, "happy")
    pairs = lj.flat(mode="login", user="alice", password=PASSWORD, getpickws=0)
    assert pairs["pickw_count"] == "0"


def test_defaultpicurl_empty_when_no_picture(lj, alice):
    result = lj.xmlrpc(
        "login", {"username": "alice", "password": PASSWORD, "getpickws": 1, "getpickwurls": 1}
    )
    assert result["defaultpicurl"] == ""
    assert result["pickws"] == [] and result["pickwurls"] == []


def test_clientversion_and_getcaps(lj, alice):
    pairs = lj.flat(
        mode="login",
        user="alice",
        password=PASSWORD,
        clientversion="Perl-LJ::Simple/0.15",
        getcaps=1,
    )
    assert pairs["caps"] == "0"


# --- message and fastserver ------------------------------------------------------------------

OLD_CLIENTS = ["Win32-MFC/1.2.0", "Win32-MFC/1.2.6", "Win32-MFC/1.3.0", "Win32-MFC/1.3.4-beta"]
CURRENT_CLIENTS = ["Win32-MFC/1.2.7", "Win32-MFC/1.3.5", "Win32-MFC/1.4.0", "Perl-LJ::Simple/0.15"]


def test_old_windows_client_gets_the_upgrade_message(lj, door, alice):
    for version in OLD_CLIENTS:
        result = lj.call(door, "login", alice, clientversion=version)
        assert "newer version of LiveJournal for Windows" in result["message"], version


def test_no_message_when_there_is_nothing_to_say(lj, door, alice):
    for version in CURRENT_CLIENTS:
        assert "message" not in lj.call(door, "login", alice, clientversion=version), version
    assert "message" not in lj.call(door, "login", alice)


def test_fastserver_is_never_promised(lj, door, alice):
    # One server pool, no account classes: the `ljfastserver` cookie would change nothing.
    result = lj.call(door, "login", alice, getcaps=1, clientversion="Win32-MFC/1.2.0")
    assert "fastserver" not in result
    assert int(result["caps"]) == 0
