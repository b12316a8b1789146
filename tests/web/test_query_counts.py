"""Every page costs a fixed number of SQL queries, whatever the amount of data."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from journal import services

PAGES = [
    "/",
    "/public",
    "/alice",
    "/alice/profile",
    "/alice/friends",
    "/alice/calendar",
    "/alice/2024/01/02",
    "/alice/tag",
    "/alice/tag/t",
    "/bob/comments",
    "/bob/likes",
    "/search?q=words",
    "/discussions",
    "/messages",
    "/friends",
    "/friends/groups",
    "/communities",
    "/pond",
    "/pond/members",
    "/alice/data/atom",
    "/settings/keys",
]


def _add_activity(network, pond, n: int) -> None:
    alice, bob = network["alice"], network["bob"]
    for i in range(n):
        entry = services.post_entry(
            alice,
            subject=f"s{i}",
            body=f"words {i}",
            tags=["t", f"x{i}"],
            event_time=dt.datetime(2024, 1, 2, 10, i % 60),
        )
        services.add_comment(bob, entry, f"bob says {i}")
        services.add_comment(network["charlie"], entry, f"charlie says {i}")
        services.like_entry(bob, entry)
        services.post_entry(bob, journal=pond, body=f"pond words {i}")
        services.post_entry(bob, body=f"direct words {i}", direct_to=[alice])


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url", PAGES)
def test_page_query_count_does_not_grow(url, network, pond, client_for):
    bob = network["bob"]
    services.set_friend(bob, pond)
    client = client_for(network["alice"])
    _add_activity(network, pond, 1)
    client.get(url)  # warm caches (content types, sessions)
    few = _count(client, url)
    _add_activity(network, pond, 12)
    many = _count(client, url)
    assert many <= few, f"{url}: {few} queries with little data, {many} with more"
    assert few <= 16, f"{url} costs {few} queries"
