"""Unknown journals, entries and comments are 404 pages; suspended people are gone."""

from __future__ import annotations

import pytest
from django.test import Client

from journal import services
from journal.models import User


@pytest.mark.parametrize(
    "path",
    [
        "/ghost",
        "/ghost/profile",
        "/ghost/calendar",
        "/ghost/2024",
        "/ghost/2024/01/01",
        "/ghost/tag",
        "/ghost/tag/x",
        "/ghost/comments",
        "/ghost/likes",
        "/ghost/friends",
        "/ghost/members",
        "/ghost/1.html",
        "/ghost/data/atom",
        "/ghost/data/rss",
        "/e/" + "f" * 32,
        "/comment/" + "f" * 32 + "/edit",
        "/Not-A-Name!",
    ],
)
def test_unknown_things_are_404(db, client_for, alice, path):
    response = client_for(alice).get(path)
    assert response.status_code == 404
    assert b"Not found" in response.content


def test_suspended_person_journal_and_entries_are_404(network):
    alice = network["alice"]
    entry = services.post_entry(alice, body="before suspension")
    User.objects.filter(pk=alice.pk).update(is_suspended=True)
    assert Client().get("/alice").status_code == 404
    assert Client().get(f"/e/{entry.uuid.hex}").status_code == 404


def test_community_only_pages(pond, alice, client_for):
    assert Client().get("/alice/members").status_code == 404
    assert Client().get("/pond/friends").status_code == 404
    assert Client().get("/pond/comments").status_code == 404
    assert Client().get("/pond/profile").status_code == 200


def test_like_of_invisible_entry_is_404_even_for_scripts(network, client_for):
    entry = services.post_entry(network["alice"], body="mine", security="private")
    response = client_for(network["bob"]).post(
        f"/e/{entry.uuid.hex}/like", HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 404
