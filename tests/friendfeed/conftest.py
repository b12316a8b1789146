"""FriendFeed door fixtures: Basic-auth clients and small helpers for JSON/XML responses."""

from __future__ import annotations

import base64

import orjson
import pytest
from django.core.cache import cache
from django.test import Client
from lxml import etree

from journal import services
from journal.models import Entry, User
from journal.models.entry import Security


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate-limit counters live in the cache; every test starts from zero."""
    cache.clear()
    yield
    cache.clear()


def basic_header(user: User, *, newline: bool = False) -> str:
    key = user.remote_keys.first().key
    raw = f"{user.username}:{key}" + ("\n" if newline else "")
    return "Basic " + base64.b64encode(raw.encode()).decode()


class FF:
    """A client speaking to /v2/ as one user (or anonymously)."""

    def __init__(self, user: User | None = None, prefix: str = "/v2"):
        self.client = Client()
        self.user = user
        self.prefix = prefix

    def _headers(self) -> dict:
        return {"HTTP_AUTHORIZATION": basic_header(self.user)} if self.user else {}

    def get(self, path: str, data=None, **extra):
        return self.client.get(self.prefix + path, data or {}, **self._headers(), **extra)

    def post(self, path: str, data=None, **extra):
        return self.client.post(self.prefix + path, data or {}, **self._headers(), **extra)

    def json(self, method: str, path: str, data=None, status: int = 200):
        response = getattr(self, method)(path, data)
        assert response.status_code == status, (response.status_code, response.content[:500])
        return orjson.loads(response.content)


def xml(response) -> etree._Element:
    assert response["Content-Type"].startswith("application/xml")
    return etree.fromstring(response.content)


@pytest.fixture
def ff():
    def make(user: User | None = None, prefix: str = "/v2") -> FF:
        return FF(user, prefix)

    return make


def lj_post(
    user: User, body: str, *, security: str = Security.PUBLIC, allowmask: int = 0, **kw
) -> Entry:
    """An entry written the LiveJournal way (HTML markup, LJ security)."""
    return services.post_entry(user, body=body, security=security, allowmask=allowmask, **kw)


def ff_id(entry: Entry) -> str:
    return f"e/{entry.uuid.hex}"
