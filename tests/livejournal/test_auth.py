"""Authentication (spec §2): clear, hpassword, challenge c0, cookie; account state; 402."""

from __future__ import annotations

import hashlib
import time

import pytest

from api.livejournal.auth import issue_challenge
from api.livejournal.models import UsedChallenge
from journal import services
from tests.conftest import PASSWORD
from tests.livejournal.conftest import remote_key


def md5(value: str) -> str:
    return hashlib.md5(value.encode()).hexdigest()


def challenge_struct(lj, user, secret: str) -> dict:
    challenge = lj.flat(mode="getchallenge")["challenge"]
    return {
        "username": user.username,
        "auth_method": "challenge",
        "auth_challenge": challenge,
        "auth_response": md5(challenge + md5(secret)),
    }


def test_clear_password(lj, door, alice):
    assert lj.call(door, "login", alice)["fullname" if door == "xmlrpc" else "name"]


def test_clear_remote_key_works_as_password(lj, door, alice):
    lj.call(door, "login", alice, password=remote_key(alice))


def test_wrong_password_is_101(lj, door, alice):
    assert lj.error(door, "login", alice, password="nope") == 101


def test_unknown_user_is_100(lj, door, db):
    assert lj.error(door, "login", username="ghost", password="x") == 100


def test_hpassword_is_md5_of_a_remote_key_any_case(lj, door, alice):
    lj.call(door, "login", alice, hpassword=md5(remote_key(alice)))
    lj.call(door, "login", alice, hpassword=md5(remote_key(alice)).upper())


def test_hpassword_of_the_account_password_is_refused(lj, door, alice):
    # Django keeps no md5 of the account password; only remote keys work as md5 secrets.
    assert lj.error(door, "login", alice, hpassword=md5(PASSWORD)) == 101


def test_challenge_response(lj, door, alice):
    lj.call(door, "login", **challenge_struct(lj, alice, remote_key(alice)))
    assert UsedChallenge.objects.count() == 1


def test_challenge_reuse_is_101(lj, door, alice):
    struct = challenge_struct(lj, alice, remote_key(alice))
    lj.call(door, "login", **struct)
    assert lj.error(door, "login", **struct) == 101


def test_challenge_with_wrong_response_is_101_and_then_spent(lj, door, alice):
    struct = challenge_struct(lj, alice, "not the key")
    assert lj.error(door, "login", **struct) == 101
    good = dict(struct, auth_response=md5(struct["auth_challenge"] + md5(remote_key(alice))))
    assert lj.error(door, "login", **good) == 101


def test_expired_challenge_is_105(lj, door, alice):
    challenge = issue_challenge(now=int(time.time()) - 61)["challenge"]
    struct = {
        "username": "alice",
        "auth_method": "challenge",
        "auth_challenge": challenge,
        "auth_response": md5(challenge + md5(remote_key(alice))),
    }
    assert lj.error(door, "login", **struct) == 105


@pytest.mark.parametrize(
    "forge",
    [
        lambda c: c.replace(c.split(":")[1], str(int(c.split(":")[1]) + 100)),  # later time
        lambda c: c[:-1] + ("0" if c[-1] != "0" else "1"),  # bad signature
        lambda c: "c0:1:2:3",  # wrong shape
        lambda c: "",
    ],
)
def test_forged_challenge_is_101(lj, door, alice, forge):
    challenge = forge(lj.flat(mode="getchallenge")["challenge"])
    struct = {
        "username": "alice",
        "auth_method": "challenge",
        "auth_challenge": challenge,
        "auth_response": md5(challenge + md5(remote_key(alice))),
    }
    assert lj.error(door, "login", **struct) == 101
    assert UsedChallenge.objects.count() == 0


def test_cookie_auth_needs_the_header(lj, client, alice):
    client.force_login(alice)
    pairs = lj.flat(mode="login", user="alice", auth_method="cookie")
    assert pairs["errmsg"] == "Invalid password"
    pairs = lj.flat(
        mode="login", user="alice", auth_method="cookie", _extra={"HTTP_X_LJ_AUTH": "cookie"}
    )
    assert pairs["success"] == "OK"


def test_cookie_auth_must_be_the_same_user(lj, client, alice, bob):
    client.force_login(bob)
    pairs = lj.flat(
        mode="login", user="alice", auth_method="cookie", _extra={"HTTP_X_LJ_AUTH": "cookie"}
    )
    assert pairs["errmsg"] == "Invalid password"


def test_unknown_auth_method_is_101(lj, door, alice):
    assert lj.error(door, "login", alice, auth_method="oauth", password=PASSWORD) == 101


def test_suspended_user_cannot_log_in(lj, door, alice, django_user_model):
    staff = django_user_model.objects.create_superuser("root", "r@example.com", "x")
    services.suspend(staff, alice)
    assert lj.error(door, "login", alice) == 305
    assert lj.error(door, "login", alice, password="wrong") == 101


def test_failed_logins_ban_the_ip_with_402(lj, door, alice, settings):
    settings.LJ_LOGIN_FAILURE_LIMIT = 3
    for _ in range(3):
        assert lj.error(door, "login", alice, password="wrong") == 101
    assert lj.error(door, "login", alice) == 402  # even the right password now
    other_ip = lj.flat(
        mode="login", user="alice", password=PASSWORD, _extra={"REMOTE_ADDR": "10.9.8.7"}
    )
    assert other_ip["success"] == "OK"


def test_402_text(lj, alice, settings):
    settings.LJ_LOGIN_FAILURE_LIMIT = 1
    lj.flat(mode="login", user="alice", password="wrong")
    pairs = lj.flat(mode="login", user="alice", password=PASSWORD)
    assert pairs["errmsg"] == (
        "Client error: Your IP address is temporarily banned for exceeding the login failure rate."
    )


def test_behind_a_local_proxy_the_forwarded_address_is_the_client(lj, alice, settings):
    """In the production layout every request comes from the proxy on 127.0.0.1: the
    failure ban must hit the client that failed, not everyone behind the proxy."""
    settings.LJ_LOGIN_FAILURE_LIMIT = 2
    bad = {"HTTP_X_FORWARDED_FOR": "198.51.100.1, 203.0.113.5", "REMOTE_ADDR": "127.0.0.1"}
    good = {"HTTP_X_FORWARDED_FOR": "203.0.113.6", "REMOTE_ADDR": "127.0.0.1"}
    for _ in range(2):
        lj.flat(mode="login", user="alice", password="wrong", _extra=bad)
    assert lj.flat(mode="login", user="alice", password=PASSWORD, _extra=bad)["errmsg"].endswith(
        "login failure rate."
    )
    assert lj.flat(mode="login", user="alice", password=PASSWORD, _extra=good)["success"] == "OK"


def test_forwarded_header_from_an_untrusted_peer_is_ignored(lj, alice, settings):
    settings.LJ_LOGIN_FAILURE_LIMIT = 1
    spoof = {"HTTP_X_FORWARDED_FOR": "203.0.113.7", "REMOTE_ADDR": "10.1.1.1"}
    lj.flat(mode="login", user="alice", password="wrong", _extra=spoof)
    spoof["HTTP_X_FORWARDED_FOR"] = "203.0.113.8"  # a new forged address does not help
    assert "errmsg" in lj.flat(mode="login", user="alice", password=PASSWORD, _extra=spoof)
