"""The XML-RPC door (spec §8): method names, params, faults, lenient types."""

from __future__ import annotations

import datetime as dt
import xmlrpc.client

import pytest

from journal import services
from journal.models import Entry
from tests.conftest import PASSWORD


def fault(lj, body: bytes | str) -> xmlrpc.client.Fault:
    response = lj.xmlrpc_raw(body)
    assert response.status_code == 200
    with pytest.raises(xmlrpc.client.Fault) as info:
        xmlrpc.client.loads(response.content)
    return info.value


def test_getchallenge_with_zero_params_and_with_an_empty_struct(lj):
    assert lj.xmlrpc("getchallenge")["auth_scheme"] == "c0"
    result = lj.xmlrpc("getchallenge", {})
    assert result["expire_time"] - result["server_time"] == 60
    assert isinstance(result["server_time"], int)


def test_unknown_method_is_201(lj):
    f = fault(lj, xmlrpc.client.dumps(({},), "LJ.XMLRPC.frobnicate"))
    assert f.faultCode == 201
    f = fault(lj, xmlrpc.client.dumps(({},), "system.listMethods"))
    assert f.faultCode == 201


def test_second_param_is_202(lj, alice):
    struct = {"username": "alice", "password": PASSWORD}
    f = fault(lj, xmlrpc.client.dumps((struct, {}), "LJ.XMLRPC.login"))
    assert f.faultCode == 202
    assert f.faultString == "Client error: Too many arguments"


def test_no_params_for_login_is_200(lj):
    assert fault(lj, xmlrpc.client.dumps((), "LJ.XMLRPC.login")).faultCode == 200


def test_param_must_be_a_struct(lj):
    assert fault(lj, xmlrpc.client.dumps(("alice",), "LJ.XMLRPC.login")).faultCode == 203


def test_missing_and_invalid_username(lj):
    assert fault(lj, xmlrpc.client.dumps(({},), "LJ.XMLRPC.login")).faultCode == 200
    body = xmlrpc.client.dumps(({"username": "bad name!"},), "LJ.XMLRPC.login")
    assert fault(lj, body).faultCode == 100


def test_malformed_xml_is_a_fault_not_500(lj):
    assert fault(lj, b"<methodCall><methodName>LJ.XMLRPC.login").faultCode == 200


def test_invalid_utf8_body_is_208(lj, alice):
    body = xmlrpc.client.dumps(({"username": "alice", "password": "x"},), "LJ.XMLRPC.login")
    body = body.replace("<string>x</string>", "<string>\udcff</string>", 1)
    raw = body.encode("utf-8", "surrogateescape")
    assert fault(lj, raw).faultCode == 208


def test_base64_text_must_be_utf8(lj, alice):
    struct = {"username": "alice", "password": xmlrpc.client.Binary(b"\xff\xfe")}
    assert fault(lj, xmlrpc.client.dumps((struct,), "LJ.XMLRPC.login")).faultCode == 208
    struct = {"username": "alice", "password": xmlrpc.client.Binary(PASSWORD.encode())}
    result = lj.xmlrpc("login", struct)
    assert result["fullname"] == "Alice Liddell"


def test_lenient_types_int_and_bool(lj, alice):
    result = lj.xmlrpc(
        "login", {"username": "alice", "password": PASSWORD, "ver": 1, "getpickws": True}
    )
    assert result["pickws"] == []


def test_get_is_not_allowed(client):
    assert client.get("/interface/xmlrpc").status_code == 405


def test_fault_string_matches_flat_text(lj, alice):
    f = fault(
        lj,
        xmlrpc.client.dumps(({"username": "alice", "password": "wrong"},), "LJ.XMLRPC.login"),
    )
    assert (f.faultCode, f.faultString) == (101, "Invalid password")


def test_username_of_the_wrong_type_is_a_client_fault(lj, alice):
    for username in (["alice"], {"name": "alice"}):
        struct = {"username": username, "password": PASSWORD}
        assert fault(lj, xmlrpc.client.dumps((struct,), "LJ.XMLRPC.login")).faultCode == 100


def test_text_xml_cannot_carry_travels_as_base64(lj, alice):
    """Control characters are not allowed in XML 1.0: such a string is sent as <base64>
    (as LiveJournal sends 8-bit text), or the client could not parse the answer at all."""
    services.post_entry(
        alice, subject="bell\x07", body="a\x01b", event_time=dt.datetime(2024, 5, 1),
        props={"taglist": "plain", "current_music": "m\x0bm"},
    )  # fmt: skip
    struct = {"username": "alice", "password": PASSWORD, "ver": 1}
    result = lj.xmlrpc("getevents", {**struct, "selecttype": "one", "itemid": 1})
    event = result["events"][0]
    assert isinstance(event["event"], xmlrpc.client.Binary)
    assert event["event"].data == b"a\x01b"
    assert event["subject"].data == b"bell\x07"
    assert event["props"]["current_music"].data == b"m\x0bm"
    assert event["props"]["taglist"] == "plain"  # ordinary text stays a string
    assert event["url"].startswith("http")


def test_nul_in_base64_text_is_208(lj, alice):
    struct = {"username": "alice", "password": PASSWORD, "ver": 1, "event": "x",
              "subject": xmlrpc.client.Binary(b"a\x00b"),
              "year": 2024, "mon": 5, "day": 1, "hour": 9, "min": 30}  # fmt: skip
    assert fault(lj, xmlrpc.client.dumps((struct,), "LJ.XMLRPC.postevent")).faultCode == 208
    assert not Entry.objects.exists()


def test_carriage_returns_survive_the_xml(lj, alice):
    """An XML parser turns a raw CR LF into LF, which would undo getevents' default `pc`
    line endings; CR is therefore sent as a character reference."""
    services.post_entry(alice, body="one\ntwo", event_time=dt.datetime(2024, 5, 1))
    struct = {"username": "alice", "password": PASSWORD, "ver": 1, "selecttype": "one"}
    (event,) = lj.xmlrpc("getevents", {**struct, "itemid": 1})["events"]
    assert event["event"] == "one\r\ntwo"
    (event,) = lj.xmlrpc("getevents", {**struct, "itemid": 1, "lineendings": "mac"})["events"]
    assert event["event"] == "one\rtwo"
