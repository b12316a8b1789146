"""Unicode digits ("²".isdigit() is true, int() refuses it) in numeric keys: the protocol's
own error or the key ignored, never a 500 (flat door; XML-RPC shares the handlers)."""

from __future__ import annotations

import pytest

from tests.conftest import PASSWORD

SUPERSCRIPT_TWO = "²"
WHEN = {"year": "2026", "mon": "1", "day": "2", "hour": "3", "min": "4"}


@pytest.mark.parametrize(
    ("mode", "params"),
    [
        ("postevent", {"event": "x", **WHEN, "day": SUPERSCRIPT_TWO}),
        ("postevent", {"event": "x", **WHEN, "security": "usemask", "allowmask": SUPERSCRIPT_TWO}),
        ("postevent", {"event": "x", **WHEN, "prop_current_moodid": SUPERSCRIPT_TWO}),
        ("checkfriends", {"mask": SUPERSCRIPT_TWO, "lastupdate": ""}),
        ("sessionexpire", {"expire_id_1": SUPERSCRIPT_TWO}),
    ],
)
def test_unicode_digits_get_a_protocol_answer(lj, alice, mode, params):
    response = lj.client.post(
        "/interface/flat", {"mode": mode, "user": "alice", "password": PASSWORD, **params}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "success\n" in body  # OK, or FAIL with the protocol's errmsg
    assert "Server error" not in body  # codes >= 500 are the server's own failures
