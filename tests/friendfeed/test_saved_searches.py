"""Saved searches: saved on the website's search page (CSRF-protected forms), listed by
/v2/feedlist as `searches[]` feed objects with `query` and a "saved-searches" section."""

from __future__ import annotations

import re

from django.test import Client

from api.friendfeed import saved_searches
from api.friendfeed.models import SavedSearch
from tests.conftest import PASSWORD
from tests.friendfeed.conftest import xml


def csrf_client(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    assert client.login(username=user.username, password=PASSWORD)
    return client


def token_from(page) -> str:
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.content)
    assert match, "the form carries a CSRF token"
    return match.group(1).decode()


def test_save_from_the_search_page_then_feedlist_lists_it(network, ff):
    alice = network["alice"]
    client = csrf_client(alice)
    page = client.get("/search", {"q": "from:bob  cats"})
    assert b"Save this search" in page.content
    response = client.post(
        "/search/save",
        {"q": "from:bob  cats", "name": "Bob on cats", "csrfmiddlewaretoken": token_from(page)},
    )
    assert response.status_code == 302
    assert response["Location"] == "/search?q=from%3Abob+cats"
    saved = SavedSearch.objects.get(user=alice)
    assert (saved.query, saved.name) == ("from:bob cats", "Bob on cats")
    page = client.get(response["Location"])
    assert b"Save this search" not in page.content and b"Bob on cats" in page.content

    data = ff(alice).json("get", "/feedlist")
    search = {
        "id": "search?q=from%3Abob+cats",
        "name": "Bob on cats",
        "type": "special",
        "query": "from:bob cats",
    }
    assert data["searches"] == [search]
    assert data["sections"][-1] == {
        "id": "saved-searches",
        "name": "Saved searches",
        "feeds": [search],
    }
    assert ff(alice).json("get", "/feedlist", {"locale": "de"})["sections"][-1]["name"] == (
        "Gespeicherte Suchen"
    )
    root = xml(ff(alice).get("/feedlist", {"format": "xml"}))
    assert [s.findtext("query") for s in root.findall("search")] == ["from:bob cats"]
    # The query runs as /search?q= (what a client does with `query`).
    assert "entries" in ff(alice).json("get", "/search", {"q": data["searches"][0]["query"]})
    # Nobody else sees it.
    assert "searches" not in ff(network["bob"]).json("get", "/feedlist")


def test_save_without_csrf_token_is_refused(alice):
    response = csrf_client(alice).post("/search/save", {"q": "cats"})
    assert response.status_code == 403
    assert not SavedSearch.objects.exists()


def test_save_needs_login_and_post(db):
    assert Client().get("/search/save").status_code == 405
    response = Client().post("/search/save", {"q": "cats"})
    assert response.status_code == 302 and response["Location"].startswith("/login")
    assert not SavedSearch.objects.exists()


def test_anonymous_search_page_offers_no_save(db):
    assert b"Save this search" not in Client().get("/search", {"q": "cats"}).content


def test_bad_searches_are_not_saved(alice, client_for):
    client = client_for(alice)
    for query in ("", "((((", "x" * 600):
        response = client.post("/search/save", {"q": query}, follow=True)
        assert response.status_code == 200
        assert b"The search was not saved" in response.content, query
    assert not SavedSearch.objects.exists()


def test_saving_twice_keeps_one_and_delete_removes_it(alice, bob, client_for):
    client = client_for(alice)
    client.post("/search/save", {"q": "cats"})
    client.post("/search/save", {"q": "cats", "name": "Cats"})
    saved = SavedSearch.objects.get()
    assert saved.name == "Cats"
    # Someone else's id is not found, and nothing is removed.
    client_for(bob).post(f"/search/saved/{saved.pk}/delete")
    assert SavedSearch.objects.exists()
    response = client.post(f"/search/saved/{saved.pk}/delete", {"q": "cats"})
    assert response.status_code == 302 and response["Location"] == "/search?q=cats"
    assert not SavedSearch.objects.exists()


def test_there_is_a_limit(alice, client_for, monkeypatch):
    monkeypatch.setattr(saved_searches, "MAX_PER_USER", 2)
    client = client_for(alice)
    for query in ("a", "b", "c"):
        client.post("/search/save", {"q": query})
    assert list(SavedSearch.objects.values_list("query", flat=True)) == ["a", "b"]
