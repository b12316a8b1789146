"""The flat wire format itself (spec §1): transport, encoding, dispatcher texts."""

from __future__ import annotations

from urllib.parse import parse_qsl

from journal.models import Entry
from tests.conftest import PASSWORD
from tests.livejournal.conftest import parse_flat


def test_get_answers_no_mode_specified(client):
    response = client.get("/interface/flat?mode=login&user=alice")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content == b"errmsg\nClient error: No mode specified.\nsuccess\nFAIL\n"


def test_missing_or_empty_mode(lj):
    assert lj.flat(user="alice")["errmsg"] == "Client error: No mode specified."
    assert lj.flat(mode="", user="alice")["errmsg"] == "Client error: No mode specified."


def test_missing_or_invalid_user(lj, alice):
    assert lj.flat(mode="login")["errmsg"] == "Client error: No username sent."
    assert lj.flat(mode="login", user="no spaces!")["errmsg"] == "Client error: No username sent."


def test_user_checked_before_unknown_mode(lj, alice):
    assert lj.flat(mode="frobnicate")["errmsg"] == "Client error: No username sent."
    pairs = lj.flat(mode="frobnicate", user="alice", password=PASSWORD)
    assert pairs == {"success": "FAIL", "errmsg": "Client error: Unknown mode (frobnicate)"}


def test_getchallenge_needs_no_user(lj):
    pairs = lj.flat(mode="getchallenge")
    assert pairs["success"] == "OK"
    assert pairs["auth_scheme"] == "c0"


def test_keys_sorted_and_exact_byte_layout(lj, alice):
    response = lj.flat_raw(f"mode=login&user=alice&password={PASSWORD}")
    lines = response.content.decode().split("\n")[:-1]
    keys = lines[::2]
    assert keys == sorted(keys)
    assert "success" in keys
    assert int(response["Content-Length"]) == len(response.content)


def test_user_is_canonicalised(lj, alice):
    pairs = lj.flat(mode="login", user="  ALICE ", password=PASSWORD)
    assert pairs["success"] == "OK"


def test_unknown_keys_ignored_and_last_duplicate_wins(lj, alice):
    body = f"mode=login&user=alice&password=wrong&password={PASSWORD}&lineenddings=unix"
    assert parse_flat(lj.flat_raw(body).content)["success"] == "OK"


def test_responseenc_urlenc(lj, alice):
    response = lj.flat_raw(f"mode=login&user=alice&password={PASSWORD}&responseenc=urlenc")
    body = response.content.decode()
    assert response.status_code == 200
    assert body.endswith("&")
    pairs = dict(parse_qsl(body))
    assert pairs["success"] == "OK"
    assert pairs["name"] == "Alice Liddell"


def test_error_is_http_200_with_prefixless_text_below_200(lj, alice):
    response = lj.flat_raw("mode=login&user=alice&password=wrong")
    assert response.status_code == 200
    assert response.content == b"errmsg\nInvalid password\nsuccess\nFAIL\n"


def test_bad_utf8_is_208(lj, alice):
    body = f"mode=login&user=alice&password={PASSWORD}&ver=1&clientversion=%C3%28".encode()
    pairs = parse_flat(lj.flat_raw(body).content)
    assert pairs == {"success": "FAIL", "errmsg": "Client error: Invalid text encoding"}


def test_crlf_deleted_from_values(lj, alice):
    alice.name = "Alice\r\nLiddell"
    alice.save()
    pairs = lj.flat(mode="login", user="alice", password=PASSWORD)
    assert pairs["name"] == "AliceLiddell"


def test_content_type_spelling_and_legacy_path(client, alice):
    response = client.post(
        "/cgi-bin/log.cgi",
        f"mode=login&user=alice&password={PASSWORD}",
        content_type="application/x-www-form-urlencoded",
    )
    assert parse_flat(response.content)["success"] == "OK"


def test_trailing_slash_is_not_redirected_to(client):
    response = client.post("/interface/flat/", "mode=getchallenge", content_type="text/plain")
    assert response.status_code == 404


def test_nul_character_is_208_and_posts_nothing(lj, alice):
    """No database text column takes NUL (PostgreSQL refuses it): an encoding error."""
    body = (
        f"mode=postevent&user=alice&password={PASSWORD}&ver=1&event=a%00b"
        "&year=2024&mon=5&day=1&hour=9&min=30"
    )
    pairs = parse_flat(lj.flat_raw(body).content)
    assert pairs == {"success": "FAIL", "errmsg": "Client error: Invalid text encoding"}
    assert not Entry.objects.exists()
