"""/v2/openapi.json describes every route and matches real responses."""

from __future__ import annotations

import orjson
from django.test import Client
from django.urls import get_resolver

from tests.friendfeed.conftest import lj_post


def test_openapi_lists_every_route(db):
    spec = orjson.loads(Client().get("/v2/openapi.json").content)
    assert spec["openapi"].startswith("3.")
    documented = {p.split("{")[0].rstrip("/") for p in spec["paths"]}
    resolver = get_resolver("api.friendfeed.urls")
    for pattern in resolver.url_patterns:
        route = "/" + str(pattern.pattern).split("<")[0].rstrip("/")
        if route == "/openapi.json" or pattern.name == "ff-not-found":
            continue
        assert route in documented, route


def test_entry_schema_required_members_are_in_responses(alice, ff):
    spec = orjson.loads(Client().get("/v2/openapi.json").content)
    lj_post(alice, "hello")
    entry = ff().json("get", "/feed/alice")["entries"][0]
    schema = spec["components"]["schemas"]["Entry"]
    assert set(schema["required"]) <= set(entry)
    assert set(entry) <= set(schema["properties"])
