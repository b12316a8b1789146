"""Home (friends feed, FriendFeed style) and the other feed pages."""

from __future__ import annotations

from django.test import Client

from journal import services


def texts(response) -> str:
    return response.content.decode()


def test_anonymous_home_is_the_welcome_with_public_entries(entries):
    html = texts(Client().get("/"))
    assert "Create your journal" in html
    assert "for everyone" in html and "friends only text" not in html


def test_home_shows_friends_entries_with_visibility(entries, network, client_for):
    bob_home = texts(client_for(network["bob"]).get("/"))
    assert "close friends text" in bob_home and "private diary text" not in bob_home
    charlie_home = texts(client_for(network["charlie"]).get("/"))
    assert "friends only text" in charlie_home and "close friends text" not in charlie_home
    dave_home = texts(client_for(network["dave"]).get("/"))
    assert "for everyone" in dave_home and "friends only text" not in dave_home
    erin_home = texts(client_for(network["erin"]).get("/"))
    assert "for everyone" not in erin_home  # erin reads nobody


def test_comments_collapse_like_auto(entries, network, client_for):
    entry = entries["public"]
    people = ["bob", "charlie", "dave", "erin"]
    for i, name in enumerate(people):
        services.add_comment(network[name], entry, f"comment number {i}")
    html = texts(client_for(network["bob"]).get("/"))
    assert "comment number 0" in html and "comment number 3" in html
    assert "comment number 1" not in html and "comment number 2" not in html
    assert "2 more comments" in html


def test_three_comments_show_in_full(entries, network, client_for):
    for i, name in enumerate(["bob", "charlie", "dave"]):
        services.add_comment(network[name], entries["public"], f"words {i}")
    html = texts(client_for(network["bob"]).get("/"))
    assert all(f"words {i}" in html for i in range(3)) and "more comment" not in html


def test_likes_collapse_like_auto(entries, network, client_for, db):
    from tests.conftest import make_user

    entry = entries["public"]
    likers = [network[n] for n in ("bob", "charlie", "dave", "erin")]
    likers.append(make_user("frank"))
    for person in likers:
        services.like_entry(person, entry)
    html = texts(client_for(network["bob"]).get("/"))
    assert "2 other people" in html
    services.unlike_entry(likers[-1], entry)
    html = texts(client_for(network["bob"]).get("/"))
    assert "other people" not in html and "Erin Stranger" in html


def test_home_query_count_is_fixed(network, client_for, django_assert_max_num_queries):
    alice, bob = network["alice"], network["bob"]
    client = client_for(bob)
    entry = services.post_entry(alice, body="x")
    services.add_comment(bob, entry, "c")
    client.get("/")
    with django_assert_max_num_queries(14) as baseline:
        client.get("/")
    for i in range(15):
        entry = services.post_entry(alice, body=f"n{i}", tags=["t"])
        services.add_comment(network["charlie"], entry, "c")
        services.like_entry(network["charlie"], entry)
    with django_assert_max_num_queries(len(baseline.captured_queries)):
        client.get("/")


def test_public_feed(entries, network, client_for):
    html = texts(client_for(network["bob"]).get("/public"))
    assert "for everyone" in html and "close friends text" not in html


def test_friends_page_filtered_by_group(network, close_friends, client_for):
    alice, bob, charlie = network["alice"], network["bob"], network["charlie"]
    services.post_entry(bob, body="bob writes")
    services.post_entry(charlie, body="charlie writes")
    client = client_for(alice)
    html = texts(client.get("/alice/friends"))
    assert "bob writes" in html and "charlie writes" in html
    html = texts(client.get(f"/alice/friends?group={close_friends.bit}"))
    assert "bob writes" in html and "charlie writes" not in html
    # A private group is not offered to others, and cannot be used by them.
    assert client_for(bob).get(f"/alice/friends?group={close_friends.bit}").status_code == 404
    services.set_friend_group(alice, close_friends.bit, "Close friends", is_public=True)
    assert client_for(bob).get(f"/alice/friends?group={close_friends.bit}").status_code == 200


def test_search(entries, network, client_for):
    html = texts(client_for(network["charlie"]).get("/search?q=text"))
    assert "friends only text" in html and "close friends text" not in html
    assert "private diary text" not in html
    assert texts(Client().get("/search")).count("Results for") == 0


def test_discussions(entries, network, client_for):
    bob = network["bob"]
    services.add_comment(bob, entries["close"], "chat")
    services.like_entry(bob, entries["public"])
    html = texts(client_for(bob).get("/discussions"))
    assert "close friends text" in html and "for everyone" in html
    assert "friends only text" not in html


def test_direct_messages(network, client_for):
    alice, bob = network["alice"], network["bob"]
    response = client_for(alice).post("/messages", {"to": "bob", "body": "just for bob"})
    assert response.status_code == 302
    assert "just for bob" in texts(client_for(bob).get("/messages"))
    assert "just for bob" not in texts(client_for(network["charlie"]).get("/messages"))
    assert "just for bob" not in texts(client_for(network["charlie"]).get("/alice"))
    response = client_for(alice).post("/messages", {"to": "nobody_here", "body": "x"})
    assert "No such user" in texts(response)


def test_search_operators(entries, network, client_for):
    services.post_entry(network["bob"], body="bob mentions text too")
    client = client_for(network["charlie"])
    html = texts(client.get("/search?q=text+from:bob"))
    assert "bob mentions text too" in html and "friends only text" not in html
    html = texts(client.get("/search?q=text+-from:bob"))
    assert "bob mentions text too" not in html and "friends only text" in html


def test_search_bad_query_is_a_clear_error(db, client):
    response = client.get("/search?q=(unbalanced")
    assert response.status_code == 200
    assert "parenthes" in texts(response).lower()


def test_hidden_entries_can_be_listed_and_unhidden(entries, network, client_for):
    bob = network["bob"]
    client = client_for(bob)
    services.hide_entry(bob, entries["public"])
    html = texts(client.get("/?hidden=1"))
    assert "for everyone" in html and "friends only text" not in html and "Unhide" in html
    client.post(f"/e/{entries['public'].uuid.hex}/hide", {"undo": "1"})
    assert "for everyone" in texts(client.get("/"))
    assert "for everyone" not in texts(client.get("/?hidden=1"))
