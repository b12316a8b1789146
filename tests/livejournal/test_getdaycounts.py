"""getdaycounts (spec §4.7) through both doors, counting only what the caller may see."""

from __future__ import annotations

import datetime as dt

from journal import services


def test_counts_per_day(lj, door, alice, network):
    for day, security in [(14, "public"), (14, "private"), (15, "public")]:
        services.post_entry(
            alice, body="x", security=security, event_time=dt.datetime(2005, 3, day, 10, 0)
        )
    result = lj.call(door, "getdaycounts", alice)
    if door == "flat":
        assert result == {"success": "OK", "2005-03-14": "2", "2005-03-15": "1"}
    else:
        assert result["daycounts"] == [
            {"date": "2005-03-14", "count": 2},
            {"date": "2005-03-15", "count": 1},
        ]
    other = lj.call(door, "getdaycounts", network["dave"], usejournal="alice")
    if door == "flat":
        assert other == {"success": "OK", "2005-03-14": "1", "2005-03-15": "1"}
    else:
        assert [d["count"] for d in other["daycounts"]] == [1, 1]


def test_empty_and_errors(lj, door, alice):
    result = lj.call(door, "getdaycounts", alice)
    assert result == ({"success": "OK"} if door == "flat" else {"daycounts": []})
    assert lj.error(door, "getdaycounts", alice, usejournal="bad name!") == 206
