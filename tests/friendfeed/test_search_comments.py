"""incomment: matches a comment's text as a reader sees it, not its markup.

A comment keeps how it was written (LiveJournal HTML or FriendFeed plain text) and its
search text, as entries do; the 0009 migration fills both for comments written before.
"""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from journal import services
from journal.models import Comment
from tests.friendfeed.conftest import ff_id, lj_post


def search(ff, q, user=None) -> list[str]:
    data = ff(user).json("get", "/search", {"q": q, "raw": 1})
    return sorted(e["rawBody"] for e in data["entries"])


@pytest.fixture
def linked(network):
    """An entry with an HTML comment holding a link, one with a plain-text FriendFeed comment."""
    alice, bob = network["alice"], network["bob"]
    html = lj_post(alice, "photos from the trip")
    services.add_comment(bob, html, 'see <a href="https://example.com/album">the album</a>')
    text = lj_post(alice, "a note on markup")
    return {"html": html, "text": text, "bob": bob}


def test_markup_words_of_an_html_comment_are_not_found(linked, ff):
    assert search(ff, "incomment:href") == []
    assert search(ff, "incomment:example.com") == []  # the link's address is markup too
    assert search(ff, "incomment:album") == ["photos from the trip"]


def test_a_plain_text_comment_is_searched_as_written(linked, ff):
    bob = linked["bob"]
    body = {"entry": ff_id(linked["text"]), "body": "write <b> for bold"}
    ff(bob).json("post", "/comment", body)
    comment = Comment.objects.get(entry=linked["text"])
    assert comment.markup == "text"
    assert comment.search_text == "write <b> for bold"
    assert "&lt;b&gt;" in comment.body_html
    assert search(ff, "incomment:<b>") == ["a note on markup"]


def test_an_edit_keeps_the_search_text_with_the_body(linked, ff):
    bob = linked["bob"]
    comment = Comment.objects.get(entry=linked["html"])
    services.edit_comment(bob, comment, "<i>now</i> without a link")
    comment.refresh_from_db()
    assert (comment.markup, comment.search_text) == ("html", "now without a link")
    assert search(ff, "incomment:album") == []
    assert search(ff, "incomment:without") == ["photos from the trip"]
    # A FriendFeed edit is plain text, as the FriendFeed create is.
    url = f"{ff_id(linked['html'])}/c/{comment.uuid.hex}"
    ff(bob).json("post", "/comment", {"id": url, "body": "<i> stays"})
    comment.refresh_from_db()
    assert (comment.markup, comment.search_text) == ("text", "<i> stays")


def test_the_migration_fills_markup_and_search_text_from_the_stored_html(linked, ff):
    fill = importlib.import_module("journal.migrations.0009_comment_markup_search_text").fill
    bob = linked["bob"]
    ff(bob).json("post", "/comment", {"entry": ff_id(linked["text"]), "body": "a <b> stays"})
    services.add_comment(bob, linked["text"], "plain words")  # both renderings agree
    before = {c.pk: (c.markup, c.search_text) for c in Comment.objects.all()}
    Comment.objects.update(markup="html", search_text="")
    fill(apps, None)
    after = {c.pk: (c.markup, c.search_text) for c in Comment.objects.all()}
    assert after == before
    assert sorted(m for m, _ in after.values()) == ["html", "html", "text"]
