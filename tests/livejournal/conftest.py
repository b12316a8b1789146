"""LiveJournal test helpers: speak flat and XML-RPC to the test client.

`lj.flat(mode=..., user=..., ...)` posts a form body and returns the parsed pairs;
`lj.xmlrpc("login", {...})` marshals with xmlrpc.client and returns the result or raises
`xmlrpc.client.Fault`. `lj.call(door, mode, user, **struct)` and `lj.error(...)` run the
same request through either door ("flat" or "xmlrpc") for tests parametrized on `door`.
"""

from __future__ import annotations

import xmlrpc.client
from typing import Any
from urllib.parse import urlencode

import pytest
from django.core.cache import cache
from django.test import Client

from api.livejournal.errors import TEXTS, LJError
from journal.models import User
from tests.conftest import PASSWORD

DOORS = ["flat", "xmlrpc"]


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    """PBKDF2 costs ~0.5 s per persona; these tests are about the protocol, not hashing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The failed-login counters and loop guards live in the cache; start each test clean."""
    cache.clear()
    yield
    cache.clear()


def parse_flat(body: bytes) -> dict[str, str]:
    lines = body.decode("utf-8").split("\n")
    assert lines[-1] == "", "a flat response ends with a newline"
    lines = lines[:-1]
    assert len(lines) % 2 == 0, "flat responses are key/value line pairs"
    pairs = dict(zip(lines[::2], lines[1::2], strict=True))
    return pairs


def flat_error_code(errmsg: str) -> int:
    """The LJ number whose rendered text `errmsg` is (with or without a detail)."""
    matches = [
        code
        for code in TEXTS
        if errmsg == LJError(code).text or errmsg.startswith(LJError(code).text + ": ")
    ]
    assert matches, f"not a numbered LJ error: {errmsg!r}"
    return max(matches, key=lambda c: len(LJError(c).text))


def remote_key(user: User) -> str:
    return user.remote_keys.first().key


def to_flat(struct: dict[str, Any]) -> dict[str, Any]:
    """XML-RPC struct → flat keys: username → user, props → prop_*."""
    flat: dict[str, Any] = {}
    for key, value in struct.items():
        if key == "username":
            flat["user"] = value
        elif key == "props":
            for name, v in value.items():
                flat[f"prop_{name}"] = v
        else:
            flat[key] = value
    return flat


class LJ:
    def __init__(self, client: Client):
        self.client = client

    # --- flat ---
    def flat_raw(self, body: bytes | str, **extra: Any):
        if isinstance(body, str):
            body = body.encode()
        return self.client.post(
            "/interface/flat", body, content_type="application/x-www-form-urlencoded", **extra
        )

    def flat(self, **params: Any) -> dict[str, str]:
        extra = params.pop("_extra", {})
        response = self.flat_raw(urlencode(params), **extra)
        assert response.status_code == 200
        assert response["Content-Type"] == "text/plain; charset=utf-8"
        return parse_flat(response.content)

    # --- XML-RPC ---
    def xmlrpc_raw(self, body: bytes | str, **extra: Any):
        if isinstance(body, str):
            body = body.encode()
        return self.client.post("/interface/xmlrpc", body, content_type="text/xml", **extra)

    def xmlrpc(self, mode: str, *params: Any, **extra: Any) -> Any:
        body = xmlrpc.client.dumps(params, f"LJ.XMLRPC.{mode}", allow_none=False)
        response = self.xmlrpc_raw(body.encode("utf-8"), **extra)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/xml")
        result, _ = xmlrpc.client.loads(response.content)
        return result[0]

    # --- either door ---
    def call(self, door: str, mode: str, user: User | None = None, **struct: Any) -> Any:
        """Successful call through `door`: flat pairs or the XML-RPC struct."""
        if user is not None:
            struct.setdefault("username", user.username)
            if not any(k in struct for k in ("password", "hpassword", "auth_method")):
                struct["password"] = PASSWORD
        if door == "flat":
            pairs = self.flat(mode=mode, **to_flat(struct))
            assert pairs.get("success") == "OK", pairs
            return pairs
        return self.xmlrpc(mode, struct)

    def error(self, door: str, mode: str, user: User | None = None, **struct: Any) -> int:
        """The LJ error number a failing call gets through `door`."""
        if user is not None:
            struct.setdefault("username", user.username)
            if not any(k in struct for k in ("password", "hpassword", "auth_method")):
                struct["password"] = PASSWORD
        if door == "flat":
            pairs = self.flat(mode=mode, **to_flat(struct))
            assert pairs["success"] == "FAIL", pairs
            return flat_error_code(pairs["errmsg"])
        with pytest.raises(xmlrpc.client.Fault) as info:
            self.xmlrpc(mode, struct)
        code = info.value.faultCode
        assert info.value.faultString == LJError(code).text or info.value.faultString.startswith(
            LJError(code).text + ": "
        )
        return code


@pytest.fixture
def lj(client) -> LJ:
    return LJ(client)


@pytest.fixture(params=DOORS)
def door(request) -> str:
    """Run a test once through the flat door and once through XML-RPC."""
    return request.param
