"""getchallenge (spec §4.1) through both doors."""

from __future__ import annotations

import time

from api.livejournal.models import UsedChallenge


def test_getchallenge_shape(lj, door):
    result = lj.call(door, "getchallenge")
    assert result["auth_scheme"] == "c0"
    challenge = result["challenge"]
    parts = challenge.split(":")
    assert parts[0] == "c0" and len(parts) == 6 and len(parts[4]) == 20
    assert int(result["expire_time"]) == int(result["server_time"]) + 60
    assert abs(int(result["server_time"]) - time.time()) < 5


def test_getchallenge_is_unique_and_writes_nothing(lj, db):
    a = lj.flat(mode="getchallenge")["challenge"]
    b = lj.flat(mode="getchallenge")["challenge"]
    assert a != b
    assert UsedChallenge.objects.count() == 0


def test_getchallenge_ignores_user_and_credentials(lj, db):
    pairs = lj.flat(mode="getchallenge", user="nobody", password="x")
    assert pairs["success"] == "OK"
