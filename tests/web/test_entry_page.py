"""The entry page (/e/<hex> and the LJ permalink) and the actions on it."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from journal import services
from journal.models import Comment, Like


def texts(response) -> str:
    return response.content.decode()


def test_permalink_and_entry_id_show_the_same_entry(entries):
    entry = entries["public"]
    by_link = Client().get(f"/alice/{entry.ditemid}.html")
    by_id = Client().get(f"/e/{entry.uuid.hex}")
    assert by_link.status_code == by_id.status_code == 200
    assert "for everyone" in texts(by_link) and "for everyone" in texts(by_id)


def test_wrong_anum_or_journal_is_404(entries):
    entry = entries["public"]
    assert Client().get(f"/alice/{entry.ditemid + 1}.html").status_code == 404
    assert Client().get(f"/bob/{entry.ditemid}.html").status_code == 404
    assert Client().get("/e/" + "0" * 32).status_code == 404


@pytest.mark.parametrize(
    ("viewer", "key", "status"),
    [
        (None, "friends", 404),
        ("dave", "friends", 404),
        ("charlie", "friends", 200),
        ("charlie", "close", 404),
        ("bob", "close", 200),
        ("bob", "private", 404),
        ("alice", "private", 200),
    ],
)
def test_private_entries_never_render_for_the_wrong_viewer(
    entries, network, client_for, viewer, key, status
):
    client = client_for(network[viewer]) if viewer else Client()
    entry = entries[key]
    response = client.get(f"/alice/{entry.ditemid}.html")
    assert response.status_code == status
    assert (entry.body in texts(response)) == (status == 200)
    assert client.get(f"/e/{entry.uuid.hex}").status_code == status


def test_threaded_comments_render_in_order(entries, network, client_for):
    entry = entries["public"]
    bob, charlie = network["bob"], network["charlie"]
    first = services.add_comment(bob, entry, "first comment")
    services.add_comment(charlie, entry, "a reply", parent=first)
    services.add_comment(charlie, entry, "second top")
    html = texts(Client().get(f"/e/{entry.uuid.hex}"))
    assert html.index("first comment") < html.index("a reply") < html.index("second top")
    assert "depth-1" in html


def test_comment_post_and_reply(entries, network, client_for):
    entry = entries["friends"]
    client = client_for(network["charlie"])
    response = client.post(f"/e/{entry.uuid.hex}/comment", {"body": "hello there"})
    assert response.status_code == 302
    parent = Comment.objects.get(body="hello there")
    client.post(f"/e/{entry.uuid.hex}/comment", {"body": "answer", "parent": parent.pk})
    assert Comment.objects.get(body="answer").parent == parent


def test_comment_on_invisible_entry_is_404(entries, network, client_for):
    client = client_for(network["dave"])
    response = client.post(f"/e/{entries['friends'].uuid.hex}/comment", {"body": "sneaky"})
    assert response.status_code == 404
    assert not Comment.objects.filter(body="sneaky").exists()


def test_empty_comment_is_refused_with_a_message(entries, network, client_for):
    client = client_for(network["bob"])
    response = client.post(
        f"/e/{entries['public'].uuid.hex}/comment",
        {"body": ""},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 400
    assert "required" in response.json()["error"]


def test_comment_via_fetch_returns_the_new_block(entries, network, client_for):
    client = client_for(network["bob"])
    response = client.post(
        f"/e/{entries['public'].uuid.hex}/comment",
        {"body": "ajax words"},
        HTTP_ACCEPT="application/json",
    )
    body = response.json()
    assert body["ok"] and "ajax words" in body["html"]


def test_edit_delete_undelete_own_comment(entries, network, client_for):
    bob = network["bob"]
    comment = services.add_comment(bob, entries["public"], "typo here")
    client = client_for(bob)
    assert client.get(f"/comment/{comment.uuid.hex}/edit").status_code == 200
    client.post(f"/comment/{comment.uuid.hex}/edit", {"body": "fixed"})
    comment.refresh_from_db()
    assert comment.body == "fixed"
    client.post(f"/comment/{comment.uuid.hex}/delete")
    comment.refresh_from_db()
    assert comment.is_deleted
    html = texts(client.get(f"/e/{entries['public'].uuid.hex}"))
    assert "(deleted comment)" in html and "Undelete" in html and "fixed" not in html
    client.post(f"/comment/{comment.uuid.hex}/delete", {"undo": "1"})
    comment.refresh_from_db()
    assert not comment.is_deleted


def test_others_cannot_edit_or_delete_a_comment(entries, network, client_for):
    comment = services.add_comment(network["bob"], entries["public"], "mine")
    client = client_for(network["charlie"])
    assert client.get(f"/comment/{comment.uuid.hex}/edit").status_code == 404
    assert client.post(f"/comment/{comment.uuid.hex}/delete").status_code == 404
    comment.refresh_from_db()
    assert not comment.is_deleted


def test_entry_author_may_delete_comments_on_their_entry(entries, network, client_for):
    comment = services.add_comment(network["bob"], entries["public"], "rude")
    client_for(network["alice"]).post(f"/comment/{comment.uuid.hex}/delete")
    comment.refresh_from_db()
    assert comment.is_deleted


def test_like_and_unlike(entries, network, client_for):
    entry = entries["public"]
    client = client_for(network["erin"])
    response = client.post(f"/e/{entry.uuid.hex}/like", HTTP_ACCEPT="application/json")
    assert response.json()["ok"] and "liked this" in response.json()["html"]
    assert Like.objects.filter(entry=entry, user=network["erin"]).exists()
    client.post(f"/e/{entry.uuid.hex}/like", {"undo": "1"})
    assert not Like.objects.filter(entry=entry).exists()


def test_liking_own_entry_is_refused_clearly(entries, network, client_for):
    response = client_for(network["alice"]).post(
        f"/e/{entries['public'].uuid.hex}/like", HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 403
    assert "own entry" in response.json()["error"]


def test_anonymous_actions_need_login(entries):
    response = Client().post(f"/e/{entries['public'].uuid.hex}/like")
    assert response.status_code == 302 and response["Location"].startswith("/login")
    response = Client().post(
        f"/e/{entries['public'].uuid.hex}/like", HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 401


def test_actions_need_csrf(entries, network):
    client = Client(enforce_csrf_checks=True)
    client.force_login(network["bob"])
    assert client.post(f"/e/{entries['public'].uuid.hex}/like").status_code == 403


def test_delete_and_undelete_entry(entries, network, client_for):
    entry = entries["public"]
    client = client_for(network["alice"])
    response = client.post(f"/e/{entry.uuid.hex}/delete")
    assert response.status_code == 302
    assert Client().get(entry.url.split("127.0.0.1:8000")[-1]).status_code == 404
    stub = client.get(f"/e/{entry.uuid.hex}")
    assert stub.status_code == 410 and "Undelete" in texts(stub)
    assert client_for(network["bob"]).get(f"/e/{entry.uuid.hex}").status_code == 404
    client.post(f"/e/{entry.uuid.hex}/undelete")
    assert Client().get(f"/e/{entry.uuid.hex}").status_code == 200


def test_others_cannot_delete_an_entry(entries, network, client_for):
    response = client_for(network["bob"]).post(f"/e/{entries['public'].uuid.hex}/delete")
    assert response.status_code == 302
    entries["public"].refresh_from_db()
    assert not entries["public"].is_deleted


def test_hide_removes_from_home(entries, network, client_for):
    client = client_for(network["bob"])
    assert "for everyone" in texts(client.get("/"))
    response = client.post(f"/e/{entries['public'].uuid.hex}/hide", HTTP_ACCEPT="application/json")
    assert json.loads(response.content) == {"ok": True, "remove": True}
    assert "for everyone" not in texts(client.get("/"))


def test_entry_page_query_count_is_fixed(
    entries, network, client_for, django_assert_max_num_queries
):
    entry = entries["public"]
    client = client_for(network["bob"])
    services.add_comment(network["bob"], entry, "one")
    client.get(f"/e/{entry.uuid.hex}")
    with django_assert_max_num_queries(14) as baseline:
        client.get(f"/e/{entry.uuid.hex}")
    for person in ("charlie", "dave", "erin"):
        services.add_comment(network[person], entry, "more")
        services.like_entry(network[person], entry)
    with django_assert_max_num_queries(len(baseline.captured_queries)):
        client.get(f"/e/{entry.uuid.hex}")
