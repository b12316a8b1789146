"""Journal pages: recent entries, day, calendar, tags, the person's comments and likes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from journal import services


def texts(response) -> str:
    return response.content.decode()


def test_unknown_journal_is_404(db):
    response = Client().get("/nobody")
    assert response.status_code == 404
    assert "Not found" in texts(response)


def test_protocol_paths_are_not_journals(db):
    assert Client().get("/health").content == b"ok"
    assert (
        Client().get("/admin").status_code != 200
        or b"journal" not in Client().get("/admin").content
    )


@pytest.mark.parametrize(
    ("viewer", "seen", "unseen"),
    [
        (None, {"public"}, {"friends", "close", "private"}),
        ("erin", {"public"}, {"friends", "close", "private"}),
        ("dave", {"public"}, {"friends", "close", "private"}),  # dave reads alice; not trusted
        ("charlie", {"public", "friends"}, {"close", "private"}),
        ("bob", {"public", "friends", "close"}, {"private"}),
        ("alice", {"public", "friends", "close", "private"}, set()),
    ],
)
def test_journal_shows_only_what_the_viewer_may_see(
    entries, network, client_for, viewer, seen, unseen
):
    client = client_for(network[viewer]) if viewer else Client()
    html = texts(client.get("/alice"))
    bodies = {
        "public": "for everyone",
        "friends": "friends only text",
        "close": "close friends text",
        "private": "private diary text",
    }
    for key in seen:
        assert bodies[key] in html, key
    for key in unseen:
        assert bodies[key] not in html, key


def test_security_badges_and_props(network, client_for):
    alice = network["alice"]
    services.post_entry(
        alice,
        subject="Tuesday",
        body="hello",
        security="usemask",
        allowmask=1,
        props={"current_mood": "happy", "current_music": "Bach"},
        tags=["life", "music"],
    )
    html = texts(client_for(alice).get("/alice"))
    assert "sec-friends" in html
    assert "happy" in html and "Bach" in html
    assert 'href="/alice/tag/life"' in html


def test_lj_cut_is_folded_on_the_journal_and_open_on_the_entry(alice):
    entry = services.post_entry(
        alice, body='Intro <lj-cut text="More inside">hidden part</lj-cut> outro'
    )
    html = texts(Client().get("/alice"))
    assert "More inside" in html and "hidden part" not in html
    assert f"/alice/{entry.ditemid}.html#cutid1" in html
    page = texts(Client().get(f"/alice/{entry.ditemid}.html"))
    assert "hidden part" in page


def test_paging(alice):
    for i in range(25):
        services.post_entry(alice, subject=f"number {i}", body="x")
    first = Client().get("/alice")
    assert "number 24" in texts(first) and "number 4<" not in texts(first)
    assert first.context["paging"]["older"] == "?skip=20"
    second = Client().get("/alice?skip=20")
    assert "number 4<" in texts(second) and "number 24" not in texts(second)
    assert "Newer" in texts(second)


def test_day_view_and_calendar(alice):
    when = dt.datetime(2024, 3, 5, 10, 0)
    services.post_entry(alice, subject="March", body="spring", event_time=when)
    services.post_entry(alice, subject="March too", body="more", event_time=when)
    services.post_entry(
        alice, subject="Secret March", body="nope", event_time=when, security="private"
    )
    day = Client().get("/alice/2024/03/05")
    assert "spring" in texts(day) and "nope" not in texts(day)
    assert Client().get("/alice/2024/02/30").status_code == 404
    cal = Client().get("/alice/2024")
    html = texts(cal)
    assert 'href="/alice/2024/03/05"' in html
    assert "March 5: 2 entries" in html  # the private one is not counted for strangers
    assert Client().get("/alice/calendar").status_code == 200


def test_tag_page(alice):
    services.post_entry(alice, subject="Tagged", body="a", tags=["cats"])
    services.post_entry(alice, subject="Untagged", body="b")
    services.post_entry(alice, subject="Private cats", body="c", tags=["cats"], security="private")
    html = texts(Client().get("/alice/tag/cats"))
    assert "Tagged" in html and "Untagged" not in html and "Private cats" not in html
    index = texts(Client().get("/alice/tag"))
    assert "cats" in index and "(1)" in index


def test_comments_and_likes_feeds_respect_visibility(entries, network, client_for):
    bob = network["bob"]
    services.add_comment(bob, entries["public"], "nice public")
    services.add_comment(bob, entries["close"], "nice close")
    services.like_entry(bob, entries["close"])
    services.like_entry(bob, entries["public"])
    stranger = Client()
    comments = texts(stranger.get("/bob/comments"))
    assert "nice public" in comments and "nice close" not in comments
    likes = texts(stranger.get("/bob/likes"))
    assert "for everyone" in likes and "close friends text" not in likes
    assert "close friends text" in texts(client_for(bob).get("/bob/likes"))


def test_atom_and_rss_have_public_entries_only(entries):
    atom = Client().get("/alice/data/atom")
    assert atom["Content-Type"].startswith("application/atom+xml")
    assert b"Public hello" in atom.content and b"Friends news" not in atom.content
    rss = Client().get("/alice/data/rss")
    assert rss["Content-Type"].startswith("application/rss+xml")
    assert b"Public hello" in rss.content and b"Diary" not in rss.content
    assert Client().get("/nobody/data/rss").status_code == 404


def test_theme_applies_to_journal_pages(alice):
    services.set_theme(alice, alice.journal, "custom", {"background": "#112233"})
    html = texts(Client().get("/alice"))
    assert "theme-custom" in html and "--background: #112233" in html


def test_journal_page_query_count_is_fixed(network, django_assert_max_num_queries):
    alice, bob = network["alice"], network["bob"]
    for i in range(3):
        entry = services.post_entry(alice, subject=f"e{i}", body="x", tags=["a", "b"])
        services.add_comment(bob, entry, "c")
        services.like_entry(bob, entry)
    client = Client()
    client.force_login(bob)
    client.get("/alice")
    with django_assert_max_num_queries(12) as few:
        client.get("/alice")
    for i in range(10):
        entry = services.post_entry(alice, subject=f"more{i}", body="x", tags=["c"])
        services.add_comment(bob, entry, "c")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/alice")
