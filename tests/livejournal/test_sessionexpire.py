"""sessionexpire (spec §4.16) through both doors: listed ids, expireall, others' sessions."""

from __future__ import annotations

from api.livejournal.auth import parse_session_cookie
from journal.models import ProtocolSession
from tests.conftest import PASSWORD


def new_session(lj, user) -> int:
    cookie = lj.flat(mode="sessiongenerate", user=user.username, password=PASSWORD)["ljsession"]
    return parse_session_cookie(cookie).session_id


def active(user) -> set[int]:
    return set(
        ProtocolSession.objects.filter(user=user, expired=False).values_list("pk", flat=True)
    )


def test_expire_listed_sessions_flat(lj, alice):
    a, b, c = (new_session(lj, alice) for _ in range(3))
    pairs = lj.flat(mode="sessionexpire", user="alice", password=PASSWORD,
                    **{f"expire_id_{a}": 1, f"expire_id_{b}": ""})  # fmt: skip
    assert pairs == {"success": "OK"}
    assert active(alice) == {c}


def test_expire_list_xmlrpc(lj, alice):
    a, b = new_session(lj, alice), new_session(lj, alice)
    assert lj.xmlrpc("sessionexpire", {"username": "alice", "password": PASSWORD,
                                       "expire": [a]}) == {}  # fmt: skip
    assert active(alice) == {b}


def test_expireall(lj, door, alice):
    for _ in range(2):
        new_session(lj, alice)
    lj.call(door, "sessionexpire", alice, expireall=1)
    assert active(alice) == set()


def test_nothing_listed_is_a_no_op_and_others_sessions_are_untouched(lj, door, alice, bob):
    mine, theirs = new_session(lj, alice), new_session(lj, bob)
    lj.call(door, "sessionexpire", alice)
    assert active(alice) == {mine}
    lj.call(door, "sessionexpire", alice, expire=[str(theirs), "junk"])
    assert active(bob) == {theirs}


def test_wrong_password_is_101(lj, door, alice):
    new_session(lj, alice)
    assert lj.error(door, "sessionexpire", alice, password="bad", expireall=1) == 101
    assert len(active(alice)) == 1
